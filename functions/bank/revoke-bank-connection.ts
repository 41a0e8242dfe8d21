import { connectionPath, syncDeps } from '#functions/shared/bank-connections.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { revokeConnection } from '#packages/bank';

/** Ends the consent at the bank; the connection stays, revoked. */
export const handler = httpRoute({ params: connectionPath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  return revokeConnection(syncDeps, tenant, adm, params.connectionId);
});
