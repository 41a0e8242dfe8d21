import { parse } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { queueNewLines } from '#functions/shared/bank.ts';
import { syncDeps, syncOptions } from '#functions/shared/bank-connections.ts';
import { logger } from '#functions/shared/observability.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { BankSyncMessage, syncBankConnection } from '#packages/bank';

const Body = JSONStringified(BankSyncMessage);

/** A rate limit or outage outlasted the run's own retries: the queue delivers the message again later. */
class SyncPostponedError extends Error {
  override name = 'SyncPostponedError';
}

/**
 * Syncs one connection: new lines to the robot (`bank-lines`). A rate limit or outage is
 * retried by redelivery (visibility timeout, then the DLQ after maxReceiveCount); an expired or
 * revoked consent is recorded on the connection and the message is done.
 */
export const handler = queueConsumer<BankSyncMessage>({
  name: 'bank/sync-connection',
  parse: (record) => [parse(record.body, undefined, Body)],
  identity: (m) => `${m.firmId}#${m.administrationId}#${m.connectionId}#${m.run}`,
  process: async (m) => {
    const run = await syncBankConnection(syncDeps, m.firmId, m.administrationId, m.connectionId, syncOptions);
    await queueNewLines({ firmId: m.firmId, id: m.administrationId, country: run.connection.country }, run.lineIds);
    logger.info('Bank connection synced', {
      administrationId: m.administrationId,
      connectionId: m.connectionId,
      status: run.connection.status,
      accounts: run.summary.accounts,
      fetched: run.summary.fetched,
      new: run.summary.new,
      duplicates: run.summary.duplicates,
      errors: run.summary.errors.map((e) => e.code),
    });
    if (run.retryable) {
      throw new SyncPostponedError(`Sync of ${m.connectionId} postponed: ${run.summary.errors.at(-1)?.code ?? ''}`);
    }
  },
});
