import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { OpenItem } from '#packages/invoicing';
import { systemClock } from '#packages/kernel';
import { answerPeppolStatus, type PeppolStatusDeps, type PeppolStatusEvent } from '#packages/peppol';
import type { BookingProposal } from '#packages/proposals';
import { table } from './clients.js';
import { logger, metrics } from './observability.js';
import { queuePeppolMessage } from './peppol-outbound.js';

/** The table, clock and outbound queue the status answers use. */
export const peppolStatus: PeppolStatusDeps = {
  table,
  clock: systemClock,
  respond: queuePeppolMessage,
};

/** The administration a status change happened in (what `booksOf` returns has both). */
interface Where {
  readonly firmId: string;
  readonly id: string;
}

/**
 * Answers the seller after the change is stored: the user's decision stands whatever happens
 * here, so a failure is logged and counted (`PeppolStatusAnswerFailed`), never returned.
 */
async function answer(event: PeppolStatusEvent): Promise<void> {
  try {
    const result = await answerPeppolStatus(peppolStatus, event);
    if (result.outcome === 'not-peppol') return;
    logger.info('Peppol status answered', {
      event: event.kind,
      administrationId: event.administrationId,
      outcome: result.outcome,
      ...(result.outcome === 'queued'
        ? { messageId: result.message.messageId, code: result.message.responseCode }
        : {}),
    });
  } catch (error) {
    logger.error('Peppol status answer failed', { event: event.kind, administrationId: event.administrationId, error });
    metrics.addMetric('PeppolStatusAnswerFailed', MetricUnit.Count, 1);
  }
}

/** AP or RE (with the reason) for a decided proposal made from a Peppol invoice; nothing for other sources. */
export async function answerProposalDecision(adm: Where, proposal: BookingProposal): Promise<void> {
  if (proposal.document.source !== 'peppol') return;
  const common = {
    firmId: adm.firmId,
    administrationId: adm.id,
    documentId: proposal.documentId,
    at: proposal.decidedAt ?? proposal.updatedAt,
  };
  if (proposal.status === 'accepted') {
    await answer({ kind: 'proposal-accepted', ...common, openItemId: proposal.posted?.openItemId });
  } else if (proposal.status === 'rejected') {
    await answer({ kind: 'proposal-rejected', ...common, reason: proposal.rejectionReason ?? 'Rejected.' });
  }
}

/** PD for payable open items paid in full whose invoice arrived by Peppol; nothing for others. */
export async function answerOpenItemsPaid(adm: Where, items: readonly OpenItem[], paidOn: string): Promise<void> {
  for (const item of items) {
    if (item.side !== 'payable' || item.outstanding !== 0) continue;
    await answer({
      kind: 'open-item-paid',
      firmId: adm.firmId,
      administrationId: adm.id,
      openItemId: item.id,
      at: paidOn,
    });
  }
}
