import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, systemClock } from '#packages/kernel';
import { createProposal } from '#packages/proposals';
import type { RecognitionResult } from '#packages/recognition';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

let t: TestApi;
const accountant = 'accountant@demo-kantoor.nl';
const client = 'klant@bakkerij-jansen.nl';
const base = '/administrations/adm-samenwerken-be';
let proposalId: string;

const sure = <T>(value: T) => ({ value, confidence: 0.99 });
const recognition: RecognitionResult = {
  source: 'pdf-text',
  documentType: sure('invoice'),
  supplier: { name: sure('Drukkerij Vanhoutte BV'), vatNumber: sure('BE0202239951') },
  customer: {},
  invoiceNumber: sure('2026-118'),
  invoiceDate: sure('2026-03-02'),
  dueDate: sure('2026-04-01'),
  currency: sure('EUR'),
  totals: { net: sure(20000), vat: sure(4200), gross: sure(24200) },
  vatBreakdown: [{ rateBasisPoints: 2100, base: 20000, vat: 4200 }],
  lines: [],
  issues: [],
};

beforeAll(async () => {
  t = await startTestApi();
  expect((await t.call('POST', `${base}/books`, { as: accountant })).status).toBe(201);
  const { proposal } = await createProposal(
    { table: t.table, clock: systemClock, newId },
    { firmId: 'demo-kantoor', userId: 'system:intake', userType: 'firm' },
    { firmId: 'demo-kantoor', id: 'adm-samenwerken-be', country: 'BE' },
    {
      document: { id: 'doc-1', source: 'upload', fileName: 'factuur.pdf', receivedAt: new Date().toISOString() },
      recognition,
      own: { vatNumber: 'BE0403170701', ibans: [] },
      plan: 'samenwerken',
    },
  );
  proposalId = proposal.id;
});
afterAll(async () => {
  await t?.close();
});

describe('booking proposals over the API', () => {
  it('lists proposals by status with amounts as decimal strings and the ETag as version', async () => {
    const list = await t.call('GET', `${base}/proposals?status=proposed`, { as: accountant });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].totals).toEqual({ net: '200.00', vat: '42.00', gross: '242.00' });
    const one = await t.call('GET', `${base}/proposals/${proposalId}`, { as: accountant });
    expect(one.headers.get('etag')).toBe(`"${one.body.version}"`);
    expect(one.body.relation).toMatchObject({ matchedBy: 'new', proposedRelation: { name: 'Drukkerij Vanhoutte BV' } });
  });

  it('lets a member client see proposals but not correct, accept or reject them', async () => {
    expect((await t.call('GET', `${base}/proposals`, { as: client })).status).toBe(200);
    const edit = await t.call('PATCH', `${base}/proposals/${proposalId}`, {
      as: client,
      body: { header: { invoiceNumber: 'X' } },
      headers: { 'if-match': '"1"' },
    });
    expect(edit.status).toBe(403);
    expect((await t.call('POST', `${base}/proposals/${proposalId}/acceptance`, { as: client })).status).toBe(403);
    const reject = await t.call('POST', `${base}/proposals/${proposalId}/rejection`, {
      as: client,
      body: { reason: 'Niet van ons' },
    });
    expect(reject.status).toBe(403);
  });

  it('requires If-Match to correct a proposal, and refuses a stale one', async () => {
    const body = { header: { invoiceNumber: '2026-118A' } };
    const missing = await t.call('PATCH', `${base}/proposals/${proposalId}`, { as: accountant, body });
    expect(missing.status).toBe(400);
    const stale = await t.call('PATCH', `${base}/proposals/${proposalId}`, {
      as: accountant,
      body,
      headers: { 'if-match': '"99"' },
    });
    expect(stale.status).toBe(409);
  });

  it('accepts a proposal once: the second acceptance is a conflict', async () => {
    const accepted = await t.call('POST', `${base}/proposals/${proposalId}/acceptance`, { as: accountant });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ status: 'accepted', posted: { invoiceId: expect.any(String) } });
    const again = await t.call('POST', `${base}/proposals/${proposalId}/acceptance`, { as: accountant });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
  });
});
