import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { createInvoice } from '#functions/shared/invoicing.ts';
import { administrationPath, asSent, InvoiceBody } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, body: asSent(InvoiceBody), idempotency: 'invoices.create' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
    const invoice = await createInvoice(tenant, adm, body);
    return result(201, presentMoney(invoice), {
      location: `/administrations/${params.administrationId}/invoices/${invoice.id}`,
    });
  },
);
