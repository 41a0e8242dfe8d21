import { withBilledTerms } from '#functions/shared/billing.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { membershipPath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { revokeMembership } from '#packages/tenancy';

export const handler = httpRoute({ params: membershipPath }, async ({ tenant, params }) => {
  await withBilledTerms(tenant, params.administrationId, () =>
    revokeMembership(tenancy, tenant, params.administrationId, params.userId),
  );
  return result(204);
});
