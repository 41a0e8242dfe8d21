import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { readObject } from '#functions/shared/intake.ts';
import { peppolFindingsQuery } from '#functions/shared/peppol-intake.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { listPeppolFindings } from '#packages/peppol';

export const handler = httpRoute(
  { params: administrationPath, query: peppolFindingsQuery },
  async ({ tenant, params, query }) => {
    const adm = await booksOf(tenant, params.administrationId);
    return listPeppolFindings(
      { table, readObject: async (key) => (await readObject(key)).raw },
      adm.firmId,
      adm.id,
      query,
    );
  },
);
