import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { AddAccountBody, addAccount } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, body: AddAccountBody, idempotency: 'accounts.add' },
  async ({ tenant, params, body }) =>
    result(201, await addAccount(ledger, tenant, await booksOf(tenant, params.administrationId), body)),
);
