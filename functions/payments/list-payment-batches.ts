import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { BatchListQuery, listPaymentBatches, presentBatch } from '#packages/payments';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute(
  { params: administrationPath, query: BatchListQuery },
  async ({ tenant, params, query }) => {
    const adm = await getAdministration(tenancy, tenant, params.administrationId);
    const page = await listPaymentBatches(invoicing, tenant, adm, query);
    return { ...page, items: page.items.map(presentBatch) };
  },
);
