import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { asSent, bankLinePath } from '#functions/shared/schemas.ts';
import { bookBankLine, getBankLine, learn, ManualBookingInput, manualSpec } from '#packages/bank';
import { presentMoney } from '#packages/ledger';
import { parseInput } from '#packages/proposals';

/** Books the line as the accountant splits it: open items and/or GL accounts (a changed suggestion). */
export const handler = httpRoute(
  { params: bankLinePath, body: asSent(ManualBookingInput), idempotency: 'bank.book-line-as' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const input = parseInput(ManualBookingInput, body);
    const spec = manualSpec(input);
    const line = await getBankLine(bank.table, adm, params.lineId);
    const booked = await bookBankLine(bank, tenant, adm, params.lineId, spec, {
      automatic: false,
      allowOverpayment: input.allowOverpayment,
    });
    await learn(bank, adm, line, spec);
    return result(201, presentMoney(booked));
  },
);
