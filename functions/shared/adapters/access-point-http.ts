import type { AccessPoint, AccessPointMessage } from '#packages/peppol';

export interface HttpAccessPointOptions {
  /** The provider's message endpoint, e.g. `https://ap.example.com/api/v1/messages`. */
  readonly url: string;
  /** Bearer token of our account with the provider. */
  readonly token: string;
  /** @default 20 s */
  readonly timeoutMs?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** The access point answered other than 2xx: the queue retries the message, then keeps it in its DLQ. */
export class AccessPointError extends Error {
  override name = 'AccessPointError';
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * An AP-as-a-service provider over HTTPS: the SBDH is POSTed as `application/xml` with the
 * routing data in headers (receiver, document type, process); the provider does the SMP lookup,
 * AS4 signing and delivery, and answers with its message id (`{ "messageId": … }` or a
 * `Location`/`x-message-id` header). The SBDH instance identifier doubles as Idempotency-Key,
 * so a retried send is not delivered twice by providers that honour it.
 */
export function httpAccessPoint(options: HttpAccessPointOptions): AccessPoint {
  const doFetch = options.fetch ?? fetch;
  return {
    async send(message: AccessPointMessage) {
      const instanceId = /<InstanceIdentifier>([^<]+)<\/InstanceIdentifier>/.exec(message.sbdh)?.[1] ?? '';
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/xml',
            'x-peppol-receiver': message.receiver,
            'x-peppol-document-type': message.documentType,
            'x-peppol-process': message.process,
            ...(instanceId ? { 'idempotency-key': instanceId } : {}),
          },
          body: message.sbdh,
          signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
        });
      } catch (error) {
        throw new AccessPointError('The access point could not be reached.', undefined, { cause: error });
      }
      if (!response.ok) {
        throw new AccessPointError(`The access point answered ${response.status}.`, response.status);
      }
      const body = (await response.json().catch(() => ({}))) as { messageId?: unknown; id?: unknown };
      const messageId =
        (typeof body.messageId === 'string' && body.messageId) ||
        (typeof body.id === 'string' && body.id) ||
        response.headers.get('x-message-id') ||
        response.headers.get('location') ||
        instanceId;
      return { messageId };
    },
  };
}
