import type { Plan } from '#packages/tenancy';
import { priceLists } from './catalogue.js';
import { readCounter } from './meter.js';
import type { SubscriptionChange } from './model.js';
import { addMonths, daysInMonth, monthOf, quarterMonths, quarterMonthsTo, quarterOf } from './periods.js';
import { listOfMonth, monthLines, overageOf, type PricingInput, totalOf } from './pricing.js';
import { type BillingDeps, subscriptionHistory, termsOfMonth, withBase } from './subscriptions.js';

/** The usage of one period and where it is heading. */
export interface PeriodUsage {
  readonly period: string;
  readonly proposals: number;
  /** Included in the plan's bundle for this period, when the bundle counts per this period. */
  readonly included?: number;
  /** Share of the period elapsed, 0…1. */
  readonly elapsed: number;
  /** Proposals at the period's end at today's pace (a straight line from the period's start). */
  readonly forecast: number;
}

export interface AdministrationUsage {
  readonly administrationId: string;
  readonly plan: Plan;
  readonly month: PeriodUsage;
  readonly quarter: PeriodUsage;
  /** What this month will cost at today's pace: the charges of the month with the forecast counts. */
  readonly forecastCharge: number;
  /** Of which booking proposals beyond the bundle. */
  readonly forecastOverage: { readonly quantity: number; readonly amount: number };
}

const msOfMonth = (month: string) => Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1);

/** A straight-line forecast of `count` at the end of a period that is `elapsed` (0…1) gone. */
export const forecastOf = (count: number, elapsed: number) =>
  elapsed >= 1 ? count : Math.round(count / Math.max(elapsed, 1 / 31));

/**
 * Usage of one administration now: proposals this month and this quarter (maintained counters,
 * two reads), the bundle they count against, a forecast to each period's end at the current
 * pace, and what the month would cost at that pace. `base` is what the administration record
 * says (`historyFromAdministration`), billing's recorded changes apply on top of it.
 */
export async function usageOfAdministration(
  deps: BillingDeps,
  firmId: string,
  administrationId: string,
  base: () => SubscriptionChange[],
): Promise<AdministrationUsage> {
  const now = deps.clock();
  const month = monthOf(now);
  const quarter = quarterOf(month);
  const [stored, lists, monthCount, quarterCount] = await Promise.all([
    subscriptionHistory(deps.table, firmId, administrationId),
    priceLists(deps.table),
    readCounter(deps.table, firmId, month, administrationId),
    readCounter(deps.table, firmId, quarter, administrationId),
  ]);
  const history = withBase(base(), stored);
  const terms = termsOfMonth(history, month);
  const plan = terms?.plan ?? 'none';
  const monthStart = msOfMonth(month);
  const monthElapsed = Math.min(1, (now.getTime() - monthStart) / (daysInMonth(month) * 86_400_000));
  const qMonths = quarterMonths(month);
  const qStart = msOfMonth(qMonths[0] ?? month);
  const qEnd = msOfMonth(addMonths(qMonths[2] ?? month, 1));
  const quarterElapsed = Math.min(1, (now.getTime() - qStart) / (qEnd - qStart));
  const bundle = terms ? listOfMonth(lists, month).plans[plan].proposals : undefined;

  const forecastMonth = forecastOf(monthCount, monthElapsed);
  // Earlier months of the quarter are what they are; only this month is extrapolated.
  const earlier = quarterCount - monthCount;
  const input: PricingInput = {
    firmId,
    administrationId,
    termsOf: (m) => termsOfMonth(history, m),
    countOf: (m) => (m === month ? forecastMonth : m === quarterMonthsTo(month)[0] ? earlier : 0),
    lists,
  };
  const lines = monthLines(input, month);
  const overage = overageOf(input, month);
  return {
    administrationId,
    plan,
    month: {
      period: month,
      proposals: monthCount,
      ...(bundle?.per === 'month' ? { included: bundle.included } : {}),
      elapsed: round3(monthElapsed),
      forecast: forecastMonth,
    },
    quarter: {
      period: quarter,
      proposals: quarterCount,
      ...(bundle?.per === 'quarter' ? { included: bundle.included } : {}),
      elapsed: round3(quarterElapsed),
      forecast: forecastOf(quarterCount, quarterElapsed),
    },
    forecastCharge: totalOf(lines),
    forecastOverage: { quantity: overage.quantity, amount: overage.quantity * overage.unitPrice },
  };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
