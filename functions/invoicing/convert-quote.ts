import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { asSent, quotePath } from '#functions/shared/schemas.ts';
import { ConvertQuoteInput, convertQuoteToInvoice } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: quotePath, body: asSent(ConvertQuoteInput), idempotency: 'quotes.convert' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
    const converted = await convertQuoteToInvoice(invoicing, tenant, adm, params.quoteId, body);
    return result(201, presentMoney(converted), {
      location: `/administrations/${params.administrationId}/invoices/${converted.invoice.id}`,
    });
  },
);
