import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScenario, type SandboxBank, startSandboxBank } from '#infra/local/sandbox-bank/index.ts';
import {
  berlinGroupClient,
  type ConnectionDeps,
  completeRedirect,
  getConnection,
  listBankLines,
  listConnections,
  listSyncedConnections,
  putBankAccount,
  putConnection,
  type RenewalDeps,
  renewConnection,
  revokeConnection,
  type StoredBankConnection,
  sendRenewalReminder,
  startConnection,
  syncBankConnection,
  syncedConnectionsIndex,
} from '#packages/bank';
import { ConflictError, newId, type TenantContext, ValidationError } from '#packages/kernel';
import { type BooksOf, setUpBooks } from '#packages/ledger';
import { getItem, type Item, type Table } from '#packages/table';
import { freshTable } from '../../helpers/table.ts';

/**
 * PSD2 connections in DynamoDB Local against the sandbox bank: a connection is in the morning's
 * gsi2 partition exactly while it can be synced (active, expiring), the consent is only asked
 * for registered accounts, and the renewal reminder goes out once per consent.
 */

const today = new Date('2026-11-20T08:00:00Z');
const clock = () => today;
const tenant: TenantContext = { userId: 'accountant-1', firmId: `firm-${newId()}`, userType: 'firm' };

let table: Table;
let bank: SandboxBank;
let deps: ConnectionDeps;
let adm: BooksOf;
const states: string[] = [];
const [current, second, belgian] = demoScenario(today).accounts.map((a) => a.iban) as [string, string, string];

beforeAll(async () => {
  ({ table } = await freshTable());
  bank = await startSandboxBank(demoScenario(today), { now: clock });
  const provider = berlinGroupClient({ baseUrl: bank.url });
  deps = {
    table,
    clock,
    newId,
    provider: (id) => (id === 'default' ? provider : undefined),
    redirectUri: (state) => {
      states.push(state);
      return `https://api.example/bank-connections/callback?state=${state}`;
    },
  };
  adm = { firmId: tenant.firmId, id: `adm-${newId()}`, country: 'NL' };
  await setUpBooks({ table, clock }, tenant, adm);
  await putBankAccount({ table, clock }, tenant, adm, current, { name: 'Rekening-courant', glAccount: '1100' });
  await putBankAccount({ table, clock }, tenant, adm, second, { name: 'Spaarrekening', glAccount: '1100' });
}, 60_000);

afterAll(async () => {
  await bank?.close();
});

/** Starts a consent and answers the bank's SCA page with `result`; returns the connection after the redirect. */
async function connect(ibans: string[], result: 'ok' | 'nok' = 'ok') {
  const started = await startConnection(deps, tenant, adm, { ibans });
  const state = states.at(-1) as string;
  const sca = await fetch(`${started.scaRedirect}?result=${result}`, { redirect: 'manual' });
  expect(sca.headers.get('location')).toBe(`https://api.example/bank-connections/callback?state=${state}`);
  return { started, completed: await completeRedirect(deps, state), state };
}

async function syncedIds(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listSyncedConnections(table, { cursor, limit: 2 });
    ids.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const itemOf = (c: StoredBankConnection) =>
  getItem<Item>(table, {
    pk: `FIRM#${c.firmId}#ADM#${c.administrationId}#BANKCONNECTIONS`,
    sk: c.id,
  });

describe('startConnection', () => {
  it('refuses an account the administration has not registered, and asks the bank nothing', async () => {
    const before = bank.requests.length;

    await expect(startConnection(deps, tenant, adm, { ibans: [current, belgian] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(bank.requests.length).toBe(before);
    expect((await listConnections(table, adm)).items).toEqual([]);
  });

  it('keeps a pending connection outside the morning partition until the client approves', async () => {
    const started = await startConnection(deps, tenant, adm, { ibans: [current] });

    expect(started.scaRedirect).toMatch(/\/sandbox\/sca\//);
    expect(started.connection).toMatchObject({ status: 'pending', validUntil: '2027-05-19', version: 1 });
    expect((await itemOf(started.connection))?.gsi2pk).toBeUndefined();
    expect(await syncedIds()).not.toContain(started.connection.id);
  });
});

describe('completeRedirect', () => {
  it('activates an approved consent with its registered accounts and puts it in the morning partition once', async () => {
    const { started, completed, state } = await connect([current, second]);
    const again = await completeRedirect(deps, state);

    expect(completed.activated).toBe(true);
    expect(completed.connection.status).toBe('active');
    expect(completed.connection.accounts.map((a) => a.iban).sort()).toEqual([current, second].sort());
    expect(await itemOf(completed.connection)).toMatchObject({
      gsi2pk: syncedConnectionsIndex,
      gsi2sk: `${adm.firmId}#${adm.id}#${started.connection.id}`,
    });
    expect(await syncedIds()).toContain(started.connection.id);
    expect(again).toEqual({ connection: completed.connection, activated: false });
  });

  it('fails a consent the client refused at the bank; it never enters the morning partition', async () => {
    const { completed } = await connect([current], 'nok');

    expect(completed.activated).toBe(false);
    expect(completed.connection).toMatchObject({ status: 'failed', lastError: { code: 'CONSENT_REJECTED' } });
    expect(await syncedIds()).not.toContain(completed.connection.id);
  });

  it('does not know a state it did not hand out', async () => {
    await expect(completeRedirect(deps, 'f'.repeat(32))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('syncBankConnection', () => {
  it('stores the lines once, and takes an expired consent out of the morning partition', async () => {
    const { completed } = await connect([current]);
    const first = await syncBankConnection(deps, adm.firmId, adm.id, completed.connection.id);
    const rerun = await syncBankConnection(deps, adm.firmId, adm.id, completed.connection.id);
    bank.expireConsent(completed.connection.consentId);
    const expired = await syncBankConnection(deps, adm.firmId, adm.id, completed.connection.id);

    expect(first.lineIds.length).toBeGreaterThan(10);
    expect(first.summary).toMatchObject({ accounts: 1, new: first.lineIds.length, errors: [] });
    expect(first.connection.lastSyncedAt).toBe(today.toISOString());
    const lines = await listBankLines(table, adm, { account: current, limit: 200 });
    expect(new Set(lines.items.map((l) => l.id)).size).toBeGreaterThanOrEqual(first.lineIds.length);
    expect(lines.items.every((l) => l.origin.kind === 'feed' || l.origin.kind === 'file')).toBe(true);
    expect(rerun.lineIds).toEqual([]);
    // The rerun reads from the cursor back three days: all of it is there already.
    expect(rerun.summary).toMatchObject({ new: 0, duplicates: rerun.summary.fetched });
    expect(rerun.summary.fetched).toBeGreaterThan(0);
    expect(expired.connection).toMatchObject({ status: 'expired', lastError: { code: 'CONSENT_EXPIRED' } });
    expect(expired.retryable).toBe(false);
    expect((await itemOf(expired.connection))?.gsi2pk).toBeUndefined();
    expect(await syncedIds()).not.toContain(completed.connection.id);
  });

  it('reports a rate limit that outlasts its retries as worth another try, and keeps the connection in', async () => {
    const { completed } = await connect([second]);
    bank.failNext(10, 429, { retryAfterSeconds: 1 });

    const run = await syncBankConnection(
      { ...deps, sleep: async () => undefined },
      adm.firmId,
      adm.id,
      completed.connection.id,
    );

    expect(run.retryable).toBe(true);
    expect(run.connection).toMatchObject({ status: 'active', lastError: { code: 'ACCESS_EXCEEDED' } });
    expect(await syncedIds()).toContain(completed.connection.id);
    // The rest of the failures are used up by the next runs; one then goes through.
    let last = run;
    for (let i = 0; i < 3 && last.retryable; i++) {
      last = await syncBankConnection(
        { ...deps, sleep: async () => undefined },
        adm.firmId,
        adm.id,
        completed.connection.id,
      );
    }
    expect(last.retryable).toBe(false);
    expect(last.connection.lastError).toBeUndefined();
  });
});

describe('renewConnection', () => {
  it('replaces the consent once the client approves the new one, keeping the connection and its cursors', async () => {
    const { completed } = await connect([current]);
    await syncBankConnection(deps, adm.firmId, adm.id, completed.connection.id);
    const synced = await getConnection(table, adm.firmId, adm.id, completed.connection.id);

    const renewal = await renewConnection(deps, tenant, adm, completed.connection.id);
    const waiting = renewal.connection;
    await fetch(`${renewal.scaRedirect}?result=ok`, { redirect: 'manual' });
    const done = await completeRedirect(deps, states.at(-1) as string);

    expect(waiting.renewal?.consentId).not.toBe(completed.connection.consentId);
    expect(waiting.consentId).toBe(completed.connection.consentId);
    expect(done.activated).toBe(true);
    expect(done.connection).toMatchObject({
      id: completed.connection.id,
      status: 'active',
      consentId: waiting.renewal?.consentId,
      cursors: synced.cursors,
    });
    expect(done.connection.renewal).toBeUndefined();
    expect(await syncedIds()).toContain(completed.connection.id);
  });

  it('keeps the current consent when the client refuses the new one', async () => {
    const { completed } = await connect([current]);

    const renewal = await renewConnection(deps, tenant, adm, completed.connection.id);
    await fetch(`${renewal.scaRedirect}?result=nok`, { redirect: 'manual' });
    const done = await completeRedirect(deps, states.at(-1) as string);

    expect(done.activated).toBe(false);
    expect(done.connection).toMatchObject({ status: 'active', consentId: completed.connection.consentId });
    expect(done.connection.renewal).toBeUndefined();
  });

  it('refuses to renew a connection that was never given', async () => {
    const { completed } = await connect([current], 'nok');

    await expect(renewConnection(deps, tenant, adm, completed.connection.id)).rejects.toMatchObject({
      code: 'CONNECTION_STATE',
    });
  });
});

describe('revokeConnection', () => {
  it('ends the consent at the bank and takes the connection out of the morning partition', async () => {
    const { completed } = await connect([current]);

    const revoked = await revokeConnection(deps, tenant, adm, completed.connection.id);

    expect(revoked.status).toBe('revoked');
    expect(bank.consent(completed.connection.consentId)?.status).toBe('terminatedByTpp');
    expect(await syncedIds()).not.toContain(completed.connection.id);
  });
});

describe('putConnection', () => {
  it('refuses to overwrite a connection that changed since it was read', async () => {
    const { completed } = await connect([current]);
    const { version: _, ...plain } = completed.connection;

    await putConnection(table, plain, completed.connection.version);

    await expect(putConnection(table, plain, completed.connection.version)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('sendRenewalReminder', () => {
  const mails: { to: readonly string[]; subject: string; text: string }[] = [];
  const renewal = (at: Date, fail = false): RenewalDeps => ({
    table,
    clock: () => at,
    bankName: () => 'Sandbox Bank',
    renewUrl: (c) => `https://portal.example/${c.administrationId}/bank`,
    addressees: async () => ({ to: ['klant@bakkerij.example'], companyName: 'Bakkerij Jansen B.V.', firmName: 'Demo' }),
    sendMail: async (mail) => {
      if (fail) throw new Error('SES is down');
      mails.push(mail);
    },
  });

  it('reminds the client once, two weeks before the consent runs out, and again after a failed send', async () => {
    const { completed } = await connect([current]);
    const early = new Date('2027-04-01T05:00:00Z');
    const due = new Date('2027-05-10T05:00:00Z');
    const read = () => getConnection(table, adm.firmId, adm.id, completed.connection.id);

    expect(await sendRenewalReminder(renewal(early), await read())).toBe(false);
    await expect(sendRenewalReminder(renewal(due, true), await read())).rejects.toThrow('SES is down');
    expect((await read()).renewalReminder).toBeUndefined();
    expect(await sendRenewalReminder(renewal(due), await read())).toBe(true);
    expect(await sendRenewalReminder(renewal(due), await read())).toBe(false);
    expect(await sendRenewalReminder(renewal(new Date('2027-05-12T05:00:00Z')), await read())).toBe(false);

    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['klant@bakkerij.example']);
    expect(mails[0]?.subject).toMatch(/Sandbox Bank/);
    expect(mails[0]?.text).toContain('https://portal.example/');
    expect((await read()).renewalReminder).toEqual({ validUntil: '2027-05-19', sentAt: due.toISOString() });
  });
});
