import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { invoicePath } from '#functions/shared/schemas.ts';
import { getInvoice } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: invoicePath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
  return presentMoney(await getInvoice(invoicing, adm, params.invoiceId));
});
