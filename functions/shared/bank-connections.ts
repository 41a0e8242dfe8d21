import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import {
  type AisProvider,
  type BankSyncMessage,
  berlinGroupClient,
  type ConnectionDeps,
  type RenewalDeps,
  type SyncBankConnectionDeps,
} from '#packages/bank';
import { idPattern, newId } from '#packages/kernel';
import { ledger } from './books.js';
import { ses, sqs } from './clients.js';
import { loadConfig } from './config.js';
import { administrationPath } from './schemas.js';
import { tenancy } from './tenancy.js';

const config = loadConfig({
  /**
   * The Berlin Group NextGenPSD2 root of the bank or aggregator (`/v1/…` is appended), set per
   * deployment; the local twin points it at its sandbox bank. Without it, starting or syncing a
   * connection answers PSD2_NOT_CONFIGURED.
   */
  PSD2_PROVIDER_URL: z.url().optional(),
  /** The bank as clients know it, for the renewal reminder. */
  PSD2_PROVIDER_NAME: z.string().min(1).default('uw bank'),
  /** This API's own base URL: the bank sends the client back to `<it>/bank-connections/callback`. */
  PUBLIC_API_URL: z.url().optional(),
});

/** The one configured provider, as providerId `default`. */
const provider: AisProvider | undefined = config.PSD2_PROVIDER_URL
  ? berlinGroupClient({ baseUrl: config.PSD2_PROVIDER_URL })
  : undefined;
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
export function renewalDeps(senderAddress: string): RenewalDeps {
  return {
    ...ledger,
    bankName: () => config.PSD2_PROVIDER_NAME,
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

let syncQueueUrl: string | undefined;
const syncQueue = () => {
  syncQueueUrl ??= loadConfig({ QUEUE_URL_BANK_SYNC: z.string().min(1) }).QUEUE_URL_BANK_SYNC;
  return syncQueueUrl;
};

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
