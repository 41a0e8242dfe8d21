import { parse } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { s3, table } from '#functions/shared/clients.ts';
import { loadConfig } from '#functions/shared/config.ts';
import { logger } from '#functions/shared/observability.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { type EmailIntakeDeps, ingestEmail, ingestUpload, registerRawInput } from '#packages/intake';
import { systemClock } from '#packages/kernel';

/** S3 sends one test event when a notification is configured; it carries no object. */
const S3TestEvent = z.object({ Event: z.literal('s3:TestEvent') });
const Body = JSONStringified(z.union([S3Schema, S3TestEvent]));

type S3Object = { bucket: string; key: string; size: number; etag: string; sequencer: string; arrivedAt: string };

const config = loadConfig({ BUCKET_NAME: z.string().min(1) });

const emailIntake: EmailIntakeDeps = {
  table,
  route: async (address) => {
    const target = await tenancy.repo.routeInboundAddress(address);
    const administration = target && (await tenancy.repo.getAdministration(target.firmId, target.administrationId));
    return administration && { ...target, allowedSenders: administration.allowedSenders };
  },
  putObject: async (key, body, contentType) => {
    await s3().send(
      new PutObjectCommand({ Bucket: config.BUCKET_NAME, Key: key, Body: body, ContentType: contentType }),
    );
  },
};

/** Reads a stored object whole, with its content type and user metadata. */
async function readObject(object: { bucket: string; key: string }) {
  const out = await s3().send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
  const raw = Buffer.from(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  return { raw, contentType: out.ContentType ?? 'application/octet-stream', metadata: out.Metadata ?? {} };
}

/** Reads a stored e-mail and takes its attachments in; envelope recipients come from the SMTP twin's metadata. */
async function takeInEmail(object: { bucket: string; key: string; arrivedAt: string }) {
  const { raw, metadata } = await readObject(object);
  const envelopeTo = (metadata['envelope-to'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const outcomes = await ingestEmail(emailIntake, {
    rawKey: object.key,
    raw,
    envelopeTo,
    inboundDomain: tenancy.inboundEmailDomain,
    arrivedAt: object.arrivedAt,
  });
  for (const o of outcomes) {
    logger.info('E-mail taken in', {
      key: object.key,
      recipient: o.recipient,
      outcome: o.outcome,
      documents: o.documents.length,
    });
  }
}

/** Takes a portal upload in as a document (or a rejected one, with its reason). */
async function takeInUpload(object: { bucket: string; key: string; arrivedAt: string }) {
  const { raw, contentType } = await readObject(object);
  const document = await ingestUpload(emailIntake, {
    rawKey: object.key,
    raw,
    contentType,
    arrivedAt: object.arrivedAt,
  });
  logger.info('Upload taken in', { key: object.key, document: document.id, status: document.status });
}

export const handler = queueConsumer<S3Object>({
  name: 'intake/register-raw-input',
  parse: (record) => {
    const body = parse(record.body, undefined, Body);
    if (!('Records' in body)) return [];
    return body.Records.map((r) => ({
      bucket: r.s3.bucket.name,
      // S3 URL-encodes keys in notifications, with '+' for spaces.
      key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
      size: r.s3.object.size ?? 0,
      etag: r.s3.object.eTag ?? '',
      sequencer: r.s3.object.sequencer ?? r.s3.object.eTag ?? '',
      arrivedAt: new Date(r.eventTime).toISOString(),
    }));
  },
  identity: (o) => `${o.bucket}/${o.key}#${o.sequencer}`,
  process: async ({ sequencer: _sequencer, ...object }) => {
    const { input, created } = await registerRawInput({ table, clock: systemClock }, object);
    logger.info(created ? 'Raw input registered' : 'Raw input already registered', {
      key: input.key,
      source: input.source,
    });
    if (input.source === 'email') await takeInEmail(object);
    if (input.source === 'upload') await takeInUpload(object);
  },
});
