import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { listBankAccounts } from '#packages/bank';

export const handler = httpRoute({ params: administrationPath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  return { items: await listBankAccounts(table, adm) };
});
