import { describe, expect, it } from 'vitest';
import { ApSignatureError, signApMessage, verifyApSignature } from '#packages/peppol';

const secret = 'a-shared-secret-of-some-length';
const now = new Date('2026-11-23T10:00:00Z');
const body = Buffer.from('<StandardBusinessDocument/>');

describe('verifyApSignature', () => {
  it('accepts a body signed with the connection secret within the window', () => {
    const headers = signApMessage(body, secret, new Date(now.getTime() - 4 * 60_000));
    expect(() => verifyApSignature(body, headers, secret, now)).not.toThrow();
  });

  it('accepts a signature without the sha256= prefix', () => {
    const headers = signApMessage(body, secret, now);
    const bare = { ...headers, 'x-ap-signature': headers['x-ap-signature']?.replace('sha256=', '') };
    expect(() => verifyApSignature(body, bare, secret, now)).not.toThrow();
  });

  it('refuses a replay older than five minutes', () => {
    const headers = signApMessage(body, secret, new Date(now.getTime() - 5 * 60_000 - 1000));
    expect(() => verifyApSignature(body, headers, secret, now)).toThrow(ApSignatureError);
  });

  it('refuses a changed body, another secret, and a missing signature', () => {
    const headers = signApMessage(body, secret, now);
    expect(() => verifyApSignature(Buffer.from('<other/>'), headers, secret, now)).toThrow(ApSignatureError);
    expect(() => verifyApSignature(body, headers, 'another-secret-entirely', now)).toThrow(ApSignatureError);
    expect(() => verifyApSignature(body, { 'x-ap-timestamp': headers['x-ap-timestamp'] }, secret, now)).toThrow(
      ApSignatureError,
    );
  });

  it('refuses a signature moved to another timestamp', () => {
    const headers = signApMessage(body, secret, now);
    const moved = { ...headers, 'x-ap-timestamp': String(Number(headers['x-ap-timestamp']) + 1) };
    expect(() => verifyApSignature(body, moved, secret, now)).toThrow(ApSignatureError);
  });
});
