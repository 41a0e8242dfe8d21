import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { S3Event, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeS3EventKey } from '#infra/local/s3.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import { callsOf } from '../../helpers/twin-handlers/recorder.ts';
import { eventually, sendSmtp, startTestTwin } from './support.ts';

const BUCKET = 'samenwerken-documents';

/** The S3 notifications the raw-inputs consumer received, unwrapped from their SQS records. */
function notifications() {
  return callsOf('queue-consumer').flatMap((c) =>
    (c.event as SQSEvent).Records.map((r) => ({ sqs: r, s3: (JSON.parse(r.body) as S3Event).Records[0]! })),
  );
}

async function notificationFor(key: string) {
  return eventually(() => notifications().find((n) => n.s3.s3.object.key === encodeS3EventKey(key)));
}

describe('local S3 and SMTP', () => {
  let twin: LocalTwin;
  let s3: S3Client;

  beforeAll(async () => {
    twin = await startTestTwin({
      wiring: {
        queues: [
          {
            name: 'raw-inputs',
            handler: 'test/queue-consumer',
            batchSize: 10,
            visibilityTimeoutSeconds: 30,
            maxReceiveCount: 5,
            table: 'none',
            bucket: 'read',
          },
        ],
        bucketTriggers: [{ prefix: 'raw/', queue: 'raw-inputs' }],
      },
    });
    s3 = new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
  });
  afterAll(async () => {
    s3?.destroy();
    await twin?.stop();
  });

  it('sends an S3-shaped ObjectCreated:Put notification to the raw-inputs queue for a key under raw/', async () => {
    const key = 'raw/portal/Factuur 2024 (1)+€.pdf';

    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'pdf bytes', ContentType: 'application/pdf' }),
    );
    const { sqs, s3: record } = await notificationFor(key);

    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: expect.stringMatching(/^AWS:/) },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': expect.any(String), 'x-amz-id-2': expect.any(String) },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: expect.any(String),
        bucket: { name: BUCKET, ownerIdentity: { principalId: expect.any(String) }, arn: `arn:aws:s3:::${BUCKET}` },
        object: {
          key: 'raw/portal/Factuur+2024+%281%29%2B%E2%82%AC.pdf',
          size: 9,
          eTag: createHash('md5').update('pdf bytes').digest('hex'),
          sequencer: expect.stringMatching(/^[0-9A-F]{18}$/),
        },
      },
    });
    expect(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))).toBe(key);
    expect(sqs.eventSourceARN).toBe('arn:aws:sqs:eu-west-1:000000000000:raw-inputs');
  });

  it('routes only keys under a trigger prefix', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'archive/outside.json', Body: '{}' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'raw/inside.json', Body: '{}' }));

    await notificationFor('raw/inside.json');
    await twin.queues.drain('raw-inputs');

    expect(notifications().map((n) => n.s3.s3.object.key)).not.toContain('archive/outside.json');
  });

  it('reports a copy and a completed multipart upload with their own event names and ETags', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'staging/a.txt', Body: 'copied body' }));
    await s3.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key: 'raw/copied.txt', CopySource: `${BUCKET}/staging/a.txt` }),
    );
    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'raw/multipart.bin' }));
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: 'raw/multipart.bin',
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: Buffer.from('one part'),
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'raw/multipart.bin',
        UploadId: upload.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );

    const copied = await notificationFor('raw/copied.txt');
    const multipart = await notificationFor('raw/multipart.bin');
    expect(copied.s3.eventName).toBe('ObjectCreated:Copy');
    expect(copied.s3.s3.object).toMatchObject({
      size: 11,
      eTag: createHash('md5').update('copied body').digest('hex'),
    });
    expect(multipart.s3.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
    expect(multipart.s3.s3.object.size).toBe(8);
  });

  it('stores a streamed upload (aws-chunked with a trailing checksum) byte for byte', async () => {
    const body = Buffer.from('%PDF-1.7 streamed content\n'.repeat(1000));

    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'raw/streamed.pdf',
        Body: Readable.from([body.subarray(0, 10_000), body.subarray(10_000)]),
        ContentLength: body.length,
        ContentType: 'application/pdf',
      }),
    );
    const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'raw/streamed.pdf' }));

    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(body)).toBe(true);
    expect(stored.ContentEncoding).toBeUndefined();
    expect((await notificationFor('raw/streamed.pdf')).s3.s3.object.size).toBe(body.length);
  });

  it('stores mail accepted over SMTP under raw/email/<yyyy>/<mm>/<dd>/ with the envelope as metadata', async () => {
    const data = [
      'From: Client <client@example.com>',
      'To: inbox@in.example.com',
      'Subject: Bon',
      'Message-ID: <1@example.com>',
      '',
      'Zie bijlage.',
      '.leading dot survives',
    ].join('\r\n');

    const replies = await sendSmtp(twin.ports.smtp, {
      from: 'bounce@example.com',
      to: ['inbox@in.example.com', 'copy@in.example.com'],
      data,
    });

    expect(replies.map((r) => r.code)).toEqual([220, 250, 250, 250, 250, 354, 250, 221]);
    const stored = replies.find((r) => r.text.startsWith('Message stored as '));
    expect(stored?.code).toBe(250);
    const key = stored!.text.replace('Message stored as ', '');
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    expect(key).toMatch(new RegExp(`^raw/email/${today}/[0-9A-HJKMNP-TV-Z]{26}\\.eml$`));
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await object.Body!.transformToString()).toBe(`${data}\r\n`);
    expect(object.Metadata).toEqual({
      'envelope-from': 'bounce@example.com',
      'envelope-to': 'inbox@in.example.com,copy@in.example.com',
    });
    expect((await notificationFor(key)).s3.eventName).toBe('ObjectCreated:Put');
  });

  it('advertises a 25 MB SIZE limit and refuses a larger message with 552', async () => {
    const big = `Subject: big\r\n\r\n${`${'x'.repeat(998)}\r\n`.repeat(27 * 1024)}`;
    const stored = async () =>
      (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'raw/email/' }))).KeyCount ?? 0;
    const before = await stored();

    const replies = await sendSmtp(twin.ports.smtp, { from: 'a@example.com', to: ['inbox@in.example.com'], data: big });

    expect(replies[1]?.text).toContain('SIZE 26214400');
    expect(replies.map((r) => r.code)).toEqual([220, 250, 250, 250, 354, 552, 221]);
    expect(await stored()).toBe(before);
  });
});
