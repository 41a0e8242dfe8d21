import { priceListOn } from './catalogue.js';
import { meterKeys, usageKeys } from './keys.js';
import type { InvoiceLine, PriceList, SubscriptionTerms } from './model.js';
import { firstDay, quarterMonthsTo } from './periods.js';

/** What pricing one administration's month needs, as functions of the month. */
export interface PricingInput {
  readonly firmId: string;
  readonly administrationId: string;
  /** The terms a month is charged at ({@link termsOfMonth}); undefined when not subscribed. */
  readonly termsOf: (month: string) => SubscriptionTerms | undefined;
  /** The administration's maintained proposal counter of a month. */
  readonly countOf: (month: string) => number;
  readonly lists: readonly PriceList[];
}

/** The price list a month is charged by: the one in force on its 1st. */
export const listOfMonth = (lists: readonly PriceList[], month: string) => priceListOn(lists, firstDay(month));

/**
 * Booking proposals charged beyond the bundle in `month`, with what the figure rests on.
 *
 * - A bundle per month (Samenwerken, 10): `max(0, count − included)`.
 * - A bundle per quarter (Uitgebreid, fair use 500): the quarter's proposals are summed month by
 *   month over the months charged at that plan; a month is charged for the part of the sum past
 *   the bundle that it added: `max(0, toDate − 500) − max(0, before − 500)`. So an overrun is
 *   charged for the month it happened in, and — as the invoice of a month is issued on the 1st
 *   of the next — billed in the month after, as the seed's FAQ says; the quarter's months add
 *   up to exactly `max(0, quarter − 500)`.
 */
export function overageOf(input: PricingInput, month: string) {
  const terms = input.termsOf(month);
  const list = listOfMonth(input.lists, month);
  const bundle = terms ? list.plans[terms.plan].proposals : undefined;
  const count = input.countOf(month);
  if (!terms || !bundle) return { quantity: 0, unitPrice: 0, count, list };
  if (bundle.per === 'month') {
    return { quantity: Math.max(0, count - bundle.included), unitPrice: bundle.overage, count, list };
  }
  let before = 0;
  for (const m of quarterMonthsTo(month)) {
    if (m === month) break;
    const t = input.termsOf(m);
    if (t?.plan === terms.plan) before += input.countOf(m);
  }
  const toDate = before + count;
  const quantity = Math.max(0, toDate - bundle.included) - Math.max(0, before - bundle.included);
  return { quantity, unitPrice: bundle.overage, count, list, quarterToDate: toDate, quarterBefore: before };
}

/** The trace of a proposal line: the counter it read and how to list the records behind it. */
export function traceOf(firmId: string, administrationId: string, month: string, count: number) {
  return {
    counter: { ...meterKeys.counter(firmId, month, administrationId), count },
    usageRecords: { pk: usageKeys.month(firmId, month), skPrefix: usageKeys.proposalsOf(administrationId) },
  };
}

const planLabel: Record<string, string> = {
  none: 'No plan',
  standaard: 'Standaard',
  samenwerken: 'Samenwerken',
  'samenwerken-uitgebreid': 'Samenwerken Uitgebreid',
};
const addOnLabel: Record<string, string> = {
  'sales-invoices': 'Add-on Verkoopfacturen voor Mijn[Kantoor]',
  'hours-invoices': 'Add-on Uren & Facturen',
  crm: 'Add-on CRM',
};

/**
 * The charges of one administration for one month, one line per charge: the plan, each add-on,
 * extra client users, the annual-accounts client type and its extra users, and proposals beyond
 * the bundle (traced to their counter and records). Pure: the same input gives the same lines.
 */
export function monthLines(input: PricingInput, month: string): InvoiceLine[] {
  const terms = input.termsOf(month);
  if (!terms) return [];
  const list = listOfMonth(input.lists, month);
  const adm = input.administrationId;
  const lines: InvoiceLine[] = [];
  const add = (
    kind: InvoiceLine['kind'],
    detail: string,
    description: string,
    quantity: number,
    unitPrice: number,
    extra: Partial<InvoiceLine> = {},
  ) => {
    if (quantity === 0) return;
    lines.push({
      id: [adm, kind, detail, month].filter(Boolean).join(':'),
      administrationId: adm,
      kind,
      period: month,
      description,
      quantity,
      unitPrice,
      amount: quantity * unitPrice,
      priceList: list.version,
      ...extra,
    });
  };
  const plan = list.plans[terms.plan];
  const monthly = plan.monthly[terms.edition] ?? 0;
  if (terms.plan !== 'none') add('plan', terms.plan, `${planLabel[terms.plan]} ${month}`, 1, monthly);
  for (const a of terms.addOns) add('add-on', a, `${addOnLabel[a]} ${month}`, 1, list.addOns[a]);
  const extraUsers = Math.max(0, terms.clientUsers - plan.includedClientUsers);
  if (plan.extraClientUser !== undefined) {
    add(
      'extra-client-users',
      '',
      `Extra client users beyond ${plan.includedClientUsers} (${terms.clientUsers} in all) ${month}`,
      extraUsers,
      plan.extraClientUser,
    );
  }
  const aa = terms.annualAccounts;
  if (aa) {
    add(
      'annual-accounts',
      aa.type,
      `Annual-accounts client type ${planLabel[aa.type]} ${month}`,
      1,
      list.annualAccounts.types[aa.type],
    );
    const price = list.annualAccounts.extraClientUser[aa.type];
    const extra = Math.max(0, aa.clientUsers - list.annualAccounts.includedClientUsers);
    if (price !== undefined) {
      add('annual-accounts-extra-users', aa.type, `Annual-accounts extra client users ${month}`, extra, price);
    }
  }
  const o = overageOf(input, month);
  const bundle = plan.proposals;
  if (bundle && o.quantity > 0) {
    const per = bundle.per === 'month' ? `${bundle.included} a month` : `fair use ${bundle.included} a quarter`;
    add(
      'proposal-overage',
      '',
      `Booking proposals beyond ${per}: ${o.quantity} of ${o.count} in ${month}`,
      o.quantity,
      o.unitPrice,
      {
        trace: {
          ...traceOf(input.firmId, adm, month, o.count),
          ...(o.quarterToDate !== undefined ? { quarterToDate: o.quarterToDate, quarterBefore: o.quarterBefore } : {}),
        },
      },
    );
  }
  return lines;
}

export const totalOf = (lines: readonly InvoiceLine[]) => lines.reduce((s, l) => s + l.amount, 0);
