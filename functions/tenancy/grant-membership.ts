import { withBilledTerms } from '#functions/shared/billing.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { membershipPath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { grantMembership } from '#packages/tenancy';

export const handler = httpRoute({ params: membershipPath }, async ({ tenant, params }) => {
  const { membership, created } = await withBilledTerms(tenant, params.administrationId, () =>
    grantMembership(tenancy, tenant, params.administrationId, params.userId),
  );
  return result(created ? 201 : 200, membership);
});
