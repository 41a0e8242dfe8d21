import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath, asSent } from '#functions/shared/schemas.ts';
import { recordTimeEntry, TimeEntryInput } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, body: asSent(TimeEntryInput), idempotency: 'time-entries.record' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'hours-invoices' });
    const entry = await recordTimeEntry(invoicing, tenant, adm, body);
    return result(201, presentMoney(entry), {
      location: `/administrations/${params.administrationId}/time-entries/${entry.id}`,
    });
  },
);
