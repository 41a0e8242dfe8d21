import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { BillingInvoicesQuery, listFirmInvoices, presentBilling } from '#packages/billing';
import { systemClock } from '#packages/kernel';

const billing = { table, clock: systemClock };

export const handler = httpRoute({ query: BillingInvoicesQuery }, async ({ tenant, query }) =>
  presentBilling(await listFirmInvoices(billing, tenant, query)),
);
