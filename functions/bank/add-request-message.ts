import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { asSent, bankLinePath } from '#functions/shared/schemas.ts';
import { addRequestMessage, RequestMessageInput } from '#packages/bank';
import { presentMoney } from '#packages/ledger';
import { parseInput } from '#packages/proposals';

/** The client replies (or links an uploaded document); the firm writes back. */
export const handler = httpRoute(
  { params: bankLinePath, body: asSent(RequestMessageInput) },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const input = parseInput(RequestMessageInput, body);
    return result(201, presentMoney(await addRequestMessage(bank, tenant, adm, params.lineId, input)));
  },
);
