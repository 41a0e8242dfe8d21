import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { type BookingDeps, bankLinesMessages, type ImportDeps } from '#packages/bank';
import { newId } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { ledger } from './books.js';
import { sqs } from './clients.js';
import { loadConfig } from './config.js';

/** Read when first needed: only the routes and consumers that hand lines to the robot send to its queue. */
let linesQueueUrl: string | undefined;
const linesQueue = () => {
  linesQueueUrl ??= loadConfig({ QUEUE_URL_BANK_LINES: z.string().min(1) }).QUEUE_URL_BANK_LINES;
  return linesQueueUrl;
};

/** The table, clock and ids the bank services use; statement files are kept in the document bucket. */
export const bank: BookingDeps & ImportDeps = {
  ...ledger,
  newId,
  // Only the import route has the bucket (BUCKET_NAME): the intake module is loaded when used.
  putRaw: async (key, bytes) =>
    (await import('./intake.js')).putObject(key, Buffer.from(bytes), 'application/octet-stream'),
};

/** Hands new lines to the robot (`bank-lines`), fifty to a message, ten messages to a request. */
export async function queueNewLines(adm: BooksOf, lineIds: readonly string[]): Promise<void> {
  const messages = bankLinesMessages(adm, lineIds);
  for (let i = 0; i < messages.length; i += 10) {
    const out = await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: linesQueue(),
        Entries: messages.slice(i, i + 10).map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m) })),
      }),
    );
    if (out.Failed && out.Failed.length > 0) {
      throw new Error(`${out.Failed.length} bank-line message(s) were not sent: ${out.Failed[0]?.Message ?? ''}`);
    }
  }
}
