import { billing } from '#functions/shared/billing.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { BillingInvoicePath, getFirmInvoice, presentBilling } from '#packages/billing';

export const handler = httpRoute({ params: BillingInvoicePath }, async ({ tenant, params }) =>
  presentBilling(await getFirmInvoice(billing, tenant, params.invoiceId)),
);
