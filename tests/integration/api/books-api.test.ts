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

  it('lets only the firm set up the books', async () => {
    expect((await t.call('POST', `${base}/books`, { as: client })).status).toBe(403);
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

describe('a Belgian quarterly VAT return over the API', () => {
  it('is computed from postings, approved by the client, filed (closing its months) and exported as Intervat XML', async () => {
    const sale = await t.call('POST', `${base}/entries`, {
      as: accountant,
      body: {
        journalCode: 'VKP',
        date: '2026-05-12',
        description: 'Verkoop brood',
        lines: [
          { accountCode: '400000', amount: '1210.00' },
          { accountCode: '700000', amount: '-1000.00', vat: { code: 'BE-V21', part: 'base' } },
          { accountCode: '451000', amount: '-210.00', vat: { code: 'BE-V21', part: 'vat' } },
        ],
      },
    });
    expect(sale.status).toBe(201);
    const computed = await t.call('PUT', `${base}/vat-returns/2026-Q2`, { as: accountant });
    expect(computed.status).toBe(201);
    expect(computed.body.vatReturn.boxes).toMatchObject({ '03': '1000.00', '54': '210.00', '71': '210.00' });
    expect(computed.body.vatReturn.payable).toBe('210.00');
    const sent = await t.call('POST', `${base}/vat-returns/2026-Q2/transitions`, {
      as: accountant,
      body: { action: 'send' },
    });
    expect(sent.body.status).toBe('sent');
    expect((await t.call('PUT', `${base}/vat-returns/2026-Q2`, { as: accountant })).status).toBe(409);
    const approved = await t.call('POST', `${base}/vat-returns/2026-Q2/transitions`, {
      as: client,
      body: { action: 'approve' },
    });
    expect(approved.body.status).toBe('approved');
    expect(
      (await t.call('POST', `${base}/vat-returns/2026-Q2/transitions`, { as: client, body: { action: 'file' } }))
        .status,
    ).toBe(403);
    const filed = await t.call('POST', `${base}/vat-returns/2026-Q2/transitions`, {
      as: accountant,
      body: { action: 'file' },
    });
    expect(filed.body.status).toBe('filed');
    const periods = await t.call('GET', `${base}/periods`, { as: accountant });
    expect(
      periods.body.items
        .filter((p: { status: string }) => p.status === 'closed')
        .map((p: { period: string }) => p.period),
    ).toEqual(expect.arrayContaining(['2026-04', '2026-05', '2026-06']));
    const file = await t.call('GET', `${base}/vat-returns/2026-Q2/export`, { as: accountant });
    expect(file.status).toBe(200);
    expect(String(file.body)).toContain('VATConsignment');
    expect(String(file.body)).toMatch(/GridNumber="54"[^>]*>210\.00</);
  });
});
