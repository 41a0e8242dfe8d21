import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { bankLinePath } from '#functions/shared/schemas.ts';
import { type BankSuggestion, bookAs, getBankLine } from '#packages/bank';
import { ConflictError } from '#packages/kernel';
import { presentMoney } from '#packages/ledger';

/** Books the line as the robot suggested (one click). */
export const handler = httpRoute(
  { params: bankLinePath, idempotency: 'bank.book-line' },
  async ({ tenant, params }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const line = await getBankLine(bank.table, adm, params.lineId);
    const suggestion = line.suggestion as BankSuggestion | undefined;
    if (!suggestion || suggestion.kind === 'none' || 'rejected' in suggestion) {
      throw new ConflictError('NO_SUGGESTION', 'The line has no suggestion to accept; PUT the booking you want.');
    }
    return result(201, presentMoney(await bookAs(bank, tenant, adm, line, suggestion, false)));
  },
);
