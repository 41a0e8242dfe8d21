import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, requireIfMatch, result } from '#functions/shared/http.ts';
import { proposals } from '#functions/shared/proposals.ts';
import { asSent, proposalPath } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { EditProposalInput, editProposal } from '#packages/proposals';

export const handler = httpRoute(
  { params: proposalPath, body: asSent(EditProposalInput) },
  async ({ tenant, params, body, headers }) => {
    const proposal = await editProposal(
      proposals,
      tenant,
      await booksOf(tenant, params.administrationId),
      params.proposalId,
      body,
      requireIfMatch(headers),
    );
    return result(200, presentMoney(proposal), etag(proposal.version));
  },
);
