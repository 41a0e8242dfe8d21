import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result, versionFromIfMatch } from '#functions/shared/http.ts';
import { answerProposalDecision } from '#functions/shared/peppol-status.ts';
import { proposals } from '#functions/shared/proposals.ts';
import { asSent, proposalPath } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { RejectProposalInput, rejectProposal } from '#packages/proposals';

export const handler = httpRoute(
  { params: proposalPath, body: asSent(RejectProposalInput), idempotency: 'proposals.reject' },
  async ({ tenant, params, body, headers }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const proposal = await rejectProposal(proposals, tenant, adm, params.proposalId, body, versionFromIfMatch(headers));
    await answerProposalDecision(adm, proposal);
    return result(201, presentMoney(proposal), etag(proposal.version));
  },
);
