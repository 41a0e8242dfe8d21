import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, closeMonth, counterItems, monthOf, noteProposalMetered } from '#packages/billing';
import { batchPut } from '#packages/table';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

let t: TestApi;
const accountant = 'accountant@demo-kantoor.nl';
const client = 'klant@bakkerij-jansen.nl';
const month = monthOf(new Date());
const nextMonth = addMonths(month, 1);

beforeAll(async () => {
  t = await startTestApi();
  // The Samenwerken administration made 12 proposals this month; the 11th told the firm.
  await batchPut(t.table, counterItems('demo-kantoor', 'adm-samenwerken-be', { [month]: 12 }));
  await noteProposalMetered(t.table, 'demo-kantoor', 'adm-samenwerken-be', 'samenwerken', new Date().toISOString());
});
afterAll(async () => {
  await t?.close();
});

describe('billing over the API', () => {
  it('serves the catalogue: the seeds’ price list in force, in cents, and the feature tables', async () => {
    const res = await t.call('GET', '/billing/catalogue', { as: accountant });

    expect(res.status).toBe(200);
    expect(res.body.current).toBe('2026-01-01');
    expect(res.body.priceLists[0].plans.samenwerken.monthly['plus-professional']).toBe(1050);
    expect(res.body.planFeatures['booking-proposals']).toEqual(['samenwerken', 'samenwerken-uitgebreid']);
  });

  it('shows an administration’s usage this month and quarter with the bundle and a forecast, amounts as decimals', async () => {
    const res = await t.call('GET', '/administrations/adm-samenwerken-be/usage', { as: accountant });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      administrationId: 'adm-samenwerken-be',
      plan: 'samenwerken',
      month: { period: month, proposals: 12, included: 10 },
      quarter: { proposals: 12 },
    });
    expect(res.body.forecastCharge).toMatch(/^\d+\.\d{2}$/);
    expect(res.body.month.forecast).toBeGreaterThanOrEqual(12);
  });

  it('records a subscription change from a date and refuses what the plan does not offer', async () => {
    const path = '/administrations/adm-uitgebreid-nl/subscription-changes';
    const change = { plan: 'samenwerken', clientUsers: 2, addOns: ['crm'], effectiveFrom: `${nextMonth}-01` };

    const created = await t.call('POST', path, { as: accountant, body: change });
    const bad = await t.call('POST', path, { as: accountant, body: { ...change, plan: 'goud' } });
    const notOffered = await t.call('POST', path, {
      as: accountant,
      body: { plan: 'standaard', clientUsers: 1, effectiveFrom: `${nextMonth}-01` },
    });
    const read = await t.call('GET', '/administrations/adm-uitgebreid-nl/subscription', { as: accountant });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      plan: 'samenwerken',
      clientUsers: 2,
      addOns: ['crm'],
      recordedBy: 'demo-accountant',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(notOffered.status).toBe(403);
    expect(notOffered.body.code).toBe('SUBSCRIPTION_NOT_OFFERED');
    expect(read.body.thisMonth.plan).toBe('samenwerken-uitgebreid');
    // The administration record's terms from its creation, then the recorded change.
    expect(read.body.changes.map((c: { plan: string; recordedBy: string }) => [c.plan, c.recordedBy])).toEqual([
      ['samenwerken-uitgebreid', 'administration'],
      ['samenwerken', 'demo-accountant'],
    ]);
  });

  it('lists the firm’s invoices and gives one with its lines, amounts as decimals', async () => {
    await closeMonth({ table: t.table, clock: () => new Date(`${nextMonth}-01T02:00:00Z`) }, 'demo-kantoor', month);

    const list = await t.call('GET', '/billing/invoices', { as: accountant });
    const id = list.body.items[0]?.id;
    const one = await t.call('GET', `/billing/invoices/${id}`, { as: accountant });
    const missing = await t.call('GET', '/billing/invoices/demo-kantoor-2020-01', { as: accountant });

    expect(list.status).toBe(200);
    expect(id).toBe(`demo-kantoor-${month}`);
    expect(one.status).toBe(200);
    const lines = one.body.lines.filter(
      (l: { administrationId: string }) => l.administrationId === 'adm-samenwerken-be',
    );
    expect(lines.map((l: { kind: string; amount: string }) => [l.kind, l.amount])).toEqual([
      ['plan', '10.50'],
      ['proposal-overage', '1.10'],
    ]);
    expect(one.body.lines.map((l: { administrationId: string }) => l.administrationId)).toContain('adm-standaard-nl');
    expect(missing.status).toBe(404);
  });

  it('gives the cockpit and the billing events to firm users only', async () => {
    const cockpit = await t.call('GET', '/billing/cockpit', { as: accountant });
    const events = await t.call('GET', '/billing/events', { as: accountant });

    expect(cockpit.status).toBe(200);
    expect(cockpit.body.administrationsPerPlan).toEqual({
      none: 0,
      standaard: 1,
      samenwerken: 1,
      'samenwerken-uitgebreid': 1,
    });
    expect(cockpit.body.outsideBundle).toEqual([
      expect.objectContaining({ administrationId: 'adm-samenwerken-be', proposals: 12, included: 10, beyond: 2 }),
    ]);
    expect(events.body.items).toEqual([
      expect.objectContaining({ type: 'proposal-bundle-exceeded', administrationId: 'adm-samenwerken-be' }),
    ]);
    expect((await t.call('GET', '/billing/cockpit', { as: client })).status).toBe(403);
    expect((await t.call('GET', '/billing/invoices', { as: client })).status).toBe(403);
    expect((await t.call('GET', '/administrations/adm-samenwerken-be/usage', { as: client })).status).toBe(403);
  });
  it('follows the administration: an upgrade through PATCH is billed from today, the months before as they were', async () => {
    const before = await t.call('GET', '/administrations/adm-standaard-nl', { as: accountant });
    const patched = await t.call('PATCH', '/administrations/adm-standaard-nl', {
      as: accountant,
      body: { plan: 'samenwerken' },
    });
    const read = await t.call('GET', '/administrations/adm-standaard-nl/subscription', { as: accountant });
    const today = new Date().toISOString().slice(0, 10);

    expect(patched.status).toBe(200);
    expect(read.body.changes.map((c: { plan: string; effectiveFrom: string }) => [c.plan, c.effectiveFrom])).toEqual([
      ['standaard', before.body.createdAt.slice(0, 10)],
      ['samenwerken', today],
    ]);
    expect(read.body.thisMonth.plan).toBe('samenwerken');
  });
});
