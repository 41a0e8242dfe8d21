import { describe, expect, it } from 'vitest';
import {
  BankOutageError,
  BankRequestError,
  ConsentExpiredError,
  RateLimitedError,
  syncWindowStart,
  withBankRetry,
} from '#packages/bank/psd2';

/** A call that fails with the given errors, in order, and then answers 'ok'. */
function failing(...errors: Error[]) {
  let calls = 0;
  const run = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return 'ok';
  };
  return { run, calls: () => calls };
}

function sleeps() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('syncWindowStart', () => {
  it('starts three days before the cursor, or 90 days back on the first sync', () => {
    const now = new Date('2026-11-20T08:00:00Z');

    expect(syncWindowStart('2026-11-18', now)).toBe('2026-11-15');
    expect(syncWindowStart(undefined, now)).toBe('2026-08-22');
    expect(syncWindowStart('2026-11-18', now, { overlapDays: 1 })).toBe('2026-11-17');
  });

  it('does not reach back further than 90 days, however old the cursor', () => {
    const now = new Date('2026-11-20T08:00:00Z');

    expect(syncWindowStart('2026-03-01', now)).toBe('2026-08-22');
    expect(syncWindowStart('2026-03-01', now, { initialDays: 30 })).toBe('2026-10-21');
  });
});

describe('withBankRetry', () => {
  it('waits the Retry-After of each 429 before calling again', async () => {
    const call = failing(new RateLimitedError(5), new RateLimitedError(1));
    const { waits, sleep } = sleeps();

    expect(await withBankRetry(call.run, sleep)).toBe('ok');
    expect(waits).toEqual([5000, 1000]);
  });

  it('backs off exponentially through an outage, up to the cap', async () => {
    const outage = () => new BankOutageError('down');
    const call = failing(outage(), outage(), outage(), outage());
    const { waits, sleep } = sleeps();

    await withBankRetry(call.run, sleep, { outageRetries: 4, backoffMs: 500, maxBackoffMs: 1500 });

    expect(waits).toEqual([500, 1000, 1500, 1500]);
  });

  it('gives up after the allowed retries and throws the last error', async () => {
    const call = failing(...Array.from({ length: 5 }, () => new BankOutageError('down')));
    const { waits, sleep } = sleeps();

    await expect(withBankRetry(call.run, sleep, { outageRetries: 2 })).rejects.toBeInstanceOf(BankOutageError);
    expect(call.calls()).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('does not retry a spent daily allowance, a Retry-After beyond the limit or a consent error', async () => {
    const spent = new RateLimitedError(undefined, { tppMessages: [{ code: 'ACCESS_EXCEEDED' }] });
    const { waits, sleep } = sleeps();

    await expect(withBankRetry(failing(spent).run, sleep)).rejects.toBe(spent);
    await expect(withBankRetry(failing(new RateLimitedError(600)).run, sleep)).rejects.toBeInstanceOf(RateLimitedError);
    await expect(withBankRetry(failing(new ConsentExpiredError()).run, sleep)).rejects.toBeInstanceOf(
      ConsentExpiredError,
    );
    await expect(withBankRetry(failing(new BankRequestError('no')).run, sleep)).rejects.toBeInstanceOf(
      BankRequestError,
    );
    expect(waits).toEqual([]);
  });

  it('backs off on a 429 that names no wait and is not the daily limit', async () => {
    const call = failing(new RateLimitedError(undefined));
    const { waits, sleep } = sleeps();

    expect(await withBankRetry(call.run, sleep)).toBe('ok');
    expect(waits).toEqual([1000]);
  });
});
