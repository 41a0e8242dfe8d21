import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { asSent, bankLinePath } from '#functions/shared/schemas.ts';
import { RejectSuggestionInput, rejectSuggestion } from '#packages/bank';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: bankLinePath, body: asSent(RejectSuggestionInput) },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    return presentMoney(await rejectSuggestion(bank, tenant, adm, params.lineId, body));
  },
);
