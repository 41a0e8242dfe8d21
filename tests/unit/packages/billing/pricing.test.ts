import { describe, expect, it } from 'vitest';
import {
  bundledPriceLists,
  clientTypeFeatureAllowed,
  featureAllowed,
  monthLines,
  overageOf,
  PriceList,
  type PricingInput,
  priceListOn,
  type SubscriptionChange,
  termsOfMonth,
} from '#packages/billing';

const change = (effectiveFrom: string, terms: Partial<SubscriptionChange> = {}): SubscriptionChange => ({
  firmId: 'f',
  administrationId: 'a',
  plan: 'samenwerken',
  addOns: [],
  clientUsers: 0,
  edition: 'plus-professional',
  effectiveFrom,
  recordedAt: `${effectiveFrom}T00:00:00.000Z`,
  recordedBy: 'u',
  ...terms,
});

const input = (history: SubscriptionChange[], counts: Record<string, number>): PricingInput => ({
  firmId: 'f',
  administrationId: 'a',
  termsOf: (m) => termsOfMonth(history, m),
  countOf: (m) => counts[m] ?? 0,
  lists: bundledPriceLists,
});

describe('the first price list', () => {
  it('holds the seeds’ prices in cents', () => {
    const list = priceListOn(bundledPriceLists, '2026-01-01');
    expect(list.plans.standaard.monthly).toEqual({ 'plus-professional': 535, essentials: 635 });
    expect(list.plans.samenwerken).toMatchObject({ monthly: { 'plus-professional': 1050 }, extraClientUser: 350 });
    expect(list.plans.samenwerken.proposals).toMatchObject({ included: 10, per: 'month', overage: 55 });
    expect(list.plans['samenwerken-uitgebreid'].proposals).toMatchObject({
      included: 500,
      per: 'quarter',
      overage: 35,
    });
    expect(list.addOns).toEqual({ 'sales-invoices': 1150, 'hours-invoices': 9100, crm: 10150 });
    expect(list.annualAccounts.types).toEqual({ standaard: 80, samenwerken: 110, 'samenwerken-uitgebreid': 165 });
  });

  it('refuses a list that would take effect mid-month', () => {
    const mid = { ...bundledPriceLists[0], effectiveFrom: '2026-07-15' };
    expect(PriceList.safeParse(mid).success).toBe(false);
  });

  it('has no list before the first one', () => {
    expect(() => priceListOn(bundledPriceLists, '2025-12-31')).toThrow(/2025-12-31/);
  });
});

describe('termsOfMonth', () => {
  it('charges the higher plan for the whole month of an upgrade, and keeps it until the month of a downgrade ends', () => {
    const history = [
      change('2026-01-01', { plan: 'samenwerken' }),
      change('2026-03-15', { plan: 'samenwerken-uitgebreid' }),
      change('2026-04-10', { plan: 'samenwerken', clientUsers: 3, addOns: ['crm'] }),
      change('2026-04-20', { plan: 'samenwerken', clientUsers: 1 }),
    ];
    expect(termsOfMonth(history, '2026-02')?.plan).toBe('samenwerken');
    expect(termsOfMonth(history, '2026-03')?.plan).toBe('samenwerken-uitgebreid');
    expect(termsOfMonth(history, '2026-04')).toMatchObject({
      plan: 'samenwerken-uitgebreid',
      clientUsers: 3,
      addOns: ['crm'],
    });
    expect(termsOfMonth(history, '2026-05')).toMatchObject({ plan: 'samenwerken', clientUsers: 1, addOns: [] });
  });

  it('is undefined before the first change and charges the whole month it starts in', () => {
    const history = [change('2026-02-20')];
    expect(termsOfMonth(history, '2026-01')).toBeUndefined();
    expect(termsOfMonth(history, '2026-02')?.plan).toBe('samenwerken');
  });
});

describe('overageOf', () => {
  it('Samenwerken: the 11th and on, per month', () => {
    const h = [change('2026-01-01')];
    expect(overageOf(input(h, { '2026-01': 10 }), '2026-01').quantity).toBe(0);
    expect(overageOf(input(h, { '2026-01': 11 }), '2026-01').quantity).toBe(1);
    expect(overageOf(input(h, { '2026-01': 11, '2026-02': 4 }), '2026-02').quantity).toBe(0);
  });

  it('Uitgebreid: what each month adds past 500 in its quarter, summing to the quarter’s overrun', () => {
    const h = [change('2026-01-01', { plan: 'samenwerken-uitgebreid' })];
    const counts = { '2026-01': 520, '2026-02': 15, '2026-03': 7, '2026-04': 501 };
    const q = ['2026-01', '2026-02', '2026-03'].map((m) => overageOf(input(h, counts), m).quantity);
    expect(q).toEqual([20, 15, 7]);
    expect(overageOf(input(h, { '2026-01': 300, '2026-02': 300 }), '2026-02').quantity).toBe(100);
    expect(overageOf(input(h, counts), '2026-04').quantity).toBe(1);
  });

  it('counts towards fair use only the months charged at Uitgebreid', () => {
    const h = [change('2026-01-01'), change('2026-02-01', { plan: 'samenwerken-uitgebreid' })];
    expect(overageOf(input(h, { '2026-01': 400, '2026-02': 450 }), '2026-02').quantity).toBe(0);
    expect(overageOf(input(h, { '2026-01': 400, '2026-02': 450 }), '2026-01').quantity).toBe(390);
  });
});

describe('monthLines', () => {
  it('makes no line for no plan and nothing used', () => {
    expect(monthLines(input([change('2026-01-01', { plan: 'none' })], {}), '2026-01')).toEqual([]);
  });

  it('gives every line a unique id within the month', () => {
    const h = [
      change('2026-01-01', {
        addOns: ['sales-invoices', 'hours-invoices', 'crm'],
        clientUsers: 4,
        annualAccounts: { type: 'samenwerken-uitgebreid', clientUsers: 3 },
      }),
    ];
    const lines = monthLines(input(h, { '2026-01': 12 }), '2026-01');
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
    expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(1050 + 1150 + 9100 + 10150 + 3 * 350 + 165 + 2 * 100 + 2 * 55);
  });
});

describe('featureAllowed', () => {
  it('keeps recognition, client approvals and chat from Standaard, and advanced robot features for Uitgebreid', () => {
    expect(featureAllowed('standaard', 'booking-proposals')).toBe(false);
    expect(featureAllowed('standaard', 'client-invoice-approval')).toBe(false);
    expect(featureAllowed('standaard', 'chat')).toBe(false);
    expect(featureAllowed('standaard', 'basic-bookkeeping')).toBe(true);
    expect(featureAllowed('none', 'basic-bookkeeping')).toBe(false);
    expect(featureAllowed('samenwerken', 'booking-proposals')).toBe(true);
    expect(featureAllowed('samenwerken', 'advanced-matching')).toBe(false);
    expect(featureAllowed('samenwerken-uitgebreid', 'advanced-matching')).toBe(true);
  });

  it('gives only the Uitgebreid annual-accounts client type a permanent portal and extra client users', () => {
    expect(clientTypeFeatureAllowed('samenwerken', 'share-and-approve-annual-accounts')).toBe(true);
    expect(clientTypeFeatureAllowed('samenwerken', 'permanent-portal')).toBe(false);
    expect(clientTypeFeatureAllowed('samenwerken-uitgebreid', 'extra-client-users')).toBe(true);
    expect(clientTypeFeatureAllowed('standaard', 'reminders')).toBe(false);
  });
});
