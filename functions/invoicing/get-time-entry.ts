import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { timeEntryPath } from '#functions/shared/schemas.ts';
import { getTimeEntry } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: timeEntryPath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'hours-invoices' });
  return presentMoney(await getTimeEntry(invoicing, adm, params.timeEntryId));
});
