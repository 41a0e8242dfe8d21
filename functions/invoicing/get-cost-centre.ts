import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { costCentrePath } from '#functions/shared/schemas.ts';
import { getCostCentre } from '#packages/invoicing';

export const handler = httpRoute({ params: costCentrePath }, async ({ tenant, params }) =>
  getCostCentre(invoicing, await booksOf(tenant, params.administrationId), params.code),
);
