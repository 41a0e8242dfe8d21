import type { z } from 'zod';
import { listBankAccounts } from '#packages/bank';
import { type InvoicingDeps, invoicingKeys, type OpenItem } from '#packages/invoicing';
import {
  ConflictError,
  type FieldIssue,
  ForbiddenError,
  formatCents,
  NotFoundError,
  type Page,
  PlanRestrictionError,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import { getRelation, type Relation } from '#packages/relations';
import {
  auditPut,
  batchGet,
  getItem,
  type Item,
  queryPage,
  stripKeys,
  type TransactWrite,
  transactWrite,
} from '#packages/table';
import { type Administration, planFeatures, planNames } from '#packages/tenancy';
import { paymentKeys } from './keys.js';
import {
  type BatchItem,
  type BatchListQuery,
  type BatchTransfer,
  type PaymentBatch,
  PaymentBatchChange,
  PaymentBatchInput,
  type PaymentClaim,
} from './model.js';
import { remittanceFor } from './remittance.js';
import { buildPain001, type CreditTransferMessage, type PainVersion } from './sepa/pain001.js';

/** The table, clock and ids; and the approval flows' check, when they are wired in. */
export interface PaymentsDeps extends InvoicingDeps {
  /**
   * True while an open item may not be paid (packages/approvals: its purchase invoice awaits
   * approval). Unset: nothing is blocked.
   */
  readonly isPaymentBlocked?: (openItemId: string, adm: { firmId: string; id: string }) => Promise<boolean>;
}

/** The administration that pays, as the caller was allowed to reach it (its plan decides client approvals). */
export type PayingAdministration = Pick<
  Administration,
  'id' | 'firmId' | 'country' | 'plan' | 'legalName' | 'iban' | 'address' | 'companyNumber'
>;

const MAX_TRANSACTION_ITEMS = 100;

/** Parses `input` with `schema`; a failure becomes a ValidationError with field paths. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as z.output<S>;
  throw new ValidationError(
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}

/** The caller's firm must own the administration; the handler has already checked membership. */
function requireReach(tenant: TenantContext, adm: PayingAdministration): void {
  if (tenant.firmId !== adm.firmId) throw new ForbiddenError(`You do not have access to administration ${adm.id}.`);
}

/**
 * Client users manage and approve payments only where the plan has client approvals
 * (Samenwerken and up); firm users always may.
 */
export function requirePaymentRights(tenant: TenantContext, adm: PayingAdministration): void {
  requireReach(tenant, adm);
  if (tenant.userType === 'client' && !planFeatures[adm.plan].clientApprovals) {
    throw new PlanRestrictionError(
      `Client approvals need Samenwerken or higher; ${adm.legalName} is on ${planNames[adm.plan]}.`,
    );
  }
}

const booksOf = (adm: PayingAdministration) => ({ firmId: adm.firmId, id: adm.id, country: adm.country });

async function readBatch(deps: PaymentsDeps, adm: PayingAdministration, batchId: string): Promise<PaymentBatch> {
  const item = await getItem<Item>(deps.table, paymentKeys(adm.firmId, adm.id).batch(batchId));
  if (!item) throw new NotFoundError(`Payment batch ${batchId}`);
  return stripKeys<PaymentBatch>(item);
}

/** The debtor account: a registered bank account of the administration or its own IBAN. */
async function debtorAccount(
  deps: PaymentsDeps,
  adm: PayingAdministration,
  iban: string | undefined,
  bic: string | undefined,
): Promise<PaymentBatch['debtor']> {
  const registered = (await listBankAccounts(deps.table, booksOf(adm))).map((a) => a.iban);
  const own = [...new Set([...registered, ...(adm.iban ? [adm.iban] : [])])];
  const chosen = iban ?? (own.length === 1 ? own[0] : undefined);
  if (!chosen) {
    throw new ValidationError([
      {
        path: 'debtorIban',
        message:
          own.length === 0
            ? `${adm.legalName} has no bank account: register one (PUT …/bank-accounts/{iban}) or set its IBAN.`
            : `Choose the account to pay from: ${own.join(', ')}.`,
      },
    ]);
  }
  if (!own.includes(chosen)) {
    throw new ValidationError([
      { path: 'debtorIban', message: `${chosen} is not a registered bank account of ${adm.legalName}.` },
    ]);
  }
  return { name: adm.legalName, iban: chosen, ...(bic ? { bic } : {}) };
}

/** The claims currently on `openItemIds`, by open item id (one BatchGetItem per 100). */
async function readClaims(deps: PaymentsDeps, adm: PayingAdministration, openItemIds: readonly string[]) {
  const k = paymentKeys(adm.firmId, adm.id);
  const found = new Map<string, PaymentClaim>();
  for (let i = 0; i < openItemIds.length; i += 100) {
    const items = await batchGet<Item>(
      deps.table,
      openItemIds.slice(i, i + 100).map((id) => k.claim(id)),
    );
    for (const item of items) found.set(item.sk, stripKeys<PaymentClaim>(item));
  }
  return found;
}

/** A claim still holds its item while its batch is live, or sent and not yet booked. */
const isLive = (claim: PaymentClaim, item: Pick<OpenItem, 'outstanding'>) =>
  claim.state === 'claimed' || claim.outstandingAtClaim === item.outstanding;

async function readOpenItems(deps: PaymentsDeps, adm: PayingAdministration, ids: readonly string[]) {
  const k = invoicingKeys(adm.firmId, adm.id);
  const found = new Map<string, OpenItem>();
  for (let i = 0; i < ids.length; i += 100) {
    const items = await batchGet<Item>(
      deps.table,
      ids.slice(i, i + 100).map((id) => k.openItem(id)),
    );
    for (const item of items) {
      const openItem = stripKeys<OpenItem>(item);
      found.set(openItem.id, openItem);
    }
  }
  return found;
}

/**
 * Refuses items whose payment waits for approval: the open item's `paymentBlock` (set by the
 * approval flows, and re-checked in the writing transaction) or the `isPaymentBlocked` port.
 */
async function refuseBlocked(
  deps: PaymentsDeps,
  adm: PayingAdministration,
  items: readonly BatchItem[],
  openItems: ReadonlyMap<string, OpenItem>,
): Promise<void> {
  const check = deps.isPaymentBlocked;
  const blocked = (
    await Promise.all(
      items.map(async (i) =>
        openItems.get(i.openItemId)?.paymentBlock || (check && (await check(i.openItemId, adm))) ? i : undefined,
      ),
    )
  ).filter((i): i is BatchItem => i !== undefined);
  if (blocked.length > 0) {
    throw new ConflictError(
      'PAYMENT_BLOCKED',
      `Payment is blocked until approval of ${blocked.map((i) => `${i.invoiceNumber} (${i.relationName})`).join(', ')}.`,
    );
  }
}

interface Selection {
  readonly requestedExecutionDate: string;
  readonly debtorIban?: string | undefined;
  readonly debtorBic?: string | undefined;
  readonly items: readonly { openItemId: string; amount?: number | undefined }[];
  readonly creditorAccounts: readonly { relationId: string; iban: string; bic?: string | undefined }[];
  /** The accounts were not sent now but kept from the batch as it was. */
  readonly keptAccounts?: boolean;
}

interface Prepared {
  readonly items: BatchItem[];
  readonly transfers: BatchTransfer[];
  readonly debtor: PaymentBatch['debtor'];
  readonly controlSum: number;
}

/**
 * Checks a selection against the books and turns it into transfers: payables only, amounts
 * within what is outstanding, not in another live batch, not blocked; one transfer per
 * supplier with its credit notes netted against its invoices, to one of its own IBANs.
 */
async function prepare(
  deps: PaymentsDeps,
  tenant: TenantContext,
  adm: PayingAdministration,
  batchId: string,
  selection: Selection,
): Promise<Prepared> {
  const ids = selection.items.map((i) => i.openItemId);
  const [openItems, claims] = await Promise.all([readOpenItems(deps, adm, ids), readClaims(deps, adm, ids)]);
  const issues: FieldIssue[] = [];
  const items: BatchItem[] = [];
  selection.items.forEach((s, n) => {
    const path = `items.${n}`;
    const item = openItems.get(s.openItemId);
    if (!item) {
      issues.push({ path: `${path}.openItemId`, message: `No open item ${s.openItemId} in this administration.` });
      return;
    }
    if (item.side !== 'payable') {
      issues.push({
        path: `${path}.openItemId`,
        message: `${item.invoiceNumber} is not a purchase invoice or credit note.`,
      });
      return;
    }
    const room = item.kind === 'invoice' ? item.outstanding : -item.outstanding;
    if (room <= 0) {
      issues.push({ path: `${path}.openItemId`, message: `${item.invoiceNumber} has nothing left to pay or net.` });
      return;
    }
    const amount = s.amount ?? room;
    if (amount > room) {
      issues.push({
        path: `${path}.amount`,
        message: `At most ${formatCents(room)} is outstanding on ${item.invoiceNumber}.`,
      });
      return;
    }
    items.push({
      openItemId: item.id,
      relationId: item.relationId,
      relationName: item.relationName,
      kind: item.kind,
      invoiceNumber: item.invoiceNumber,
      dueDate: item.dueDate,
      ...(item.paymentReference ? { paymentReference: item.paymentReference } : {}),
      amount,
      outstanding: item.outstanding,
    });
  });
  if (issues.length > 0) throw new ValidationError(issues);

  const taken = items.filter((i) => {
    const claim = claims.get(i.openItemId);
    return claim && claim.batchId !== batchId && isLive(claim, { outstanding: i.outstanding });
  });
  if (taken.length > 0) {
    throw new ConflictError(
      'OPEN_ITEM_IN_BATCH',
      `Already in another payment batch: ${taken
        .map((i) => {
          const claim = claims.get(i.openItemId);
          return `${i.invoiceNumber} (batch ${claim?.batchId}${claim?.state === 'sent' ? ', sent' : ''})`;
        })
        .join(', ')}.`,
    );
  }
  await refuseBlocked(deps, adm, items, openItems);

  const byRelation = new Map<string, BatchItem[]>();
  for (const item of items) byRelation.set(item.relationId, [...(byRelation.get(item.relationId) ?? []), item]);
  const relations = new Map<string, Relation>(
    await Promise.all(
      [...byRelation.keys()].map(async (id) => [id, await getRelation(deps, tenant, adm.id, id)] as const),
    ),
  );
  const chosen = new Map(selection.creditorAccounts.map((c) => [c.relationId, c]));
  for (const [relationId, c] of chosen) {
    if (!byRelation.has(relationId)) {
      // Accounts carried over from an earlier selection leave with their supplier.
      if (selection.keptAccounts) {
        chosen.delete(relationId);
        continue;
      }
      issues.push({ path: 'creditorAccounts', message: `No selected item is owed to relation ${relationId}.` });
    } else if (!relations.get(relationId)?.ibans.includes(c.iban)) {
      issues.push({
        path: 'creditorAccounts',
        message: `${c.iban} is not an IBAN of ${relations.get(relationId)?.name}; add it to the relation first.`,
      });
    }
  }
  const groups = [...byRelation.entries()]
    .map(([relationId, group]) => ({ relation: relations.get(relationId) as Relation, group }))
    .sort((a, b) => a.relation.name.localeCompare(b.relation.name) || a.relation.id.localeCompare(b.relation.id));
  const transfers: BatchTransfer[] = [];
  groups.forEach(({ relation, group }) => {
    const invoices = group.filter((i) => i.kind === 'invoice').reduce((s, i) => s + i.amount, 0);
    const credits = group.filter((i) => i.kind === 'credit-note').reduce((s, i) => s + i.amount, 0);
    const amount = invoices - credits;
    if (amount <= 0) {
      issues.push({
        path: 'items',
        message:
          invoices === 0
            ? `Credit notes of ${relation.name} are netted against its invoices; select an invoice of ${relation.name} too.`
            : `The credit notes of ${relation.name} (${formatCents(credits)}) leave nothing to pay on its invoices (${formatCents(invoices)}); net less.`,
      });
      return;
    }
    const account = chosen.get(relation.id);
    const iban = account?.iban ?? relation.ibans[0];
    if (!iban) {
      issues.push({
        path: 'items',
        message: `${relation.name} has no IBAN: add one to the relation before paying it.`,
      });
      return;
    }
    const address = relation.address?.city
      ? {
          ...(relation.address.street ? { street: relation.address.street } : {}),
          ...(relation.address.postalCode ? { postalCode: relation.address.postalCode } : {}),
          town: relation.address.city,
          country: relation.address.country,
        }
      : undefined;
    transfers.push({
      endToEndId: `${batchId}-${String(transfers.length + 1).padStart(2, '0')}`,
      relationId: relation.id,
      creditorName: relation.name,
      creditorIban: iban,
      ...(account?.bic ? { creditorBic: account.bic } : {}),
      ...(address ? { creditorAddress: address } : {}),
      amount,
      remittance: remittanceFor(
        group.map((i) => ({
          kind: i.kind,
          invoiceNumber: i.invoiceNumber,
          paymentReference: i.paymentReference,
          partial: i.amount < Math.abs(i.outstanding),
        })),
        iban,
      ),
      openItemIds: group.map((i) => i.openItemId),
    });
  });
  if (issues.length > 0) throw new ValidationError(issues);
  const debtor = await debtorAccount(deps, adm, selection.debtorIban, selection.debtorBic);
  return { items, transfers, debtor, controlSum: transfers.reduce((s, t) => s + t.amount, 0) };
}

function batchItem(k: ReturnType<typeof paymentKeys>, batch: PaymentBatch): Item {
  return { ...k.batch(batch.id), gsi1pk: k.batchesOfStatus(batch.status), gsi1sk: batch.id, ...batch };
}

/** The claim Put of an item and the check that its outstanding is still what was read. */
function claimWrites(
  adm: PayingAdministration,
  batchId: string,
  item: BatchItem,
  at: Date,
): [TransactWrite, TransactWrite] {
  const k = paymentKeys(adm.firmId, adm.id);
  const claim: PaymentClaim = {
    openItemId: item.openItemId,
    batchId,
    amount: item.amount,
    outstandingAtClaim: item.outstanding,
    state: 'claimed',
    claimedAt: at.toISOString(),
  };
  return [
    {
      Put: {
        Item: { ...k.claim(item.openItemId), ...claim },
        ConditionExpression:
          'attribute_not_exists(pk) OR batchId = :batch OR (#state = :sent AND outstandingAtClaim <> :current)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':batch': batchId, ':sent': 'sent', ':current': item.outstanding },
      },
    },
    {
      ConditionCheck: {
        Key: invoicingKeys(adm.firmId, adm.id).openItem(item.openItemId),
        ConditionExpression: 'outstanding = :o AND attribute_not_exists(paymentBlock)',
        ExpressionAttributeValues: { ':o': item.outstanding },
      },
    },
  ];
}

/** Which write of a claim-bearing transaction failed, in words. */
function explainClaims(items: readonly BatchItem[], first: number) {
  return (index: number) => {
    if (index < first) {
      return new ConflictError('VERSION_CONFLICT', 'The payment batch changed meanwhile; read it again and retry.');
    }
    const item = items[Math.floor((index - first) / 2)];
    if (item === undefined) return new ConflictError('CONCURRENT_UPDATE', 'Something changed meanwhile; try again.');
    return (index - first) % 2 === 0
      ? new ConflictError('OPEN_ITEM_IN_BATCH', `${item.invoiceNumber} was just put in another payment batch.`)
      : new ConflictError(
          'OPEN_ITEM_CHANGED',
          `${item.invoiceNumber} changed meanwhile (paid, or blocked for approval); try again.`,
        );
  };
}

/**
 * Builds a draft payment batch from selected open payables: partial amounts pay a part (the
 * rest stays open), credit notes are netted against the same supplier's invoices, one transfer
 * per supplier. Every item is claimed in the same transaction, so it cannot be in two live
 * batches.
 */
export async function createPaymentBatch(
  deps: PaymentsDeps,
  tenant: TenantContext,
  adm: PayingAdministration,
  input: PaymentBatchInput,
): Promise<PaymentBatch> {
  requirePaymentRights(tenant, adm);
  const fields = parse(PaymentBatchInput, input);
  const id = deps.newId();
  const prepared = await prepare(deps, tenant, adm, id, fields);
  const at = deps.clock();
  const batch: PaymentBatch = {
    id,
    administrationId: adm.id,
    status: 'draft',
    ...(fields.description ? { description: fields.description } : {}),
    requestedExecutionDate: fields.requestedExecutionDate,
    debtor: prepared.debtor,
    painVersion: fields.painVersion,
    batchBooking: fields.batchBooking,
    items: prepared.items,
    transfers: prepared.transfers,
    numberOfTransactions: prepared.transfers.length,
    controlSum: prepared.controlSum,
    messageId: id,
    version: 1,
    createdAt: at.toISOString(),
    createdBy: tenant.userId,
    updatedAt: at.toISOString(),
  };
  const k = paymentKeys(adm.firmId, adm.id);
  await transactWrite(
    deps.table,
    [
      { Put: { Item: batchItem(k, batch), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...prepared.items.flatMap((i) => claimWrites(adm, id, i, at)),
      auditPut(tenant, at, {
        action: 'payment-batch.created',
        entityType: 'PaymentBatch',
        entityId: id,
        administrationId: adm.id,
        after: batch,
      }),
    ],
    explainClaims(prepared.items, 1),
  );
  return batch;
}

/** One batch; 404 when the administration has none by that id. */
export async function getPaymentBatch(
  deps: PaymentsDeps,
  tenant: TenantContext,
  adm: PayingAdministration,
  batchId: string,
): Promise<PaymentBatch> {
  requireReach(tenant, adm);
  return readBatch(deps, adm, batchId);
}

/** Batches newest first, all (table) or of one status (gsi1); one Query per page. */
export async function listPaymentBatches(
  deps: PaymentsDeps,
  tenant: TenantContext,
  adm: PayingAdministration,
  query: Partial<BatchListQuery> = {},
): Promise<Page<PaymentBatch>> {
  requireReach(tenant, adm);
  const k = paymentKeys(adm.firmId, adm.id);
  const pk = query.status ? k.batchesOfStatus(query.status) : k.batches;
  const page = await queryPage<Item>(deps.table, {
    ...(query.status ? { index: 'gsi1' as const } : {}),
    pk,
    newestFirst: true,
    limit: query.limit ?? 50,
    cursor: query.cursor,
    cursorScope: pk,
  });
  return { ...page, items: page.items.map((i) => stripKeys<PaymentBatch>(i)) };
}

/**
 * Changes a draft: execution date, accounts, version of the file, or the selection (items no
 * longer selected are released). `expectedVersion` (If-Match) must be the batch's version.
 */
export async function changePaymentBatch(
  deps: PaymentsDeps,
  tenant: TenantContext,
  adm: PayingAdministration,
  batchId: string,
  input: PaymentBatchChange,
  expectedVersion: number,
): Promise<PaymentBatch> {
  requirePaymentRights(tenant, adm);
  const change = parse(PaymentBatchChange, input);
  const before = await readBatch(deps, adm, batchId);
  if (before.status !== 'draft') {
    throw new ConflictError('BATCH_NOT_DRAFT', `Payment batch ${batchId} is ${before.status}; only a draft changes.`);
  }
  if (before.version !== expectedVersion) {
    throw new ConflictError(
      'VERSION_CONFLICT',
      `The payment batch is at version ${before.version}, not ${expectedVersion}; read it again and retry.`,
    );
  }
  const selection: Selection = {
    requestedExecutionDate: change.requestedExecutionDate ?? before.requestedExecutionDate,
    debtorIban: change.debtorIban ?? before.debtor.iban,
    debtorBic: change.debtorBic === null ? undefined : (change.debtorBic ?? before.debtor.bic),
    items: change.items ?? before.items.map((i) => ({ openItemId: i.openItemId, amount: i.amount })),
    creditorAccounts:
      change.creditorAccounts ??
      before.transfers.map((t) => ({
        relationId: t.relationId,
        iban: t.creditorIban,
        ...(t.creditorBic ? { bic: t.creditorBic } : {}),
      })),
  };
  const kept = new Set(selection.items.map((i) => i.openItemId));
  const prepared = await prepare(deps, tenant, adm, batchId, {
    ...selection,
    keptAccounts: change.creditorAccounts === undefined,
  });
  const released = before.items.filter((i) => !kept.has(i.openItemId));
  if (2 + prepared.items.length * 2 + released.length > MAX_TRANSACTION_ITEMS) {
    throw new ValidationError([
      { path: 'items', message: 'Too many items change at once; change the selection in two steps.' },
    ]);
  }
  const at = deps.clock();
  const after: PaymentBatch = {
    ...before,
    requestedExecutionDate: selection.requestedExecutionDate,
    debtor: prepared.debtor,
    painVersion: change.painVersion ?? before.painVersion,
    batchBooking: change.batchBooking ?? before.batchBooking,
    items: prepared.items,
    transfers: prepared.transfers,
    numberOfTransactions: prepared.transfers.length,
    controlSum: prepared.controlSum,
    version: before.version + 1,
    updatedAt: at.toISOString(),
  };
  if (change.description === null) delete after.description;
  else if (change.description !== undefined) after.description = change.description;
  const k = paymentKeys(adm.firmId, adm.id);
  await transactWrite(
    deps.table,
    [
      {
        Put: {
          Item: batchItem(k, after),
          ConditionExpression: '#status = :draft AND version = :v',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':draft': 'draft', ':v': before.version },
        },
      },
      ...prepared.items.flatMap((i) => claimWrites(adm, batchId, i, at)),
      ...released.map(
        (i): TransactWrite => ({
          Delete: {
            Key: k.claim(i.openItemId),
            ConditionExpression: 'batchId = :batch',
            ExpressionAttributeValues: { ':batch': batchId },
          },
        }),
      ),
      auditPut(tenant, at, {
        action: 'payment-batch.changed',
        entityType: 'PaymentBatch',
        entityId: batchId,
        administrationId: adm.id,
        before,
        after,
      }),
    ],
    explainClaims(prepared.items, 1),
  );
  return after;
}

const cancelled = (batch: PaymentBatch) =>
  new ConflictError('BATCH_CANCELLED', `Payment batch ${batch.id} was cancelled at ${batch.cancelledAt}.`);

function alreadyDecided(batch: PaymentBatch): ConflictError {
  return new ConflictError(
    'BATCH_ALREADY_APPROVED',
    `Payment batch ${batch.id} was already approved by ${batch.approvedBy} at ${batch.approvedAt}.`,
  );
}

/**
 * Approves a draft batch: a firm user, or a client user where the plan has client approvals.
 * The same user approving again gets the approved batch back (a double click approves once);
 * anyone else finds it decided: 409 `BATCH_ALREADY_APPROVED`. Items whose payment the
 * approval flows block, or whose outstanding fell below the amount meanwhile, are refused.
 */
export async function approvePaymentBatch(
  deps: PaymentsDeps,
  tenant: TenantContext,
  adm: PayingAdministration,
  batchId: string,
  expectedVersion?: number,
): Promise<PaymentBatch> {
  requirePaymentRights(tenant, adm);
  const before = await readBatch(deps, adm, batchId);
  if (before.status === 'cancelled') throw cancelled(before);
  if (before.status !== 'draft') {
    if (before.approvedBy === tenant.userId) return before;
    throw alreadyDecided(before);
  }
  if (expectedVersion !== undefined && expectedVersion !== before.version) {
    throw new ConflictError(
      'VERSION_CONFLICT',
      `The payment batch is at version ${before.version}, not ${expectedVersion}; read it again before approving.`,
    );
  }
  await refuseBlocked(
    deps,
    adm,
    before.items,
    await readOpenItems(
      deps,
      adm,
      before.items.map((i) => i.openItemId),
    ),
  );
  const at = deps.clock();
  const after: PaymentBatch = {
    ...before,
    status: 'approved',
    approvedAt: at.toISOString(),
    approvedBy: tenant.userId,
    approvedByType: tenant.userType,
    version: before.version + 1,
    updatedAt: at.toISOString(),
  };
  const k = paymentKeys(adm.firmId, adm.id);
  const oi = invoicingKeys(adm.firmId, adm.id);
  try {
    await transactWrite(
      deps.table,
      [
        {
          Update: {
            Key: k.batch(batchId),
            UpdateExpression:
              'SET #status = :approved, gsi1pk = :g1, approvedAt = :at, approvedBy = :by, approvedByType = :type, version = :next, updatedAt = :at',
            ConditionExpression: '#status = :draft AND version = :v',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':approved': 'approved',
              ':draft': 'draft',
              ':g1': k.batchesOfStatus('approved'),
              ':at': at.toISOString(),
              ':by': tenant.userId,
              ':type': tenant.userType,
              ':v': before.version,
              ':next': after.version,
            },
          },
        },
        // Still at least this much to pay (or to net): nothing was paid another way meanwhile.
        ...before.items.map(
          (i): TransactWrite => ({
            ConditionCheck: {
              Key: oi.openItem(i.openItemId),
              ConditionExpression: `${i.kind === 'invoice' ? 'outstanding >= :a' : 'outstanding <= :a'} AND attribute_not_exists(paymentBlock)`,
              ExpressionAttributeValues: { ':a': i.kind === 'invoice' ? i.amount : -i.amount },
            },
          }),
        ),
        auditPut(tenant, at, {
          action: 'payment-batch.approved',
          entityType: 'PaymentBatch',
          entityId: batchId,
          administrationId: adm.id,
          before: { status: before.status, version: before.version },
          after: {
            status: after.status,
            version: after.version,
            approvedBy: tenant.userId,
            approvedAt: after.approvedAt,
          },
        }),
      ],
      (index) => {
        if (index === 0) return new ConflictError('VERSION_CONFLICT', 'decided meanwhile');
        const item = before.items[index - 1];
        return new ConflictError(
          'OPEN_ITEM_CHANGED',
          `${item?.invoiceNumber} changed meanwhile: less outstanding than this batch pays, or blocked for approval; change the batch first.`,
        );
      },
    );
  } catch (error) {
    if (error instanceof ConflictError && (error.code === 'VERSION_CONFLICT' || error.code === 'CONCURRENT_UPDATE')) {
      const now = await readBatch(deps, adm, batchId);
      if (now.status !== 'draft') {
        if (now.approvedBy === tenant.userId) return now;
        throw alreadyDecided(now);
      }
      throw new ConflictError(
        'VERSION_CONFLICT',
        'The payment batch changed meanwhile; read it again before approving.',
      );
    }
    throw error;
  }
  return after;
}

/**
 * Marks an approved batch sent (its file went to the bank): the batch and the claims of its
 * open items record when and by whom. A sent item stays out of other batches until its
 * payment is booked. Marking a sent batch again returns it unchanged.
 */
export async function markPaymentBatchSent(
  deps: PaymentsDeps,
  tenant: TenantContext,
  adm: PayingAdministration,
  batchId: string,
): Promise<PaymentBatch> {
  requirePaymentRights(tenant, adm);
  const before = await readBatch(deps, adm, batchId);
  if (before.status === 'sent') return before;
  if (before.status !== 'approved') {
    throw new ConflictError('BATCH_NOT_APPROVED', `Payment batch ${batchId} is not approved yet.`);
  }
  const at = deps.clock();
  const after: PaymentBatch = {
    ...before,
    status: 'sent',
    sentAt: at.toISOString(),
    sentBy: tenant.userId,
    version: before.version + 1,
    updatedAt: at.toISOString(),
  };
  const k = paymentKeys(adm.firmId, adm.id);
  await transactWrite(
    deps.table,
    [
      {
        Update: {
          Key: k.batch(batchId),
          UpdateExpression:
            'SET #status = :sent, gsi1pk = :g1, sentAt = :at, sentBy = :by, version = :next, updatedAt = :at',
          ConditionExpression: '#status = :approved AND version = :v',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':approved': 'approved',
            ':g1': k.batchesOfStatus('sent'),
            ':at': at.toISOString(),
            ':by': tenant.userId,
            ':v': before.version,
            ':next': after.version,
          },
        },
      },
      ...before.items.map(
        (i): TransactWrite => ({
          Update: {
            Key: k.claim(i.openItemId),
            UpdateExpression: 'SET #state = :sent, sentAt = :at',
            ConditionExpression: 'batchId = :batch',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':sent': 'sent', ':at': at.toISOString(), ':batch': batchId },
          },
        }),
      ),
      auditPut(tenant, at, {
        action: 'payment-batch.sent',
        entityType: 'PaymentBatch',
        entityId: batchId,
        administrationId: adm.id,
        before: { status: before.status, version: before.version },
        after: { status: after.status, version: after.version, sentAt: after.sentAt, sentBy: after.sentBy },
      }),
    ],
    () => new ConflictError('CONCURRENT_UPDATE', 'The payment batch changed meanwhile; read it again.'),
  );
  return after;
}

/**
 * Cancels a draft or approved batch that did not go to the bank: its items are released for
 * another batch. Cancelling again returns it; a sent batch is 409 `BATCH_SENT`.
 */
export async function cancelPaymentBatch(
  deps: PaymentsDeps,
  tenant: TenantContext,
  adm: PayingAdministration,
  batchId: string,
): Promise<PaymentBatch> {
  requirePaymentRights(tenant, adm);
  const before = await readBatch(deps, adm, batchId);
  if (before.status === 'cancelled') return before;
  if (before.status === 'sent') {
    throw new ConflictError('BATCH_SENT', `Payment batch ${batchId} went to the bank on ${before.sentAt}.`);
  }
  const at = deps.clock();
  const after: PaymentBatch = {
    ...before,
    status: 'cancelled',
    cancelledAt: at.toISOString(),
    cancelledBy: tenant.userId,
    version: before.version + 1,
    updatedAt: at.toISOString(),
  };
  const k = paymentKeys(adm.firmId, adm.id);
  await transactWrite(
    deps.table,
    [
      {
        Update: {
          Key: k.batch(batchId),
          UpdateExpression:
            'SET #status = :cancelled, gsi1pk = :g1, cancelledAt = :at, cancelledBy = :by, version = :next, updatedAt = :at',
          ConditionExpression: '#status = :was AND version = :v',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':cancelled': 'cancelled',
            ':was': before.status,
            ':g1': k.batchesOfStatus('cancelled'),
            ':at': at.toISOString(),
            ':by': tenant.userId,
            ':v': before.version,
            ':next': after.version,
          },
        },
      },
      ...before.items.map(
        (i): TransactWrite => ({
          Delete: {
            Key: k.claim(i.openItemId),
            ConditionExpression: 'attribute_not_exists(pk) OR batchId = :batch',
            ExpressionAttributeValues: { ':batch': batchId },
          },
        }),
      ),
      auditPut(tenant, at, {
        action: 'payment-batch.cancelled',
        entityType: 'PaymentBatch',
        entityId: batchId,
        administrationId: adm.id,
        before: { status: before.status, version: before.version },
        after: { status: after.status, version: after.version },
      }),
    ],
    () => new ConflictError('VERSION_CONFLICT', 'The payment batch changed meanwhile; read it again.'),
  );
  return after;
}

/**
 * Which batch holds each of `openItemIds` (live claims only: a batch in progress, or sent and
 * not yet booked), for screens that show the payment list next to the open items.
 */
export async function paymentClaimsOf(
  deps: PaymentsDeps,
  adm: PayingAdministration,
  openItems: readonly Pick<OpenItem, 'id' | 'outstanding'>[],
): Promise<Map<string, PaymentClaim>> {
  const claims = await readClaims(
    deps,
    adm,
    openItems.map((i) => i.id),
  );
  const live = new Map<string, PaymentClaim>();
  for (const item of openItems) {
    const claim = claims.get(item.id);
    if (claim && isLive(claim, item)) live.set(item.id, claim);
  }
  return live;
}

/** The register an administration's organisation id comes from, for the file's initiating party. */
const registerOf = (country: PayingAdministration['country']) => (country === 'BE' ? 'KBO-BCE' : 'KVK');

/** The pain.001 message of a batch, as plain data (the XML comes from {@link buildPain001}). */
export function creditTransferMessage(
  adm: PayingAdministration,
  batch: PaymentBatch,
  version: PainVersion,
): CreditTransferMessage {
  const address = adm.address
    ? { street: adm.address.street, postalCode: adm.address.postalCode, town: adm.address.city, country: adm.country }
    : undefined;
  return {
    version,
    messageId: batch.messageId,
    // The approval is when the instruction was given: every download is the same file.
    createdAt: batch.approvedAt ?? batch.updatedAt,
    initiatingParty: {
      name: adm.legalName,
      ...(adm.companyNumber ? { id: { value: adm.companyNumber, issuer: registerOf(adm.country) } } : {}),
    },
    paymentInformationId: `${batch.id}-1`,
    batchBooking: batch.batchBooking,
    requestedExecutionDate: batch.requestedExecutionDate,
    debtor: { ...batch.debtor, address },
    transfers: batch.transfers.map((t) => ({
      endToEndId: t.endToEndId,
      amount: t.amount,
      creditor: { name: t.creditorName, iban: t.creditorIban, bic: t.creditorBic, address: t.creditorAddress },
      remittance: t.remittance,
    })),
  };
}

export interface PaymentFile {
  readonly fileName: string;
  readonly contentType: 'application/xml';
  readonly version: PainVersion;
  readonly xml: string;
}

/**
 * The SEPA credit transfer file of an approved (or sent) batch, in the batch's pain.001
 * version or the one asked for. 409 `BATCH_NOT_APPROVED` for a draft.
 */
export async function paymentBatchFile(
  deps: PaymentsDeps,
  tenant: TenantContext,
  adm: PayingAdministration,
  batchId: string,
  version?: PainVersion,
): Promise<PaymentFile> {
  requireReach(tenant, adm);
  const batch = await readBatch(deps, adm, batchId);
  if (batch.status === 'draft') {
    throw new ConflictError('BATCH_NOT_APPROVED', `Payment batch ${batchId} is a draft: approve it first.`);
  }
  if (batch.status === 'cancelled') throw cancelled(batch);
  const v = version ?? batch.painVersion;
  return {
    fileName: `${batch.id}.pain.001.001.${v}.xml`,
    contentType: 'application/xml',
    version: v,
    xml: buildPain001(creditTransferMessage(adm, batch, v)),
  };
}

/** The batch as the API shows it: amounts as decimal strings. */
export function presentBatch(batch: PaymentBatch) {
  return {
    ...batch,
    controlSum: formatCents(batch.controlSum),
    items: batch.items.map((i) => ({ ...i, amount: formatCents(i.amount), outstanding: formatCents(i.outstanding) })),
    transfers: batch.transfers.map((t) => ({ ...t, amount: formatCents(t.amount) })),
  };
}
