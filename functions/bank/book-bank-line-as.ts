import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { asSent, bankLinePath } from '#functions/shared/schemas.ts';
import { bookBankLine, learn, ManualBookingInput, manualSpec } from '#packages/bank';
import { presentMoney } from '#packages/ledger';
import { parseInput } from '#packages/proposals';

/** Books the line as the accountant splits it: open items and/or GL accounts (a changed suggestion). */
export const handler = httpRoute(
  { params: bankLinePath, body: asSent(ManualBookingInput), idempotency: 'bank.book-line-as' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const input = parseInput(ManualBookingInput, body);
    const spec = manualSpec(input);
    const booked = await bookBankLine(bank, tenant, adm, params.lineId, spec, {
      automatic: false,
      allowOverpayment: input.allowOverpayment,
    });
    // The booked line has the counterparty and texts the robot learns from.
    await learn(bank, adm, booked, spec);
    return result(201, presentMoney(booked));
  },
);
