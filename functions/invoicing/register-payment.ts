import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { answerOpenItemsPaid } from '#functions/shared/peppol-status.ts';
import { asSent, openItemPath } from '#functions/shared/schemas.ts';
import { RegisterPaymentInput, registerPayment } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: openItemPath, body: asSent(RegisterPaymentInput), idempotency: 'open-items.pay' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
    const paid = await registerPayment(invoicing, tenant, adm, params.openItemId, body);
    await answerOpenItemsPaid(adm, [paid.openItem], paid.payment.date);
    return result(201, presentMoney(paid), {
      location: `/administrations/${params.administrationId}/open-items/${params.openItemId}`,
    });
  },
);
