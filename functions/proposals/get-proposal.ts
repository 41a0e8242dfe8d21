import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { proposals } from '#functions/shared/proposals.ts';
import { proposalPath } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { getProposal } from '#packages/proposals';

export const handler = httpRoute({ params: proposalPath }, async ({ tenant, params }) => {
  const proposal = await getProposal(proposals, await booksOf(tenant, params.administrationId), params.proposalId);
  return result(200, presentMoney(proposal), etag(proposal.version));
});
