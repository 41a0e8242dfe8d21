import type { Cents } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { type Item, queryAll, stripKeys } from '#packages/table';
import { type AgeingBucket, ageingBucket, ageingBuckets } from './calculate.js';
import { type InvoicingDeps, parseInput } from './context.js';
import { invoicingKeys } from './keys.js';
import { AgeingQuery, type OpenItem, type OpenItemSide } from './model.js';

export type AgeingAmounts = Record<AgeingBucket, Cents> & { readonly total: Cents };

export interface AgeingRow extends AgeingAmounts {
  readonly relationId: string;
  readonly relationName: string;
  readonly relationNumber?: number;
  readonly items: number;
}

export interface AgeingReport {
  readonly side: OpenItemSide;
  readonly asOf: string;
  /** Per relation, by name. */
  readonly relations: AgeingRow[];
  readonly totals: AgeingAmounts;
}

const zero = (): Record<AgeingBucket | 'total', Cents> => ({
  notDue: 0,
  days1to30: 0,
  days31to60: 0,
  days61to90: 0,
  over90: 0,
  total: 0,
});

/** Groups items into ageing rows per relation (pure). Items dated after `asOf` are left out. */
export function ageItems(side: OpenItemSide, asOf: string, items: readonly OpenItem[]): AgeingReport {
  const rows = new Map<
    string,
    { row: Omit<AgeingRow, AgeingBucket | 'total'>; amounts: Record<AgeingBucket | 'total', Cents> }
  >();
  const totals = zero();
  for (const item of items) {
    if (item.invoiceDate > asOf || item.outstanding === 0) continue;
    const bucket = ageingBucket(item.dueDate, asOf);
    const current = rows.get(item.relationId) ?? {
      row: {
        relationId: item.relationId,
        relationName: item.relationName,
        ...(item.relationNumber !== undefined ? { relationNumber: item.relationNumber } : {}),
        items: 0,
      },
      amounts: zero(),
    };
    current.amounts[bucket] += item.outstanding;
    current.amounts.total += item.outstanding;
    current.row = { ...current.row, items: current.row.items + 1 };
    rows.set(item.relationId, current);
    totals[bucket] += item.outstanding;
    totals.total += item.outstanding;
  }
  return {
    side,
    asOf,
    relations: [...rows.values()]
      .map(({ row, amounts }) => ({ ...row, ...amounts }))
      .sort((a, b) => a.relationName.localeCompare(b.relationName) || a.relationId.localeCompare(b.relationId)),
    totals,
  };
}

/**
 * Outstanding receivables or payables per relation in buckets by days overdue at `asOf`:
 * not due, 1–30, 31–60, 61–90, over 90. Reads only the sparse outstanding index (one Query,
 * paged), so its cost follows the number of open items, not of all invoices. Amounts are what
 * is outstanding now; items invoiced after `asOf` are left out.
 */
export async function ageingReport(deps: InvoicingDeps, adm: BooksOf, query: AgeingQuery): Promise<AgeingReport> {
  const { side, asOf } = parseInput(AgeingQuery, query, 'query');
  const pk = invoicingKeys(adm.firmId, adm.id).outstandingOfSide(side);
  const items = await queryAll<Item>(deps.table, { index: 'gsi1', pk });
  return ageItems(
    side,
    asOf,
    items.map((i) => stripKeys<OpenItem>(i)),
  );
}

export { ageingBuckets };
