import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath, asSent } from '#functions/shared/schemas.ts';
import { BankSettingsInput, putBankSettings } from '#packages/bank';

export const handler = httpRoute(
  { params: administrationPath, body: asSent(BankSettingsInput) },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    return putBankSettings(bank, tenant, adm, body);
  },
);
