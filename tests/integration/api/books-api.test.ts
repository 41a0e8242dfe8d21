import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

let t: TestApi;
const accountant = 'accountant@demo-kantoor.nl';
const client = 'klant@bakkerij-jansen.nl';
const base = '/administrations/adm-samenwerken-be';

beforeAll(async () => {
  t = await startTestApi();
  const res = await t.call('POST', `${base}/books`, { as: accountant });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

describe('the books over the API', () => {
  it('sets up the Belgian minimum chart once', async () => {
    expect((await t.call('POST', `${base}/books`, { as: accountant })).body).toEqual({ created: false });
    const accounts = await t.call('GET', `${base}/accounts`, { as: accountant });
    expect(accounts.body.items.map((a: { code: string }) => a.code)).toEqual(
      expect.arrayContaining(['400000', '440000']),
    );
    const journals = await t.call('GET', `${base}/journals`, { as: accountant });
    expect(journals.body.items.map((j: { code: string }) => j.code).sort()).toEqual(['AAN', 'DIV', 'FIN', 'VKP']);
  });

  it('posts an entry given in decimal strings and reads it back with its gapless number', async () => {
    const res = await t.call('POST', `${base}/entries`, {
      as: accountant,
      body: {
        journalCode: 'DIV',
        date: '2026-02-10',
        description: 'Kasstorting',
        lines: [
          { accountCode: '550000', amount: '250.00' },
          { accountCode: '570000', amount: '-250.00' },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 'DIV-2026-1',
      number: 1,
      lines: [{ amount: '250.00' }, { amount: '-250.00' }],
    });
    const read = await t.call('GET', `${base}/entries/DIV-2026-1`, { as: accountant });
    expect(read.body.description).toBe('Kasstorting');
    const list = await t.call('GET', `${base}/entries?period=2026-02`, { as: accountant });
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain('DIV-2026-1');
  });

  it('answers 400 with a pointer for an entry that does not balance', async () => {
    const res = await t.call('POST', `${base}/entries`, {
      as: accountant,
      body: {
        journalCode: 'DIV',
        date: '2026-02-10',
        description: 'Scheef',
        lines: [
          { accountCode: '550000', amount: '250.00' },
          { accountCode: '570000', amount: '-249.99' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/lines' });
  });

  it('reverses an entry, closes a period against postings, and reports from balances', async () => {
    const posted = await t.call('POST', `${base}/entries`, {
      as: accountant,
      body: {
        journalCode: 'DIV',
        date: '2026-03-03',
        description: 'Foutje',
        lines: [
          { accountCode: '550000', amount: '99.99' },
          { accountCode: '700000', amount: '-99.99' },
        ],
      },
    });
    const reversal = await t.call('POST', `${base}/entries/${posted.body.id}/reversal`, { as: accountant, body: {} });
    expect(reversal.status).toBe(201);
    expect(reversal.body.lines[0].amount).toBe('-99.99');
    expect(
      (await t.call('PUT', `${base}/periods/2026-03`, { as: accountant, body: { status: 'closed' } })).status,
    ).toBe(200);
    const late = await t.call('POST', `${base}/entries`, {
      as: accountant,
      body: {
        journalCode: 'DIV',
        date: '2026-03-30',
        description: 'Te laat',
        lines: [
          { accountCode: '550000', amount: '1.00' },
          { accountCode: '700000', amount: '-1.00' },
        ],
      },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('PERIOD_CLOSED');
    const tb = await t.call('GET', `${base}/reports/trial-balance?to=2026-12`, { as: accountant });
    expect(tb.body.totals).toEqual({ debit: expect.any(String), credit: expect.any(String), difference: '0.00' });
  });

  it('lets a member client read the cockpit but not post', async () => {
    expect((await t.call('GET', `${base}/reports/kpis?to=2026-12`, { as: client })).status).toBe(200);
    const res = await t.call('POST', `${base}/entries`, {
      as: client,
      body: {
        journalCode: 'DIV',
        date: '2026-04-01',
        description: 'Klant',
        lines: [
          { accountCode: '550000', amount: '1.00' },
          { accountCode: '700000', amount: '-1.00' },
        ],
      },
    });
    expect(res.status).toBe(403);
  });
});
