import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { peppolMessagesQuery } from '#functions/shared/peppol-intake.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { listPeppolMessages } from '#packages/peppol';

export const handler = httpRoute(
  { params: administrationPath, query: peppolMessagesQuery },
  async ({ tenant, params, query }) => {
    const adm = await booksOf(tenant, params.administrationId);
    return listPeppolMessages(table, adm.firmId, adm.id, query);
  },
);
