import { billing } from '#functions/shared/billing.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { getCatalogue } from '#packages/billing';

export const handler = httpRoute({}, async () => getCatalogue(billing));
