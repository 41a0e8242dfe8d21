import { billing } from '#functions/shared/billing.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { BillingInvoicesQuery, listFirmInvoices, presentBilling } from '#packages/billing';

export const handler = httpRoute({ query: BillingInvoicesQuery }, async ({ tenant, query }) =>
  presentBilling(await listFirmInvoices(billing, tenant, query)),
);
