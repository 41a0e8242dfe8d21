import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  type Clock,
  ConflictError,
  countries,
  DomainError,
  NotFoundError,
  type Page,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import {
  auditPut,
  getItem,
  type Item,
  type Key,
  queryPage,
  stripKeys,
  type Table,
  type TransactWrite,
  transactWrite,
} from '#packages/table';
import { ibanOf, listBankAccounts } from './accounts.js';
import { bankKeys, consentKey, redirectStateKey, syncedConnectionsIndex } from './keys.js';
import { storeLines } from './lines.js';
import {
  type AisProvider,
  abandonRenewal,
  activateConnection,
  applyConsentStatus,
  BankConnection,
  type ConnectedAccount,
  ConnectionStateError,
  completeRenewal,
  isSyncable,
  markRenewalReminderSent,
  maxValidUntil,
  openConnection,
  type ReminderLanguage,
  renewalDue,
  renewalReminderEmail,
  revokeConnection as revokedConnection,
  type SyncOptions,
  type SyncSummary,
  startRenewal,
  syncConnection,
} from './psd2/index.js';

/**
 * PSD2 bank connections kept in the table: one item per connection (the `BankConnection` of
 * `psd2/consent.ts` with its firm, country and a version for optimistic locking), a lookup from
 * the consent id, and one from the `state` the bank's redirect carries back. A connection that
 * can be synced (`active`, `expiring`) also sits in the one gsi2 partition the morning schedule
 * reads; leaving that state takes it out (the item is replaced without the gsi2 attributes).
 */

export {
  type AisProvider,
  BankConnection,
  berlinGroupClient,
  ConnectionStateError,
  connectionStatuses,
  type SyncSummary,
} from './psd2/index.js';

export const StoredBankConnection = BankConnection.extend({
  firmId: z.string(),
  country: z.enum(countries),
  version: z.number().int().describe('Optimistic-lock version.'),
}).meta({ id: 'BankConnection' });
export type StoredBankConnection = z.infer<typeof StoredBankConnection>;

export const StartConnectionInput = z
  .object({
    providerId: z.string().trim().min(1).max(50).default('default').describe('The bank or aggregator (configured).'),
    ibans: z
      .array(z.string().trim().min(5).max(40))
      .min(1)
      .max(20)
      .describe("Registered bank accounts of the administration the consent is for (the client's accounts)."),
  })
  .strict()
  .meta({ id: 'StartBankConnectionInput' });
export type StartConnectionInput = z.input<typeof StartConnectionInput>;

/** Sync problems worth another try soon (the queue redelivers): rate limits and outages. */
export const retryableSyncCodes: ReadonlySet<string> = new Set(['RATE_LIMITED', 'ACCESS_EXCEEDED', 'BANK_OUTAGE']);

/** No AIS provider is configured under this id (see `PSD2_PROVIDER_URL`). */
export class ProviderNotConfiguredError extends DomainError {
  override name = 'ProviderNotConfiguredError';
  constructor(providerId: string) {
    super('PSD2_NOT_CONFIGURED', `No PSD2 provider is configured as '${providerId}'.`);
  }
}

export interface ConnectionStoreDeps {
  readonly table: Table;
  readonly clock: Clock;
}

export interface ConnectionDeps extends ConnectionStoreDeps {
  readonly newId: () => string;
  /** The AIS provider configured as `providerId`, or undefined. */
  readonly provider: (providerId: string) => AisProvider | undefined;
  /** Where the bank sends the client's browser after SCA: our callback with this `state`. */
  readonly redirectUri: (state: string) => string;
}

export interface RenewalDeps extends ConnectionStoreDeps {
  /** The client users to remind, and how to address them. */
  readonly addressees: (connection: StoredBankConnection) => Promise<{
    readonly to: readonly string[];
    readonly companyName: string;
    readonly firmName: string;
    readonly language?: ReminderLanguage;
  }>;
  readonly bankName: (providerId: string) => string;
  /** The page where the client starts a new consent. */
  readonly renewUrl: (connection: StoredBankConnection) => string;
  readonly sendMail: (mail: { to: readonly string[]; subject: string; text: string }) => Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Persistence.

const Lookup = z.object({
  firmId: z.string(),
  administrationId: z.string(),
  connectionId: z.string(),
  consentId: z.string(),
});
type Lookup = z.infer<typeof Lookup>;

/** The item of a connection, in the morning's gsi2 partition while it can be synced. */
export function connectionItem(connection: StoredBankConnection): Item {
  const k = bankKeys(connection.firmId, connection.administrationId);
  return {
    ...k.connection(connection.id),
    ...(isSyncable(connection)
      ? {
          gsi2pk: syncedConnectionsIndex,
          gsi2sk: `${connection.firmId}#${connection.administrationId}#${connection.id}`,
        }
      : {}),
    ...connection,
  };
}

const fromItem = (item: Item) => StoredBankConnection.parse(stripKeys(item));

/**
 * Writes `next` if the stored connection is still at `expectedVersion` (`undefined`: it must
 * not exist yet); returns it at its new version. `extra` writes go in the same transaction.
 */
export async function putConnection(
  table: Table,
  next: BankConnection & { firmId: string; country: StoredBankConnection['country'] },
  expectedVersion: number | undefined,
  extra: readonly TransactWrite[] = [],
): Promise<StoredBankConnection> {
  const stored = StoredBankConnection.parse({ ...next, version: (expectedVersion ?? 0) + 1 });
  const guard =
    expectedVersion === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: '#v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': expectedVersion },
        };
  await transactWrite(table, [{ Put: { Item: connectionItem(stored), ...guard } }, ...extra], (i) =>
    i === 0
      ? new ConflictError('CONNECTION_CHANGED', `Bank connection ${next.id} changed at the same time; try again.`)
      : new ConflictError('CONNECTION_LOOKUP_TAKEN', 'The consent is registered to another connection.'),
  );
  return stored;
}

export async function getConnection(
  table: Table,
  firmId: string,
  administrationId: string,
  connectionId: string,
): Promise<StoredBankConnection> {
  const item = await getItem<Item>(table, bankKeys(firmId, administrationId).connection(connectionId));
  if (!item) throw new NotFoundError(`Bank connection ${connectionId}`);
  return fromItem(item);
}

/** The administration's connections, by id (time-ordered: oldest first). */
export async function listConnections(
  table: Table,
  adm: BooksOf,
  query: { cursor?: string; limit?: number } = {},
): Promise<Page<StoredBankConnection>> {
  const pk = bankKeys(adm.firmId, adm.id).connections;
  const page = await queryPage<Item>(table, {
    pk,
    limit: query.limit ?? 50,
    cursor: query.cursor,
    cursorScope: pk,
  });
  return { ...page, items: page.items.map(fromItem) };
}

/** Every connection to sync this morning, across firms: one page of the one gsi2 partition. */
export async function listSyncedConnections(
  table: Table,
  query: { cursor?: string; limit?: number } = {},
): Promise<Page<StoredBankConnection>> {
  const page = await queryPage<Item>(table, {
    index: 'gsi2',
    pk: syncedConnectionsIndex,
    limit: query.limit ?? 100,
    cursor: query.cursor,
    cursorScope: syncedConnectionsIndex,
  });
  return { ...page, items: page.items.map(fromItem) };
}

async function lookup(table: Table, key: Key, what: string): Promise<Lookup> {
  const item = await getItem<Item>(table, key);
  if (!item) throw new NotFoundError(what);
  return Lookup.parse(stripKeys(item));
}

// ---------------------------------------------------------------------------------------------
// The consent lifecycle.

function providerOf(deps: Pick<ConnectionDeps, 'provider'>, providerId: string): AisProvider {
  const provider = deps.provider(providerId);
  if (!provider) throw new ProviderNotConfiguredError(providerId);
  return provider;
}

/** Registered IBANs of the administration (lines are only taken in for these). */
async function registeredIbans(table: Table, adm: BooksOf): Promise<Set<string>> {
  return new Set((await listBankAccounts(table, adm)).map((a) => a.iban));
}

/**
 * Asks the bank for a consent on `ibans` (each one of the administration's registered bank
 * accounts) for the longest time allowed, and keeps the connection as `pending`. The client
 * gives the consent at `scaRedirect`; the bank then sends the browser to our callback.
 */
export async function startConnection(
  deps: ConnectionDeps,
  tenant: TenantContext,
  adm: BooksOf,
  input: StartConnectionInput,
): Promise<{ connection: StoredBankConnection; scaRedirect?: string }> {
  const parsed = StartConnectionInput.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const provider = providerOf(deps, parsed.data.providerId);
  const ibans = [...new Set(parsed.data.ibans.map(ibanOf))];
  const registered = await registeredIbans(deps.table, adm);
  const unknown = ibans.filter((i) => !registered.has(i));
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map((iban) => ({
        path: `ibans.${parsed.data.ibans.findIndex((x) => ibanOf(x) === iban)}`,
        message: `${iban} is not a registered bank account of this administration.`,
      })),
    );
  }
  const now = deps.clock();
  const state = randomBytes(16).toString('hex');
  const created = await provider.createConsent({
    accounts: ibans,
    validUntil: maxValidUntil(now),
    redirectUri: deps.redirectUri(state),
    nokRedirectUri: deps.redirectUri(state),
  });
  const details = await provider.getConsent(created.consentId).catch(() => undefined);
  const connection = openConnection({
    id: deps.newId(),
    administrationId: adm.id,
    providerId: parsed.data.providerId,
    consentId: created.consentId,
    // The bank may shorten what was asked for.
    validUntil: details?.validUntil ?? maxValidUntil(now),
    now,
  });
  const link: Lookup = {
    firmId: adm.firmId,
    administrationId: adm.id,
    connectionId: connection.id,
    consentId: created.consentId,
  };
  const stored = await putConnection(
    deps.table,
    { ...connection, firmId: adm.firmId, country: adm.country },
    undefined,
    [
      { Put: { Item: { ...consentKey(created.consentId), ...link }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: { ...redirectStateKey(state), ...link }, ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut(tenant, now, {
        action: 'bank-connection.started',
        entityType: 'BankConnection',
        entityId: connection.id,
        administrationId: adm.id,
        after: { providerId: connection.providerId, ibans, validUntil: connection.validUntil },
      }),
    ],
  );
  return { connection: stored, ...(created.scaRedirect ? { scaRedirect: created.scaRedirect } : {}) };
}

/**
 * The bank sent the client back: asks it how the consent stands. `valid` activates the
 * connection with the consent's accounts (only the administration's registered IBANs);
 * `rejected` fails it; still waiting leaves it pending. Running it again changes nothing.
 */
export async function completeConsent(
  deps: Pick<ConnectionDeps, 'table' | 'clock' | 'provider'>,
  consentId: string,
): Promise<{ connection: StoredBankConnection; activated: boolean }> {
  const link = await lookup(deps.table, consentKey(consentId), `Consent ${consentId}`);
  const current = await getConnection(deps.table, link.firmId, link.administrationId, link.connectionId);
  const renewing = current.renewal?.consentId === consentId;
  if (!renewing && (current.status !== 'pending' || current.consentId !== consentId)) {
    return { connection: current, activated: false };
  }
  const provider = providerOf(deps, current.providerId);
  const status = await provider.getConsentStatus(consentId);
  const now = deps.clock();
  const { version, ...connection } = current;
  let next: BankConnection;
  if (status === 'valid') {
    const accounts = await consentAccounts(deps.table, provider, current, consentId);
    next = renewing ? completeRenewal(connection, accounts, now) : activateConnection(connection, accounts, now);
  } else if (renewing) {
    // The new consent was refused or ended before use: the current one stays as it is.
    if (status === 'received' || status === 'partiallyAuthorised') return { connection: current, activated: false };
    next = abandonRenewal(connection, now);
  } else {
    next = applyConsentStatus(connection, status, now);
    if (next === connection) return { connection: current, activated: false };
  }
  const saved = await putConnection(deps.table, { ...next, firmId: current.firmId, country: current.country }, version);
  return { connection: saved, activated: status === 'valid' && isSyncable(saved) };
}

/** The consent's accounts that are registered bank accounts of the administration. */
async function consentAccounts(
  table: Table,
  provider: AisProvider,
  connection: StoredBankConnection,
  consentId: string,
): Promise<ConnectedAccount[]> {
  const registered = await registeredIbans(table, {
    firmId: connection.firmId,
    id: connection.administrationId,
    country: connection.country,
  });
  return (await provider.listAccounts(consentId))
    .filter((a) => a.iban && registered.has(a.iban))
    .map((a) => ({
      resourceId: a.resourceId,
      iban: a.iban as string,
      currency: a.currency,
      ...(a.name ? { name: a.name } : {}),
    }));
}

/**
 * Asks the bank for a new consent on the connection's accounts (before the current one runs out,
 * or after it expired or was revoked); the current consent keeps working until the client
 * approves the new one at `scaRedirect`, whose redirect then completes the renewal: same
 * connection, same lines, cursors carried over.
 */
export async function renewConnection(
  deps: ConnectionDeps,
  tenant: TenantContext,
  adm: BooksOf,
  connectionId: string,
): Promise<{ connection: StoredBankConnection; scaRedirect?: string }> {
  const current = await getConnection(deps.table, adm.firmId, adm.id, connectionId);
  const registered = await registeredIbans(deps.table, adm);
  const ibans = current.accounts.map((a) => a.iban).filter((i) => registered.has(i));
  if (current.status === 'pending' || current.status === 'failed' || ibans.length === 0) {
    throw new ConnectionStateError(current.status, 'be renewed; start a new connection');
  }
  const provider = providerOf(deps, current.providerId);
  const now = deps.clock();
  const state = randomBytes(16).toString('hex');
  const created = await provider.createConsent({
    accounts: ibans,
    validUntil: maxValidUntil(now),
    redirectUri: deps.redirectUri(state),
    nokRedirectUri: deps.redirectUri(state),
  });
  const details = await provider.getConsent(created.consentId).catch(() => undefined);
  const { version, ...connection } = current;
  const next = startRenewal(
    connection,
    { consentId: created.consentId, validUntil: details?.validUntil ?? maxValidUntil(now) },
    now,
  );
  const link: Lookup = { firmId: adm.firmId, administrationId: adm.id, connectionId, consentId: created.consentId };
  const stored = await putConnection(deps.table, { ...next, firmId: adm.firmId, country: adm.country }, version, [
    { Put: { Item: { ...consentKey(created.consentId), ...link }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { Item: { ...redirectStateKey(state), ...link }, ConditionExpression: 'attribute_not_exists(pk)' } },
    auditPut(tenant, now, {
      action: 'bank-connection.renewal-started',
      entityType: 'BankConnection',
      entityId: connectionId,
      administrationId: adm.id,
      after: { ibans, validUntil: next.renewal?.validUntil },
    }),
  ]);
  return { connection: stored, ...(created.scaRedirect ? { scaRedirect: created.scaRedirect } : {}) };
}

/** {@link completeConsent} for the `state` our redirect URI carried. */
export async function completeRedirect(
  deps: Pick<ConnectionDeps, 'table' | 'clock' | 'provider'>,
  state: string,
): Promise<{ connection: StoredBankConnection; activated: boolean }> {
  const link = await lookup(deps.table, redirectStateKey(state), 'This bank redirect');
  return completeConsent(deps, link.consentId);
}

/** Ends the consent at the bank and marks the connection revoked (kept, with its history). */
export async function revokeConnection(
  deps: Pick<ConnectionDeps, 'table' | 'clock' | 'provider'>,
  tenant: TenantContext,
  adm: BooksOf,
  connectionId: string,
): Promise<StoredBankConnection> {
  const current = await getConnection(deps.table, adm.firmId, adm.id, connectionId);
  if (current.status === 'revoked') return current;
  if (current.status === 'pending' || isSyncable(current)) {
    await providerOf(deps, current.providerId).deleteConsent(current.consentId);
  }
  const now = deps.clock();
  const { version, ...connection } = current;
  const next = revokedConnection(connection, now, 'tpp');
  return putConnection(deps.table, { ...next, firmId: current.firmId, country: current.country }, version, [
    auditPut(tenant, now, {
      action: 'bank-connection.revoked',
      entityType: 'BankConnection',
      entityId: connectionId,
      administrationId: adm.id,
      before: { status: current.status },
      after: { status: next.status },
    }),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Sync.

export interface SyncBankConnectionDeps extends ConnectionStoreDeps {
  readonly provider: (providerId: string) => AisProvider | undefined;
  /** Waits between retries of one call. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface BankConnectionSync {
  readonly connection: StoredBankConnection;
  readonly summary: SyncSummary;
  /** Lines stored now, for the robot. */
  readonly lineIds: readonly string[];
  /** The run stopped on a rate limit or an outage: worth running again soon. */
  readonly retryable: boolean;
}

/**
 * One incremental sync of a connection ({@link syncConnection}): the lines of every account are
 * stored once each ({@link storeLines}, origin `feed`), only for the administration's
 * registered accounts; the connection (cursors, status, last error) is saved with its version
 * guard. Running it again after a crash stores nothing twice.
 */
export async function syncBankConnection(
  deps: SyncBankConnectionDeps,
  firmId: string,
  administrationId: string,
  connectionId: string,
  options: SyncOptions = {},
): Promise<BankConnectionSync> {
  const current = await getConnection(deps.table, firmId, administrationId, connectionId);
  const adm: BooksOf = { firmId, id: administrationId, country: current.country };
  const { version, ...connection } = current;
  const registered = isSyncable(current) ? await registeredIbans(deps.table, adm) : new Set<string>();
  const lineIds: string[] = [];
  const result = await syncConnection(
    {
      // An ended connection is not read: the sync only records why.
      provider: isSyncable(current) ? providerOf(deps, current.providerId) : ({} as AisProvider),
      clock: deps.clock,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      store: async (batch) => {
        if (!registered.has(batch.account.iban)) return [];
        const lines = batch.lines.map((l) => l.line);
        const out = await storeLines(deps, adm, batch.account.iban, lines, { kind: 'feed', connectionId });
        lineIds.push(...out.stored.map((s) => s.id));
        return batch.lines.filter((_, i) => out.fresh[i]).map((l) => l.fingerprint);
      },
    },
    connection,
    options,
  );
  const saved =
    JSON.stringify(result.connection) === JSON.stringify(connection)
      ? current
      : await putConnection(deps.table, { ...result.connection, firmId, country: current.country }, version);
  const retryable = isSyncable(saved) && result.summary.errors.some((e) => retryableSyncCodes.has(e.code));
  return { connection: saved, summary: result.summary, lineIds, retryable };
}

// ---------------------------------------------------------------------------------------------
// Renewal.

/**
 * Sends the renewal reminder for a connection whose consent runs out soon, once per consent:
 * the reminder is recorded first (with the version guard, so two runs cannot both send), then
 * the mail goes out; when sending fails the record is taken back and the error thrown.
 * Returns whether a reminder went out.
 */
export async function sendRenewalReminder(deps: RenewalDeps, connection: StoredBankConnection): Promise<boolean> {
  const now = deps.clock();
  if (!renewalDue(connection, now)) return false;
  const { version, ...plain } = connection;
  const marked = await putConnection(
    deps.table,
    { ...markRenewalReminderSent(plain, now), firmId: connection.firmId, country: connection.country },
    version,
  );
  try {
    const to = await deps.addressees(connection);
    if (to.to.length === 0) return false;
    const mail = renewalReminderEmail({
      connection: plain,
      bankName: deps.bankName(connection.providerId),
      companyName: to.companyName,
      firmName: to.firmName,
      renewUrl: deps.renewUrl(connection),
      ...(to.language ? { language: to.language } : {}),
    });
    await deps.sendMail({ to: to.to, ...mail });
    return true;
  } catch (error) {
    const { version: v, renewalReminder: _, ...rest } = marked;
    await putConnection(
      deps.table,
      { ...rest, ...(plain.renewalReminder ? { renewalReminder: plain.renewalReminder } : {}) },
      v,
    ).catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The morning's work, one message per connection.

/** A connection to sync, on the `bank-sync` queue; `run` names the fan-out (or activation) that asked. */
export const BankSyncMessage = z.object({
  version: z.literal(1),
  firmId: z.string(),
  administrationId: z.string(),
  connectionId: z.string(),
  run: z.string(),
});
export type BankSyncMessage = z.infer<typeof BankSyncMessage>;

export function bankSyncMessage(
  connection: Pick<StoredBankConnection, 'firmId' | 'administrationId' | 'id'>,
  run: string,
): BankSyncMessage {
  return {
    version: 1,
    firmId: connection.firmId,
    administrationId: connection.administrationId,
    connectionId: connection.id,
    run,
  };
}
