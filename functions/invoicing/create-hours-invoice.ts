import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath, asSent } from '#functions/shared/schemas.ts';
import { createInvoiceFromHours, InvoiceFromHoursInput } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, body: asSent(InvoiceFromHoursInput), idempotency: 'hours-invoices.create' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'hours-invoices' });
    const { invoice } = await createInvoiceFromHours(invoicing, tenant, adm, body);
    return result(201, presentMoney(invoice), {
      location: `/administrations/${params.administrationId}/invoices/${invoice.id}`,
    });
  },
);
