import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { getCatalogue } from '#packages/billing';
import { systemClock } from '#packages/kernel';

const billing = { table, clock: systemClock };

export const handler = httpRoute({}, async () => getCatalogue(billing));
