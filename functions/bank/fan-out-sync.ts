import { z } from 'zod';
import { psd2Settings, queueSyncs, renewalDeps } from '#functions/shared/bank-connections.ts';
import { table } from '#functions/shared/clients.ts';
import { loadConfig } from '#functions/shared/config.ts';
import { logger } from '#functions/shared/observability.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { bankSyncMessage, listSyncedConnections, sendRenewalReminder } from '#packages/bank';

const config = loadConfig({ SENDER_ADDRESS: z.string().min(3) });

/**
 * The morning schedule's message: one `bank-sync` message per connection that can be synced
 * (the one gsi2 partition, page by page), and the renewal reminder for consents that run out
 * soon (once per consent). A retry of the same fan-out sends the same messages, which the sync
 * worker takes once each (their run is this message's id).
 */
export const handler = queueConsumer<{ run: string }>({
  name: 'bank/fan-out-sync',
  parse: (record) => [{ run: record.messageId }],
  identity: (m) => m.run,
  process: async ({ run }) => {
    const renewal = renewalDeps(config.SENDER_ADDRESS, (await psd2Settings()).name);
    let cursor: string | undefined;
    let connections = 0;
    let reminders = 0;
    do {
      const page = await listSyncedConnections(table, { cursor, limit: 100 });
      // Reminders first: a sync that saves the connection meanwhile would make the reminder's write conflict.
      for (const connection of page.items) {
        try {
          if (await sendRenewalReminder(renewal, connection)) reminders++;
        } catch (error) {
          // One failing reminder must not hold up the morning's syncs; it is tried again tomorrow.
          logger.error('Renewal reminder failed', { connectionId: connection.id, error: error as Error });
        }
      }
      await queueSyncs(page.items.map((c) => bankSyncMessage(c, run)));
      connections += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    logger.info('Bank syncs fanned out', { run, connections, reminders });
  },
});
