import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { type BookingDeps, bankLinesMessages, type ImportDeps } from '#packages/bank';
import { newId } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { ledger } from './books.js';
import { s3, sqs } from './clients.js';
import { configWhenUsed } from './config.js';

/** Only the import route has the bucket (`BUCKET_NAME`): read when a file is kept. */
const bucket = configWhenUsed('BUCKET_NAME');

/** Read when first needed: only the routes and consumers that hand lines to the robot send to its queue. */
const linesQueue = configWhenUsed('QUEUE_URL_BANK_LINES');

/** The table, clock and ids the bank services use; statement files are kept in the document bucket. */
export const bank: BookingDeps & ImportDeps = {
  ...ledger,
  newId,
  putRaw: async (key, bytes) => {
    await s3().send(
      new PutObjectCommand({ Bucket: bucket(), Key: key, Body: bytes, ContentType: 'application/octet-stream' }),
    );
  },
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
