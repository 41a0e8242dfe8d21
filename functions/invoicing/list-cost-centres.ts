import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath, pageQuery } from '#functions/shared/schemas.ts';
import { listCostCentres } from '#packages/invoicing';

export const handler = httpRoute({ params: administrationPath, query: pageQuery }, async ({ tenant, params, query }) =>
  listCostCentres(invoicing, await booksOf(tenant, params.administrationId), query),
);
