import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { CreateAdministrationInput, createAdministration } from '#packages/tenancy';

export const handler = httpRoute(
  { body: CreateAdministrationInput, idempotency: 'administrations.create' },
  async ({ tenant, body }) => {
    const administration = await createAdministration(tenancy, tenant, body);
    return result(201, administration, {
      location: `/administrations/${administration.id}`,
      ...etag(administration.version),
    });
  },
);
