import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath, documentsQuery } from '#functions/shared/schemas.ts';
import { listDocuments } from '#packages/intake';

export const handler = httpRoute(
  { params: administrationPath, query: documentsQuery },
  async ({ tenant, params, query }) => {
    const adm = await booksOf(tenant, params.administrationId);
    return listDocuments(table, adm.firmId, adm.id, query);
  },
);
