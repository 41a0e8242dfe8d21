import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { asSent, bankAccountPath } from '#functions/shared/schemas.ts';
import { BankAccountInput, putBankAccount } from '#packages/bank';

export const handler = httpRoute(
  { params: bankAccountPath, body: asSent(BankAccountInput) },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    return putBankAccount(bank, tenant, adm, params.iban, body);
  },
);
