import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { quotePath } from '#functions/shared/schemas.ts';
import { getQuote } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: quotePath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
  return presentMoney(await getQuote(invoicing, adm, params.quoteId));
});
