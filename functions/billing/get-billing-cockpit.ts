import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { getFirmCockpit, presentBilling } from '#packages/billing';
import { systemClock } from '#packages/kernel';

const billing = { table, clock: systemClock };

export const handler = httpRoute({}, async ({ tenant }) => presentBilling(await getFirmCockpit(billing, tenant)));
