import { apiBaseUrl, connectionDeps, connectionPath } from '#functions/shared/bank-connections.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { logger } from '#functions/shared/observability.ts';
import { renewConnection } from '#packages/bank';

/** Asks the bank for a new consent on the connection's accounts; the client approves it at `scaRedirect`. */
export const handler = httpRoute(
  { params: connectionPath, idempotency: 'renew-bank-connection' },
  async ({ tenant, params, headers }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const renewal = await renewConnection(connectionDeps(apiBaseUrl(headers)), tenant, adm, params.connectionId);
    logger.info('Bank connection renewal started', { administrationId: adm.id, connectionId: params.connectionId });
    return result(201, renewal);
  },
);
