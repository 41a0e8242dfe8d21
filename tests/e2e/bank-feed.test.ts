import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApi, startLocalApi } from '#infra/local/api-server.ts';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import { demoScenario, type SandboxBank, startSandboxBank } from '#infra/local/sandbox-bank/index.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import { routes } from '#infra/wiring.ts';
import { demo } from '#packages/tenancy';
import { startSeededTwin } from '../helpers/twin.ts';

/**
 * The PSD2 feed through the whole back end with the sandbox bank as provider: the accountant
 * registers the account and starts a consent, the client approves it at the bank, whose redirect
 * lands on the callback; the first sync brings the lines and the robot goes over them. Syncing
 * again adds nothing; a 429 is waited out within the run, or else by the queue's redelivery; the
 * morning schedule syncs every connection; an expired consent ends its connection; revoking
 * ends the consent at the bank.
 */

let twin: LocalTwin;
let api: LocalApi;
let bank: SandboxBank;
const tokens: Record<'firm' | 'client', string> = { firm: '', client: '' };
const nl = '/administrations/adm-uitgebreid-nl';
const be = '/administrations/adm-samenwerken-be';
const scenario = demoScenario();
const [nlAccount, , beAccount] = scenario.accounts as [
  (typeof scenario.accounts)[number],
  unknown,
  (typeof scenario.accounts)[number],
];
const today = new Date().toISOString().slice(0, 10);
const connections: { nl?: Record<string, any>; be?: Record<string, any> } = {};

async function call<T = any>(
  method: string,
  path: string,
  body?: unknown,
  as: 'firm' | 'client' = 'firm',
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[as]}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const result = { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  await twin.queues.waitIdle(60_000);
  return result;
}

/** The client at the bank's SCA page: approves (or refuses), and the browser follows the redirect to our callback. */
async function approveAtBank(scaRedirect: string, result: 'ok' | 'nok' = 'ok') {
  const sca = await fetch(`${scaRedirect}?result=${result}`, { redirect: 'manual' });
  const location = sca.headers.get('location') ?? '';
  const callback = await fetch(location);
  const page = await callback.text();
  await twin.queues.waitIdle(60_000);
  return {
    status: sca.status,
    location,
    callback: { status: callback.status, page, type: callback.headers.get('content-type') },
  };
}

const linesOf = async (adm: string, iban: string) =>
  (await call('GET', `${adm}/bank-lines?account=${iban}&limit=200`)).body.items as Record<string, any>[];

/** Transaction reads of the sandbox under a consent, so far. */
const readsOf = (consentId: string) =>
  bank.requests.filter((r) => r.consentId === consentId && r.url.includes('/transactions')).length;

beforeAll(async () => {
  bank = await startSandboxBank(scenario);
  ({ twin } = await startSeededTwin({
    queueVisibilityTimeoutSeconds: 8,
    env: { PSD2_PROVIDER_URL: bank.url, PSD2_PROVIDER_NAME: scenario.bankName },
  }));
  const issuer = await devIssuer('urn:samenwerken:e2e-bank-feed', null);
  api = await startLocalApi({ routes, invoke: twin.invoke, issuer, port: 0 });
  // Read by the bank handlers when first invoked, which is after this.
  process.env.PUBLIC_API_URL = api.url;
  tokens.firm = await issuer.sign({
    userId: demo.users.accountant.id,
    email: demo.users.accountant.email,
    firmId: demo.firm.id,
    userType: 'firm',
  });
  tokens.client = await issuer.sign({
    userId: demo.users.client.id,
    email: demo.users.client.email,
    firmId: demo.firm.id,
    userType: 'client',
  });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await twin?.stop();
  await bank?.close();
  delete process.env.PUBLIC_API_URL;
});

describe('a PSD2 bank connection through the back end', () => {
  it('is refused for an account the administration has not registered', async () => {
    const res = await call('POST', `${nl}/bank-connections`, { ibans: [nlAccount.iban] });

    expect(res.status).toBe(400);
    expect(res.body.errors[0].detail).toMatch(/not a registered bank account/);
    expect(bank.requests).toEqual([]);
  });

  it('connects once the client approves at the bank; the first sync hands the lines to the robot', async () => {
    expect(
      (await call('PUT', `${nl}/bank-accounts/${nlAccount.iban}`, { name: 'Rekening-courant', glAccount: '1100' }))
        .status,
    ).toBe(200);

    const started = await call('POST', `${nl}/bank-connections`, { ibans: [nlAccount.iban] });
    const bankSide = await approveAtBank(started.body.scaRedirect);
    const connection = await call('GET', `${nl}/bank-connections/${started.body.connection.id}`);
    const lines = await linesOf(nl, nlAccount.iban);

    expect(started.status).toBe(201);
    expect(started.body.connection).toMatchObject({ status: 'pending', providerId: 'default' });
    expect(started.body.scaRedirect).toMatch(new RegExp(`^${bank.url}/sandbox/sca/`));
    expect(bankSide.status).toBe(302);
    expect(bankSide.location).toMatch(new RegExp(`^${api.url}/bank-connections/callback\\?state=[0-9a-f]{32}$`));
    expect(bankSide.callback).toMatchObject({ status: 200, type: expect.stringContaining('text/html') });
    expect(bankSide.callback.page).toContain('Bankkoppeling actief');
    expect(connection.body).toMatchObject({
      status: 'active',
      accounts: [{ iban: nlAccount.iban, resourceId: nlAccount.resourceId }],
      lastSyncedAt: expect.any(String),
    });
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.every((l) => l.origin.kind === 'feed' && l.origin.connectionId === connection.body.id)).toBe(true);
    // The robot has been over every line: booked, or with its suggestion and evidence.
    expect(lines.filter((l) => !l.booking && !l.suggestion)).toEqual([]);
    expect((await call('GET', `${nl}/bank-connections`)).body.items.map((c: { id: string }) => c.id)).toEqual([
      connection.body.id,
    ]);
    connections.nl = connection.body;
  });

  it('stores nothing twice when synced again', async () => {
    const before = (await linesOf(nl, nlAccount.iban)).length;

    const again = await call('POST', `${nl}/bank-connections/${connections.nl?.id}/sync`);

    expect(again.status).toBe(200);
    expect(again.body.summary).toMatchObject({ new: 0, errors: [] });
    expect(again.body.summary.duplicates).toBeGreaterThan(0);
    expect(again.body.newLines).toBe(0);
    expect((await linesOf(nl, nlAccount.iban)).length).toBe(before);
  });

  it('waits out a 429 within the run and then takes the new movement in', async () => {
    bank.addTransactions(nlAccount.resourceId, [
      { bookingDate: today, amount: 123_45, counterpartyName: 'Lunchroom De Zon', remittance: 'Factuur 2026-118' },
    ]);
    bank.failNext(1, 429, { retryAfterSeconds: 1 });

    const run = await call('POST', `${nl}/bank-connections/${connections.nl?.id}/sync`);

    expect(run.status).toBe(200);
    expect(run.body.summary).toMatchObject({ new: 1, errors: [] });
    expect(bank.requests.some((r) => r.status === 429)).toBe(true);
    const line = (await linesOf(nl, nlAccount.iban)).find((l) => l.counterpartyName === 'Lunchroom De Zon');
    expect(line).toMatchObject({ amount: '123.45', bookingDate: today });
  });

  it('syncs every connection when the morning schedule fires, a 429 past the run’s retries redelivered by the queue', async () => {
    // A second connection, started by the client user at the Belgian administration.
    expect(
      (await call('PUT', `${be}/bank-accounts/${beAccount.iban}`, { name: 'Zichtrekening', glAccount: '550000' }))
        .status,
    ).toBe(200);
    const started = await call('POST', `${be}/bank-connections`, { ibans: [beAccount.iban] }, 'client');
    expect(started.status).toBe(201);
    await approveAtBank(started.body.scaRedirect);
    connections.be = (await call('GET', `${be}/bank-connections/${started.body.connection.id}`)).body;
    expect(connections.be?.status).toBe('active');
    const nlReads = readsOf(connections.nl?.consentId);
    const beReads = readsOf(connections.be?.consentId);
    bank.addTransactions(nlAccount.resourceId, [
      { bookingDate: today, amount: -42_00, counterpartyName: 'Drukkerij Snel', remittance: 'Flyers' },
    ]);
    // Four 429s outlast one run (the call and three retries); the redelivery gets through.
    bank.failNext(4, 429, { retryAfterSeconds: 1, pathPrefix: `/v1/accounts/${nlAccount.resourceId}/` });

    const fired = twin.scheduler.fire('bank-sync-daily');
    await twin.queues.waitIdle(90_000);

    expect(fired).toMatchObject({ kind: 'queue', name: 'bank-sync-fanout' });
    expect(readsOf(connections.nl?.consentId)).toBeGreaterThan(nlReads + 4);
    expect(readsOf(connections.be?.consentId)).toBeGreaterThan(beReads);
    const nlNow = (await call('GET', `${nl}/bank-connections/${connections.nl?.id}`)).body;
    const beNow = (await call('GET', `${be}/bank-connections/${connections.be?.id}`)).body;
    expect(nlNow.lastError).toBeUndefined();
    expect(nlNow.lastSyncedAt > (connections.nl?.lastSyncedAt ?? '')).toBe(true);
    expect(beNow.lastSyncedAt > (connections.be?.lastSyncedAt ?? '')).toBe(true);
    expect((await linesOf(nl, nlAccount.iban)).some((l) => l.counterpartyName === 'Drukkerij Snel')).toBe(true);
    expect((await linesOf(be, beAccount.iban)).length).toBeGreaterThan(20);
    expect(twin.queues.peek('bank-sync-dlq')).toEqual([]);
  }, 120_000);

  it('marks the connection expired when the bank says the consent ran out, and leaves it out of the morning', async () => {
    bank.expireConsent(connections.nl?.consentId);

    const run = await call('POST', `${nl}/bank-connections/${connections.nl?.id}/sync`);
    const reads = readsOf(connections.nl?.consentId);
    twin.scheduler.fire('bank-sync-daily');
    await twin.queues.waitIdle(60_000);
    const after = (await call('GET', `${nl}/bank-connections/${connections.nl?.id}`)).body;

    expect(run.status).toBe(200);
    expect(run.body.connection).toMatchObject({ status: 'expired', lastError: { code: 'CONSENT_EXPIRED' } });
    expect(run.body.summary.errors[0].code).toBe('CONSENT_EXPIRED');
    expect(after.status).toBe('expired');
    expect(readsOf(connections.nl?.consentId)).toBe(reads);
  }, 90_000);

  it('renews the expired connection: after the client approves, the same connection syncs on', async () => {
    bank.addTransactions(nlAccount.resourceId, [
      { bookingDate: today, amount: 7_50, counterpartyName: 'Parkeergarage Centrum', remittance: 'Parkeren' },
    ]);

    const renewal = await call('POST', `${nl}/bank-connections/${connections.nl?.id}/renewal`);
    const bankSide = await approveAtBank(renewal.body.scaRedirect);
    const after = (await call('GET', `${nl}/bank-connections/${connections.nl?.id}`)).body;

    expect(renewal.status).toBe(201);
    expect(renewal.body.connection).toMatchObject({ status: 'expired', renewal: { consentId: expect.any(String) } });
    expect(bankSide.callback.page).toContain('Bankkoppeling actief');
    expect(after).toMatchObject({ status: 'active', consentId: renewal.body.connection.renewal.consentId });
    expect(after.lastError).toBeUndefined();
    const lines = await linesOf(nl, nlAccount.iban);
    expect(lines.filter((l) => l.counterpartyName === 'Parkeergarage Centrum')).toHaveLength(1);
    expect(lines.filter((l) => l.counterpartyName === 'Drukkerij Snel')).toHaveLength(1);
  });

  it('revokes a connection: the consent ends at the bank', async () => {
    const revoked = await call('DELETE', `${be}/bank-connections/${connections.be?.id}`);

    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect(bank.consent(connections.be?.consentId)?.status).toBe('terminatedByTpp');
  });

  it('shows a refusal at the bank on the callback page, and the connection as failed', async () => {
    const started = await call('POST', `${nl}/bank-connections`, { ibans: [nlAccount.iban] });

    const bankSide = await approveAtBank(started.body.scaRedirect, 'nok');
    const connection = await call('GET', `${nl}/bank-connections/${started.body.connection.id}`);

    expect(bankSide.callback.page).toContain('niet gelukt');
    expect(connection.body).toMatchObject({ status: 'failed', lastError: { code: 'CONSENT_REJECTED' } });
  });
});
