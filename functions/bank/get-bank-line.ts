import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { bankLinePath } from '#functions/shared/schemas.ts';
import { getBankLine } from '#packages/bank';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: bankLinePath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  const line = await getBankLine(table, adm, params.lineId);
  return result(200, presentMoney(line), etag(line.version));
});
