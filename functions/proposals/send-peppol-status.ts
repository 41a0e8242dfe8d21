import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { peppolStatus } from '#functions/shared/peppol-status.ts';
import { proposals } from '#functions/shared/proposals.ts';
import { asSent, proposalPath } from '#functions/shared/schemas.ts';
import { PeppolStatusUpdateInput, sendInterimStatus } from '#packages/peppol';
import { getProposal } from '#packages/proposals';

export const handler = httpRoute(
  { params: proposalPath, body: asSent(PeppolStatusUpdateInput) },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const proposal = await getProposal(proposals, adm, params.proposalId);
    const sent = await sendInterimStatus(peppolStatus, tenant, adm, proposal, body);
    return sent.outcome === 'queued'
      ? result(202, { outcome: sent.outcome, code: sent.message.responseCode, messageId: sent.message.messageId })
      : result(200, { outcome: sent.outcome, code: sent.code });
  },
);
