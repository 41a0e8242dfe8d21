import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { relationOpenItemsQuery, relationPath } from '#functions/shared/schemas.ts';
import { listOpenItemsOfRelation } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: relationPath, query: relationOpenItemsQuery },
  async ({ tenant, params, query }) =>
    presentMoney(
      await listOpenItemsOfRelation(
        invoicing,
        await booksOf(tenant, params.administrationId),
        params.relationId,
        query,
      ),
    ),
);
