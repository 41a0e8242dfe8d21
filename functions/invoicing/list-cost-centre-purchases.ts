import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { costCentrePath, dateRangeQuery } from '#functions/shared/schemas.ts';
import { listPurchasesByCostCentre } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: costCentrePath, query: dateRangeQuery }, async ({ tenant, params, query }) =>
  presentMoney(
    await listPurchasesByCostCentre(invoicing, await booksOf(tenant, params.administrationId), params.code, query),
  ),
);
