import type { Smp } from '#packages/peppol';

export interface HttpSmpOptions {
  /** The provider's lookup endpoint, e.g. `https://ap.example.com/api/v1/participants`. */
  readonly url: string;
  readonly token: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * Capability lookup through the AP-as-a-service provider (which queries the SML and the
 * participant's SMP): `GET <url>/<participant>?documentType=<id>` answering 200 when the
 * participant is registered for that document type and 404 when not. Other answers throw, so
 * the message is retried rather than dropped.
 */
export function httpSmp(options: HttpSmpOptions): Smp {
  const doFetch = options.fetch ?? fetch;
  return {
    async canReceive(participant, documentType) {
      const url = `${options.url.replace(/\/$/, '')}/${encodeURIComponent(participant)}?documentType=${encodeURIComponent(documentType)}`;
      const response = await doFetch(url, {
        headers: { authorization: `Bearer ${options.token}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status === 404) return false;
      if (!response.ok) throw new Error(`The SMP lookup answered ${response.status}.`);
      return true;
    },
  };
}
