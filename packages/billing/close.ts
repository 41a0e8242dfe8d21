import { ConflictError, newId } from '#packages/kernel';
import {
  batchPut,
  getItem,
  type Item,
  queryAll,
  queryPage,
  stripKeys,
  type Table,
  transactWrite,
} from '#packages/table';
import { priceLists } from './catalogue.js';
import { MonthNotEndedError } from './errors.js';
import { invoiceKeys } from './keys.js';
import { readPeriodCounters } from './meter.js';
import type { FirmInvoice, InvoiceLine, PriceList, SubscriptionChange } from './model.js';
import { addMonths, monthOf, quarterMonthsTo } from './periods.js';
import { listOfMonth, monthLines, overageOf, type PricingInput, totalOf, traceOf } from './pricing.js';
import {
  type BillingDeps,
  firmAdministrations,
  historyFromAdministration,
  subscriptionHistories,
  termsOfMonth,
  withBase,
} from './subscriptions.js';

/** Administrations per stored chunk of an invoice's lines (an item stays far below 400 KB). */
const CHUNK = 50;

/** What a close saw of one administration's usage month: the count, and the overage billed for it so far. */
interface Seen {
  readonly counted: number;
  readonly billed: number;
}

/** One administration's part of an invoice as stored: its lines and what was seen of its months. */
interface Block {
  readonly administrationId: string;
  readonly lines: InvoiceLine[];
  readonly seen: Record<string, Seen>;
}

interface Header extends Omit<FirmInvoice, 'lines'> {
  readonly runId: string;
  readonly chunks: number;
}

/** The deterministic id of a firm's invoice for a month. */
export const invoiceIdOf = (firmId: string, period: string) => `${firmId}-${period}`;

/**
 * Closes `month` for a firm: one invoice, issued on the 1st of the next month, with one line per
 * administration per charge — plan, add-ons, extra client users, annual-accounts client type,
 * booking proposals beyond the bundle — priced by the list in force on the month's 1st.
 *
 * - **Reads counters, not records**: the month counters of the firm (one Query per month of
 *   the quarter, and of the previous month's quarter), the subscription changes (one Query), the
 *   administrations (one Query per 1000) and the previous invoice.
 * - **Traceable**: each proposal line names the counter it read and the Query that lists the
 *   usage records behind it.
 * - **Rerun-safe**: the id derives from firm and month; the lines are written under a run id and
 *   the header, naming that run, is written last and only if absent. A rerun, or a concurrent
 *   close, returns the invoice that was issued; an issued invoice is never rewritten.
 * - **Late usage** (a record counted after its month was closed) goes on the next close as a
 *   `proposal-overage-correction` line for the month it belongs to: the close compares the
 *   counters of the previous month's quarter with what the previous invoice saw and billed, and
 *   charges (or credits) the difference. Late records older than the previous month's quarter are
 *   not looked for.
 */
export async function closeMonth(deps: BillingDeps, firmId: string, month: string): Promise<FirmInvoice> {
  if (month >= monthOf(deps.clock())) throw new MonthNotEndedError(month);
  const issued = await readInvoice(deps.table, firmId, month);
  if (issued) return issued;

  const previousMonth = addMonths(month, -1);
  const [lists, histories, administrations, previous] = await Promise.all([
    priceLists(deps.table),
    subscriptionHistories(deps.table, firmId),
    firmAdministrations(deps.table, firmId),
    readBlocks(deps.table, firmId, previousMonth),
  ]);
  const windowMonths = [...new Set([...(previous ? quarterMonthsTo(previousMonth) : []), ...quarterMonthsTo(month)])];
  const counters = new Map(
    await Promise.all(windowMonths.map(async (m) => [m, await readPeriodCounters(deps.table, firmId, m)] as const)),
  );
  for (const a of administrations)
    histories.set(a.id, withBase(historyFromAdministration(a), histories.get(a.id) ?? []));

  const ids = new Set<string>(histories.keys());
  for (const byAdm of counters.values()) for (const id of byAdm.keys()) ids.add(id);
  for (const id of previous?.blocks.keys() ?? []) ids.add(id);

  const blocks: Block[] = [];
  for (const administrationId of [...ids].sort()) {
    const block = closeAdministration(
      firmId,
      administrationId,
      month,
      histories.get(administrationId) ?? [],
      counters,
      lists,
      previous ? { month: previousMonth, seen: previous.blocks.get(administrationId)?.seen ?? {} } : undefined,
    );
    if (block.lines.length > 0 || Object.keys(block.seen).length > 0) blocks.push(block);
  }
  return issue(deps, firmId, month, blocks);
}

function closeAdministration(
  firmId: string,
  administrationId: string,
  month: string,
  history: readonly SubscriptionChange[],
  counters: ReadonlyMap<string, ReadonlyMap<string, number>>,
  lists: readonly PriceList[],
  previous: { month: string; seen: Readonly<Record<string, Seen>> } | undefined,
): Block {
  const input: PricingInput = {
    firmId,
    administrationId,
    termsOf: (m) => termsOfMonth(history, m),
    countOf: (m) => counters.get(m)?.get(administrationId) ?? 0,
    lists,
  };
  const lines = monthLines(input, month);
  // Corrections: months the previous close saw, counted again now.
  if (previous) {
    for (const m of quarterMonthsTo(previous.month)) {
      const before = previous.seen[m] ?? { counted: 0, billed: 0 };
      const now = overageOf(input, m);
      if (now.count !== before.counted) {
        const quantity = now.quantity - before.billed;
        const late = now.count - before.counted;
        lines.push({
          id: `${administrationId}:proposal-overage-correction:${m}`,
          administrationId,
          kind: 'proposal-overage-correction',
          period: m,
          description:
            `Correction for ${m}: ${late} booking proposal(s) recorded after its close ` +
            `(${now.count} in all); ${quantity} more beyond the bundle`,
          quantity,
          unitPrice: now.unitPrice,
          amount: quantity * now.unitPrice,
          priceList: listOfMonth(lists, m).version,
          trace: traceOf(firmId, administrationId, m, now.count),
        });
      }
    }
  }
  // What this close saw of the quarter's months, for the next close to compare with.
  const seen: Record<string, Seen> = {};
  for (const m of quarterMonthsTo(month)) {
    const o = overageOf(input, m);
    const before = previous?.seen[m];
    const unchanged = previous !== undefined && m !== month && (before?.counted ?? 0) === o.count;
    const s = unchanged ? { counted: o.count, billed: before?.billed ?? 0 } : { counted: o.count, billed: o.quantity };
    if (s.counted !== 0 || s.billed !== 0) seen[m] = s;
  }
  return { administrationId, lines, seen };
}

async function issue(deps: BillingDeps, firmId: string, month: string, blocks: readonly Block[]): Promise<FirmInvoice> {
  const runId = newId();
  const chunks: Item[] = [];
  for (let i = 0; i < blocks.length; i += CHUNK) {
    chunks.push({ ...invoiceKeys.chunk(firmId, month, runId, chunks.length + 1), blocks: blocks.slice(i, i + CHUNK) });
  }
  await batchPut(deps.table, chunks);
  const lines = blocks.flatMap((b) => b.lines);
  const header: Header = {
    id: invoiceIdOf(firmId, month),
    firmId,
    period: month,
    issuedOn: `${addMonths(month, 1)}-01`,
    status: 'issued',
    currency: 'EUR',
    total: totalOf(lines),
    administrations: new Set(lines.map((l) => l.administrationId)).size,
    createdAt: deps.clock().toISOString(),
    runId,
    chunks: chunks.length,
  };
  try {
    await transactWrite(
      deps.table,
      [
        {
          Put: {
            Item: { ...invoiceKeys.header(firmId, month), ...header },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      () => new ConflictError('INVOICE_ISSUED', 'The month was closed meanwhile.'),
    );
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    await discard(deps.table, chunks);
    const winner = await readInvoice(deps.table, firmId, month);
    if (!winner) throw error;
    return winner;
  }
  return { ...stripHeader(header), lines };
}

/** Lines of a run that lost the race are not reachable from any header; remove them. */
async function discard(table: Table, chunks: readonly Item[]) {
  for (let i = 0; i < chunks.length; i += 25) {
    await transactWrite(
      table,
      chunks.slice(i, i + 25).map((c) => ({ Delete: { Key: { pk: c.pk, sk: c.sk } } })),
      () => new ConflictError('GONE', 'Gone.'),
    );
  }
}

const stripHeader = (h: Header): Omit<FirmInvoice, 'lines'> => {
  const { runId: _r, chunks: _c, ...rest } = h;
  return rest;
};

async function readHeader(table: Table, firmId: string, month: string): Promise<Header | undefined> {
  const item = await getItem<Item>(table, invoiceKeys.header(firmId, month));
  return item && stripKeys<Header>(item);
}

async function readBlocks(table: Table, firmId: string, month: string) {
  const header = await readHeader(table, firmId, month);
  if (!header) return undefined;
  const items = await queryAll<Item & { blocks: Block[] }>(table, {
    pk: invoiceKeys.chunks(firmId, month),
    skPrefix: `${header.runId}#`,
  });
  const blocks = new Map<string, Block>();
  for (const item of items) for (const b of item.blocks) blocks.set(b.administrationId, b);
  return { header, blocks };
}

/** An issued invoice with its lines, or undefined when the month is not closed. */
export async function readInvoice(table: Table, firmId: string, month: string): Promise<FirmInvoice | undefined> {
  const read = await readBlocks(table, firmId, month);
  if (!read) return undefined;
  const lines = [...read.blocks.values()].flatMap((b) => b.lines);
  return { ...stripHeader(read.header), lines };
}

/** A firm's invoices, newest first, without their lines (one Query). */
export async function listInvoices(table: Table, firmId: string, cursor?: string, limit = 24) {
  const page = await queryPage<Item>(table, {
    pk: invoiceKeys.headers(firmId),
    newestFirst: true,
    limit,
    cursor,
    cursorScope: invoiceKeys.headers(firmId),
  });
  return { ...page, items: page.items.map((i) => stripHeader(stripKeys<Header>(i))) };
}
