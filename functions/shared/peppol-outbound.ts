import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { OutboundPeppolMessage } from '#packages/peppol';
import { sqs } from './clients.js';
import { loadConfig } from './config.js';

const config = loadConfig({ QUEUE_URL_PEPPOL_OUTBOUND: z.string().min(1) });

/** Queues one message for the access point (answers, MLRs, sales documents) on `peppol-outbound`. */
export async function queuePeppolMessage(message: OutboundPeppolMessage): Promise<void> {
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: config.QUEUE_URL_PEPPOL_OUTBOUND,
      MessageBody: JSON.stringify(OutboundPeppolMessage.parse(message)),
    }),
  );
}
