import { type Cents, ConflictError, type FieldIssue, type TenantContext, ValidationError } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { auditPut, batchGet, type Item, stripKeys, type TransactWrite, transactWrite } from '#packages/table';
import { hoursOf } from './calculate.js';
import { type InvoicingDeps, MAX_TRANSACTION_ITEMS, parseInput, readRelation } from './context.js';
import { getInvoice, postInvoice, prepareInvoice } from './invoices.js';
import { type InvoicingKeys, invoicingKeys } from './keys.js';
import { type Invoice, InvoiceFromHoursInput, type InvoiceLineDraft, type TimeEntry } from './model.js';
import { type StoredTimeEntry, timeEntriesIn } from './time-entries.js';

/** A claim older than this is abandoned (its invoicing crashed before posting) and may be taken over. */
const STALE_CLAIM_MS = 15 * 60 * 1000;
const claimIsLive = (e: StoredTimeEntry, now: Date) =>
  e.claimedBy !== undefined && now.getTime() - Date.parse(e.claimedAt ?? '') < STALE_CLAIM_MS;

/**
 * Entries another run holds: billed, claimed by a live run, or claimed by a run whose invoice
 * was posted but whose linking did not finish (its claim is old, but the hours are invoiced:
 * {@link completeHoursLinking} finishes them). Only claims of runs that never posted lapse.
 */
async function heldElsewhere(
  deps: InvoicingDeps,
  adm: BooksOf,
  entries: readonly StoredTimeEntry[],
): Promise<Set<string>> {
  const now = deps.clock();
  const held = new Set(entries.filter((e) => e.status === 'billed' || claimIsLive(e, now)).map((e) => e.id));
  const lapsed = [...new Set(entries.filter((e) => e.claimedBy && !held.has(e.id)).map((e) => e.claimedBy as string))];
  const k = invoicingKeys(adm.firmId, adm.id);
  for (let i = 0; i < lapsed.length; i += 100) {
    const posted = await batchGet<Item>(
      deps.table,
      lapsed.slice(i, i + 100).map((id) => k.invoice(id)),
    );
    const ids = new Set(posted.map((p) => String(p.id)));
    for (const e of entries) if (e.claimedBy && ids.has(e.claimedBy)) held.add(e.id);
  }
  return held;
}

type HoursSelection = ReturnType<typeof InvoiceFromHoursInput.parse>;

/** The hours an invoice-from-hours request selects; explicit ids must all be billable. */
async function selectHours(deps: InvoicingDeps, adm: BooksOf, input: HoursSelection): Promise<StoredTimeEntry[]> {
  const k = invoicingKeys(adm.firmId, adm.id);
  const wanted = (e: StoredTimeEntry) => input.include === 'direct-and-indirect' || e.type === 'direct';
  if (!input.entryIds) {
    const all = await timeEntriesIn(deps, {
      index: 'gsi1',
      pk: k.timeOfCustomer(input.customerId),
      skBetween: [`unbilled#${input.from ?? '0000'}`, `unbilled#${input.to ?? '9999'}#~`],
    });
    const candidates = all.filter((e) => (!input.project || e.project === input.project) && wanted(e));
    const held = await heldElsewhere(deps, adm, candidates);
    const chosen = candidates.filter((e) => !held.has(e.id));
    if (chosen.length === 0) throw new ValidationError([{ path: 'from', message: 'No unbilled hours match.' }]);
    return chosen;
  }
  const ids = [...new Set(input.entryIds)];
  const found = new Map<string, StoredTimeEntry>();
  for (let i = 0; i < ids.length; i += 100) {
    const items = await batchGet<Item>(
      deps.table,
      ids.slice(i, i + 100).map((id) => k.timeEntry(id)),
    );
    for (const item of items) found.set(String(item.id), stripKeys<StoredTimeEntry>(item));
  }
  const issues: FieldIssue[] = [];
  ids.forEach((id, i) => {
    const e = found.get(id);
    const path = `entryIds.${i}`;
    if (!e || e.customerId !== input.customerId)
      issues.push({ path, message: `No time entry ${id} of this customer.` });
    else if (!wanted(e)) issues.push({ path, message: `${id} is indirect; include 'direct-and-indirect' to bill it.` });
  });
  if (issues.length > 0) throw new ValidationError(issues);
  const chosen = ids.map((id) => found.get(id) as StoredTimeEntry);
  const held = await heldElsewhere(deps, adm, chosen);
  const taken = chosen.filter((e) => held.has(e.id));
  if (taken.length > 0) {
    throw new ConflictError(
      'HOURS_ALREADY_BILLED',
      `Time entries already billed: ${taken.map((e) => e.id).join(', ')}.`,
    );
  }
  return chosen;
}

/** One invoice line per project and hourly rate: hours (four decimals) × rate. */
function hoursLines(entries: readonly StoredTimeEntry[], rates: ReadonlyMap<string, Cents>, input: HoursSelection) {
  const groups = new Map<string, { project?: string; rate: Cents; minutes: number }>();
  for (const e of entries) {
    const rate = rates.get(e.id) ?? 0;
    const key = `${e.project ?? ''}|${rate}`;
    const g = groups.get(key) ?? { ...(e.project ? { project: e.project } : {}), rate, minutes: 0 };
    g.minutes += e.minutes;
    groups.set(key, g);
  }
  return [...groups.values()].map(
    (g): InvoiceLineDraft => ({
      description: `${g.project ? `Project ${g.project}` : 'Uren'}: ${hoursOf(g.minutes)} uur`,
      quantity: hoursOf(g.minutes),
      unitPrice: g.rate,
      vatCode: input.vatCode,
      ...(input.glAccount ? { glAccount: input.glAccount } : {}),
      ...(g.project ? { costCentre: g.project } : {}),
    }),
  );
}

/**
 * The update that bills one entry to `invoiceId`. `unclaimed`: in the posting's transaction,
 * the entry must still be unbilled and not claimed by a live run. `claimed`: after posting,
 * the entry must hold this invoice's claim (or be billed to it already: idempotent).
 */
function billWrite(
  k: InvoicingKeys,
  e: Pick<TimeEntry, 'id' | 'date'>,
  invoiceId: string,
  at: Date,
  guard: { mode: 'unclaimed'; rate: Cents } | { mode: 'claimed' },
): TransactWrite {
  const values: Record<string, unknown> = {
    ':billed': 'billed',
    ':inv': invoiceId,
    ':at': at.toISOString(),
    ':sk': k.timeOfCustomerSort('billed', e.date, e.id),
  };
  let set = 'SET #status = :billed, invoiceId = :inv, updatedAt = :at, gsi1sk = :sk';
  let condition = 'claimedBy = :inv OR invoiceId = :inv';
  if (guard.mode === 'unclaimed') {
    set += ', billedRate = :rate';
    condition = '#status = :unbilled AND (attribute_not_exists(claimedBy) OR claimedAt < :stale)';
    values[':rate'] = guard.rate;
    values[':unbilled'] = 'unbilled';
    values[':stale'] = new Date(at.getTime() - STALE_CLAIM_MS).toISOString();
  }
  return {
    Update: {
      Key: k.timeEntry(e.id),
      UpdateExpression: `${set} REMOVE claimedBy, claimedAt`,
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Creates ONE sales invoice from a customer's hours: explicit `entryIds`, or the unbilled
 * hours in `from`..`to` (optionally of one project); direct hours only, or indirect too. One
 * line per project and hourly rate (hours with four decimals × rate; the entry's own rate,
 * else `hourlyRate`). The hours become billed and linked to the invoice in the posting's
 * transaction; when more hours than fit one transaction are billed, they are claimed first,
 * then linked in chunks after posting ({@link completeHoursLinking} finishes an interrupted run).
 */
export async function createInvoiceFromHours(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  input: InvoiceFromHoursInput,
): Promise<{ invoice: Invoice; timeEntryIds: string[] }> {
  const parsed = parseInput(InvoiceFromHoursInput, input);
  const relation = await readRelation(deps, tenant, adm, parsed.customerId, 'customer', 'customerId');
  const entries = await selectHours(deps, adm, parsed);
  const rates = new Map<string, Cents>();
  const unrated = entries.filter((e) => {
    const rate = e.hourlyRate ?? parsed.hourlyRate;
    if (rate !== undefined) rates.set(e.id, rate);
    return rate === undefined;
  });
  if (unrated.length > 0) {
    throw new ValidationError([
      { path: 'hourlyRate', message: `${unrated.length} of the hours have no rate of their own; give hourlyRate.` },
    ]);
  }
  const dates = entries.map((e) => e.date).sort();
  const prepared = await prepareInvoice(deps, adm, {
    side: 'sales',
    kind: 'invoice',
    relation,
    invoiceDate: parsed.invoiceDate,
    dueDate: parsed.dueDate,
    series: parsed.series,
    description: parsed.description ?? `Uren ${dates[0]} t/m ${dates.at(-1)}`,
    lines: hoursLines(entries, rates, parsed),
  });
  const ids = entries.map((e) => e.id);
  const k = invoicingKeys(adm.firmId, adm.id);
  if (entries.length <= MAX_TRANSACTION_ITEMS - prepared.transactionItems) {
    const invoice = await postInvoice(deps, tenant, adm, prepared, {
      timeEntryIds: ids,
      check: async () =>
        void (await selectHours(deps, adm, { ...parsed, entryIds: ids, from: undefined, to: undefined })),
      writes: (inv) =>
        entries.map((e) => billWrite(k, e, inv.id, deps.clock(), { mode: 'unclaimed', rate: rates.get(e.id) ?? 0 })),
    });
    return { invoice, timeEntryIds: ids };
  }
  await claimHours(deps, tenant, adm, entries, rates, prepared.id);
  let invoice: Invoice;
  try {
    invoice = await postInvoice(deps, tenant, adm, prepared, { timeEntryIds: ids, hoursLinking: 'pending' });
  } catch (error) {
    await releaseClaims(deps, adm, entries, prepared.id);
    throw error;
  }
  return { invoice: await completeHoursLinking(deps, tenant, adm, invoice.id), timeEntryIds: ids };
}

/** Claims hours for an invoice about to be posted, in chunks; all or none (claims made are released on failure). */
async function claimHours(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  entries: readonly StoredTimeEntry[],
  rates: ReadonlyMap<string, Cents>,
  invoiceId: string,
): Promise<void> {
  const k = invoicingKeys(adm.firmId, adm.id);
  const done: StoredTimeEntry[] = [];
  for (let i = 0; i < entries.length; i += MAX_TRANSACTION_ITEMS - 1) {
    const chunk = entries.slice(i, i + MAX_TRANSACTION_ITEMS - 1);
    const at = deps.clock();
    const writes: TransactWrite[] = chunk.map((e) => ({
      Update: {
        Key: k.timeEntry(e.id),
        UpdateExpression: 'SET claimedBy = :inv, claimedAt = :at, billedRate = :rate',
        ConditionExpression:
          '#status = :unbilled AND (attribute_not_exists(claimedBy) OR claimedBy = :inv OR claimedAt < :stale)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':inv': invoiceId,
          ':at': at.toISOString(),
          ':rate': rates.get(e.id) ?? 0,
          ':unbilled': 'unbilled',
          ':stale': new Date(at.getTime() - STALE_CLAIM_MS).toISOString(),
        },
      },
    }));
    writes.push(
      auditPut(tenant, at, {
        action: 'time-entry.claimed',
        entityType: 'Invoice',
        entityId: invoiceId,
        administrationId: adm.id,
        after: { timeEntryIds: chunk.map((e) => e.id) },
      }),
    );
    try {
      await transactWrite(
        deps.table,
        writes,
        (index) =>
          new ConflictError('HOURS_ALREADY_BILLED', `Time entry ${chunk[index]?.id} is billed or being invoiced.`),
      );
    } catch (error) {
      await releaseClaims(deps, adm, done, invoiceId);
      throw error;
    }
    done.push(...chunk);
  }
}

async function releaseClaims(
  deps: InvoicingDeps,
  adm: BooksOf,
  entries: readonly StoredTimeEntry[],
  invoiceId: string,
): Promise<void> {
  const k = invoicingKeys(adm.firmId, adm.id);
  await Promise.allSettled(
    entries.map((e) =>
      transactWrite(
        deps.table,
        [
          {
            Update: {
              Key: k.timeEntry(e.id),
              UpdateExpression: 'REMOVE claimedBy, claimedAt',
              ConditionExpression: 'claimedBy = :inv',
              ExpressionAttributeValues: { ':inv': invoiceId },
            },
          },
        ],
        () => new ConflictError('NOT_CLAIMED', 'Not claimed by this invoice.'),
      ),
    ),
  );
}

/**
 * Links the hours of an hours invoice that were claimed before posting, in chunks of one
 * transaction each, and marks the linking done. Idempotent: run it again after a failure.
 */
export async function completeHoursLinking(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  invoiceId: string,
): Promise<Invoice> {
  const invoice = await getInvoice(deps, adm, invoiceId);
  if (invoice.hoursLinking !== 'pending') return invoice;
  const k = invoicingKeys(adm.firmId, adm.id);
  const ids = invoice.timeEntryIds ?? [];
  const size = MAX_TRANSACTION_ITEMS - 2;
  for (let i = 0; i < ids.length; i += size) {
    const chunk = ids.slice(i, i + size);
    const entries = await batchGet<Item & TimeEntry>(
      deps.table,
      chunk.map((id) => k.timeEntry(id)),
    );
    const at = deps.clock();
    const writes: TransactWrite[] = entries.map((e) => billWrite(k, e, invoiceId, at, { mode: 'claimed' }));
    writes.push(
      auditPut(tenant, at, {
        action: 'time-entry.billed',
        entityType: 'Invoice',
        entityId: invoiceId,
        administrationId: adm.id,
        after: { timeEntryIds: chunk },
      }),
    );
    if (i + size >= ids.length) {
      writes.push({
        Update: {
          Key: k.invoice(invoiceId),
          UpdateExpression: 'SET hoursLinking = :done',
          ExpressionAttributeValues: { ':done': 'done' },
        },
      });
    }
    await transactWrite(
      deps.table,
      writes,
      (index) =>
        new ConflictError(
          'HOURS_LINK_CONFLICT',
          `Time entry ${entries[index]?.id} was billed elsewhere while invoice ${invoice.number} was being linked.`,
        ),
    );
  }
  return getInvoice(deps, adm, invoiceId);
}
