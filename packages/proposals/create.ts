import { featureAllowed, meterWrites, noteProposalMetered } from '#packages/billing';
import { ConflictError, DomainError, type TenantContext } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { RecognitionResult } from '#packages/recognition';
import { auditPut, type TransactWrite, transactWrite } from '#packages/table';
import { lowConfidenceIssues, overallConfidence, proposalIssues } from './checks.js';
import { consolidate, documentTotals, sourceLinesOf } from './consolidate.js';
import { claimSkOf, counterpartyKey, type ProposalsDeps, proposalIdOf, readChart, requireSameFirm } from './context.js';
import { ProposalsNotInPlanError } from './errors.js';
import { readFirmCounters, readRelationCounters } from './learning.js';
import { acceptAs } from './lifecycle.js';
import type { BookingProposal, CreateProposalInput, ProposalIssue } from './model.js';
import { claimPut, guardedPut, proposalItem, readClaim, readProposal, storedProposal, usagePut } from './repository.js';
import { counterpartyOf, resolveRelation, sideOf } from './resolve.js';
import { type SuggestionContext, suggestLine } from './suggest.js';

const MAX_ATTEMPTS = 10;

/**
 * Makes the booking proposal of a recognised document: which side it is on, who the
 * counterparty is, lines consolidated per rate and account with suggested GL accounts and VAT
 * codes and the evidence for them, issues, and an overall confidence.
 *
 * Exactly once per document: the id derives from the document, and the proposal, the claim of
 * its invoice (counterparty, number, gross), its usage record (the billing unit, in the firm's
 * usage of the month it is created), the administration's month and quarter usage counters
 * (`ADD`, billing's meter) and its audit line are written in one transaction; a retry
 * or a concurrent twin gets the existing proposal (`created: false`) and writes nothing.
 *
 * A document whose invoice another proposal already claimed, through any door, becomes a
 * proposal with status `duplicate` and `duplicateOf`. It still records usage: the duplicate was
 * recognised and delivered as a proposal, which is what the plan counts.
 *
 * With `autoAcceptThreshold`, a proposal with no issues at all, a suggestion from history or the
 * relation for every line, a known relation and a confidence at or above the threshold is
 * accepted at once (`decidedBy: 'auto'`); when that posting fails, it stays proposed with an
 * issue saying why.
 *
 * When the proposal takes the administration past its plan's bundle (Samenwerken: the 11th of a
 * month), the firm gets an in-app event and an e-mail in its outbox, once (billing's
 * `noteProposalMetered`, also run on a retry so a crash after the transaction is made good).
 *
 * Refused (403 `PLAN_EXCLUDES_PROPOSALS`) when the administration's plan has no booking proposals
 * (`featureAllowed(plan, 'booking-proposals')`: Standaard and no plan).
 */
export async function createProposal(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  input: CreateProposalInput,
): Promise<{ proposal: BookingProposal; created: boolean }> {
  requireSameFirm(tenant, adm);
  if (!featureAllowed(input.plan, 'booking-proposals')) {
    throw new ProposalsNotInPlanError(`The ${input.plan} plan has no booking proposals; book the document by hand.`);
  }
  const recognition = RecognitionResult.parse(input.recognition);
  const id = proposalIdOf(adm.id, input.document.id);
  for (let attempt = 1; ; attempt++) {
    const existing = await readProposal(deps.table, adm.firmId, adm.id, id);
    if (existing) {
      await noteProposalMetered(deps.table, adm.firmId, adm.id, input.plan, existing.proposal.createdAt);
      return { proposal: await autoAccept(deps, tenant, adm, existing.proposal, input), created: false };
    }
    const { proposal, claimSk } = await draftProposal(deps, tenant, adm, id, { ...input, recognition });
    const holder = claimSk ? await readClaim(deps.table, adm.firmId, adm.id, claimSk) : undefined;
    const duplicateOf = holder && holder !== id ? holder : undefined;
    const final: BookingProposal = duplicateOf ? { ...proposal, status: 'duplicate', duplicateOf } : proposal;
    const claims = claimSk && !duplicateOf ? claimSk : undefined;
    const writes: TransactWrite[] = [
      {
        Put: {
          Item: proposalItem(adm.firmId, final, claims),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    const claimAt = claims ? 1 : -1;
    if (claims) writes.push(claimPut(adm.firmId, adm.id, claims, id));
    writes.push(
      usagePut({
        firmId: adm.firmId,
        administrationId: adm.id,
        kind: 'booking-proposal',
        proposalId: id,
        documentId: input.document.id,
        at: final.createdAt,
      }),
      // The administration's month and quarter counters move with the usage record, exactly once.
      ...meterWrites(adm.firmId, adm.id, final.createdAt),
      auditPut(tenant, new Date(final.createdAt), {
        action: 'proposal.created',
        entityType: 'BookingProposal',
        entityId: id,
        administrationId: adm.id,
        after: storedProposal(final),
      }),
    );
    try {
      await transactWrite(deps.table, writes, (i) =>
        i === claimAt
          ? new ConflictError('CLAIM_TAKEN', 'Another proposal claimed this invoice meanwhile.')
          : new ConflictError('PROPOSAL_EXISTS', 'The proposal of this document exists.'),
      );
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      if (!['PROPOSAL_EXISTS', 'CLAIM_TAKEN', 'CONCURRENT_UPDATE'].includes(error.code)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));
      continue;
    }
    // Past the bundle (Samenwerken: the 11th of the month on): the firm is told, once.
    await noteProposalMetered(deps.table, adm.firmId, adm.id, input.plan, final.createdAt);
    return { proposal: await autoAccept(deps, tenant, adm, final, input), created: true };
  }
}

/** Whether a proposal may be accepted without hands at `threshold`. */
export function qualifiesForAutoAccept(p: BookingProposal, threshold: number | undefined): boolean {
  return (
    threshold !== undefined &&
    p.status === 'proposed' &&
    p.issues.length === 0 &&
    p.lines.length > 0 &&
    p.lines.every((l) => l.vatCode !== undefined && l.suggestedBy !== 'chart-default') &&
    p.relation.matchedBy !== 'new' &&
    p.confidence >= threshold
  );
}

async function autoAccept(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  proposal: BookingProposal,
  input: CreateProposalInput,
): Promise<BookingProposal> {
  if (!qualifiesForAutoAccept(proposal, input.autoAcceptThreshold)) return proposal;
  try {
    return await acceptAs(deps, tenant, adm, proposal.id, proposal.version, 'auto');
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const now = await readProposal(deps.table, adm.firmId, adm.id, proposal.id);
    if (now?.proposal.status !== 'proposed') return now?.proposal ?? proposal;
    return noteAutoAcceptFailure(deps, tenant, adm, now.proposal, now.claimSk, error.message);
  }
}

/** Leaves a proposal that could not be accepted without hands with an issue saying why (once). */
async function noteAutoAcceptFailure(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  proposal: BookingProposal,
  claimSk: string | undefined,
  reason: string,
): Promise<BookingProposal> {
  const at = deps.clock().toISOString();
  const after: BookingProposal = {
    ...proposal,
    issues: [
      ...proposal.issues,
      { field: 'status', message: `Not accepted automatically: ${reason}`, source: 'check', blocking: false },
    ],
    version: proposal.version + 1,
    updatedAt: at,
  };
  try {
    await transactWrite(
      deps.table,
      [
        guardedPut(adm.firmId, after, claimSk, proposal.version, ['proposed']),
        auditPut(tenant, new Date(at), {
          action: 'proposal.auto-accept-failed',
          entityType: 'BookingProposal',
          entityId: proposal.id,
          administrationId: adm.id,
          before: proposal,
          after,
        }),
      ],
      () => new ConflictError('VERSION_CONFLICT', 'Changed meanwhile.'),
    );
    return after;
  } catch (error) {
    if (error instanceof ConflictError) return proposal;
    throw error;
  }
}

/** Everything a proposal says, before its claim is checked: reads relations, chart and counters, writes nothing. */
async function draftProposal(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  id: string,
  input: CreateProposalInput,
): Promise<{ proposal: BookingProposal; claimSk?: string | undefined }> {
  const recognition = input.recognition;
  const side = sideOf(recognition, input.own);
  const party = counterpartyOf(recognition, side);
  const [resolution, accounts] = await Promise.all([
    resolveRelation(deps, tenant, adm, side, party),
    readChart(deps, adm),
  ]);
  const found = resolution.found;
  const proposed = resolution.relation.proposedRelation;

  const t = recognition.totals;
  const statedGross = t.gross?.value ?? (t.net && t.vat ? t.net.value + t.vat.value : undefined);
  const sign: 1 | -1 = (statedGross ?? 0) < 0 ? -1 : 1;
  const kind = recognition.documentType.value === 'credit-note' || sign < 0 ? 'credit-note' : 'invoice';
  const source = sourceLinesOf(recognition, sign);
  const totals = documentTotals(recognition, sign, source.lines);

  const relationCounters = found
    ? await readRelationCounters(deps.table, adm.firmId, adm.id, found.id, side)
    : undefined;
  const known = relationCounters && relationCounters.counters.pairs.length > 0 ? relationCounters.counters : undefined;
  const firm = known
    ? undefined
    : await readFirmCounters(deps.table, adm.firmId, adm.country, side, {
        vatNumber: proposed?.vatNumber ?? found?.vatNumber,
        iban: proposed?.iban ?? found?.ibans[0],
      });
  const ctx: SuggestionContext = {
    side,
    country: adm.country,
    accounts,
    relation: known,
    firm,
    relationDefaults: found ? { glAccount: found.defaultGlAccount, vatCode: found.defaultVatCode } : undefined,
  };
  const consolidation = consolidate({
    recognition,
    sign,
    country: adm.country,
    totals,
    sourceLines: source.lines,
    suggest: (line) => suggestLine(ctx, line),
    accountName: (code) => accounts.get(code)?.name,
    label: proposed?.name ?? found?.name ?? (side === 'sales' ? 'Sales' : 'Purchase'),
  });

  const confidences = {
    'header.invoiceNumber': recognition.invoiceNumber?.confidence,
    'header.invoiceDate': recognition.invoiceDate?.confidence,
    totals: t.gross?.confidence,
  };
  const headerConfidence = Math.min(1, ...Object.values(confidences).filter((c): c is number => c !== undefined));
  const header = {
    ...(recognition.invoiceNumber ? { invoiceNumber: recognition.invoiceNumber.value.trim() } : {}),
    ...(recognition.invoiceDate ? { invoiceDate: recognition.invoiceDate.value } : {}),
    ...(recognition.dueDate ? { dueDate: recognition.dueDate.value } : {}),
    currency: (recognition.currency?.value ?? 'EUR').trim().toUpperCase(),
    ...(recognition.paymentReference ? { paymentReference: recognition.paymentReference.value.trim() } : {}),
    confidence: headerConfidence,
  };
  const at = deps.clock().toISOString();
  const reading: ProposalIssue[] = [
    ...recognition.issues.map((i) => ({ ...i, source: 'recognition' as const, blocking: false })),
    ...lowConfidenceIssues(confidences),
    ...source.issues,
    ...consolidation.issues,
  ];
  const base = {
    side,
    relation: resolution.relation,
    header,
    totals,
    lines: consolidation.lines,
  };
  const proposal: BookingProposal = {
    id,
    administrationId: adm.id,
    documentId: input.document.id,
    document: {
      source: input.document.source,
      fileName: input.document.fileName,
      receivedAt: input.document.receivedAt,
      recognitionSource: recognition.source,
    },
    status: 'proposed',
    kind,
    ...base,
    documentLines: recognition.lines,
    ...(input.document.lines ? { documentLinesBeside: { ...input.document.lines } } : {}),
    issues: [...reading, ...resolution.issues, ...proposalIssues(base, { country: adm.country, accounts })],
    confidence: overallConfidence(resolution.relation.confidence, [headerConfidence], consolidation.lines),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  return { proposal, claimSk: claimSkOf(side, counterpartyKey(proposed, found), header, totals.gross) };
}
