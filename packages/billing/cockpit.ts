import { type Plan, plans } from '#packages/tenancy';
import { priceLists } from './catalogue.js';
import { featureAllowed } from './features.js';
import { readPeriodCounters } from './meter.js';
import type { PriceList, SubscriptionChange, SubscriptionTerms } from './model.js';
import { addMonths, monthOf, monthRange, quarterOf } from './periods.js';
import { listOfMonth, monthLines, type PricingInput, totalOf } from './pricing.js';
import {
  type BillingDeps,
  firmAdministrations,
  historyFromAdministration,
  subscriptionHistories,
  termsOfMonth,
  termsOn,
  withBase,
} from './subscriptions.js';

/** Plans an administration could be moved to (no plan is not advice). */
const candidates = ['standaard', 'samenwerken', 'samenwerken-uitgebreid'] as const satisfies readonly Plan[];

export interface PlanAdvice {
  /** `3` or `12`: the complete months before the current one that were compared. */
  readonly months: number;
  readonly from: string;
  readonly to: string;
  readonly currentCost: number;
  /** Cost of each plan that could have carried the same usage (same add-ons and users). */
  readonly costByPlan: Partial<Record<Plan, number>>;
  readonly cheapestPlan: Plan;
  /** `currentCost − cost of the cheapest plan`, ≥ 0. */
  readonly saving: number;
}

export interface AdministrationAdvice {
  readonly administrationId: string;
  readonly plan: Plan;
  readonly last3: PlanAdvice;
  readonly last12: PlanAdvice;
}

export interface OutsideBundle {
  readonly administrationId: string;
  readonly plan: Plan;
  readonly period: string;
  readonly proposals: number;
  readonly included: number;
  readonly beyond: number;
}

export interface FirmCockpit {
  readonly firmId: string;
  readonly asOf: string;
  /** Administrations per plan in force today, as in the deck: none, Standaard, Samenwerken, Uitgebreid. */
  readonly administrationsPerPlan: Record<Plan, number>;
  /** Administrations past their bundle in the current period (Samenwerken: this month; Uitgebreid: this quarter). */
  readonly outsideBundle: OutsideBundle[];
  /** Per administration, the plan that would have been cheapest over the last 3 and 12 months. */
  readonly advice: AdministrationAdvice[];
}

/**
 * The firm's billing cockpit. Reads the subscription changes (one Query), the administrations,
 * and the month counters of the last 12 months plus this month and quarter (14 Queries): never
 * a usage record.
 *
 * Advice re-prices each of the last complete months with every plan that can carry what the
 * administration used (a plan without booking proposals only if it made none; without client
 * users or add-ons only if it had none), the same add-ons and users, by the price list of each
 * month, and names the cheapest and what it would have saved against what was charged.
 */
export async function firmCockpit(deps: BillingDeps, firmId: string): Promise<FirmCockpit> {
  const now = deps.clock();
  const today = now.toISOString().slice(0, 10);
  const month = monthOf(now);
  const last = addMonths(month, -1);
  const months12 = monthRange(addMonths(month, -12), last);
  const [lists, histories, administrations, counters] = await Promise.all([
    priceLists(deps.table),
    subscriptionHistories(deps.table, firmId),
    firmAdministrations(deps.table, firmId),
    Promise.all(
      [...months12, month, quarterOf(month)].map(
        async (p) => [p, await readPeriodCounters(deps.table, firmId, p)] as const,
      ),
    ).then((entries) => new Map(entries)),
  ]);
  for (const a of administrations)
    histories.set(a.id, withBase(historyFromAdministration(a), histories.get(a.id) ?? []));

  const perPlan = Object.fromEntries(plans.map((p) => [p, 0])) as Record<Plan, number>;
  const outsideBundle: OutsideBundle[] = [];
  const advice: AdministrationAdvice[] = [];
  for (const [administrationId, history] of [...histories].sort(([a], [b]) => a.localeCompare(b))) {
    const plan = termsOn(history, today)?.plan ?? 'none';
    perPlan[plan]++;
    const bundle = listOfMonth(lists, month).plans[plan].proposals;
    if (bundle) {
      const period = bundle.per === 'month' ? month : quarterOf(month);
      const proposals = counters.get(period)?.get(administrationId) ?? 0;
      if (proposals > bundle.included) {
        outsideBundle.push({
          administrationId,
          plan,
          period,
          proposals,
          included: bundle.included,
          beyond: proposals - bundle.included,
        });
      }
    }
    const countOf = (m: string) => counters.get(m)?.get(administrationId) ?? 0;
    advice.push({
      administrationId,
      plan,
      last3: adviceOver(firmId, administrationId, history, months12.slice(-3), countOf, lists),
      last12: adviceOver(firmId, administrationId, history, months12, countOf, lists),
    });
  }
  return { firmId, asOf: now.toISOString(), administrationsPerPlan: perPlan, outsideBundle, advice };
}

function adviceOver(
  firmId: string,
  administrationId: string,
  history: readonly SubscriptionChange[],
  months: readonly string[],
  countOf: (m: string) => number,
  lists: readonly PriceList[],
): PlanAdvice {
  const cost = (termsOf: (m: string) => SubscriptionTerms | undefined) => {
    const input: PricingInput = { firmId, administrationId, termsOf, countOf, lists };
    return months.reduce((s, m) => s + totalOf(monthLines(input, m)), 0);
  };
  const actual = (m: string) => termsOfMonth(history, m);
  const currentCost = cost(actual);
  const costByPlan: Partial<Record<Plan, number>> = {};
  for (const plan of candidates) {
    const fits = months.every((m) => {
      const t = actual(m);
      if (!t) return true;
      if (countOf(m) > 0 && !featureAllowed(plan, 'booking-proposals')) return false;
      if (t.clientUsers > 0 && !featureAllowed(plan, 'client-users')) return false;
      if (t.addOns.length > 0 && !featureAllowed(plan, 'add-ons')) return false;
      return listOfMonth(lists, m).plans[plan].monthly[t.edition] !== undefined;
    });
    if (fits)
      costByPlan[plan] = cost((m) => {
        const t = actual(m);
        return t ? { ...t, plan } : undefined;
      });
  }
  let cheapestPlan: Plan = actual(months[months.length - 1] ?? '')?.plan ?? 'none';
  let cheapest = currentCost;
  for (const plan of candidates) {
    const c = costByPlan[plan];
    if (c !== undefined && c < cheapest) {
      cheapest = c;
      cheapestPlan = plan;
    }
  }
  return {
    months: months.length,
    from: months[0] ?? '',
    to: months[months.length - 1] ?? '',
    currentCost,
    costByPlan,
    cheapestPlan,
    saving: currentCost - cheapest,
  };
}
