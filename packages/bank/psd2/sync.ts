import type { Clock } from '#packages/kernel';
import type { BankLine } from '../model.js';
import { movementKeys } from '../movement-key.js';
import type { AisProvider } from './client.js';
import {
  addDays,
  type BankConnection,
  type ConnectedAccount,
  dayOf,
  expireConnection,
  isSyncable,
  recordSync,
  recordSyncError,
  refreshConnection,
  revokeConnection,
} from './consent.js';
import {
  BankOutageError,
  BankRequestError,
  ConsentExpiredError,
  ConsentInvalidError,
  ConsentRevokedError,
  RateLimitedError,
} from './errors.js';

/** A line with its movement key ({@link movementKeys}): what the store dedupes on. */
export interface FingerprintedLine {
  readonly fingerprint: string;
  readonly line: BankLine;
}

/** What the sync hands to the store: the booked lines of one account, each with its key. */
export interface StoreBatch {
  readonly connection: Pick<BankConnection, 'id' | 'administrationId' | 'providerId'>;
  readonly account: ConnectedAccount;
  readonly lines: readonly FingerprintedLine[];
}

export interface SyncDeps {
  readonly provider: AisProvider;
  /**
   * Keeps the lines whose fingerprint it has not seen for this administration and account, and
   * answers with the fingerprints that were new. It must be idempotent (a conditional put per
   * fingerprint does it): a sync may be run again after a crash with the same lines.
   */
  readonly store: (batch: StoreBatch) => Promise<readonly string[]>;
  readonly clock: Clock;
  /** Waits between retries. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SyncOptions {
  /** Days read again before each account's cursor, for lines the bank books late. @default 3 */
  readonly overlapDays?: number;
  /** Days read on the first sync of an account. @default 90 */
  readonly initialDays?: number;
  /** Retries of one call answered with 429. @default 3 */
  readonly rateLimitRetries?: number;
  /** Retries of one call during an outage (5xx, network, timeout). @default 3 */
  readonly outageRetries?: number;
  /** First backoff wait; doubled on each further retry. @default 1000 */
  readonly backoffMs?: number;
  /** @default 30000 */
  readonly maxBackoffMs?: number;
  /** A `Retry-After` longer than this is not waited for: the sync stops and tries next time. @default 120 */
  readonly maxRetryAfterSeconds?: number;
  /** Pages read per account before giving up on a bank that keeps linking on. @default 500 */
  readonly maxPages?: number;
}

export interface SyncProblem {
  /** The account's `resourceId`, when the problem was with one account. */
  readonly accountId?: string;
  readonly code: string;
  readonly message: string;
}

export interface SyncSummary {
  /** Accounts read completely. */
  readonly accounts: number;
  /** Booked lines the bank returned in the windows read. */
  readonly fetched: number;
  readonly new: number;
  readonly duplicates: number;
  readonly errors: readonly SyncProblem[];
}

export interface SyncResult {
  /** The connection after the run (cursors moved, status changed on an ended consent): save it. */
  readonly connection: BankConnection;
  readonly summary: SyncSummary;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `run` again on a 429 (after `Retry-After`, or a backoff when the bank gave none) and on an
 * outage (exponential backoff), each a bounded number of times; every other error goes through.
 * A spent daily allowance (`ACCESS_EXCEEDED` without `Retry-After`) is not retried.
 */
export async function withBankRetry<T>(
  run: () => Promise<T>,
  sleep: (ms: number) => Promise<void>,
  options: SyncOptions = {},
): Promise<T> {
  const backoff = (n: number) => Math.min((options.backoffMs ?? 1000) * 2 ** (n - 1), options.maxBackoffMs ?? 30_000);
  let limited = 0;
  let outages = 0;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (error instanceof RateLimitedError) {
        const wait = error.retryAfterSeconds;
        const spent = wait === undefined && error.code === 'ACCESS_EXCEEDED';
        if (
          spent ||
          limited >= (options.rateLimitRetries ?? 3) ||
          (wait ?? 0) > (options.maxRetryAfterSeconds ?? 120)
        ) {
          throw error;
        }
        limited++;
        await sleep(wait === undefined ? backoff(limited) : wait * 1000);
        continue;
      }
      if (error instanceof BankOutageError) {
        if (outages >= (options.outageRetries ?? 3)) throw error;
        outages++;
        await sleep(backoff(outages));
        continue;
      }
      throw error;
    }
  }
}

/**
 * The first day to read for an account: cursor − overlap, or `initialDays` back on the first
 * sync. Never further back than `initialDays`: banks give older history only with the PSU present.
 */
export function syncWindowStart(cursor: string | undefined, now: Date, options: SyncOptions = {}): string {
  const earliest = addDays(dayOf(now), -(options.initialDays ?? 90));
  if (!cursor) return earliest;
  const start = addDays(cursor, -(options.overlapDays ?? 3));
  return start < earliest ? earliest : start;
}

/**
 * One incremental sync of a connection: for each account, the booked lines from
 * {@link syncWindowStart} (following `_links.next`), keyed by movement ({@link movementKeys}) and
 * handed to the store, which tells which were new. Cursors move to the latest booking date read.
 *
 * A consent that expired or was revoked ends the connection (`expired` / `revoked`) and stops
 * the run; so do an unusable consent, a rate limit or an outage that outlast their retries (they
 * are kept as `lastError`). A request the bank refuses for one account is reported and the next
 * account is read. Errors of the store are thrown: nothing was lost, the run can be repeated.
 */
export async function syncConnection(
  deps: SyncDeps,
  connection: BankConnection,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.clock();
  let current = refreshConnection(connection, now);
  const errors: SyncProblem[] = [];
  const totals = { accounts: 0, fetched: 0, new: 0, duplicates: 0 };
  const summary = () => ({ ...totals, errors });

  if (!isSyncable(current)) {
    const problem = current.lastError ?? { code: 'CONNECTION_NOT_ACTIVE', message: '' };
    errors.push({
      code: current.status === 'expired' ? 'CONSENT_EXPIRED' : 'CONNECTION_NOT_ACTIVE',
      message: problem.message || `The connection is ${current.status}.`,
    });
    return { connection: current, summary: summary() };
  }

  const cursors: Record<string, string> = {};
  let lastProblem: SyncProblem | undefined;
  for (const account of current.accounts) {
    const dateFrom = syncWindowStart(current.cursors[account.resourceId], now, options);
    try {
      const lines: BankLine[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        if (++pages > (options.maxPages ?? 500)) throw new BankRequestError('The bank kept linking to more pages.');
        const page = await withBankRetry(
          () =>
            deps.provider.transactionPage(
              current.consentId,
              account.resourceId,
              { dateFrom, bookingStatus: 'booked' },
              next,
            ),
          sleep,
          options,
        );
        lines.push(...page.booked);
        next = page.next;
      } while (next);

      // Whole days from dateFrom only, so occurrence numbers of identical lines stay stable.
      const inWindow = lines.filter((l) => l.bookingDate >= dateFrom);
      const keys = movementKeys(account.iban, inWindow);
      const keyed = inWindow.map((line, i) => ({ fingerprint: keys[i] as string, line }));
      const stored = inWindow.length
        ? new Set(
            await deps.store({
              connection: {
                id: current.id,
                administrationId: current.administrationId,
                providerId: current.providerId,
              },
              account,
              lines: keyed,
            }),
          )
        : new Set<string>();
      const fresh = keyed.filter((k) => stored.has(k.fingerprint)).length;
      totals.accounts++;
      totals.fetched += keyed.length;
      totals.new += fresh;
      totals.duplicates += keyed.length - fresh;
      const latest = inWindow.reduce<string | undefined>(
        (max, l) => (!max || l.bookingDate > max ? l.bookingDate : max),
        undefined,
      );
      if (latest) cursors[account.resourceId] = latest;
    } catch (error) {
      if (error instanceof ConsentExpiredError) {
        current = expireConnection(current, now, { code: error.code, message: error.message });
        errors.push({ accountId: account.resourceId, code: error.code, message: error.message });
        break;
      }
      if (error instanceof ConsentRevokedError) {
        current = revokeConnection(current, now, error.by);
        errors.push({ accountId: account.resourceId, code: error.code, message: error.message });
        break;
      }
      if (
        error instanceof ConsentInvalidError ||
        error instanceof RateLimitedError ||
        error instanceof BankOutageError
      ) {
        lastProblem = { accountId: account.resourceId, code: error.code, message: error.message };
        errors.push(lastProblem);
        break;
      }
      if (error instanceof BankRequestError) {
        const problem = { accountId: account.resourceId, code: error.code, message: error.message };
        errors.push(problem);
        lastProblem ??= problem;
        continue;
      }
      throw error;
    }
  }

  if (isSyncable(current)) {
    if (totals.accounts > 0) current = recordSync(current, cursors, now);
    if (lastProblem) current = recordSyncError(current, { code: lastProblem.code, message: lastProblem.message }, now);
  }
  return { connection: current, summary: summary() };
}
