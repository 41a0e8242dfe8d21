import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { asSent, loanPath } from '#functions/shared/schemas.ts';
import { LoanInput, putLoan } from '#packages/bank';
import { presentMoney } from '#packages/ledger';
import { parseInput } from '#packages/proposals';

export const handler = httpRoute({ params: loanPath, body: asSent(LoanInput) }, async ({ tenant, params, body }) => {
  const adm = await booksOf(tenant, params.administrationId);
  return presentMoney(await putLoan(bank, tenant, adm, params.loanId, parseInput(LoanInput, body)));
});
