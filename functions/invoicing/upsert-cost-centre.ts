import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { asSent, costCentrePath } from '#functions/shared/schemas.ts';
import { CostCentreInput, upsertCostCentre } from '#packages/invoicing';

export const handler = httpRoute(
  { params: costCentrePath, body: asSent(CostCentreInput) },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'hours-invoices' });
    const { costCentre, created } = await upsertCostCentre(invoicing, tenant, adm, params.code, body);
    return result(created ? 201 : 200, costCentre);
  },
);
