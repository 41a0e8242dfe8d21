import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { asSent, openItemPath } from '#functions/shared/schemas.ts';
import { RecordReminderInput, recordReminder } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: openItemPath, body: asSent(RecordReminderInput), idempotency: 'open-items.remind' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
    const item = await recordReminder(invoicing, tenant, adm, params.openItemId, body);
    return result(201, presentMoney(item), {
      location: `/administrations/${params.administrationId}/open-items/${params.openItemId}`,
    });
  },
);
