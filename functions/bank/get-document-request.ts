import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { bankLinePath } from '#functions/shared/schemas.ts';
import { getRequestThread } from '#packages/bank';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: bankLinePath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  return presentMoney(await getRequestThread(table, adm, params.lineId));
});
