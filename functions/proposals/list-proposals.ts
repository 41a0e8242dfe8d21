import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { proposals } from '#functions/shared/proposals.ts';
import { administrationPath, proposalsQuery } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { listProposals } from '#packages/proposals';

export const handler = httpRoute(
  { params: administrationPath, query: proposalsQuery },
  async ({ tenant, params, query }) =>
    presentMoney(await listProposals(proposals, await booksOf(tenant, params.administrationId), query)),
);
