import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { listMemberships } from '#packages/tenancy';

export const handler = httpRoute({ params: administrationPath }, async ({ tenant, params }) => ({
  items: await listMemberships(tenancy, tenant, params.administrationId),
}));
