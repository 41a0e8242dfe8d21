import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { HoursReportQuery, hoursReport } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, query: HoursReportQuery },
  async ({ tenant, params, query }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'hours-invoices' });
    return presentMoney(await hoursReport(invoicing, adm, query));
  },
);
