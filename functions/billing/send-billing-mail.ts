import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { ses, table } from '#functions/shared/clients.ts';
import { loadConfig } from '#functions/shared/config.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { dispatchPendingMail, firmOwnerAddresses, type MailPort } from '#packages/billing';
import { systemClock } from '#packages/kernel';

const config = loadConfig({ SENDER_ADDRESS: z.string().min(3) });

const mail: MailPort = {
  recipients: (firmId) => firmOwnerAddresses(table, firmId),
  send: async ({ to, subject, text }) => {
    await ses().send(
      new SendEmailCommand({
        FromEmailAddress: config.SENDER_ADDRESS,
        Destination: { ToAddresses: [...to] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  },
};

/** Each tick of the schedule billing-mail-dispatch: send what waits in the billing outbox. */
export const handler = queueConsumer<{ tick: string }>({
  name: 'billing/send-billing-mail',
  parse: (record) => [{ tick: record.messageId }],
  identity: (m) => m.tick,
  process: () => dispatchPendingMail(table, mail, systemClock, 100),
});
