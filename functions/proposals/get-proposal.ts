import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { readObject } from '#functions/shared/intake.ts';
import { proposals } from '#functions/shared/proposals.ts';
import { proposalPath } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { getProposal, proposalWithAllLines } from '#packages/proposals';

const objects = { readObject: async (key: string) => (await readObject(key)).raw };

export const handler = httpRoute({ params: proposalPath }, async ({ tenant, params }) => {
  const stored = await getProposal(proposals, await booksOf(tenant, params.administrationId), params.proposalId);
  const proposal = await proposalWithAllLines(objects, stored);
  return result(200, presentMoney(proposal), etag(proposal.version));
});
