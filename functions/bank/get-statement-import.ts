import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { statementImportPath } from '#functions/shared/schemas.ts';
import { getStatementImport } from '#packages/bank';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: statementImportPath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  return presentMoney(await getStatementImport(table, adm, params.importId));
});
