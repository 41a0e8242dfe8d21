import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { BillingPeriodPath, getFirmInvoice, presentBilling } from '#packages/billing';
import { systemClock } from '#packages/kernel';

const billing = { table, clock: systemClock };

export const handler = httpRoute({ params: BillingPeriodPath }, async ({ tenant, params }) =>
  presentBilling(await getFirmInvoice(billing, tenant, params.period)),
);
