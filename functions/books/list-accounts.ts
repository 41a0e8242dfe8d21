import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { listAccounts } from '#packages/ledger';

export const handler = httpRoute({ params: administrationPath }, async ({ tenant, params }) => ({
  items: await listAccounts(ledger, await booksOf(tenant, params.administrationId)),
}));
