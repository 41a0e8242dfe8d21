import { connectionPath } from '#functions/shared/bank-connections.ts';
import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { getConnection } from '#packages/bank';

export const handler = httpRoute({ params: connectionPath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  const connection = await getConnection(table, adm.firmId, adm.id, params.connectionId);
  return result(200, connection, etag(connection.version));
});
