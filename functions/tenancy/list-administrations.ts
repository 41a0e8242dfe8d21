import { httpRoute } from '#functions/shared/http.ts';
import { pageQuery } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { listAdministrations } from '#packages/tenancy';

export const handler = httpRoute({ query: pageQuery }, ({ tenant, query }) =>
  listAdministrations(tenancy, tenant, query),
);
