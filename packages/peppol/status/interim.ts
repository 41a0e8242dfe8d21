import { ConflictError, type TenantContext } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { type BookingProposal, parseInput, requireBookkeeper } from '#packages/proposals';
import { PeppolStatusUpdateInput } from './model.js';
import { answerPeppolStatus, type PeppolStatusDeps, type PeppolStatusOutcome } from './respond.js';

/**
 * Sends the seller of a Peppol invoice an interim Invoice Response (in process, under query,
 * conditionally accepted) for a proposal that is not decided yet. Acceptance and rejection
 * answer AP and RE by themselves; afterwards an interim status would contradict them (409).
 * The firm sends these, like it decides proposals. Sending the same status again answers
 * `already-answered` and queues nothing; each distinct query is a new UQ.
 */
export async function sendInterimStatus(
  deps: PeppolStatusDeps,
  tenant: TenantContext,
  adm: BooksOf,
  proposal: BookingProposal,
  input: PeppolStatusUpdateInput,
): Promise<Exclude<PeppolStatusOutcome, { outcome: 'not-peppol' }>> {
  requireBookkeeper(tenant, adm);
  const update = parseInput(PeppolStatusUpdateInput, input);
  if (proposal.document.source !== 'peppol') {
    throw new ConflictError('NOT_A_PEPPOL_INVOICE', `Proposal ${proposal.id} was not made from a Peppol invoice.`);
  }
  if (proposal.status !== 'proposed' && proposal.status !== 'duplicate') {
    throw new ConflictError(
      'PROPOSAL_DECIDED',
      `Proposal ${proposal.id} is ${proposal.status}; its seller has had the final answer.`,
    );
  }
  const outcome = await answerPeppolStatus(deps, {
    kind: 'status-update',
    firmId: adm.firmId,
    administrationId: adm.id,
    documentId: proposal.documentId,
    code: update.status,
    clarifications: [
      ...update.reasons.map((r) => ({ kind: 'reason' as const, code: r.code, text: r.text })),
      ...update.actions.map((a) => ({ kind: 'action' as const, code: a.code, text: a.text })),
    ],
    note: update.note,
    at: deps.clock().toISOString(),
  });
  if (outcome.outcome === 'not-peppol') {
    throw new ConflictError('NOT_A_PEPPOL_INVOICE', `No Peppol message is recorded for proposal ${proposal.id}.`);
  }
  return outcome;
}
