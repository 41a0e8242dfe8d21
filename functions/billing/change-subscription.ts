import { billing } from '#functions/shared/billing.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { changeSubscription, SubscriptionChangeInput } from '#packages/billing';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute(
  { params: administrationPath, body: SubscriptionChangeInput, idempotency: 'billing.subscription-change' },
  async ({ tenant, params, body }) => {
    const administration = await getAdministration(tenancy, tenant, params.administrationId);
    return result(201, await changeSubscription(billing, tenant, administration, body));
  },
);
