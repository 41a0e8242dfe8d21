import { type Clock, ValidationError } from '#packages/kernel';
import { ApSignatureError } from './errors.js';
import { apHeaders, verifyApSignature } from './signature.js';

export interface InboundDeliveryDeps {
  readonly clock: Clock;
  readonly newId: () => string;
  /** Shared secret per access-point connection id. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly putObject: (key: string, body: Buffer, contentType: string) => Promise<void>;
}

/** Where a delivery over HTTPS is kept: the same prefix an access point writing to S3 uses. */
export const inboundMessageKey = (at: Date, id: string) => `raw/peppol/${at.toISOString().slice(0, 10)}/${id}.xml`;

/**
 * Accepts a message an access point delivers over HTTPS: the connection (`x-ap-connection`)
 * names the shared secret, the HMAC signature and timestamp are checked, and the body is stored
 * as raw input under `raw/peppol/`; the bucket's trigger takes it on from there. Nothing is
 * stored for a request that fails the check.
 *
 * @throws {ApSignatureError} unknown connection, missing, stale or wrong signature (401).
 * @throws {ValidationError} an empty body.
 */
export async function receiveInboundMessage(
  deps: InboundDeliveryDeps,
  request: { body: Buffer; headers: Readonly<Record<string, string | undefined>> },
): Promise<{ key: string; receivedAt: string }> {
  const connection = request.headers[apHeaders.connection] ?? '';
  const secret = Object.hasOwn(deps.secrets, connection) ? deps.secrets[connection] : undefined;
  if (!secret) throw new ApSignatureError('The delivery is not signed.');
  const now = deps.clock();
  verifyApSignature(request.body, request.headers, secret, now);
  if (request.body.length === 0) {
    throw new ValidationError([{ path: 'body', message: 'The message is empty.' }]);
  }
  const key = inboundMessageKey(now, deps.newId());
  await deps.putObject(key, request.body, 'application/xml');
  return { key, receivedAt: now.toISOString() };
}
