import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import type { S3EventRecord } from 'aws-lambda';
import S3rver, { type S3rverContext, type S3rverEvent } from 's3rver';
import type { BucketTriggerDecl } from '#infra/wiring.ts';
import { LOCAL_REGION } from './aws-names.ts';

/** Options of {@link startS3}. */
export interface S3Options {
  /** 0 picks a free port. */
  readonly port: number;
  /** Where objects live; `null` uses a temporary directory removed on stop. */
  readonly dir: string | null;
  readonly bucketName: string;
  /** ObjectCreated routing of the bucket, by key prefix. */
  readonly triggers: readonly BucketTriggerDecl[];
  /** Delivers a notification (the SQS message body S3 would send) to a queue. */
  readonly notify: (queue: string, body: string) => void;
  readonly log?: (line: string) => void;
}

/** A running local S3. */
export interface LocalS3 {
  readonly endpoint: string;
  readonly port: number;
  readonly dir: string;
  stop(): Promise<void>;
}

/**
 * Encodes an object key the way S3 event notifications do: form encoding (space as `+`, every
 * byte outside `A-Za-z0-9-_.*` percent-encoded) with `/` left as is. Consumers decode with
 * `decodeURIComponent(key.replace(/\+/g, ' '))`.
 */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+'),
    )
    .join('/');
}

/**
 * Decodes an `aws-chunked` request body (SigV4 streaming, which SDK v3 uses for streamed uploads
 * with a trailing checksum) into the plain object bytes. s3rver predates it and would store the
 * framing. Trailing checksums are skipped, not verified.
 */
class AwsChunkedDecoder extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    try {
      this.parse();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === 'trailer' ? null : new Error('aws-chunked body ended before its last chunk'));
  }

  private parse(): void {
    for (;;) {
      if (this.state === 'size') {
        const end = this.buffer.indexOf('\r\n');
        if (end < 0) return;
        const size = Number.parseInt(this.buffer.subarray(0, end).toString('latin1').split(';')[0] ?? '', 16);
        if (!Number.isInteger(size) || size < 0) throw new Error('aws-chunked body has a malformed chunk header');
        this.buffer = this.buffer.subarray(end + 2);
        this.remaining = size;
        this.state = size === 0 ? 'trailer' : 'data';
      } else if (this.state === 'data') {
        const take = Math.min(this.remaining, this.buffer.length);
        if (take === 0) return;
        this.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
      } else if (this.state === 'data-end') {
        if (this.buffer.length < 2) return;
        this.buffer = this.buffer.subarray(2);
        this.state = 'size';
      } else {
        this.buffer = Buffer.alloc(0);
        return;
      }
    }
  }
}

function decodeAwsChunked(ctx: S3rverContext): void {
  const req = ctx.req as IncomingMessage;
  const headers = req.headers;
  const streaming = String(headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
  const encodings = String(headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!streaming && !encodings.includes('aws-chunked')) return;
  // S3 does not keep `aws-chunked` as the object's Content-Encoding; s3rver would.
  const kept = encodings.filter((e) => e !== 'aws-chunked');
  if (kept.length > 0) headers['content-encoding'] = kept.join(', ');
  else delete headers['content-encoding'];
  if (headers['x-amz-decoded-content-length'])
    headers['content-length'] = String(headers['x-amz-decoded-content-length']);
  const decoder = new AwsChunkedDecoder();
  decoder.on('error', (error) => req.destroy(error));
  // s3rver reads object bodies from ctx.req; headers, method and URL still come from ctx.request.
  ctx.req = req.pipe(decoder);
}

interface RequestFacts {
  readonly completesMultipartUpload: boolean;
  readonly sourceIp: string;
}

const requestFacts = new AsyncLocalStorage<RequestFacts>();

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex').toUpperCase();
}

let sequence = 0;
/** Hex sequencer that grows with every event, like S3's per-key ordering token. */
function nextSequencer(): string {
  sequence = (sequence + 1) % 0x10000;
  return ((BigInt(Date.now()) << 16n) | BigInt(sequence)).toString(16).toUpperCase().padStart(18, '0');
}

/**
 * Starts s3rver on loopback with the document bucket, and turns its object-created events into
 * notifications shaped exactly like the ones S3 sends to SQS, delivered to the queue of the
 * bucket trigger whose prefix matches the key.
 */
export async function startS3(options: S3Options): Promise<LocalS3> {
  const log = options.log ?? (() => undefined);
  for (const a of options.triggers) {
    for (const b of options.triggers) {
      if (a !== b && a.prefix.startsWith(b.prefix)) {
        throw new Error(`Bucket triggers '${a.prefix}' and '${b.prefix}' overlap; S3 refuses such a configuration`);
      }
    }
  }
  const temporary = options.dir === null;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'samenwerken-s3-')));
  await mkdir(dir, { recursive: true });

  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: options.bucketName }],
  });
  server.middleware.unshift(async (ctx, next) => {
    decodeAwsChunked(ctx);
    const req = ctx.req as IncomingMessage;
    const facts: RequestFacts = {
      completesMultipartUpload: ctx.method === 'POST' && ctx.query.uploadId !== undefined,
      sourceIp: (req.socket?.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    };
    await requestFacts.run(facts, next);
  });
  server.on('error', (error: Error & { status?: number }) => {
    if ((error.status ?? 500) >= 500) log(`s3: ${error.message}`);
  });

  const deliver = async (event: S3rverEvent, facts: RequestFacts | undefined): Promise<void> => {
    const source = event.Records[0];
    if (!source?.eventName.startsWith('ObjectCreated:')) return;
    const { name: bucket } = source.s3.bucket;
    const { key } = source.s3.object;
    if (bucket !== options.bucketName) return;
    const trigger = options.triggers.find((t) => key.startsWith(t.prefix));
    if (!trigger) return;
    let { size, eTag } = source.s3.object;
    if (source.eventName === 'ObjectCreated:Copy' || size === undefined || eTag === undefined) {
      // s3rver leaves the ETag out of copy events; S3 includes it.
      const metadata = await server.store.getMetadata(bucket, key);
      size = Number(metadata['content-length']);
      eTag = JSON.parse(String(metadata.etag)) as string;
    }
    const record: S3EventRecord = {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: LOCAL_REGION,
      eventTime: new Date().toISOString(),
      eventName:
        source.eventName === 'ObjectCreated:Post' && facts?.completesMultipartUpload
          ? 'ObjectCreated:CompleteMultipartUpload'
          : source.eventName,
      userIdentity: { principalId: 'AWS:AIDAJDPLRKLG7UEXAMPLE' },
      requestParameters: { sourceIPAddress: facts?.sourceIp ?? '127.0.0.1' },
      responseElements: { 'x-amz-request-id': hex(8), 'x-amz-id-2': randomBytes(48).toString('base64') },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: `${trigger.queue}-${trigger.prefix}`,
        bucket: { name: bucket, ownerIdentity: { principalId: 'A3NL1KOZZKEXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
        object: { key: encodeS3EventKey(key), size, eTag, sequencer: nextSequencer() },
      },
    };
    options.notify(trigger.queue, JSON.stringify({ Records: [record] }));
  };

  server.on('event', (event) => {
    // s3rver emits inside the request, so the stored facts are this request's (s3rver reports
    // multipart completion as a POST).
    const facts = requestFacts.getStore();
    deliver(event, facts).catch((error: unknown) => log(`s3: cannot deliver a notification: ${String(error)}`));
  });

  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;

  let stopped = false;
  return {
    endpoint,
    port: address.port,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      const closing = server.close();
      // SDK clients keep connections alive; without this close() would wait for them to idle out.
      server.httpServer?.closeAllConnections();
      await closing;
      if (temporary) await rm(dir, { recursive: true, force: true });
    },
  };
}
