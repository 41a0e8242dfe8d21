import { billing } from '#functions/shared/billing.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { getSubscription } from '#packages/billing';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute({ params: administrationPath }, async ({ tenant, params }) =>
  getSubscription(billing, tenant, await getAdministration(tenancy, tenant, params.administrationId)),
);
