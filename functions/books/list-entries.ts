import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath, entriesQuery } from '#functions/shared/schemas.ts';
import { listEntriesByPeriod, presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, query: entriesQuery },
  async ({ tenant, params, query }) =>
    presentMoney(
      await listEntriesByPeriod(ledger, await booksOf(tenant, params.administrationId), query.period, query),
    ),
);
