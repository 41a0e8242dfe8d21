import type { z } from 'zod';
import {
  createPurchaseInvoice,
  createSalesInvoice,
  type Invoice,
  type InvoiceLinks,
  isSelfAssessed,
  type PurchaseInvoiceInput,
  type SalesInvoiceInput,
} from '#packages/invoicing';
import {
  ConflictError,
  formatCents,
  NotFoundError,
  type Page,
  type TenantContext,
  ValidationError,
  vatOf,
} from '#packages/kernel';
import { type Account, type BooksOf, vatCodes } from '#packages/ledger';
import { createRelation, getRelation, type Relation, type RelationRole, updateRelation } from '#packages/relations';
import { auditPut, type TransactWrite, transactWrite } from '#packages/table';
import { proposalIssues, vatByCode } from './checks.js';
import { apportion } from './consolidate.js';
import {
  blockingError,
  claimSkOf,
  conflictOnWrite,
  counterpartyKey,
  decidedConflict,
  type ProposalsDeps,
  pageLimit,
  parseInput,
  readChart,
  requireBookkeeper,
  versionConflict,
} from './context.js';
import { learnedSizes, learningWrites } from './learning.js';
import {
  type BookingProposal,
  EditProposalInput,
  type ProposalIssue,
  type ProposalLine,
  ProposalListQuery,
  type ProposalRelation,
  RejectProposalInput,
} from './model.js';
import {
  claimPut,
  claimRelease,
  guardedPut,
  queryProposals,
  readClaim,
  readProposal,
  type StoredProposal,
} from './repository.js';
import { findByIdentifiers, proposedRelationOf } from './resolve.js';
import { isBookable, vatCodeOf } from './suggest.js';

/** Sales documents are booked in their own numbering series, apart from the invoices this system issues (F). */
export const SALES_DOCUMENT_SERIES = 'D';

async function current(deps: ProposalsDeps, adm: BooksOf, id: string): Promise<StoredProposal> {
  const stored = await readProposal(deps.table, adm.firmId, adm.id, id);
  if (!stored) throw new NotFoundError(`Booking proposal ${id}`);
  return stored;
}

/** One booking proposal; 404 when the administration has none with this id. */
export async function getProposal(deps: ProposalsDeps, adm: BooksOf, id: string): Promise<BookingProposal> {
  return (await current(deps, adm, id)).proposal;
}

/** Proposals newest first, of one status (gsi1) or all (gsi2): one Query per page. */
export async function listProposals(
  deps: ProposalsDeps,
  adm: BooksOf,
  query: ProposalListQuery = {},
): Promise<Page<BookingProposal>> {
  const parsed = parseInput(ProposalListQuery, query);
  return queryProposals(deps.table, adm.firmId, adm.id, {
    status: parsed.status,
    cursor: parsed.cursor,
    limit: pageLimit(parsed.limit),
  });
}

function requireState(stored: StoredProposal, expectedVersion: number | undefined, statuses: readonly string[]): void {
  const { proposal } = stored;
  if (!statuses.includes(proposal.status)) throw decidedConflict(proposal.status);
  if (expectedVersion !== undefined && proposal.version !== expectedVersion) {
    throw versionConflict(proposal.version, expectedVersion);
  }
}

const roleOf = (side: BookingProposal['side']): RelationRole => (side === 'sales' ? 'customer' : 'supplier');

/** Re-checks a proposal's state: reading notes stay, the checks run again. */
function withChecks(
  p: BookingProposal,
  adm: BooksOf,
  accounts: ReadonlyMap<string, Account>,
  kept: readonly ProposalIssue[],
): ProposalIssue[] {
  return [...kept, ...proposalIssues(p, { country: adm.country, accounts })];
}

/**
 * The accountant's corrections while the proposal is proposed: the relation (an existing one,
 * or a new one to create), kind, header fields, totals, and the lines (replaced as a whole;
 * each account must be bookable and each VAT code one of the side's codes). A line that keeps
 * its account, code and amounts keeps its suggestion's explanation; any other line becomes
 * the accountant's (`manual`). Issues are checked again. `expectedVersion` guards the write:
 * a stale version is a 409 `VERSION_CONFLICT`; a decided proposal a 409 `PROPOSAL_DECIDED`.
 */
export async function editProposal(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  id: string,
  patch: EditProposalInput,
  expectedVersion: number,
): Promise<BookingProposal> {
  requireBookkeeper(tenant, adm);
  const input = parseInput(EditProposalInput, patch);
  const stored = await current(deps, adm, id);
  requireState(stored, expectedVersion, ['proposed']);
  const before = stored.proposal;
  const accounts = await readChart(deps, adm);

  let relation: ProposalRelation = before.relation;
  let matched: Relation | undefined;
  let resolutionIssues = before.issues.filter((i) => i.source === 'resolution');
  if (input.relationId) {
    matched = await getRelation(deps, tenant, adm.id, input.relationId).catch((error: unknown) => {
      if (error instanceof NotFoundError) {
        throw new ValidationError([
          { path: 'relationId', message: `No relation ${input.relationId} in this administration.` },
        ]);
      }
      throw error;
    });
    if (matched.status !== 'active') {
      throw new ValidationError([{ path: 'relationId', message: `Relation ${matched.number} is archived.` }]);
    }
    relation = { relationId: matched.id, relationName: matched.name, matchedBy: 'manual', confidence: 1 };
    resolutionIssues = [];
  } else if (input.proposedRelation) {
    const r = input.proposedRelation;
    const field = (value: string | undefined) => (value === undefined ? undefined : { value, confidence: 1 });
    const cleaned = proposedRelationOf(
      {
        name: field(r.name),
        vatNumber: field(r.vatNumber),
        companyNumber: field(r.companyNumber),
        iban: field(r.iban),
        countryCode: field(r.country),
      },
      adm.country,
    );
    const invalid = cleaned.issues.map((i) => ({ path: i.field.replace('relation.', ''), message: i.message }));
    if (invalid.length > 0) throw new ValidationError(invalid);
    relation = { matchedBy: 'new', confidence: 1, ...(cleaned.proposed ? { proposedRelation: cleaned.proposed } : {}) };
    resolutionIssues = [];
  } else if (before.relation.relationId) {
    matched = await getRelation(deps, tenant, adm.id, before.relation.relationId).catch(() => undefined);
  }

  const header = { ...before.header };
  const edited = new Set<string>();
  for (const [field, value] of Object.entries(input.header ?? {})) {
    if (value === undefined) continue;
    edited.add(`header.${field}`);
    if (value === null) delete header[field as 'dueDate' | 'paymentReference'];
    else Object.assign(header, { [field]: value });
  }
  if (input.totals) edited.add('totals');
  if (edited.size > 0) header.confidence = 1;
  const lines = input.lines ? editedLines(input.lines, before, adm, accounts, tenant) : before.lines;
  const at = deps.clock().toISOString();
  const draft: BookingProposal = {
    ...before,
    kind: input.kind ?? before.kind,
    relation,
    header,
    totals: input.totals ?? before.totals,
    lines,
    version: before.version + 1,
    updatedAt: at,
  };
  const reading = before.issues.filter(
    (i) => i.source === 'recognition' && ![...edited].some((f) => i.field === f || i.field.startsWith(`${f}.`)),
  );
  const kept = [...reading, ...resolutionIssues];
  const after: BookingProposal = {
    ...draft,
    issues: withChecks(draft, adm, accounts, kept),
    confidence:
      Math.round(Math.min(1, relation.confidence, header.confidence, ...lines.map((l) => l.confidence)) * 1000) / 1000,
  };

  const claimSk = claimSkOf(
    after.side,
    counterpartyKey(relation.proposedRelation, matched),
    header,
    after.totals.gross,
  );
  const writes: TransactWrite[] = [guardedPut(adm.firmId, after, claimSk, before.version, ['proposed'])];
  const claimAt =
    claimSk && claimSk !== stored.claimSk ? writes.push(claimPut(adm.firmId, adm.id, claimSk, id)) - 1 : -1;
  if (stored.claimSk && stored.claimSk !== claimSk) writes.push(claimRelease(adm.firmId, adm.id, stored.claimSk, id));
  writes.push(
    auditPut(tenant, new Date(at), {
      action: 'proposal.edited',
      entityType: 'BookingProposal',
      entityId: id,
      administrationId: adm.id,
      before,
      after,
    }),
  );
  try {
    await transactWrite(deps.table, writes, (i) =>
      i === claimAt ? new ConflictError('DUPLICATE_PROPOSAL', 'claim') : conflictOnWrite(),
    );
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'DUPLICATE_PROPOSAL' && claimSk) {
      const holder = await readClaim(deps.table, adm.firmId, adm.id, claimSk);
      throw new ConflictError(
        'DUPLICATE_PROPOSAL',
        `Invoice ${header.invoiceNumber} of this ${after.side === 'sales' ? 'customer' : 'supplier'} over ${formatCents(after.totals.gross)} is already proposal ${holder ?? 'another proposal'}.`,
      );
    }
    throw error;
  }
  return after;
}

/**
 * The accountant's lines. Their VAT, where not given, is the document's VAT of their rate
 * shared out over them by net while the rate's nets still add up to what they were; once the
 * nets of a rate change, the rate on their sum (EN 16931), shared out the same way. So
 * re-dividing a line over accounts never moves a cent of VAT.
 */
function editedLines(
  lines: NonNullable<z.output<typeof EditProposalInput>['lines']>,
  before: BookingProposal,
  adm: BooksOf,
  accounts: ReadonlyMap<string, Account>,
  tenant: TenantContext,
): ProposalLine[] {
  const issues: { path: string; message: string }[] = [];
  const drafts = lines.map((line, i) => {
    const code = vatCodeOf(adm.country, before.side, line.vatCode);
    if (!code) {
      issues.push({
        path: `lines.${i}.vatCode`,
        message: `${line.vatCode} is no ${before.side} VAT code of ${adm.country}.`,
      });
    }
    if (!isBookable(accounts, line.glAccount)) {
      issues.push({
        path: `lines.${i}.glAccount`,
        message: `Account ${line.glAccount} cannot be booked on (missing, blocked or a ledger account).`,
      });
    }
    const sources = line.sourceLineIndexes ?? before.lines[i]?.sourceLineIndexes ?? [];
    const documentLineCount = before.documentLinesBeside?.count ?? before.documentLines.length;
    if (sources.some((s) => s >= documentLineCount)) {
      issues.push({ path: `lines.${i}.sourceLineIndexes`, message: 'Not a line of the document.' });
    }
    const selfAssessed = code !== undefined && isSelfAssessed(code);
    const rate = selfAssessed ? 0 : (code?.rateBasisPoints ?? before.lines[i]?.rateBasisPoints ?? 0);
    return { line, sources, rate, selfAssessed };
  });
  if (issues.length > 0) throw new ValidationError(issues);

  const vats = new Map<number, number>();
  for (const rate of new Set(drafts.map((d) => d.rate))) {
    const ofRate = drafts.map((d, i) => ({ d, i })).filter(({ d }) => d.rate === rate);
    const implicit = ofRate.filter(({ d }) => d.line.vat === undefined && !d.selfAssessed);
    for (const { d, i } of ofRate) if (d.line.vat !== undefined || d.selfAssessed) vats.set(i, d.line.vat ?? 0);
    if (implicit.length === 0) continue;
    const previous = before.lines.filter((l) => l.rateBasisPoints === rate);
    const net = ofRate.reduce((s, { d }) => s + d.line.net, 0);
    const stated =
      previous.length > 0 && previous.reduce((s, l) => s + l.net, 0) === net
        ? previous.reduce((s, l) => s + l.vat, 0)
        : vatOf(net, rate);
    const explicit = ofRate.filter(({ i }) => vats.has(i)).reduce((s, { i }) => s + (vats.get(i) ?? 0), 0);
    const shares = apportion(
      stated - explicit,
      implicit.map(({ d }) => d.line.net),
    );
    implicit.forEach(({ i }, n) => {
      vats.set(i, shares[n] ?? 0);
    });
  }

  return drafts.map(({ line, sources, rate }, i): ProposalLine => {
    const prev = before.lines[i];
    const vat = vats.get(i) ?? 0;
    const unchanged =
      prev !== undefined &&
      prev.net === line.net &&
      prev.vatCode === line.vatCode &&
      prev.glAccount === line.glAccount &&
      prev.vat === vat &&
      prev.description === line.description;
    const category = accounts.get(line.glAccount)?.name;
    return {
      description: line.description,
      glAccount: line.glAccount,
      vatCode: line.vatCode,
      rateBasisPoints: rate,
      net: line.net,
      vat,
      ...(category ? { costCategory: category } : {}),
      suggestedBy: unchanged ? prev.suggestedBy : 'manual',
      explanation: unchanged ? prev.explanation : `set by ${tenant.userId}`,
      confidence: unchanged ? prev.confidence : 1,
      sourceLineIndexes: [...sources],
    };
  });
}

/**
 * Accepts a proposal: the accountant's final answer, corrections included. Creates the
 * relation when it is new (or finds the one created meanwhile) and gives it the side's role,
 * then posts the purchase or sales invoice from the proposal's lines (quantity 1 at the line's
 * net) with its entry and open item, and in that same transaction marks the proposal accepted
 * and adds what it teaches to the suggestion counters.
 *
 * VAT: the books compute VAT per code on the sum of its nets (EN 16931). Where the document's
 * VAT differs from that by rounding (at most half a cent per document line), the difference is
 * a line on the rounding account with a VAT code that reaches no VAT-return box where the
 * country has one (NL), so the open item is exactly the document's gross and the deductible
 * VAT is the computed one. A larger difference is a blocking issue: the codes need a look.
 *
 * Blocking issues make it a 400 listing them. A decided proposal is a 409 `PROPOSAL_DECIDED`,
 * a stale `expectedVersion` a 409 `VERSION_CONFLICT`, a supplier invoice number already
 * posted the invoicing 409 `DUPLICATE_INVOICE_NUMBER`.
 */
export async function acceptProposal(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  id: string,
  expectedVersion?: number,
): Promise<BookingProposal> {
  return acceptAs(deps, tenant, adm, id, expectedVersion, tenant.userId);
}

/** Accepts on behalf of `decidedBy` (a user id, or `auto` for automatic acceptance). */
export async function acceptAs(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  id: string,
  expectedVersion: number | undefined,
  decidedBy: string,
): Promise<BookingProposal> {
  requireBookkeeper(tenant, adm);
  const stored = await current(deps, adm, id);
  requireState(stored, expectedVersion, ['proposed']);
  const proposal = stored.proposal;
  const accounts = await readChart(deps, adm);
  const blocked = blockingError(proposalIssues(proposal, { country: adm.country, accounts }));
  if (blocked) throw blocked;

  const relation = await ensureRelation(deps, tenant, adm, proposal);
  const rounding = vatByCode(proposal.lines, adm.country, proposal.side).reduce(
    (s, v) => s + v.documentVat - v.booksVat,
    0,
  );
  const lines = proposal.lines
    .filter((l) => l.net !== 0)
    .map((l) => ({
      description: l.description.slice(0, 500),
      quantity: '1',
      unitPrice: formatCents(l.net),
      vatCode: l.vatCode ?? '',
      glAccount: l.glAccount,
    }));
  const roundingAccount = rounding !== 0 ? roundingLine(adm, proposal.side, accounts, rounding) : undefined;
  if (roundingAccount) lines.push(roundingAccount);
  checkTransactionSize(lines);

  const identifiers = {
    vatNumber: proposal.relation.proposedRelation?.vatNumber ?? relation.vatNumber,
    iban: proposal.relation.proposedRelation?.iban ?? relation.ibans[0],
  };
  const learning = {
    firmId: adm.firmId,
    administrationId: adm.id,
    country: adm.country,
    side: proposal.side,
    relationId: relation.id,
    identifiers,
  };
  const sizes = await learnedSizes(deps.table, learning);
  let accepted: BookingProposal | undefined;
  const links: InvoiceLinks = {
    check: async () => requireState(await current(deps, adm, id), proposal.version, ['proposed']),
    writes: (invoice: Invoice) => {
      const at = deps.clock();
      accepted = {
        ...proposal,
        status: 'accepted',
        relation: { ...proposal.relation, relationId: relation.id, relationName: relation.name },
        version: proposal.version + 1,
        updatedAt: at.toISOString(),
        decidedBy,
        decidedAt: at.toISOString(),
        posted: {
          invoiceId: invoice.id,
          entryId: invoice.entryId,
          openItemId: invoice.openItemId,
          ...(roundingAccount ? { rounding: { glAccount: roundingAccount.glAccount, difference: rounding } } : {}),
        },
      };
      return [
        guardedPut(adm.firmId, accepted, stored.claimSk, proposal.version, ['proposed']),
        ...learningWrites({ ...learning, lines: proposal.lines, documentLines: proposal.documentLines, sizes, at }),
        auditPut(tenant, at, {
          action: decidedBy === 'auto' ? 'proposal.auto-accepted' : 'proposal.accepted',
          entityType: 'BookingProposal',
          entityId: id,
          administrationId: adm.id,
          before: proposal,
          after: accepted,
        }),
      ];
    },
  };
  const h = proposal.header;
  const common = {
    kind: proposal.kind,
    relationId: relation.id,
    invoiceDate: h.invoiceDate ?? '',
    ...(h.dueDate ? { dueDate: h.dueDate } : {}),
    currency: h.currency,
    lines,
  };
  if (proposal.side === 'purchase') {
    const input: PurchaseInvoiceInput = {
      ...common,
      description: `Boekingsvoorstel ${proposal.document.fileName}`.slice(0, 500),
      invoiceNumber: h.invoiceNumber ?? '',
      ...(h.paymentReference ? { paymentReference: h.paymentReference } : {}),
    };
    await createPurchaseInvoice(deps, tenant, adm, input, links);
  } else {
    const input: SalesInvoiceInput = {
      ...common,
      series: SALES_DOCUMENT_SERIES,
      description: `Boekingsvoorstel ${h.invoiceNumber ?? ''} ${proposal.document.fileName}`
        .replace(/\s+/g, ' ')
        .slice(0, 500),
    };
    await createSalesInvoice(deps, tenant, adm, input, links);
  }
  if (!accepted) throw new Error('The invoice was posted without the proposal');
  return accepted;
}

/** The code a rounding difference is booked with: of the side, no VAT, and on no VAT-return box where there is one. */
function roundingVatCode(adm: BooksOf, side: BookingProposal['side']): string {
  const candidates = vatCodes[adm.country].filter(
    (c) => c.direction === (side === 'sales' ? 'sales' : 'purchase') && c.rateBasisPoints === 0 && !isSelfAssessed(c),
  );
  const boxless = candidates.find((c) => c.boxes.base.length + c.boxes.vat.length + c.boxes.deductible.length === 0);
  const exempt = candidates.find((c) => c.kind === 'exempt');
  const code = boxless ?? exempt ?? candidates.find((c) => c.kind === 'zero');
  if (!code) throw new ValidationError([{ path: 'lines', message: 'No VAT code to book a rounding difference with.' }]);
  return code.code;
}

function roundingLine(
  adm: BooksOf,
  side: BookingProposal['side'],
  accounts: ReadonlyMap<string, Account>,
  cents: number,
) {
  const account = [...accounts.values()].find((a) => a.role === 'rounding');
  if (!account) throw new ValidationError([{ path: 'lines', message: 'The chart has no rounding account.' }]);
  return {
    description: 'Afrondingsverschil btw',
    quantity: '1',
    unitPrice: formatCents(cents),
    vatCode: roundingVatCode(adm, side),
    glAccount: account.code,
  };
}

/**
 * One transaction takes 100 writes: the entry needs 2 per account and 1 per VAT code plus 4,
 * the invoice, open item, number and audit 4, this proposal, its counters and audit 5.
 */
function checkTransactionSize(lines: readonly { glAccount: string; vatCode: string }[]): void {
  const accounts = new Set(lines.map((l) => l.glAccount)).size + 3;
  const codes = new Set(lines.map((l) => l.vatCode)).size;
  if (4 + 2 * accounts + codes + 4 + 5 > 100) {
    throw new ValidationError([
      { path: 'lines', message: 'Too many different GL accounts for one invoice; merge lines.' },
    ]);
  }
}

/**
 * The relation to post on: the matched or chosen one, with the side's role added when it
 * lacks it; for a new relation, the one holding its identifiers or name by now (an earlier
 * attempt may have created it), else a new relation with the proposal's details and its
 * largest line's account and code as defaults.
 */
async function ensureRelation(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  proposal: BookingProposal,
): Promise<Relation> {
  const role = roleOf(proposal.side);
  const withRole = async (r: Relation) =>
    r.roles.includes(role) ? r : updateRelation(deps, tenant, adm.id, r.id, { roles: [...r.roles, role] }, r.version);
  if (proposal.relation.relationId) {
    const r = await getRelation(deps, tenant, adm.id, proposal.relation.relationId).catch((error: unknown) => {
      if (error instanceof NotFoundError) {
        throw new ValidationError([{ path: 'relation', message: 'The relation no longer exists; choose another.' }]);
      }
      throw error;
    });
    if (r.status !== 'active') {
      throw new ConflictError('RELATION_ARCHIVED', `Relation ${r.number} (${r.name}) is archived; choose another.`);
    }
    return withRole(r);
  }
  const proposed = proposal.relation.proposedRelation;
  if (!proposed) throw new ValidationError([{ path: 'relation', message: 'Choose a relation.' }]);
  const existing = await findByIdentifiers(deps, tenant, adm, proposal.side, proposed);
  if (existing) return withRole(existing.relation);
  const largest = [...proposal.lines].sort((a, b) => b.net - a.net)[0];
  try {
    return await createRelation(deps, tenant, adm.id, {
      roles: [role],
      name: proposed.name,
      ...(proposed.vatNumber ? { vatNumber: proposed.vatNumber } : {}),
      ...(proposed.companyNumber ? { companyNumber: proposed.companyNumber } : {}),
      ...(proposed.country ? { address: { country: proposed.country } } : {}),
      ibans: proposed.iban ? [proposed.iban] : [],
      contacts: [],
      externalIds: [],
      ...(proposal.side === 'purchase' && largest ? { defaultGlAccount: largest.glAccount } : {}),
      ...(largest?.vatCode ? { defaultVatCode: largest.vatCode } : {}),
    });
  } catch (error) {
    // Created by a concurrent acceptance of another document of the same supplier: use that one.
    if (error instanceof ConflictError && /^RELATION_.*_TAKEN$/.test(error.code)) {
      const winner = await findByIdentifiers(deps, tenant, adm, proposal.side, proposed);
      if (winner) return withRole(winner.relation);
    }
    throw error;
  }
}

/**
 * Rejects a proposed (or duplicate) booking with a reason; nothing is posted. The invoice's
 * claim is released, so a corrected document of the same invoice is no duplicate of it.
 */
export async function rejectProposal(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  id: string,
  input: RejectProposalInput,
  expectedVersion?: number,
): Promise<BookingProposal> {
  requireBookkeeper(tenant, adm);
  const { reason } = parseInput(RejectProposalInput, input);
  const stored = await current(deps, adm, id);
  requireState(stored, expectedVersion, ['proposed', 'duplicate']);
  const before = stored.proposal;
  const at = deps.clock().toISOString();
  const after: BookingProposal = {
    ...before,
    status: 'rejected',
    rejectionReason: reason,
    decidedBy: tenant.userId,
    decidedAt: at,
    version: before.version + 1,
    updatedAt: at,
  };
  await transactWrite(
    deps.table,
    [
      guardedPut(adm.firmId, after, undefined, before.version, ['proposed', 'duplicate']),
      ...(stored.claimSk ? [claimRelease(adm.firmId, adm.id, stored.claimSk, id)] : []),
      auditPut(tenant, new Date(at), {
        action: 'proposal.rejected',
        entityType: 'BookingProposal',
        entityId: id,
        administrationId: adm.id,
        before,
        after,
      }),
    ],
    conflictOnWrite,
  );
  return after;
}
