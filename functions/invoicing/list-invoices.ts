import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath, invoicesQuery } from '#functions/shared/schemas.ts';
import { listInvoices } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, query: invoicesQuery },
  async ({ tenant, params, query }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
    return presentMoney(await listInvoices(invoicing, adm, query.side, query));
  },
);
