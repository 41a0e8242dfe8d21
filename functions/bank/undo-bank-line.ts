import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { bankLinePath } from '#functions/shared/schemas.ts';
import { undoBankLine } from '#packages/bank';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: bankLinePath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  return presentMoney(await undoBankLine(bank, tenant, adm, params.lineId));
});
