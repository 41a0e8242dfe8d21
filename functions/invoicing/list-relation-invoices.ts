import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { pageQuery, relationPath } from '#functions/shared/schemas.ts';
import { listInvoicesOfRelation } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: relationPath, query: pageQuery }, async ({ tenant, params, query }) => {
  const adm = await booksOf(tenant, params.administrationId, { clientNeeds: 'sales-invoices' });
  return presentMoney(await listInvoicesOfRelation(invoicing, adm, params.relationId, query));
});
