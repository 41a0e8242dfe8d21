import type { BooksOf } from '#packages/ledger';
import { getItem, type Item, type Table, type TransactWrite } from '#packages/table';
import { invoicingKeys } from './keys.js';

/** The next number of a series and the write that takes it (in the caller's transaction). */
export interface SeriesNumber {
  readonly number: number;
  readonly write: TransactWrite;
}

/**
 * Reads the counter of `series` in `year` and returns the next number with a conditional
 * write: it fails (and the caller's whole transaction with it) when another document took the
 * number first, so numbers are gapless and never handed out twice.
 */
export async function nextInSeries(
  table: Table,
  adm: BooksOf,
  kind: 'invoice' | 'quote',
  series: string,
  year: number,
): Promise<SeriesNumber> {
  const key = invoicingKeys(adm.firmId, adm.id).seriesCounter(kind, series, year);
  const counter = await getItem<Item & { lastNumber: number }>(table, key);
  const last = counter?.lastNumber ?? 0;
  const number = last + 1;
  const write: TransactWrite = counter
    ? {
        Update: {
          Key: key,
          UpdateExpression: 'SET lastNumber = :next',
          ConditionExpression: 'lastNumber = :last',
          ExpressionAttributeValues: { ':next': number, ':last': last },
        },
      }
    : {
        Put: {
          Item: { ...key, kind, series, year, lastNumber: number },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
  return { number, write };
}
