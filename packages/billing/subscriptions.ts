import { type Clock, ForbiddenError, type TenantContext, ValidationError } from '#packages/kernel';
import { batchPut, type Item, queryAll, queryPage, stripKeys, type Table } from '#packages/table';
import { type Administration, addOns as allAddOns, type Plan, plans, tenancyRepository } from '#packages/tenancy';
import { priceListOn, priceLists } from './catalogue.js';
import { PeriodInvoicedError, SubscriptionNotOfferedError } from './errors.js';
import { featureAllowed } from './features.js';
import { invoiceKeys, subscriptionKeys } from './keys.js';
import {
  type ClientType,
  clientTypes,
  type PriceList,
  type SubscriptionChange,
  SubscriptionChangeInput,
  type SubscriptionTerms,
} from './model.js';
import { firstDay, lastDay, monthOf } from './periods.js';

/** What the billing services need. */
export interface BillingDeps {
  readonly table: Table;
  readonly clock: Clock;
}

const planRank = (p: Plan) => plans.indexOf(p);
const clientTypeRank = (t: ClientType) => clientTypes.indexOf(t);

/** Refuses terms the price list in force on `day` does not offer, or the plan does not allow. */
export function checkTerms(terms: SubscriptionTerms, list: PriceList): void {
  const price = list.plans[terms.plan];
  if (price.monthly[terms.edition] === undefined) {
    throw new SubscriptionNotOfferedError(`The ${terms.plan} plan is not offered with the ${terms.edition} edition.`);
  }
  if (terms.addOns.length > 0 && !featureAllowed(terms.plan, 'add-ons')) {
    throw new SubscriptionNotOfferedError(`The ${terms.plan} plan has no add-ons.`);
  }
  if (terms.clientUsers > 0 && !featureAllowed(terms.plan, 'client-users')) {
    throw new SubscriptionNotOfferedError(`The ${terms.plan} plan has no client users.`);
  }
  const aa = terms.annualAccounts;
  if (aa && aa.clientUsers > list.annualAccounts.includedClientUsers && !list.annualAccounts.extraClientUser[aa.type]) {
    throw new SubscriptionNotOfferedError(
      `The ${aa.type} annual-accounts client type has ${list.annualAccounts.includedClientUsers} client user; extra ones need Samenwerken Uitgebreid.`,
    );
  }
}

/**
 * Records that an administration's subscription changes on `effectiveFrom`: plan, add-ons,
 * client users, annual-accounts client type. Firm users only. A change cannot take effect in a
 * month the firm's latest invoice covers, or before it (that invoice would no longer say what
 * was sold); how a change
 * within a month is charged is {@link termsOfMonth}'s rule.
 */
export async function recordSubscriptionChange(
  deps: BillingDeps,
  tenant: TenantContext,
  administration: { readonly firmId: string; readonly id: string },
  input: unknown,
): Promise<SubscriptionChange> {
  if (tenant.userType !== 'firm' || tenant.firmId !== administration.firmId) {
    throw new ForbiddenError('Only the firm changes what an administration is subscribed to.');
  }
  const parsed = SubscriptionChangeInput.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  const { effectiveFrom, ...terms } = parsed.data;
  checkTerms(terms, priceListOn(await priceLists(deps.table), effectiveFrom));
  // The latest invoice of the firm: a change may not reach back into a month it charged.
  const latest = await queryPage<Item & { period: string }>(deps.table, {
    pk: invoiceKeys.headers(administration.firmId),
    newestFirst: true,
    limit: 1,
    cursorScope: invoiceKeys.headers(administration.firmId),
  });
  const lastInvoiced = latest.items[0]?.period;
  if (lastInvoiced && lastInvoiced >= monthOf(effectiveFrom)) throw new PeriodInvoicedError(effectiveFrom);
  const recordedAt = deps.clock().toISOString();
  const change: SubscriptionChange = {
    ...terms,
    firmId: administration.firmId,
    administrationId: administration.id,
    effectiveFrom,
    recordedAt,
    recordedBy: tenant.userId,
  };
  // Each change is its own item (recorded time in the key): nothing is overwritten.
  await batchPut(deps.table, [
    { ...subscriptionKeys.change(administration.firmId, administration.id, effectiveFrom, recordedAt), ...change },
  ]);
  return change;
}

/** Every administration's changes, in order of taking effect (then of recording): one Query per 1000. */
export async function subscriptionHistories(table: Table, firmId: string): Promise<Map<string, SubscriptionChange[]>> {
  const items = await queryAll<Item>(table, { pk: subscriptionKeys.partition(firmId) });
  const out = new Map<string, SubscriptionChange[]>();
  for (const item of items) {
    const change = stripKeys<SubscriptionChange>(item);
    const list = out.get(change.administrationId) ?? [];
    list.push(change);
    out.set(change.administrationId, list);
  }
  for (const list of out.values()) list.sort(byEffect);
  return out;
}

/** One administration's changes, in order of taking effect. */
export async function subscriptionHistory(
  table: Table,
  firmId: string,
  administrationId: string,
): Promise<SubscriptionChange[]> {
  const items = await queryAll<Item>(table, {
    pk: subscriptionKeys.partition(firmId),
    skPrefix: subscriptionKeys.ofAdministration(administrationId),
  });
  return items.map((i) => stripKeys<SubscriptionChange>(i)).sort(byEffect);
}

const byEffect = (a: SubscriptionChange, b: SubscriptionChange) =>
  a.effectiveFrom.localeCompare(b.effectiveFrom) || a.recordedAt.localeCompare(b.recordedAt);

/**
 * The history of an administration that billing never saw a change for: what the
 * administration record says (plan, add-ons, client users), from the day it was created.
 */
export function historyFromAdministration(a: Administration): SubscriptionChange[] {
  return [
    {
      firmId: a.firmId,
      administrationId: a.id,
      plan: a.plan,
      addOns: featureAllowed(a.plan, 'add-ons') ? [...a.addOns] : [],
      clientUsers: featureAllowed(a.plan, 'client-users') ? a.clientUserCount : 0,
      edition: 'plus-professional',
      effectiveFrom: a.createdAt.slice(0, 10),
      recordedAt: a.createdAt,
      recordedBy: 'administration',
    },
  ];
}

/**
 * An administration's history as billed: what its tenancy record says from the day it was
 * created (`base`), then billing's recorded changes, each from its day (a change recorded for
 * the same day as the base replaces it).
 */
export function withBase(base: readonly SubscriptionChange[], changes: readonly SubscriptionChange[]) {
  const first = [...changes].sort(byEffect)[0];
  // Billing recorded the terms from the start itself (the administration changed since): the
  // record's present terms say nothing about the past.
  const kept = first ? base.filter((b) => b.effectiveFrom < first.effectiveFrom) : base;
  return [...kept, ...changes].sort(byEffect);
}

/** The terms in force on `day`: the last change that took effect on or before it. */
export function termsOn(history: readonly SubscriptionChange[], day: string): SubscriptionChange | undefined {
  let found: SubscriptionChange | undefined;
  for (const c of history) if (c.effectiveFrom <= day) found = c;
  return found;
}

/**
 * **How a month is charged when the subscription changes within it.** The seeds price
 * everything per month ("p/m", "10 boekingsvoorstellen p/m"), so a month is charged whole, never
 * pro rata by day, at the most that was in force on any day of it:
 *
 * - the plan: the highest plan in force on any day (an upgrade counts from the 1st of its month,
 *   a downgrade from the 1st of the next month), and the month's booking proposals are priced
 *   by that plan's bundle;
 * - add-ons: every add-on in force on any day;
 * - client users: the highest number on any day; annual-accounts client type: the highest type
 *   and the highest number of its client users on any day;
 * - the edition: the one in force on the month's last day.
 *
 * An administration whose first change takes effect within the month pays the whole month.
 * Undefined when nothing was in force in the month.
 */
export function termsOfMonth(history: readonly SubscriptionChange[], month: string): SubscriptionTerms | undefined {
  const start = firstDay(month);
  const end = lastDay(month);
  const inForce: SubscriptionChange[] = [];
  const atStart = termsOn(history, start);
  if (atStart) inForce.push(atStart);
  for (const c of history) if (c.effectiveFrom > start && c.effectiveFrom <= end) inForce.push(c);
  const last = inForce[inForce.length - 1];
  if (!last) return undefined;
  let plan: Plan = inForce[0]?.plan ?? 'none';
  const addOns = new Set<SubscriptionTerms['addOns'][number]>();
  let clientUsers = 0;
  let annual: SubscriptionTerms['annualAccounts'];
  for (const c of inForce) {
    if (planRank(c.plan) > planRank(plan)) plan = c.plan;
    for (const a of c.addOns) addOns.add(a);
    clientUsers = Math.max(clientUsers, c.clientUsers);
    if (c.annualAccounts) {
      annual = annual
        ? {
            type:
              clientTypeRank(c.annualAccounts.type) > clientTypeRank(annual.type) ? c.annualAccounts.type : annual.type,
            clientUsers: Math.max(annual.clientUsers, c.annualAccounts.clientUsers),
          }
        : { ...c.annualAccounts };
    }
  }
  return {
    plan,
    addOns: allAddOns.filter((a) => addOns.has(a)),
    clientUsers,
    ...(annual ? { annualAccounts: annual } : {}),
    edition: last.edition,
  };
}

/** Every administration of the firm as tenancy records it (one Query per 1000). */
export async function firmAdministrations(table: Table, firmId: string): Promise<Administration[]> {
  const repo = tenancyRepository(table);
  const out: Administration[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.listAdministrations(firmId, cursor, 1000);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** What an administration record says it is subscribed to (add-ons and client users only where the plan has them). */
function termsOfRecord(a: Administration): Pick<SubscriptionTerms, 'plan' | 'addOns' | 'clientUsers'> {
  return {
    plan: a.plan,
    addOns: featureAllowed(a.plan, 'add-ons') ? [...a.addOns].sort() : [],
    clientUsers: featureAllowed(a.plan, 'client-users') ? a.clientUserCount : 0,
  };
}

/**
 * Keeps billing in step when the administration itself changes (its plan or add-ons through
 * `PATCH /administrations/{id}`, its client users through memberships): a change effective
 * `day`. The first time, the terms before the change are recorded from the day the
 * administration was created, so what was sold before stays billed as it was rather than
 * being read from the changed record. Terms tenancy does not know (annual-accounts client
 * type, edition) carry over. Nothing is written when the billed terms did not change.
 */
export async function noteAdministrationChange(
  deps: BillingDeps,
  before: Administration,
  after: Administration,
  day: string,
): Promise<void> {
  const was = termsOfRecord(before);
  const is = termsOfRecord(after);
  if (JSON.stringify(was) === JSON.stringify(is)) return;
  const history = await subscriptionHistory(deps.table, after.firmId, after.id);
  const recordedAt = deps.clock().toISOString();
  const carried = termsOn(history, day) ?? historyFromAdministration(before)[0];
  const change = (terms: SubscriptionTerms, effectiveFrom: string, at: string): Item => {
    const record: SubscriptionChange = {
      ...terms,
      firmId: after.firmId,
      administrationId: after.id,
      effectiveFrom,
      recordedAt: at,
      recordedBy: 'administration',
    };
    return { ...subscriptionKeys.change(after.firmId, after.id, effectiveFrom, at), ...record };
  };
  const base = {
    edition: carried?.edition ?? 'plus-professional',
    ...(carried?.annualAccounts ? { annualAccounts: carried.annualAccounts } : {}),
  } as const;
  await batchPut(deps.table, [
    // The terms before: as of the administration's creation, so a same-day change sorts after them.
    ...(history.length === 0 ? [change({ ...base, ...was }, before.createdAt.slice(0, 10), before.createdAt)] : []),
    change({ ...base, ...is }, day, recordedAt),
  ]);
}
