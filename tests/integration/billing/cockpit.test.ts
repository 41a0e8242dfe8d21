import { beforeAll, describe, expect, it } from 'vitest';
import { counterItems, firmCockpit, recordSubscriptionChange, usageOfAdministration } from '#packages/billing';
import { newId } from '#packages/kernel';
import { batchPut } from '#packages/table';
import { administration, type BillingTestDeps, billingDeps, propose } from './support.ts';

let deps: BillingTestDeps;

beforeAll(async () => {
  deps = await billingDeps('2026-11-05T08:00:00Z');
});

/** The same count in each month of 2026. */
const everyMonth = (n: number) =>
  Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`2026-${String(i + 1).padStart(2, '0')}`, n]));

describe('firmCockpit', () => {
  it('counts administrations per plan, names those past their bundle, and advises the cheapest plan over 3 and 12 months', async () => {
    deps.time.set('2027-01-10T08:00:00Z');
    const firmId = `firm-${newId()}`;
    const busy = await administration(deps, firmId);
    const quiet = await administration(deps, firmId);
    const basic = await administration(deps, firmId);
    const gone = await administration(deps, firmId);
    const tenant = busy.tenant;
    await recordSubscriptionChange(deps, tenant, busy.adm, { plan: 'samenwerken', effectiveFrom: '2026-01-01' });
    await recordSubscriptionChange(deps, tenant, quiet.adm, {
      plan: 'samenwerken-uitgebreid',
      effectiveFrom: '2026-01-01',
    });
    await recordSubscriptionChange(deps, tenant, basic.adm, { plan: 'standaard', effectiveFrom: '2026-01-01' });
    await recordSubscriptionChange(deps, tenant, gone.adm, { plan: 'samenwerken', effectiveFrom: '2026-01-01' });
    await recordSubscriptionChange(deps, tenant, gone.adm, { plan: 'none', effectiveFrom: '2027-01-01' });
    // Busy: 40 proposals a month on Samenwerken (10.50 + 30 × 0.55 = 27.00 a month; Uitgebreid 18.50).
    await batchPut(deps.table, counterItems(firmId, busy.adm.id, everyMonth(40)));
    // Quiet: 2 a month on Uitgebreid (18.50; Samenwerken 10.50).
    await batchPut(deps.table, counterItems(firmId, quiet.adm.id, everyMonth(2)));
    // Busy is past its bundle this month too.
    await propose(deps, tenant, busy.adm, 11);

    const cockpit = await firmCockpit(deps, firmId);

    expect(cockpit.administrationsPerPlan).toEqual({
      none: 1,
      standaard: 1,
      samenwerken: 1,
      'samenwerken-uitgebreid': 1,
    });
    expect(cockpit.outsideBundle).toEqual([
      { administrationId: busy.adm.id, plan: 'samenwerken', period: '2027-01', proposals: 11, included: 10, beyond: 1 },
    ]);
    const adviceOf = (id: string) => cockpit.advice.find((a) => a.administrationId === id);
    expect(adviceOf(busy.adm.id)?.last3).toMatchObject({
      from: '2026-10',
      to: '2026-12',
      currentCost: 3 * 2700,
      cheapestPlan: 'samenwerken-uitgebreid',
      saving: 3 * 850,
    });
    expect(adviceOf(busy.adm.id)?.last12).toMatchObject({
      currentCost: 12 * 2700,
      cheapestPlan: 'samenwerken-uitgebreid',
      saving: 12 * 850,
    });
    expect(adviceOf(quiet.adm.id)?.last12).toMatchObject({ cheapestPlan: 'samenwerken', saving: 12 * 800 });
    expect(adviceOf(basic.adm.id)?.last3).toMatchObject({ cheapestPlan: 'standaard', saving: 0 });
    expect(adviceOf(basic.adm.id)?.last3.costByPlan.standaard).toBe(3 * 535);
  });
});

describe('usageOfAdministration', () => {
  it('gives this month, this quarter and a straight-line forecast to each end, with the month at that pace', async () => {
    deps.time.set('2026-11-16T00:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken', effectiveFrom: '2026-01-01' });
    await batchPut(deps.table, counterItems(adm.firmId, adm.id, { '2026-10': 20, '2026-11': 8 }));
    deps.time.set('2026-11-16T00:00:00Z');

    const usage = await usageOfAdministration(deps, adm.firmId, adm.id, () => []);

    expect(usage.plan).toBe('samenwerken');
    expect(usage.month).toMatchObject({ period: '2026-11', proposals: 8, included: 10, forecast: 16 });
    expect(usage.quarter).toMatchObject({ period: '2026-Q4', proposals: 28 });
    expect(usage.forecastOverage).toEqual({ quantity: 6, amount: 330 });
    expect(usage.forecastCharge).toBe(1050 + 330);
  });
});
