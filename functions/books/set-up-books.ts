import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { setUpBooks } from '#packages/ledger';

export const handler = httpRoute({ params: administrationPath }, async ({ tenant, params }) => {
  const { created } = await setUpBooks(ledger, tenant, await booksOf(tenant, params.administrationId));
  return result(created ? 201 : 200, { created });
});
