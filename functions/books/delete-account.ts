import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { accountPath } from '#functions/shared/schemas.ts';
import { deleteAccount } from '#packages/ledger';

export const handler = httpRoute({ params: accountPath }, async ({ tenant, params }) => {
  await deleteAccount(ledger, tenant, await booksOf(tenant, params.administrationId), params.code);
  return result(204);
});
