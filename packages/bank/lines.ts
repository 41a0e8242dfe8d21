import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConflictError, NotFoundError, type Page } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { getItem, type Item, queryPage, stripKeys, type Table, transactWrite } from '#packages/table';
import { bankKeys } from './keys.js';
import type { BankLine } from './model.js';
import { movementKeys } from './movement-key.js';

/** A line's id: derived from the administration and its movement key, so storing it twice is a no-op. */
export function bankLineId(administrationId: string, movementKey: string): string {
  return createHash('sha256').update(`${administrationId}\u0000${movementKey}`).digest('hex').slice(0, 26);
}

export const bankLineStates = ['to-process', 'booked'] as const;
export type BankLineState = (typeof bankLineStates)[number];

/** Where a line came from: a statement file (its import) or a PSD2 connection. */
export const LineOrigin = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), importId: z.string() }),
  z.object({ kind: z.literal('feed'), connectionId: z.string() }),
]);
export type LineOrigin = z.infer<typeof LineOrigin>;

/** What a booked line was booked as: the entry and the open items it paid (signed like each item). */
export const LineBooking = z.object({
  entryId: z.string(),
  kind: z.enum(['open-items', 'gl-account', 'loan', 'document']),
  allocations: z.array(z.object({ openItemId: z.string(), applied: z.number().int() })),
  documentId: z.string().optional(),
  automatic: z.boolean().describe('Booked by the robot without a person (undo stays possible).'),
  bookedBy: z.string(),
  bookedAt: z.string(),
});
export type LineBooking = z.infer<typeof LineBooking>;

export const StoredBankLine = z
  .object({
    id: z.string(),
    administrationId: z.string(),
    account: z.string().describe('The IBAN of the administration’s account the line is on.'),
    bookingDate: z.string(),
    valueDate: z.string().optional(),
    amount: z.number().int().describe('Signed: money in positive.'),
    currency: z.string(),
    counterpartyName: z.string().optional(),
    counterpartyIban: z.string().optional(),
    counterpartyBic: z.string().optional(),
    remittance: z.string().optional(),
    structuredReference: z.string().optional(),
    bankReference: z.string().optional(),
    endToEndId: z.string().optional(),
    transactionCode: z.string().optional(),
    origin: LineOrigin,
    state: z.enum(bankLineStates),
    /** The robot's latest suggestion, with its explanation (see `packages/bank/matching`). */
    suggestion: z.record(z.string(), z.unknown()).optional(),
    booking: LineBooking.optional(),
    /** A missing-document request asked of the client about this line. */
    requestStatus: z.enum(['open', 'answered', 'closed']).optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'BankLine' });
export type StoredBankLine = z.infer<typeof StoredBankLine>;

/** The index keys of a line in its state. */
export function lineIndexes(adm: BooksOf, line: Pick<StoredBankLine, 'id' | 'account' | 'bookingDate' | 'state'>) {
  const k = bankKeys(adm.firmId, adm.id);
  return {
    gsi1pk: k.linesOfState(line.state),
    gsi1sk: k.lineSort(line.bookingDate, line.id),
    gsi2pk: k.linesOfAccount(line.account),
    gsi2sk: k.lineSort(line.bookingDate, line.id),
  };
}

export function lineItem(adm: BooksOf, line: StoredBankLine): Item {
  return { ...bankKeys(adm.firmId, adm.id).line(line.id), ...lineIndexes(adm, line), ...line };
}

export interface StoreLinesResult {
  /** The lines stored now, in the source's order. */
  readonly stored: StoredBankLine[];
  /** How many were there already (an overlapping file or feed window). */
  readonly duplicates: number;
  /** Per line given, in order: stored now (true) or there already (false). */
  readonly fresh: readonly boolean[];
}

/**
 * Stores the lines of one account read in one go, each once: a line whose movement key is
 * already stored (from any file or feed) is counted as a duplicate and left as it was.
 */
export async function storeLines(
  deps: { readonly table: Table; readonly clock: () => Date },
  adm: BooksOf,
  account: string,
  lines: readonly BankLine[],
  origin: LineOrigin,
): Promise<StoreLinesResult> {
  const keys = movementKeys(account, lines);
  const at = deps.clock().toISOString();
  const results = await inBatches(lines, 16, async (line, i) => {
    const record: StoredBankLine = {
      ...definedOnly(line),
      id: bankLineId(adm.id, keys[i] as string),
      administrationId: adm.id,
      account,
      origin,
      state: 'to-process',
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    try {
      await transactWrite(
        deps.table,
        [{ Put: { Item: lineItem(adm, record), ConditionExpression: 'attribute_not_exists(pk)' } }],
        () => new ConflictError('BANK_LINE_STORED', `Line ${record.id} is stored already.`),
      );
      return record;
    } catch (error) {
      if (error instanceof ConflictError && error.code === 'BANK_LINE_STORED') return undefined;
      throw error;
    }
  });
  const stored = results.filter((r): r is StoredBankLine => r !== undefined);
  return { stored, duplicates: lines.length - stored.length, fresh: results.map((r) => r !== undefined) };
}

function definedOnly(line: BankLine): BankLine {
  return Object.fromEntries(Object.entries(line).filter(([, v]) => v !== undefined && v !== '')) as unknown as BankLine;
}

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T, index: number) => Promise<R>) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => run(item, i + j)))));
  }
  return out;
}

export async function getBankLine(table: Table, adm: BooksOf, id: string): Promise<StoredBankLine> {
  const item = await getItem<Item>(table, bankKeys(adm.firmId, adm.id).line(id));
  if (!item) throw new NotFoundError(`Bank line ${id}`);
  return stripKeys<StoredBankLine>(item);
}

export const BankLineQuery = z
  .object({
    state: z.enum(bankLineStates).optional().describe('`to-process` (the default) or `booked`.'),
    account: z.string().optional().describe('Only this account (IBAN); then every state unless `state` is given.'),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    cursor: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict()
  .meta({ id: 'BankLineQuery' });
export type BankLineQuery = z.output<typeof BankLineQuery>;

/** Lines by state (newest first) or by account (by date, optionally in a date range): one Query. */
export async function listBankLines(table: Table, adm: BooksOf, query: BankLineQuery): Promise<Page<StoredBankLine>> {
  const k = bankKeys(adm.firmId, adm.id);
  const byAccount = query.account !== undefined;
  const pk = byAccount ? k.linesOfAccount(query.account as string) : k.linesOfState(query.state ?? 'to-process');
  const range = query.from || query.to ? ([query.from ?? '0000', `${query.to ?? '9999'}#~`] as const) : undefined;
  const page = await queryPage<Item>(table, {
    index: byAccount ? 'gsi2' : 'gsi1',
    pk,
    ...(range ? { skBetween: range } : {}),
    ...(byAccount && query.state ? { filter: { state: query.state } } : {}),
    newestFirst: true,
    limit: query.limit ?? 50,
    cursor: query.cursor,
    cursorScope: `${pk}#${query.from ?? ''}#${query.to ?? ''}#${query.state ?? ''}`,
  });
  return { ...page, items: page.items.map((i) => stripKeys<StoredBankLine>(i)) };
}
