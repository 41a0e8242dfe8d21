import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath, pageQuery } from '#functions/shared/schemas.ts';
import { listQuotes } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, query: pageQuery },
  async ({ tenant, params, query }) => {
    const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
    return presentMoney(await listQuotes(invoicing, adm, query));
  },
);
