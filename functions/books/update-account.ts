import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { accountPath } from '#functions/shared/schemas.ts';
import { UpdateAccountBody, updateAccount } from '#packages/ledger';

export const handler = httpRoute({ params: accountPath, body: UpdateAccountBody }, async ({ tenant, params, body }) =>
  updateAccount(ledger, tenant, await booksOf(tenant, params.administrationId), params.code, body),
);
