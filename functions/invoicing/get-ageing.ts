import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { AgeingQuery, ageingReport } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, query: AgeingQuery },
  async ({ tenant, params, query }) =>
    presentMoney(await ageingReport(invoicing, await booksOf(tenant, params.administrationId), query)),
);
