import { httpRoute } from '#functions/shared/http.ts';
import { userPath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { getUser } from '#packages/tenancy';

export const handler = httpRoute({ params: userPath }, ({ tenant, params }) => getUser(tenancy, tenant, params.userId));
