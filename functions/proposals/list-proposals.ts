import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { readObject } from '#functions/shared/intake.ts';
import { proposals } from '#functions/shared/proposals.ts';
import { administrationPath, proposalsQuery } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { listProposals, proposalWithAllLines } from '#packages/proposals';

const objects = { readObject: async (key: string) => (await readObject(key)).raw };

export const handler = httpRoute(
  { params: administrationPath, query: proposalsQuery },
  async ({ tenant, params, query }) => {
    const page = await listProposals(proposals, await booksOf(tenant, params.administrationId), query);
    const items = await Promise.all(page.items.map((p) => proposalWithAllLines(objects, p)));
    return presentMoney({ ...page, items });
  },
);
