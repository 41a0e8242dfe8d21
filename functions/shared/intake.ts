import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { DocumentRef, type IntakeReceipt } from '#packages/intake';
import { s3, ses, sqs } from './clients.js';
import { loadConfig } from './config.js';

const config = loadConfig({ BUCKET_NAME: z.string().min(1) });

/** The document bucket, as the intake handlers use it. */
export const documentBucket = config.BUCKET_NAME;

/** Reads a stored object whole, with its content type and user metadata. */
export async function readObject(key: string, bucket = documentBucket) {
  const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const raw = Buffer.from(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  return { raw, contentType: out.ContentType ?? 'application/octet-stream', metadata: out.Metadata ?? {} };
}

export async function putObject(
  key: string,
  body: Buffer,
  contentType: string,
  metadata?: Record<string, string>,
): Promise<void> {
  await s3().send(
    new PutObjectCommand({
      Bucket: documentBucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      Metadata: metadata,
    }),
  );
}

/** Sends documents into the pipeline, ten to a request. */
export async function enqueueDocuments(queueUrl: string, refs: readonly DocumentRef[]): Promise<void> {
  for (let i = 0; i < refs.length; i += 10) {
    const batch = refs.slice(i, i + 10);
    const out = await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((ref, n) => ({ Id: String(n), MessageBody: JSON.stringify(DocumentRef.parse(ref)) })),
      }),
    );
    if (out.Failed && out.Failed.length > 0) {
      throw new Error(`${out.Failed.length} document message(s) were not sent: ${out.Failed[0]?.Message ?? ''}`);
    }
  }
}

/** Sends an intake receipt through SES from the configured sender address. */
export async function sendReceipt(from: string, receipt: IntakeReceipt): Promise<void> {
  await ses().send(
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [receipt.to] },
      Content: {
        Simple: {
          Subject: { Data: receipt.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: receipt.text, Charset: 'UTF-8' } },
          Headers: [{ Name: 'Auto-Submitted', Value: 'auto-replied' }],
        },
      },
    }),
  );
}
