import { billing } from '#functions/shared/billing.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { getFirmCockpit, presentBilling } from '#packages/billing';

export const handler = httpRoute({}, async ({ tenant }) => presentBilling(await getFirmCockpit(billing, tenant)));
