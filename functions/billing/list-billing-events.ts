import { billing } from '#functions/shared/billing.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { getBillingEvents } from '#packages/billing';

export const handler = httpRoute({}, async ({ tenant }) => getBillingEvents(billing, tenant));
