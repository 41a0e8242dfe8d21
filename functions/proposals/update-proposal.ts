import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, requireIfMatch, result } from '#functions/shared/http.ts';
import { logger } from '#functions/shared/observability.ts';
import { proposals } from '#functions/shared/proposals.ts';
import { asSent, proposalPath } from '#functions/shared/schemas.ts';
import { layoutLearning } from '#functions/shared/supplier-layouts.ts';
import { presentMoney } from '#packages/ledger';
import { EditProposalInput, editProposal, learnFromCorrection } from '#packages/proposals';

export const handler = httpRoute(
  { params: proposalPath, body: asSent(EditProposalInput) },
  async ({ tenant, params, body, headers }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const proposal = await editProposal(proposals, tenant, adm, params.proposalId, body, requireIfMatch(headers));
    // The correction is saved; what it teaches the reader must not turn it into an error.
    await learnFromCorrection(layoutLearning, adm, proposal).catch((error: unknown) => {
      logger.warn('Supplier layout not learnt from the correction', { proposalId: proposal.id, error });
    });
    return result(200, presentMoney(proposal), etag(proposal.version));
  },
);
