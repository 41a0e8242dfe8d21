import type { Key } from '#packages/table';

/**
 * Key builders for billing. Every tenant key starts with `FIRM#<firmId>`; the price lists are
 * the one system-wide partition. Nothing else in the code spells these strings.
 */

/** The usage of a firm in one calendar month (`2026-03`): one item per billable event. */
export const usageKeys = {
  month: (firmId: string, month: string) => `FIRM#${firmId}#USAGE#${month}`,
  proposal: (firmId: string, month: string, administrationId: string, proposalId: string): Key => ({
    pk: `FIRM#${firmId}#USAGE#${month}`,
    sk: `booking-proposal#${administrationId}#${proposalId}`,
  }),
  /** `begins_with` prefix of one administration's proposal records in a month partition. */
  proposalsOf: (administrationId: string) => `booking-proposal#${administrationId}#`,
};

/**
 * Maintained counters, one item per administration per period, all administrations of a firm
 * in one partition per period so the monthly close reads a month with one Query:
 * `FIRM#f#METER#2026-03` / `ADM#a` and `FIRM#f#METER#2026-Q1` / `ADM#a`.
 */
export const meterKeys = {
  period: (firmId: string, period: string) => `FIRM#${firmId}#METER#${period}`,
  counter: (firmId: string, period: string, administrationId: string): Key => ({
    pk: `FIRM#${firmId}#METER#${period}`,
    sk: `ADM#${administrationId}`,
  }),
};

/** Effective-dated subscription changes of every administration of a firm, in one partition. */
export const subscriptionKeys = {
  partition: (firmId: string) => `FIRM#${firmId}#SUBSCRIPTIONS`,
  ofAdministration: (administrationId: string) => `ADM#${administrationId}#`,
  change: (firmId: string, administrationId: string, effectiveFrom: string, recordedAt: string): Key => ({
    pk: `FIRM#${firmId}#SUBSCRIPTIONS`,
    sk: `ADM#${administrationId}#${effectiveFrom}#${recordedAt}`,
  }),
};

/**
 * A firm invoice: the header (`FIRM#f#BILLING-INVOICES` / `2026-03`, written last and only
 * once) and its lines in chunks under the run that wrote the header
 * (`FIRM#f#BILLING-INVOICE#2026-03` / `<runId>#0001`).
 */
export const invoiceKeys = {
  headers: (firmId: string) => `FIRM#${firmId}#BILLING-INVOICES`,
  header: (firmId: string, period: string): Key => ({ pk: `FIRM#${firmId}#BILLING-INVOICES`, sk: period }),
  chunks: (firmId: string, period: string) => `FIRM#${firmId}#BILLING-INVOICE#${period}`,
  chunk: (firmId: string, period: string, runId: string, n: number): Key => ({
    pk: `FIRM#${firmId}#BILLING-INVOICE#${period}`,
    sk: `${runId}#${String(n).padStart(4, '0')}`,
  }),
};

/** Price lists, system-wide, by the day they take effect. */
export const priceListKeys = {
  partition: 'SYS#PRICE-LISTS',
  list: (effectiveFrom: string): Key => ({ pk: 'SYS#PRICE-LISTS', sk: effectiveFrom }),
};

/**
 * In-app events of a firm (`FIRM#f#EVENTS`) and e-mails waiting in its outbox
 * (`FIRM#f#OUTBOX`; gsi1 `SYS#OUTBOX#PENDING` lists the unsent ones of every firm, the index
 * attributes are removed once sent).
 */
export const notificationKeys = {
  events: (firmId: string) => `FIRM#${firmId}#EVENTS`,
  bundleExceeded: (firmId: string, month: string, administrationId: string) => ({
    event: { pk: `FIRM#${firmId}#EVENTS`, sk: `bundle-exceeded#${month}#${administrationId}` } as Key,
    mail: { pk: `FIRM#${firmId}#OUTBOX`, sk: `bundle-exceeded#${month}#${administrationId}` } as Key,
  }),
  pendingMail: 'SYS#OUTBOX#PENDING',
};
