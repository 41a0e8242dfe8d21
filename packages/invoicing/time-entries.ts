import {
  type Cents,
  ConflictError,
  NotFoundError,
  type Page,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { auditPut, getItem, type Item, queryAll, queryPage, stripKeys, transactWrite } from '#packages/table';
import { minutesValue } from './calculate.js';
import { costCentreIssues, type InvoicingDeps, pageLimit, parseInput, readRelation } from './context.js';
import { type InvoicingKeys, invoicingKeys } from './keys.js';
import { HoursReportQuery, type TimeEntry, TimeEntryInput, type TimeEntryStatus } from './model.js';

/** What is stored besides the public entry: the billing run's claim and the rate billed at. */
export type StoredTimeEntry = TimeEntry & { claimedBy?: string; claimedAt?: string; billedRate?: Cents };

function timeEntryItem(k: InvoicingKeys, entry: TimeEntry): Item {
  return {
    ...k.timeEntry(entry.id),
    gsi1pk: k.timeOfCustomer(entry.customerId),
    gsi1sk: k.timeOfCustomerSort(entry.status, entry.date, entry.id),
    gsi2pk: k.timeByDate,
    gsi2sk: `${entry.date}#${entry.id}`,
    ...entry,
  };
}

/** Records worked time for a customer, optionally on a project (a cost-centre code); unbilled. */
export async function recordTimeEntry(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  input: TimeEntryInput,
): Promise<TimeEntry> {
  const parsed = parseInput(TimeEntryInput, input);
  await readRelation(deps, tenant, adm, parsed.customerId, 'customer', 'customerId');
  if (parsed.project) {
    const issues = await costCentreIssues(deps, adm, [{ path: 'project', code: parsed.project }]);
    if (issues.length > 0) throw new ValidationError(issues);
  }
  const at = deps.clock().toISOString();
  const entry: TimeEntry = {
    id: deps.newId(),
    administrationId: adm.id,
    ...parsed,
    status: 'unbilled',
    createdAt: at,
    updatedAt: at,
  };
  const k = invoicingKeys(adm.firmId, adm.id);
  await transactWrite(
    deps.table,
    [
      { Put: { Item: timeEntryItem(k, entry), ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut(tenant, deps.clock(), {
        action: 'time-entry.recorded',
        entityType: 'TimeEntry',
        entityId: entry.id,
        administrationId: adm.id,
        after: entry,
      }),
    ],
    () => new ConflictError('TIME_ENTRY_EXISTS', `Time entry ${entry.id} exists.`),
  );
  return entry;
}

const publicEntry = (item: Item): TimeEntry => {
  const { claimedBy: _c, claimedAt: _a, billedRate: _r, ...entry } = stripKeys<StoredTimeEntry>(item);
  return entry;
};

export async function getTimeEntry(deps: InvoicingDeps, adm: BooksOf, id: string): Promise<TimeEntry> {
  const item = await getItem<Item>(deps.table, invoicingKeys(adm.firmId, adm.id).timeEntry(id));
  if (!item) throw new NotFoundError(`Time entry ${id}`);
  return publicEntry(item);
}

/** Hours of a customer with a status, by date, optionally within `from`..`to` (one Query on gsi1). */
export async function listTimeEntries(
  deps: InvoicingDeps,
  adm: BooksOf,
  customerId: string,
  query: {
    status: TimeEntryStatus;
    from?: string | undefined;
    to?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
): Promise<Page<TimeEntry>> {
  const pk = invoicingKeys(adm.firmId, adm.id).timeOfCustomer(customerId);
  const page = await queryPage<Item>(deps.table, {
    index: 'gsi1',
    pk,
    skBetween: [`${query.status}#${query.from ?? '0000'}`, `${query.status}#${query.to ?? '9999'}#~`],
    limit: pageLimit(query.limit),
    cursor: query.cursor,
    cursorScope: `${pk}#${query.status}#${query.from ?? ''}#${query.to ?? ''}`,
  });
  return { ...page, items: page.items.map(publicEntry) };
}

/** Every time entry of a gsi range. */
export async function timeEntriesIn(
  deps: InvoicingDeps,
  spec: { index: 'gsi1' | 'gsi2'; pk: string; skBetween: readonly [string, string] },
): Promise<StoredTimeEntry[]> {
  return (await queryAll<Item>(deps.table, spec)).map((i) => stripKeys<StoredTimeEntry>(i));
}

export interface HoursTotals {
  readonly minutes: number;
  readonly directMinutes: number;
  readonly indirectMinutes: number;
  /** Minutes × rate (the rate billed at, else the entry's own); hours without a rate add nothing. */
  readonly amount: Cents;
  readonly unratedMinutes: number;
}

export interface HoursReport {
  readonly from: string;
  readonly to: string;
  readonly customerId?: string;
  readonly billed: HoursTotals;
  readonly unbilled: HoursTotals;
  readonly byCustomer: { customerId: string; billed: HoursTotals; unbilled: HoursTotals }[];
}

const noHours = (): { -readonly [K in keyof HoursTotals]: HoursTotals[K] } => ({
  minutes: 0,
  directMinutes: 0,
  indirectMinutes: 0,
  amount: 0,
  unratedMinutes: 0,
});

function addHours(t: ReturnType<typeof noHours>, e: StoredTimeEntry): void {
  const rate = e.billedRate ?? e.hourlyRate;
  t.minutes += e.minutes;
  if (e.type === 'direct') t.directMinutes += e.minutes;
  else t.indirectMinutes += e.minutes;
  if (rate === undefined) t.unratedMinutes += e.minutes;
  else t.amount += minutesValue(e.minutes, rate);
}

/** Billed versus unbilled hours and their value over `from`..`to`, in total and per customer (pure). */
export function summariseHours(
  range: { from: string; to: string; customerId?: string | undefined },
  entries: readonly StoredTimeEntry[],
): HoursReport {
  const totals = { billed: noHours(), unbilled: noHours() };
  const perCustomer = new Map<string, { billed: ReturnType<typeof noHours>; unbilled: ReturnType<typeof noHours> }>();
  for (const e of entries) {
    if (e.date < range.from || e.date > range.to) continue;
    const row = perCustomer.get(e.customerId) ?? { billed: noHours(), unbilled: noHours() };
    addHours(row[e.status], e);
    addHours(totals[e.status], e);
    perCustomer.set(e.customerId, row);
  }
  return {
    from: range.from,
    to: range.to,
    ...(range.customerId ? { customerId: range.customerId } : {}),
    ...totals,
    byCustomer: [...perCustomer]
      .map(([customerId, row]) => ({ customerId, ...row }))
      .sort((a, b) => a.customerId.localeCompare(b.customerId)),
  };
}

/**
 * Hours report: billed versus unbilled minutes and amounts over `from`..`to`. For one customer
 * two Queries on gsi1 (billed and unbilled in the range); for all customers one Query on gsi2
 * (paged).
 */
export async function hoursReport(deps: InvoicingDeps, adm: BooksOf, query: HoursReportQuery): Promise<HoursReport> {
  const parsed = parseInput(HoursReportQuery, query, 'query');
  if (parsed.to < parsed.from)
    throw new ValidationError([{ path: 'to', location: 'query', message: 'To is not before from.' }]);
  const k = invoicingKeys(adm.firmId, adm.id);
  const entries = parsed.customerId
    ? (
        await Promise.all(
          (['billed', 'unbilled'] as const).map((status) =>
            timeEntriesIn(deps, {
              index: 'gsi1',
              pk: k.timeOfCustomer(parsed.customerId as string),
              skBetween: [`${status}#${parsed.from}`, `${status}#${parsed.to}#~`],
            }),
          ),
        )
      ).flat()
    : await timeEntriesIn(deps, { index: 'gsi2', pk: k.timeByDate, skBetween: [parsed.from, `${parsed.to}#~`] });
  return summariseHours(parsed, entries);
}
