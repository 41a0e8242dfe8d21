import { type Item, queryAll, stripKeys, type Table, transactWrite } from '#packages/table';
import first from './catalogue/2026-01-01.json' with { type: 'json' };
import { NoPriceListError, PriceListExistsError } from './errors.js';
import { priceListKeys } from './keys.js';
import { PriceList } from './model.js';

/**
 * The price lists that ship with the code: the seeds' prices are the first. Later lists are
 * loaded into the table with {@link loadPriceList} and need no code change.
 */
export const bundledPriceLists: readonly PriceList[] = [PriceList.parse(first)];

/**
 * Every price list in force at some time, oldest first: the bundled ones and the ones loaded
 * into the table (one Query on `SYS#PRICE-LISTS`). A table list with the same `effectiveFrom`
 * as a bundled one replaces it.
 */
export async function priceLists(table: Table): Promise<PriceList[]> {
  const stored = (await queryAll<Item>(table, { pk: priceListKeys.partition })).map((i) =>
    PriceList.parse(stripKeys(i)),
  );
  const byDate = new Map<string, PriceList>();
  for (const l of [...bundledPriceLists, ...stored]) byDate.set(l.effectiveFrom, l);
  return [...byDate.values()].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}

/** The list in force on `day` (`yyyy-mm-dd`) among `lists`: the latest that took effect on or before it. */
export function priceListOn(lists: readonly PriceList[], day: string): PriceList {
  let found: PriceList | undefined;
  for (const l of lists) if (l.effectiveFrom <= day) found = l;
  if (!found) throw new NoPriceListError(day);
  return found;
}

/**
 * Loads a new price list (JSON in the shape of `catalogue/2026-01-01.json`). It takes effect on
 * its `effectiveFrom` (the 1st of a month) for every charge of that month on; a list is written
 * once and never changed, so an invoice can always be re-priced from the list it names.
 */
export async function loadPriceList(table: Table, input: unknown): Promise<PriceList> {
  const list = PriceList.parse(input);
  await transactWrite(
    table,
    [
      {
        Put: {
          Item: { ...priceListKeys.list(list.effectiveFrom), ...list },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    () => new PriceListExistsError(list.effectiveFrom),
  );
  return list;
}
