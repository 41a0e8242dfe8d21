import { parse } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import { z } from 'zod';
import { table } from '#functions/shared/clients.ts';
import { logger } from '#functions/shared/observability.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { registerRawInput } from '#packages/intake';
import { systemClock } from '#packages/kernel';

/** S3 sends one test event when a notification is configured; it carries no object. */
const S3TestEvent = z.object({ Event: z.literal('s3:TestEvent') });
const Body = JSONStringified(z.union([S3Schema, S3TestEvent]));

type S3Object = { bucket: string; key: string; size: number; etag: string; sequencer: string; arrivedAt: string };

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
  },
});
