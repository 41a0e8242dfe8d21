import { httpRoute, result } from '#functions/shared/http.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { CreateUserInput, createUser } from '#packages/tenancy';

export const handler = httpRoute({ body: CreateUserInput, idempotency: 'users.create' }, async ({ tenant, body }) => {
  const user = await createUser(tenancy, tenant, body);
  return result(201, user, { location: `/users/${user.id}` });
});
