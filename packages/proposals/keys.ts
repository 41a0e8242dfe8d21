import type { Key } from '#packages/table';
import type { ProposalSide, ProposalStatus } from './model.js';

/**
 * Key builders for booking proposals and what they learn. Every key starts with the tenant
 * path; the meaning of the generic index attributes (`gsi1pk`… `gsi2sk`) is given here and
 * nowhere else.
 */
export function proposalKeys(firmId: string, administrationId: string) {
  const p = `FIRM#${firmId}#ADM#${administrationId}`;
  return {
    /** A proposal by id (the id derives from the document, so a document has one proposal). */
    proposals: `${p}#PROPOSALS`,
    proposal: (id: string): Key => ({ pk: `${p}#PROPOSALS`, sk: id }),
    /** gsi1: proposals of one status, newest first (`gsi1sk = <createdAt>#<id>`). */
    proposalsOfStatus: (status: ProposalStatus) => `${p}#PROPOSALS#${status}`,
    /** gsi2: every proposal, newest first (`gsi2sk = <createdAt>#<id>`). */
    proposalsByDate: `${p}#PROPOSALS-BY-DATE`,
    listSort: (createdAt: string, id: string) => `${createdAt}#${id}`,

    /**
     * The claim of one invoice of one counterparty (key, invoice number, gross): the first
     * proposal holds it; any later proposal for the same invoice is a duplicate of that one.
     */
    claim: (claimSk: string): Key => ({ pk: `${p}#PROPOSAL-CLAIMS`, sk: claimSk }),

    /** What this administration booked for one relation on one side: pair and word counters. */
    relationLearning: (relationId: string, side: ProposalSide): Key => ({
      pk: `${p}#LEARN`,
      sk: `REL#${relationId}#${side}`,
    }),
  };
}

/**
 * Firm-wide counters of one supplier (or customer) across the firm's administrations, keyed by
 * its VAT number or IBAN and the country of the chart they were booked in.
 */
export function firmLearningKey(
  firmId: string,
  country: string,
  side: ProposalSide,
  identifier: { kind: 'vatNumber' | 'iban'; value: string },
): Key {
  const kind = identifier.kind === 'vatNumber' ? 'VAT' : 'IBAN';
  return { pk: `FIRM#${firmId}#LEARN#${country}#${side}#${kind}#${identifier.value}`, sk: 'COUNTS' };
}

/** The usage of a firm in one calendar month (`2026-03`): one item per billable event; billing owns the keys. */
export { usageKeys } from '#packages/billing';
