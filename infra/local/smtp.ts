import type { AddressInfo } from 'node:net';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SMTPServer } from 'smtp-server';
import { ulid } from 'ulid';

/** Options of {@link startSmtp}. */
export interface SmtpOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** An S3 client pointed at the local S3, so storing a message fires the bucket trigger. */
  readonly s3: S3Client;
  readonly bucketName: string;
  /** Advertised with SIZE; larger messages are refused with 552. @default 25 MB */
  readonly maxMessageBytes?: number;
  readonly log?: (line: string) => void;
}

/** A running local SMTP server. */
export interface LocalSmtp {
  readonly host: '127.0.0.1';
  readonly port: number;
  stop(): Promise<void>;
}

/** Prefix an SES receipt rule writes inbound mail under; the bucket trigger on `raw/` picks it up. */
export const INBOUND_EMAIL_PREFIX = 'raw/email/';

/** `raw/email/<yyyy>/<mm>/<dd>/<ulid>.eml`, dated in UTC. */
export function inboundEmailKey(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${INBOUND_EMAIL_PREFIX}${day}/${ulid(now.getTime())}.eml`;
}

/** S3 metadata must be ASCII; non-ASCII values get one RFC 2047 word, as S3 itself returns them. */
function metadataValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The local stand-in for SES inbound: an SMTP server on loopback (no auth, no TLS) that writes
 * every accepted message's raw MIME to the document bucket under `raw/email/…` with the
 * envelope in `x-amz-meta-envelope-from` / `x-amz-meta-envelope-to`, through the real S3 client.
 */
export async function startSmtp(options: SmtpOptions): Promise<LocalSmtp> {
  const log = options.log ?? (() => undefined);
  const maxBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    banner: 'samenwerken local inbound mail (SES stand-in)',
    closeTimeout: 2_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(`Message exceeds fixed maximum message size ${maxBytes}`, 552));
          return;
        }
        const key = inboundEmailKey();
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        options.s3
          .send(
            new PutObjectCommand({
              Bucket: options.bucketName,
              Key: key,
              Body: Buffer.concat(chunks),
              ContentType: 'message/rfc822',
              Metadata: { 'envelope-from': metadataValue(from), 'envelope-to': metadataValue(to) },
            }),
          )
          .then(
            () => {
              log(`smtp: stored mail from <${from}> to ${to} as ${key}`);
              callback(null, `Message stored as ${key}`);
            },
            (error: unknown) => {
              log(`smtp: cannot store a message: ${String(error)}`);
              callback(smtpError('Local error in processing: cannot store the message', 451));
            },
          );
      });
    },
  });
  server.on('error', (error) => log(`smtp: ${error.message}`));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
