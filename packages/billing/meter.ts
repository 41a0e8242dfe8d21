import { getItem, type Item, queryAll, type Table, type TransactWrite } from '#packages/table';
import { meterKeys } from './keys.js';
import { monthOf, quarterOf } from './periods.js';

/** A maintained counter: booking proposals of one administration in one month or quarter. */
export interface Counter {
  readonly administrationId: string;
  readonly period: string;
  readonly proposals: number;
}

/**
 * The counter updates that go into the transaction writing a usage record: `ADD proposals 1`
 * on the administration's month and quarter counters (created on first use). They commit only
 * with the usage record, whose `attribute_not_exists` condition fails the whole transaction on
 * a retry or a redelivery, so each counter moves exactly once per record.
 */
export function meterWrites(firmId: string, administrationId: string, at: string): TransactWrite[] {
  const month = monthOf(at);
  return [month, quarterOf(month)].map((period) => ({
    Update: {
      Key: meterKeys.counter(firmId, period, administrationId),
      UpdateExpression: 'SET firmId = :f, administrationId = :a, period = :p ADD proposals :one',
      ExpressionAttributeValues: { ':f': firmId, ':a': administrationId, ':p': period, ':one': 1 },
    },
  }));
}

/** One administration's counter of a month (`2026-03`) or quarter (`2026-Q1`); 0 when none. */
export async function readCounter(table: Table, firmId: string, period: string, administrationId: string) {
  const item = await getItem<Item & { proposals?: number }>(table, meterKeys.counter(firmId, period, administrationId));
  return item?.proposals ?? 0;
}

/** Every administration's counter of a period: one Query per 1000 administrations. */
export async function readPeriodCounters(table: Table, firmId: string, period: string): Promise<Map<string, number>> {
  const items = await queryAll<Item & { administrationId: string; proposals?: number }>(table, {
    pk: meterKeys.period(firmId, period),
  });
  return new Map(items.map((i) => [i.administrationId, i.proposals ?? 0]));
}

/** The counter items of seeded usage, for set-up (bench, tests): the month and quarter sums. */
export function counterItems(
  firmId: string,
  administrationId: string,
  perMonth: Readonly<Record<string, number>>,
): Item[] {
  const quarters = new Map<string, number>();
  const items: Item[] = [];
  for (const [month, n] of Object.entries(perMonth)) {
    items.push({
      ...meterKeys.counter(firmId, month, administrationId),
      firmId,
      administrationId,
      period: month,
      proposals: n,
    });
    quarters.set(quarterOf(month), (quarters.get(quarterOf(month)) ?? 0) + n);
  }
  for (const [q, n] of quarters) {
    items.push({
      ...meterKeys.counter(firmId, q, administrationId),
      firmId,
      administrationId,
      period: q,
      proposals: n,
    });
  }
  return items;
}
