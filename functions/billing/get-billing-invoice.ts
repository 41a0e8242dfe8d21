import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { BillingInvoicePath, getFirmInvoice, presentBilling } from '#packages/billing';
import { systemClock } from '#packages/kernel';

const billing = { table, clock: systemClock };

export const handler = httpRoute({ params: BillingInvoicePath }, async ({ tenant, params }) =>
  presentBilling(await getFirmInvoice(billing, tenant, params.invoiceId)),
);
