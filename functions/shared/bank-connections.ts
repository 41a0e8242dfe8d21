import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import {
  type AisProvider,
  type BankSyncMessage,
  berlinGroupClient,
  type ConnectionDeps,
  ProviderNotConfiguredError,
  type RenewalDeps,
  type SyncBankConnectionDeps,
} from '#packages/bank';
import { idPattern, newId } from '#packages/kernel';
import { ledger } from './books.js';
import { ses, sqs } from './clients.js';
import { configWhenUsed, loadConfig } from './config.js';
import { administrationPath } from './schemas.js';
import { jsonSecret } from './secrets.js';
import { tenancy } from './tenancy.js';

const config = loadConfig({
  /**
   * On AWS: the `psd2-provider` secret, JSON `{ url, name, token }` (the Berlin Group NextGenPSD2
   * root of the bank or aggregator, `/v1/…` appended; the bank as clients know it; a bearer token
   * if the provider asks one). Without a url, starting or syncing a connection answers
   * PSD2_NOT_CONFIGURED.
   */
  SECRET_ARN_PSD2_PROVIDER: z.string().min(1).optional(),
  /** Where no secret is bound (the local twin): its sandbox bank. */
  PSD2_PROVIDER_URL: z.url().optional(),
  PSD2_PROVIDER_NAME: z.string().min(1).default('uw bank'),
  /** This API's own base URL: the bank sends the client back to `<it>/bank-connections/callback`. */
  PUBLIC_API_URL: z.url().optional(),
});

const blankAsAbsent = (value: unknown) => (value === '' ? undefined : value);
const Psd2ProviderSettings = z.object({
  url: z.preprocess(blankAsAbsent, z.url().optional()),
  name: z.preprocess(blankAsAbsent, z.string().min(1).default('uw bank')),
  token: z.preprocess(blankAsAbsent, z.string().min(1).optional()),
});

/** The provider's settings: the secret (read again every few minutes) or, in the twin, the environment. */
export const psd2Settings: () => Promise<z.output<typeof Psd2ProviderSettings>> =
  config.SECRET_ARN_PSD2_PROVIDER === undefined
    ? async () => ({ url: config.PSD2_PROVIDER_URL, name: config.PSD2_PROVIDER_NAME })
    : jsonSecret('psd2-provider', config.SECRET_ARN_PSD2_PROVIDER, Psd2ProviderSettings);

let client: { readonly key: string; readonly provider: AisProvider } | undefined;

/** The client for the settings now in force (a new one when the secret changed). */
async function currentProvider(): Promise<AisProvider> {
  const settings = await psd2Settings();
  if (!settings.url) throw new ProviderNotConfiguredError('default');
  const key = `${settings.url}\u0000${settings.token ?? ''}`;
  if (client?.key !== key) {
    const token = settings.token;
    client = {
      key,
      provider: berlinGroupClient({
        baseUrl: settings.url,
        ...(token ? { headers: () => ({ authorization: `Bearer ${token}` }) } : {}),
      }),
    };
  }
  return client.provider;
}

/** The one provider, as providerId `default`: every call reads the settings in force first. */
const provider: AisProvider = {
  createConsent: async (input) => (await currentProvider()).createConsent(input),
  getConsent: async (id) => (await currentProvider()).getConsent(id),
  getConsentStatus: async (id) => (await currentProvider()).getConsentStatus(id),
  deleteConsent: async (id) => (await currentProvider()).deleteConsent(id),
  listAccounts: async (id, options) => (await currentProvider()).listAccounts(id, options),
  getBalances: async (id, account, options) => (await currentProvider()).getBalances(id, account, options),
  transactionPage: async (...args) => (await currentProvider()).transactionPage(...args),
  listTransactions: async (...args) => (await currentProvider()).listTransactions(...args),
};
const providerOf = (providerId: string) => (providerId === 'default' ? provider : undefined);

/** The API's base URL: configured, or else the host the request came in on. */
export function apiBaseUrl(headers: Readonly<Record<string, string | undefined>>): string {
  if (config.PUBLIC_API_URL) return config.PUBLIC_API_URL.replace(/\/$/, '');
  return `https://${headers.host ?? 'localhost'}`;
}

/** What the connection services need, with the callback under `baseUrl`. */
export function connectionDeps(baseUrl: string): ConnectionDeps {
  return {
    ...ledger,
    newId,
    provider: providerOf,
    redirectUri: (state) => `${baseUrl}/bank-connections/callback?state=${encodeURIComponent(state)}`,
  };
}

export const syncDeps: SyncBankConnectionDeps = { ...ledger, provider: providerOf };

/** Run options of the sync worker: a `Retry-After` over 30 s is left to the queue's redelivery. */
export const syncOptions = { maxRetryAfterSeconds: 30 } as const;

/** The renewal reminder: to the administration's client users, from `senderAddress`. */
export function renewalDeps(senderAddress: string, bankName: string): RenewalDeps {
  return {
    ...ledger,
    bankName: () => bankName,
    renewUrl: (c) =>
      `${config.PUBLIC_API_URL?.replace(/\/$/, '') ?? ''}/administrations/${c.administrationId}/bank-connections`,
    addressees: async (c) => {
      const [administration, firm, members] = await Promise.all([
        tenancy.repo.getAdministration(c.firmId, c.administrationId),
        tenancy.repo.getFirm(c.firmId),
        tenancy.repo.listMembershipsOfAdministration(c.firmId, c.administrationId),
      ]);
      const users = await Promise.all(members.map((m) => tenancy.repo.getUser(c.firmId, m.userId)));
      return {
        to: users.filter((u) => u?.type === 'client' && u.status === 'active').map((u) => u?.email as string),
        companyName: administration?.legalName ?? c.administrationId,
        firmName: firm?.name ?? '',
      };
    },
    sendMail: async (mail) => {
      await ses().send(
        new SendEmailCommand({
          FromEmailAddress: senderAddress,
          Destination: { ToAddresses: [...mail.to] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
              Headers: [{ Name: 'Auto-Submitted', Value: 'auto-generated' }],
            },
          },
        }),
      );
    },
  };
}

const syncQueue = configWhenUsed('QUEUE_URL_BANK_SYNC');

/** Asks the sync worker (`bank-sync`) to sync these connections, ten messages to a request. */
export async function queueSyncs(messages: readonly BankSyncMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const out = await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: syncQueue(),
        Entries: messages.slice(i, i + 10).map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m) })),
      }),
    );
    if (out.Failed && out.Failed.length > 0) {
      throw new Error(`${out.Failed.length} bank-sync message(s) were not sent: ${out.Failed[0]?.Message ?? ''}`);
    }
  }
}

export const connectionPath = administrationPath.extend({
  connectionId: z.string().regex(idPattern, 'Not a bank connection id.'),
});

export const callbackQuery = z
  .object({ state: z.string().regex(/^[0-9a-f]{32}$/, 'Not a state this API handed out.') })
  .catchall(z.string());
