import { httpRoute } from '#functions/shared/http.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { getMe } from '#packages/tenancy';

export const handler = httpRoute({}, ({ tenant }) => getMe(tenancy, tenant));
