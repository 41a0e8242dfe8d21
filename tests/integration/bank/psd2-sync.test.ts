import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxBank } from '#infra/local/sandbox-bank/index.ts';
import { type AisProvider, addDays, type BankConnection, syncConnection } from '#packages/bank/psd2';
import { clientFor, clock, connect, memoryStore, recordingSleep, sandbox, today } from './psd2-support.ts';

let bank: SandboxBank | undefined;
afterEach(async () => {
  await bank?.close();
  bank = undefined;
});

/** The demo bank (two NL accounts, one BE) with a connection to all three, read in pages of 20. */
async function demo(frequencyPerDay = 10) {
  bank = await sandbox(undefined, 20);
  const provider = clientFor(bank);
  const connection = await connect(
    bank,
    provider,
    bank.scenario.accounts.map((a) => a.iban),
    frequencyPerDay,
  );
  const lines = memoryStore();
  const { sleep, waits } = recordingSleep();
  const deps = { provider, store: lines.store, clock, sleep };
  return { bank, provider, connection, lines, waits, deps };
}

const windowStarts = (bank: SandboxBank, since = 0) =>
  bank.requests
    .slice(since)
    .filter((r) => r.url.includes('/transactions?') && !r.url.includes('page='))
    .map((r) => new URL(r.url, 'http://x').searchParams.get('dateFrom'));

const latestDate = (bank: SandboxBank, accountIndex: number) =>
  bank.scenario.accounts[accountIndex]!.transactions.map((t) => t.bookingDate)
    .filter((d) => d <= '2026-11-20')
    .sort()
    .at(-1)!;

describe('syncConnection', () => {
  it('reads 90 days back on the first sync, over all pages, and stores every booked line as new', async () => {
    const { bank, connection, lines, deps } = await demo();
    const from = addDays('2026-11-20', -90);
    const expected = bank.scenario.accounts
      .flatMap((a) => a.transactions)
      .filter((t) => t.bookingDate >= from && t.bookingDate <= '2026-11-20').length;

    const { connection: after, summary } = await syncConnection(deps, connection);

    expect(summary).toEqual({ accounts: 3, fetched: expected, new: expected, duplicates: 0, errors: [] });
    expect(lines.lines.size).toBe(expected);
    expect(windowStarts(bank)).toEqual([from, from, from]);
    expect(bank.requests.filter((r) => r.url.includes('page=')).length).toBeGreaterThan(3);
    expect(after.cursors).toEqual({
      'acc-nl-jansen-1': latestDate(bank, 0),
      'acc-nl-jansen-2': latestDate(bank, 1),
      'acc-be-peeters': latestDate(bank, 2),
    });
    expect(after.lastSyncedAt).toBe(today.toISOString());
  });

  it('re-reads three days before each cursor on the next sync and stores none of those lines twice', async () => {
    const { bank, connection, lines, deps } = await demo();
    const first = await syncConnection(deps, connection);
    const since = bank.requests.length;

    const second = await syncConnection(deps, first.connection);

    expect(windowStarts(bank, since)).toEqual(bank.scenario.accounts.map((_, i) => addDays(latestDate(bank, i), -3)));
    expect(second.summary.fetched).toBeGreaterThan(0);
    expect(second.summary.new).toBe(0);
    expect(second.summary.duplicates).toBe(second.summary.fetched);
    expect(lines.lines.size).toBe(first.summary.new);
    expect(second.connection.cursors).toEqual(first.connection.cursors);
  });

  it('picks up lines booked late inside the overlap, including a second identical card payment on a day already read', async () => {
    const { bank, connection, lines, deps } = await demo();
    const first = await syncConnection(deps, connection);
    const nlCursor = first.connection.cursors['acc-nl-jansen-1']!;
    const carCursor = first.connection.cursors['acc-nl-jansen-2']!;
    const carLine = bank.scenario.accounts[1]!.transactions.find((t) => t.bookingDate === carCursor)!;
    bank.addTransactions('acc-nl-jansen-1', [
      {
        bookingDate: addDays(nlCursor, -2),
        amount: 31_500,
        counterpartyName: 'Lunchroom Het Zonnetje',
        counterpartyIban: 'NL02ABNA0123456789',
        remittance: 'Factuur VF-2026-0999',
      },
    ]);
    bank.addTransactions('acc-nl-jansen-2', [{ ...carLine }]);
    const sameDay = () =>
      [...lines.lines.values()]
        .filter(
          (l) =>
            l.account === 'acc-nl-jansen-2' && l.line.bookingDate === carCursor && l.line.amount === carLine.amount,
        )
        .map((l) => Number(l.fingerprint.split(':').at(-1)))
        .sort();
    const before = sameDay();

    const second = await syncConnection(deps, first.connection);

    expect(second.summary.new).toBe(2);
    expect(second.summary.errors).toEqual([]);
    const stored = [...lines.lines.values()];
    expect(stored.filter((l) => l.line.remittance === 'Factuur VF-2026-0999')).toHaveLength(1);
    expect(sameDay()).toEqual([...before, before.length + 1]);
    expect(second.connection.cursors['acc-nl-jansen-1']).toBe(nlCursor);
  });

  it('waits as long as Retry-After asks when the bank answers 429, then reads on', async () => {
    const { bank, connection, waits, deps } = await demo();
    bank.failNext(2, 429, { retryAfterSeconds: 2 });

    const { summary } = await syncConnection(deps, connection);

    expect(waits).toEqual([2000, 2000]);
    expect(summary.errors).toEqual([]);
    expect(summary.accounts).toBe(3);
    expect(summary.new).toBe(summary.fetched);
  });

  it('retries an outage with exponential backoff and then completes the sync', async () => {
    const { bank, connection, waits, deps } = await demo();
    bank.failNext(1, 503);
    bank.failNext(1, 'reset');
    bank.failNext(1, 500);

    const { summary, connection: after } = await syncConnection(deps, connection);

    expect(waits).toEqual([1000, 2000, 4000]);
    expect(summary.errors).toEqual([]);
    expect(summary.accounts).toBe(3);
    expect(after.lastError).toBeUndefined();
  });

  it('gives up after the bounded outage retries, keeps the cursors and notes the error on the connection', async () => {
    const { bank, connection, waits, lines, deps } = await demo();
    bank.failNext(20, 502);

    const { summary, connection: after } = await syncConnection(deps, connection, { outageRetries: 2 });

    expect(waits).toEqual([1000, 2000]);
    expect(summary).toEqual({
      accounts: 0,
      fetched: 0,
      new: 0,
      duplicates: 0,
      errors: [{ accountId: 'acc-nl-jansen-1', code: 'BANK_OUTAGE', message: expect.any(String) }],
    });
    expect(lines.batches).toEqual([]);
    expect(after.status).toBe('active');
    expect(after.cursors).toEqual({});
    expect(after.lastError?.code).toBe('BANK_OUTAGE');
  });

  it('does not wait for a Retry-After longer than allowed, and stops without a cursor move', async () => {
    const { bank, connection, waits, deps } = await demo();
    bank.failNext(1, 429, { retryAfterSeconds: 3600 });

    const { summary, connection: after } = await syncConnection(deps, connection);

    expect(waits).toEqual([]);
    expect(summary.errors.map((e) => e.code)).toEqual(['ACCESS_EXCEEDED']);
    expect(after.lastError?.code).toBe('ACCESS_EXCEEDED');
  });

  it('does not retry once the consent’s daily reads are used up', async () => {
    const { connection, waits, deps } = await demo(1);
    const first = await syncConnection(deps, connection);

    const second = await syncConnection(deps, first.connection);

    expect(first.summary.errors).toEqual([]);
    expect(waits).toEqual([]);
    expect(second.summary.errors).toEqual([
      { accountId: 'acc-nl-jansen-1', code: 'ACCESS_EXCEEDED', message: expect.any(String) },
    ]);
    expect(second.connection.cursors).toEqual(first.connection.cursors);
  });

  it('marks the connection expired when the bank answers CONSENT_EXPIRED', async () => {
    const { bank, connection, lines, deps } = await demo();
    bank.expireConsent(connection.consentId);

    const { summary, connection: after } = await syncConnection(deps, connection);

    expect(after.status).toBe('expired');
    expect(after.lastError?.code).toBe('CONSENT_EXPIRED');
    expect(after.endedAt).toBe(today.toISOString());
    expect(summary.errors.map((e) => e.code)).toEqual(['CONSENT_EXPIRED']);
    expect(lines.batches).toEqual([]);
  });

  it('marks the connection revoked when the account holder revoked the consent at the bank', async () => {
    const { bank, connection, deps } = await demo();
    bank.revokeConsent(connection.consentId);

    const { summary, connection: after } = await syncConnection(deps, connection);

    expect(after.status).toBe('revoked');
    expect(after.lastError?.code).toBe('CONSENT_REVOKED');
    expect(summary.errors.map((e) => e.code)).toEqual(['CONSENT_REVOKED']);
  });

  it('expires a connection past its validUntil without calling the bank', async () => {
    const { bank, connection, deps } = await demo();
    const calls = bank.requests.length;
    const later = new Date('2027-05-20T06:00:00Z');

    const { summary, connection: after } = await syncConnection({ ...deps, clock: () => later }, connection);

    expect(after.status).toBe('expired');
    expect(summary.errors.map((e) => e.code)).toEqual(['CONSENT_EXPIRED']);
    expect(bank.requests.length).toBe(calls);
  });

  it('reports a refused read of one account and still reads the others', async () => {
    const { connection, deps } = await demo();
    const refusing: AisProvider = {
      ...deps.provider,
      transactionPage: (consentId, accountId, query, next, o) =>
        accountId === 'acc-nl-jansen-2'
          ? deps.provider.transactionPage(consentId, 'acc-unknown', query, next, o)
          : deps.provider.transactionPage(consentId, accountId, query, next, o),
    };

    const { summary, connection: after } = await syncConnection({ ...deps, provider: refusing }, connection);

    expect(summary.accounts).toBe(2);
    expect(summary.errors).toEqual([
      { accountId: 'acc-nl-jansen-2', code: 'RESOURCE_UNKNOWN', message: expect.any(String) },
    ]);
    expect(Object.keys(after.cursors).sort()).toEqual(['acc-be-peeters', 'acc-nl-jansen-1']);
    expect(after.lastError?.code).toBe('RESOURCE_UNKNOWN');
  });

  it('lets a failing store throw so that the run is repeated, with nothing lost', async () => {
    const { connection, deps } = await demo();
    const failing = { ...deps, store: async () => Promise.reject(new Error('DynamoDB unavailable')) };

    await expect(syncConnection(failing, connection)).rejects.toThrow('DynamoDB unavailable');
    const retried = await syncConnection(deps, connection satisfies BankConnection);
    expect(retried.summary.new).toBe(retried.summary.fetched);
  });
});
