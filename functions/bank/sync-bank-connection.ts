import { queueNewLines } from '#functions/shared/bank.ts';
import { connectionPath, syncDeps, syncOptions } from '#functions/shared/bank-connections.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { logger } from '#functions/shared/observability.ts';
import { syncBankConnection } from '#packages/bank';

/** Syncs a connection now (the client or accountant asks); new lines go to the robot. */
export const handler = httpRoute({ params: connectionPath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  const run = await syncBankConnection(syncDeps, adm.firmId, adm.id, params.connectionId, syncOptions);
  await queueNewLines(adm, run.lineIds);
  logger.info('Bank connection synced', {
    administrationId: adm.id,
    connectionId: params.connectionId,
    ...run.summary,
  });
  return { connection: run.connection, summary: run.summary, newLines: run.lineIds.length };
});
