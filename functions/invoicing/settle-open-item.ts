import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { answerOpenItemsPaid } from '#functions/shared/peppol-status.ts';
import { asSent, openItemPath, SettlementBody } from '#functions/shared/schemas.ts';
import { settleOpenItems } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: openItemPath, body: asSent(SettlementBody), idempotency: 'open-items.settle' },
  async ({ tenant, params, body: { invoiceItemId, ...input } }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
    const settled = await settleOpenItems(invoicing, tenant, adm, params.openItemId, invoiceItemId, input);
    await answerOpenItemsPaid(adm, [settled.invoice, settled.creditNote], settled.settlement.date);
    return result(201, presentMoney(settled), {
      location: `/administrations/${params.administrationId}/open-items/${params.openItemId}`,
    });
  },
);
