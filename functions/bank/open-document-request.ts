import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { bankLinePath } from '#functions/shared/schemas.ts';
import { openDocumentRequest } from '#packages/bank';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: bankLinePath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  return result(201, presentMoney(await openDocumentRequest(bank, tenant, adm, params.lineId)));
});
