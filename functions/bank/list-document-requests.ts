import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath, documentRequestsQuery } from '#functions/shared/schemas.ts';
import { listDocumentRequests } from '#packages/bank';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, query: documentRequestsQuery },
  async ({ tenant, params, query }) => {
    const adm = await booksOf(tenant, params.administrationId);
    return presentMoney(await listDocumentRequests(table, adm, query));
  },
);
