import { startPurchaseApproval } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { createInvoice } from '#functions/shared/invoicing.ts';
import { administrationPath, asSent, InvoiceBody } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, body: asSent(InvoiceBody), idempotency: 'invoices.create' },
  async ({ tenant, params, body, headers }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
    const invoice = await createInvoice(tenant, adm, body);
    const approval =
      invoice.side === 'purchase' && invoice.kind === 'invoice'
        ? await startPurchaseApproval(tenant, adm, invoice.id, headers)
        : undefined;
    // The approval round (already presented) rides along outside the money conversion.
    return result(
      201,
      { ...(presentMoney(invoice) as object), ...approval },
      {
        location: `/administrations/${params.administrationId}/invoices/${invoice.id}`,
      },
    );
  },
);
