import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { QuoteStatusBody, quotePath } from '#functions/shared/schemas.ts';
import { setQuoteStatus } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: quotePath, body: QuoteStatusBody }, async ({ tenant, params, body }) => {
  const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
  return presentMoney(await setQuoteStatus(invoicing, tenant, adm, params.quoteId, body.status));
});
