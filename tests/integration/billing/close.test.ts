import { beforeAll, describe, expect, it } from 'vitest';
import {
  bundledPriceLists,
  closeMonth,
  counterItems,
  type FirmInvoice,
  loadPriceList,
  MonthNotEndedError,
  PeriodInvoicedError,
  readInvoice,
  recordSubscriptionChange,
  SubscriptionNotOfferedError,
} from '#packages/billing';
import { batchPut } from '#packages/table';
import { administration, type BillingTestDeps, billingDeps, propose } from './support.ts';

let deps: BillingTestDeps;

beforeAll(async () => {
  deps = await billingDeps('2026-01-05T08:00:00Z');
});

const linesOf = (invoice: FirmInvoice, administrationId: string) =>
  invoice.lines
    .filter((l) => l.administrationId === administrationId)
    .map((l) => ({ kind: l.kind, period: l.period, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount }));

describe('closeMonth: Samenwerken Uitgebreid, fair use 500 a quarter', () => {
  it('charges the 501st on, month by month, each on the invoice issued the month after, and starts over next quarter', async () => {
    deps.time.set('2026-01-05T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken-uitgebreid', effectiveFrom: '2026-01-01' });
    // 498 proposals earlier in January (seeded counters), then the 499th, 500th and 501st for real.
    await batchPut(deps.table, counterItems(adm.firmId, adm.id, { '2026-01': 498 }));
    await propose(deps, tenant, adm, 2, 'samenwerken-uitgebreid');
    deps.time.set('2026-01-31T08:00:00Z');
    await propose(deps, tenant, adm, 1, 'samenwerken-uitgebreid');
    deps.time.set('2026-02-10T08:00:00Z');
    await propose(deps, tenant, adm, 3, 'samenwerken-uitgebreid');
    const january = await closeMonth(deps, adm.firmId, '2026-01');
    deps.time.set('2026-03-10T08:00:00Z');
    await propose(deps, tenant, adm, 2, 'samenwerken-uitgebreid');
    const february = await closeMonth(deps, adm.firmId, '2026-02');
    deps.time.set('2026-04-10T08:00:00Z');
    await propose(deps, tenant, adm, 1, 'samenwerken-uitgebreid');
    const march = await closeMonth(deps, adm.firmId, '2026-03');
    deps.time.set('2026-05-02T08:00:00Z');
    const april = await closeMonth(deps, adm.firmId, '2026-04');

    expect(january.issuedOn).toBe('2026-02-01');
    expect(linesOf(january, adm.id)).toEqual([
      { kind: 'plan', period: '2026-01', quantity: 1, unitPrice: 1850, amount: 1850 },
      { kind: 'proposal-overage', period: '2026-01', quantity: 1, unitPrice: 35, amount: 35 },
    ]);
    expect(january.lines.find((l) => l.kind === 'proposal-overage')?.trace).toMatchObject({
      quarterToDate: 501,
      quarterBefore: 0,
      counter: { count: 501 },
    });
    expect(february.issuedOn).toBe('2026-03-01');
    expect(linesOf(february, adm.id)).toContainEqual({
      kind: 'proposal-overage',
      period: '2026-02',
      quantity: 3,
      unitPrice: 35,
      amount: 105,
    });
    expect(linesOf(march, adm.id)).toContainEqual({
      kind: 'proposal-overage',
      period: '2026-03',
      quantity: 2,
      unitPrice: 35,
      amount: 70,
    });
    expect(linesOf(april, adm.id)).toEqual([
      { kind: 'plan', period: '2026-04', quantity: 1, unitPrice: 1850, amount: 1850 },
    ]);
  });

  it('charges nothing extra for exactly 500 in a quarter', async () => {
    deps.time.set('2026-02-03T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken-uitgebreid', effectiveFrom: '2026-01-01' });
    await batchPut(deps.table, counterItems(adm.firmId, adm.id, { '2026-01': 300 }));
    await batchPut(deps.table, counterItems(adm.firmId, adm.id, { '2026-02': 199 }));
    await propose(deps, tenant, adm, 1, 'samenwerken-uitgebreid');
    deps.time.set('2026-03-01T01:00:00Z');

    const february = await closeMonth(deps, adm.firmId, '2026-02');

    expect(linesOf(february, adm.id).map((l) => l.kind)).toEqual(['plan']);
  });
});

describe('closeMonth: subscriptions', () => {
  it('charges extra client users, add-ons and the annual-accounts client type, one line each', async () => {
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, {
      plan: 'samenwerken',
      addOns: ['sales-invoices', 'crm'],
      clientUsers: 3,
      annualAccounts: { type: 'samenwerken-uitgebreid', clientUsers: 2 },
      effectiveFrom: '2026-01-01',
    });
    deps.time.set('2026-02-01T02:00:00Z');

    const invoice = await closeMonth(deps, adm.firmId, '2026-01');

    expect(linesOf(invoice, adm.id)).toEqual([
      { kind: 'plan', period: '2026-01', quantity: 1, unitPrice: 1050, amount: 1050 },
      { kind: 'add-on', period: '2026-01', quantity: 1, unitPrice: 1150, amount: 1150 },
      { kind: 'add-on', period: '2026-01', quantity: 1, unitPrice: 10150, amount: 10150 },
      { kind: 'extra-client-users', period: '2026-01', quantity: 2, unitPrice: 350, amount: 700 },
      { kind: 'annual-accounts', period: '2026-01', quantity: 1, unitPrice: 165, amount: 165 },
      { kind: 'annual-accounts-extra-users', period: '2026-01', quantity: 1, unitPrice: 100, amount: 100 },
    ]);
  });

  it('prices Standaard by the edition and refuses client users or add-ons on it', async () => {
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, {
      plan: 'standaard',
      edition: 'essentials',
      effectiveFrom: '2026-01-01',
    });

    // Both refused; settled together so neither rejection goes unobserved while the other runs.
    const [withUsers, samenwerkenEssentials] = await Promise.allSettled([
      recordSubscriptionChange(deps, tenant, adm, { plan: 'standaard', clientUsers: 1, effectiveFrom: '2026-02-01' }),
      recordSubscriptionChange(deps, tenant, adm, {
        plan: 'samenwerken',
        edition: 'essentials',
        effectiveFrom: '2026-02-01',
      }),
    ]);

    expect(withUsers).toMatchObject({ status: 'rejected', reason: expect.any(SubscriptionNotOfferedError) });
    expect(samenwerkenEssentials).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ code: 'SUBSCRIPTION_NOT_OFFERED' }),
    });
    deps.time.set('2026-02-01T02:00:00Z');
    const invoice = await closeMonth(deps, adm.firmId, '2026-01');
    expect(linesOf(invoice, adm.id)).toEqual([
      { kind: 'plan', period: '2026-01', quantity: 1, unitPrice: 635, amount: 635 },
    ]);
  });

  it('charges a month with a mid-month change whole, at the higher plan: an upgrade from its month, a downgrade from the next', async () => {
    deps.time.set('2026-03-01T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken', effectiveFrom: '2026-02-01' });
    await recordSubscriptionChange(deps, tenant, adm, {
      plan: 'samenwerken-uitgebreid',
      effectiveFrom: '2026-03-15',
    });
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken', effectiveFrom: '2026-04-10' });
    // 30 proposals in March, before and after the upgrade: Uitgebreid's fair use, not 20 × €0.55.
    deps.time.set('2026-03-03T08:00:00Z');
    await propose(deps, tenant, adm, 15, 'samenwerken');
    deps.time.set('2026-03-20T08:00:00Z');
    await propose(deps, tenant, adm, 15, 'samenwerken-uitgebreid');

    deps.time.set('2026-06-01T02:00:00Z');
    const [february, march, april, may] = await Promise.all(
      ['2026-02', '2026-03', '2026-04', '2026-05'].map((m) => closeMonth(deps, adm.firmId, m)),
    );

    const planOf = (i: FirmInvoice | undefined) =>
      i?.lines.filter((l) => l.administrationId === adm.id && l.kind !== 'add-on').map((l) => [l.kind, l.amount]);
    expect(planOf(february)).toEqual([['plan', 1050]]);
    expect(planOf(march)).toEqual([['plan', 1850]]);
    expect(planOf(april)).toEqual([['plan', 1850]]);
    expect(planOf(may)).toEqual([['plan', 1050]]);
  });

  it('refuses a change taking effect in a month already invoiced', async () => {
    deps.time.set('2026-01-10T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken', effectiveFrom: '2026-01-01' });
    deps.time.set('2026-02-01T02:00:00Z');
    await closeMonth(deps, adm.firmId, '2026-01');

    const late = recordSubscriptionChange(deps, tenant, adm, { plan: 'standaard', effectiveFrom: '2026-01-20' });

    await expect(late).rejects.toBeInstanceOf(PeriodInvoicedError);
  });
});

describe('closeMonth: once, and corrections', () => {
  it('gives the same invoice on a rerun and under concurrent closes, and never closes a month that has not ended', async () => {
    deps.time.set('2026-05-03T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, {
      plan: 'samenwerken',
      clientUsers: 2,
      effectiveFrom: '2026-05-01',
    });
    await propose(deps, tenant, adm, 12);

    const early = closeMonth(deps, adm.firmId, '2026-05');
    await expect(early).rejects.toBeInstanceOf(MonthNotEndedError);
    deps.time.set('2026-06-01T02:00:00Z');
    const concurrent = await Promise.all([1, 2, 3].map(() => closeMonth(deps, adm.firmId, '2026-05')));
    const rerun = await closeMonth(deps, adm.firmId, '2026-05');

    expect(concurrent[1]).toEqual(concurrent[0]);
    expect(concurrent[2]).toEqual(concurrent[0]);
    expect(rerun).toEqual(concurrent[0]);
    expect(rerun.id).toBe(`${adm.firmId}-2026-05`);
    expect(linesOf(rerun, adm.id).map((l) => [l.kind, l.amount])).toEqual([
      ['plan', 1050],
      ['extra-client-users', 350],
      ['proposal-overage', 110],
    ]);
  });

  it('puts usage recorded after the close on the next invoice as a correction, leaving the sent one as it was', async () => {
    deps.time.set('2026-07-02T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken', effectiveFrom: '2026-07-01' });
    await propose(deps, tenant, adm, 11);
    deps.time.set('2026-08-01T00:30:00Z');
    const july = await closeMonth(deps, adm.firmId, '2026-07');
    // A proposal made on the last evening of July whose transaction commits after the close.
    deps.time.set('2026-07-31T21:59:00Z');
    await propose(deps, tenant, adm, 1);
    deps.time.set('2026-09-01T02:00:00Z');

    const julyAgain = await closeMonth(deps, adm.firmId, '2026-07');
    const august = await closeMonth(deps, adm.firmId, '2026-08');
    const september = await (async () => {
      deps.time.set('2026-10-01T02:00:00Z');
      return closeMonth(deps, adm.firmId, '2026-09');
    })();

    expect(julyAgain).toEqual(july);
    expect(await readInvoice(deps.table, adm.firmId, '2026-07')).toEqual(july);
    expect(linesOf(july, adm.id)).toContainEqual({
      kind: 'proposal-overage',
      period: '2026-07',
      quantity: 1,
      unitPrice: 55,
      amount: 55,
    });
    expect(linesOf(august, adm.id)).toEqual([
      { kind: 'plan', period: '2026-08', quantity: 1, unitPrice: 1050, amount: 1050 },
      { kind: 'proposal-overage-correction', period: '2026-07', quantity: 1, unitPrice: 55, amount: 55 },
    ]);
    expect(august.lines.find((l) => l.kind === 'proposal-overage-correction')?.trace?.counter.count).toBe(12);
    expect(linesOf(september, adm.id).map((l) => l.kind)).toEqual(['plan']);
  });
});

describe('closeMonth: late usage in an Uitgebreid quarter', () => {
  it('charges late records past fair use as a correction of their month, the quarter adding up to its overrun', async () => {
    deps.time.set('2026-01-20T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken-uitgebreid', effectiveFrom: '2026-01-01' });
    await batchPut(deps.table, counterItems(adm.firmId, adm.id, { '2026-01': 505 }));
    deps.time.set('2026-02-01T02:00:00Z');
    const january = await closeMonth(deps, adm.firmId, '2026-01');
    // Two January proposals whose transactions commit after January was closed.
    deps.time.set('2026-01-31T22:30:00Z');
    await propose(deps, tenant, adm, 2, 'samenwerken-uitgebreid');
    deps.time.set('2026-02-12T08:00:00Z');
    await propose(deps, tenant, adm, 3, 'samenwerken-uitgebreid');
    deps.time.set('2026-03-01T02:00:00Z');

    const february = await closeMonth(deps, adm.firmId, '2026-02');

    const over = (i: FirmInvoice) =>
      linesOf(i, adm.id)
        .filter((l) => l.kind !== 'plan')
        .map((l) => [l.kind, l.period, l.quantity, l.amount]);
    expect(over(january)).toEqual([['proposal-overage', '2026-01', 5, 175]]);
    expect(over(february)).toEqual([
      ['proposal-overage', '2026-02', 3, 105],
      ['proposal-overage-correction', '2026-01', 2, 70],
    ]);
  });
});

describe('price lists', () => {
  it('applies a newly loaded list from its month on, without a code change', async () => {
    deps.time.set('2026-06-10T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken', effectiveFrom: '2026-06-01' });
    const next = structuredClone(bundledPriceLists[0]);
    if (!next) throw new Error('no bundled price list');
    next.version = '2026-07-01';
    next.effectiveFrom = '2026-07-01';
    next.plans.samenwerken.monthly['plus-professional'] = 1095;
    await loadPriceList(deps.table, next);

    deps.time.set('2026-08-01T02:00:00Z');
    const june = await closeMonth(deps, adm.firmId, '2026-06');
    const july = await closeMonth(deps, adm.firmId, '2026-07');

    expect(june.lines.find((l) => l.administrationId === adm.id)).toMatchObject({
      amount: 1050,
      priceList: '2026-01-01',
    });
    expect(july.lines.find((l) => l.administrationId === adm.id)).toMatchObject({
      amount: 1095,
      priceList: '2026-07-01',
    });
    await expect(loadPriceList(deps.table, next)).rejects.toMatchObject({ code: 'PRICE_LIST_EXISTS' });
  });
});
