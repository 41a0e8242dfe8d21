import type { AccessPoint, AccessPointMessage } from '#packages/peppol';

/** Where the twin's access point leaves what it was asked to send. */
export const apOutboxPrefix = 'ap-outbox/';

/**
 * The local twin's access point: each message is written to the document bucket under
 * `ap-outbox/<receiver>/<instance id>.xml` (its routing data as object metadata) instead of
 * going out over AS4. It behaves the same locally and in tests, which read the outbox back.
 */
export function bucketAccessPoint(
  putObject: (key: string, body: Buffer, contentType: string, metadata: Record<string, string>) => Promise<void>,
): AccessPoint {
  return {
    async send(message: AccessPointMessage) {
      const instanceId = /<InstanceIdentifier>([^<]+)<\/InstanceIdentifier>/.exec(message.sbdh)?.[1] ?? `${Date.now()}`;
      const key = `${apOutboxPrefix}${message.receiver.replace(/[^\w.:-]+/g, '_')}/${instanceId}.xml`;
      await putObject(key, Buffer.from(message.sbdh, 'utf8'), 'application/xml', {
        receiver: message.receiver,
        'document-type': message.documentType,
        process: message.process,
      });
      return { messageId: `local-${instanceId}` };
    },
  };
}

/**
 * The access-point connection the local twin trusts on `POST /peppol/inbound` when
 * no `peppol-access-point` secret is bound; `npm run cli -- peppol send` signs with it. Never used on AWS.
 */
export const twinApConnection = { id: 'local-ap', secret: 'dev-peppol-ap-secret-not-for-production' } as const;
