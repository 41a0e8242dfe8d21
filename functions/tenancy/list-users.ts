import { httpRoute } from '#functions/shared/http.ts';
import { pageQuery } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { listUsers } from '#packages/tenancy';

export const handler = httpRoute({ query: pageQuery }, ({ tenant, query }) => listUsers(tenancy, tenant, query));
