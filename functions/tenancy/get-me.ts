import { getMe } from '#packages/tenancy';
import { httpRoute } from '#functions/shared/http.ts';
import { tenancy } from '#functions/shared/tenancy.ts';

export const handler = httpRoute({}, ({ tenant }) => getMe(tenancy, tenant));
