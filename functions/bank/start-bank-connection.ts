import { apiBaseUrl, connectionDeps } from '#functions/shared/bank-connections.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { logger } from '#functions/shared/observability.ts';
import { administrationPath, asSent } from '#functions/shared/schemas.ts';
import { StartConnectionInput, startConnection } from '#packages/bank';

/** Asks the bank for a consent on registered accounts; the client approves it at `scaRedirect`. */
export const handler = httpRoute(
  { params: administrationPath, body: asSent(StartConnectionInput), idempotency: 'start-bank-connection' },
  async ({ tenant, params, body, headers }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const started = await startConnection(connectionDeps(apiBaseUrl(headers)), tenant, adm, body);
    logger.info('Bank connection started', { administrationId: adm.id, connectionId: started.connection.id });
    return result(201, started);
  },
);
