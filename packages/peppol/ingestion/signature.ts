import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApSignatureError } from './errors.js';

/** Headers an access point signs its deliveries with. */
export const apHeaders = {
  connection: 'x-ap-connection',
  timestamp: 'x-ap-timestamp',
  signature: 'x-ap-signature',
} as const;

/** How far a delivery's timestamp may be from now, either way (replay window). */
export const signatureWindowSeconds = 5 * 60;

const mac = (secret: string, timestamp: string, body: Uint8Array) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();

/**
 * Signs a delivery as an access point does: HMAC-SHA256 over `timestamp + "." + body` with the
 * connection's shared secret; the timestamp is Unix seconds.
 */
export function signApMessage(body: string | Uint8Array, secret: string, now: Date) {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    [apHeaders.timestamp]: timestamp,
    [apHeaders.signature]: `sha256=${mac(secret, timestamp, bytes).toString('hex')}`,
  };
}

/**
 * Checks an access point's delivery: the timestamp header within {@link signatureWindowSeconds}
 * of `now` (so a captured request cannot be replayed later), and the signature header (hex,
 * optionally `sha256=`-prefixed) equal, in constant time, to the HMAC of `timestamp.body`. The
 * body is the bytes as received, whatever their encoding: never text decoded and encoded again.
 *
 * @throws {ApSignatureError} when either check fails; the reason is not told to the caller.
 */
export function verifyApSignature(
  body: Uint8Array,
  headers: Readonly<Record<string, string | undefined>>,
  secret: string,
  now: Date,
): void {
  const timestamp = headers[apHeaders.timestamp] ?? '';
  const given = (headers[apHeaders.signature] ?? '').replace(/^sha256=/i, '');
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/i.test(given)) {
    throw new ApSignatureError('The delivery is not signed.');
  }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > signatureWindowSeconds) {
    throw new ApSignatureError('The delivery is not signed.');
  }
  const expected = mac(secret, timestamp, body);
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) throw new ApSignatureError('The delivery is not signed.');
}
