import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath, pageQuery } from '#functions/shared/schemas.ts';
import { listStatementImports } from '#packages/bank';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, query: pageQuery },
  async ({ tenant, params, query }) => {
    const adm = await booksOf(tenant, params.administrationId);
    return presentMoney(await listStatementImports(table, adm, query));
  },
);
