import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath, openItemsQuery } from '#functions/shared/schemas.ts';
import { listOutstandingItems } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, query: openItemsQuery },
  async ({ tenant, params, query }) =>
    presentMoney(
      await listOutstandingItems(invoicing, await booksOf(tenant, params.administrationId), query.side, query),
    ),
);
