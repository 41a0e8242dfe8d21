import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute({ params: administrationPath }, async ({ tenant, params }) => {
  const administration = await getAdministration(tenancy, tenant, params.administrationId);
  return result(200, administration, etag(administration.version));
});
