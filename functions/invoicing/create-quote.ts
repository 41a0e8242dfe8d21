import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath, asSent } from '#functions/shared/schemas.ts';
import { createQuote, QuoteInput } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, body: asSent(QuoteInput), idempotency: 'quotes.create' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
    const quote = await createQuote(invoicing, tenant, adm, body);
    return result(201, presentMoney(quote), {
      location: `/administrations/${params.administrationId}/quotes/${quote.id}`,
    });
  },
);
