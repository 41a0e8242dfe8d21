import {
  ConflictError,
  ForbiddenError,
  formatCents,
  NotFoundError,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import { auditPut, getItem, type Item, queryPage, stripKeys, type TransactWrite, transactWrite } from '#packages/table';
import type { BooksOf, LedgerDeps } from './books.js';
import { entryId, ledgerKeys, parseEntryId } from './keys.js';
import type { Entry, EntryLine, Journal } from './model.js';
import { vatCode } from './templates/index.js';

export interface PostEntryInput {
  readonly journalCode: string;
  /** `YYYY-MM-DD`; its month is the period. */
  readonly date: string;
  readonly description: string;
  readonly lines: readonly EntryLine[];
  readonly source?: { readonly type: string; readonly id: string };
  readonly creditNote?: boolean;
  /** The entry this one reverses (set by {@link reverseEntry}). */
  readonly reverses?: string;
}

/** DynamoDB takes at most 100 writes in one transaction; an entry needs 2 per account plus its VAT codes and 4. */
const MAX_TRANSACTION_ITEMS = 100;
const MAX_ATTEMPTS = 25;

class CounterMoved extends Error {}

/**
 * Checks what can be checked without the table: balance to the cent, whole cents, a date,
 * VAT codes of the administration's country, and a size that fits one transaction.
 */
export function validateEntry(adm: BooksOf, input: PostEntryInput): void {
  const issues: { path: string; message: string }[] = [];
  if (!/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(input.date) || Number.isNaN(Date.parse(input.date))) {
    issues.push({ path: 'date', message: 'A date as YYYY-MM-DD.' });
  }
  if (input.lines.length < 2) issues.push({ path: 'lines', message: 'An entry has at least two lines.' });
  let sum = 0;
  input.lines.forEach((line, i) => {
    if (!Number.isSafeInteger(line.amount)) issues.push({ path: `lines.${i}.amount`, message: 'Whole cents only.' });
    if (line.amount === 0)
      issues.push({ path: `lines.${i}.amount`, message: 'A line moves an amount other than zero.' });
    sum += line.amount;
    if (line.vat) {
      const code = vatCode(adm.country, line.vat.code);
      if (!code)
        issues.push({ path: `lines.${i}.vat.code`, message: `No VAT code ${line.vat.code} in ${adm.country}.` });
    }
  });
  if (sum !== 0) {
    const debit = input.lines.filter((l) => l.amount > 0).reduce((s, l) => s + l.amount, 0);
    issues.push({
      path: 'lines',
      message: `The entry does not balance: debit ${formatCents(debit)}, credit ${formatCents(debit - sum)}.`,
    });
  }
  const accounts = new Set(input.lines.map((l) => l.accountCode)).size;
  const vatTotals = new Set(input.lines.filter((l) => l.vat).map((l) => l.vat?.code)).size;
  if (2 * accounts + vatTotals + 4 > MAX_TRANSACTION_ITEMS) {
    issues.push({ path: 'lines', message: `Too many different accounts in one entry (${accounts}); split it.` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** VAT totals count in the code's own direction: sales credits and purchase debits are positive. */
function vatSign(adm: BooksOf, code: string): 1 | -1 {
  return vatCode(adm.country, code)?.direction === 'sales' ? -1 : 1;
}

async function readJournal(deps: LedgerDeps, adm: BooksOf, code: string): Promise<Journal> {
  const item = await getItem<Item>(deps.table, ledgerKeys(adm.firmId, adm.id).journal(code), false);
  if (!item) throw new ValidationError([{ path: 'journalCode', message: `No journal ${code}.` }]);
  return stripKeys<Journal>(item);
}

/**
 * Posts an entry: the next gapless number of its journal in its year, the entry, the
 * per-account-per-period balances, the VAT totals, and the audit line, all in one transaction
 * that also proves the period is open and every account exists and is not blocked.
 */
export async function postEntry(
  deps: LedgerDeps,
  tenant: TenantContext,
  adm: BooksOf,
  input: PostEntryInput,
  also: (entry: Entry) => readonly TransactWrite[] = () => [],
): Promise<Entry> {
  if (tenant.userType !== 'firm' && !input.source) throw new ForbiddenError('Only firm users may post entries.');
  validateEntry(adm, input);
  await readJournal(deps, adm, input.journalCode);
  const k = ledgerKeys(adm.firmId, adm.id);
  const year = Number(input.date.slice(0, 4));
  const period = input.date.slice(0, 7);

  for (let attempt = 1; ; attempt++) {
    const counter = await getItem<Item & { lastNumber: number }>(deps.table, k.counter(input.journalCode, year));
    const last = counter?.lastNumber ?? 0;
    const number = last + 1;
    const at = deps.clock();
    const entry: Entry = {
      id: entryId(input.journalCode, year, number),
      administrationId: adm.id,
      journalCode: input.journalCode,
      year,
      number,
      date: input.date,
      period,
      description: input.description,
      lines: input.lines.map((l) => ({ ...l })),
      ...(input.source ? { source: input.source } : {}),
      ...(input.creditNote ? { creditNote: true } : {}),
      ...(input.reverses ? { reverses: input.reverses } : {}),
      postedAt: at.toISOString(),
      postedBy: tenant.userId,
    };
    const byAccount = new Map<string, { debit: number; credit: number }>();
    const byVat = new Map<string, { base: number; vat: number }>();
    for (const line of input.lines) {
      const b = byAccount.get(line.accountCode) ?? { debit: 0, credit: 0 };
      if (line.amount > 0) b.debit += line.amount;
      else b.credit -= line.amount;
      byAccount.set(line.accountCode, b);
      if (line.vat) {
        const v = byVat.get(line.vat.code) ?? { base: 0, vat: 0 };
        const signed = vatSign(adm, line.vat.code) * line.amount;
        if (line.vat.part === 'base') v.base += signed;
        else v.vat += signed;
        byVat.set(line.vat.code, v);
      }
    }
    const accounts = [...byAccount.keys()];
    const extra = also(entry);
    const firstExtra = 3 + 2 * accounts.length + byVat.size;
    const writes: TransactWrite[] = [
      counter
        ? {
            Update: {
              Key: k.counter(input.journalCode, year),
              UpdateExpression: 'SET lastNumber = :next',
              ConditionExpression: 'lastNumber = :last',
              ExpressionAttributeValues: { ':next': number, ':last': last },
            },
          }
        : {
            Put: {
              Item: { ...k.counter(input.journalCode, year), lastNumber: number },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
      {
        Put: {
          Item: {
            ...k.entry(input.journalCode, year, number),
            gsi1pk: k.entriesByPeriod(period),
            gsi1sk: `${input.date}#${input.journalCode}#${String(number).padStart(7, '0')}`,
            ...entry,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        ConditionCheck: {
          Key: k.period(period),
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        },
      },
      ...accounts.map(
        (code): TransactWrite => ({
          Update: {
            Key: k.account(code),
            UpdateExpression: 'SET inUse = :yes',
            ConditionExpression: 'attribute_exists(pk) AND #status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':yes': true, ':active': 'active' },
          },
        }),
      ),
      ...accounts.map((code): TransactWrite => {
        const b = byAccount.get(code) ?? { debit: 0, credit: 0 };
        return {
          Update: {
            Key: k.balance(period, code),
            UpdateExpression: 'ADD debit :d, credit :c SET accountCode = :code, #period = :period',
            ExpressionAttributeNames: { '#period': 'period' },
            ExpressionAttributeValues: { ':d': b.debit, ':c': b.credit, ':code': code, ':period': period },
          },
        };
      }),
      ...[...byVat].map(
        ([code, v]): TransactWrite => ({
          Update: {
            Key: k.vatTotal(period, code, Boolean(input.creditNote)),
            UpdateExpression: 'ADD #base :b, #vat :v SET #code = :code, #period = :period, creditNote = :cn',
            ExpressionAttributeNames: { '#base': 'base', '#vat': 'vat', '#code': 'code', '#period': 'period' },
            ExpressionAttributeValues: {
              ':b': v.base,
              ':v': v.vat,
              ':code': code,
              ':period': period,
              ':cn': Boolean(input.creditNote),
            },
          },
        }),
      ),
      ...extra,
      auditPut(tenant, at, {
        action: entry.reverses ? 'entry.reversal-posted' : 'entry.posted',
        entityType: 'Entry',
        entityId: entry.id,
        administrationId: adm.id,
        after: entry,
      }),
    ];
    try {
      await transactWrite(deps.table, writes, (i) => {
        if (i <= 1) return new CounterMoved() as unknown as ConflictError;
        if (i === 2) return new ConflictError('PERIOD_CLOSED', `Period ${period} is closed; post into an open period.`);
        if (i < 3 + accounts.length) {
          return new ConflictError('ACCOUNT_NOT_POSTABLE', `Account ${accounts[i - 3]} does not exist or is blocked.`);
        }
        if (i >= firstExtra && i < firstExtra + extra.length) {
          return new ConflictError(
            'ENTRY_PRECONDITION_FAILED',
            'What this entry settles changed meanwhile; read it again.',
          );
        }
        return new ConflictError('ENTRY_REJECTED', 'The entry conflicts with the state of the books.');
      });
      return entry;
    } catch (error) {
      const moved =
        error instanceof CounterMoved || (error instanceof ConflictError && error.code === 'CONCURRENT_UPDATE');
      if (!moved || attempt >= MAX_ATTEMPTS) {
        if (moved) {
          throw new ConflictError('JOURNAL_BUSY', `Journal ${input.journalCode} is busy; try again.`, { cause: error });
        }
        throw error;
      }
      // Full jitter, exponential up to 400 ms: concurrent posters of one journal spread out.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(400, 5 * 2 ** attempt)));
    }
  }
}

export async function getEntry(deps: LedgerDeps, adm: BooksOf, id: string): Promise<Entry> {
  const parsed = parseEntryId(id);
  const item =
    parsed &&
    (await getItem<Item>(deps.table, ledgerKeys(adm.firmId, adm.id).entry(parsed.journal, parsed.year, parsed.number)));
  if (!item) throw new NotFoundError(`Entry ${id}`);
  return stripKeys<Entry>(item);
}

/**
 * Corrects an entry the only way the books allow: a new entry with every line negated, on
 * `date` (default: the original date, which must then still be open). An entry is reversed
 * once; the original records which entry reversed it.
 */
export async function reverseEntry(
  deps: LedgerDeps,
  tenant: TenantContext,
  adm: BooksOf,
  id: string,
  options: {
    date?: string;
    description?: string;
    /**
     * The owner of the entry's source undoing it together with its own records (`also`, in the
     * same transaction): only then may an entry that belongs to something be reversed.
     */
    owner?: { type: string; id: string };
  } = {},
  also: (reversal: Entry) => readonly TransactWrite[] = () => [],
): Promise<Entry> {
  const original = await getEntry(deps, adm, id);
  if (original.reverses) throw new ConflictError('IS_REVERSAL', `Entry ${id} is itself a reversal.`);
  const owned =
    options.owner && original.source?.type === options.owner.type && original.source.id === options.owner.id;
  if (original.source && original.source.type !== 'reversal' && !owned) {
    // Its open item would be left behind: invoices are corrected by a credit note.
    throw new ConflictError(
      'ENTRY_OWNED',
      `Entry ${id} belongs to ${original.source.type} ${original.source.id}; correct it there (a credit note for an invoice).`,
    );
  }
  if (original.reversedBy)
    throw new ConflictError('ALREADY_REVERSED', `Entry ${id} was reversed by ${original.reversedBy}.`);
  const k = ledgerKeys(adm.firmId, adm.id);
  const reversal = await postEntry(
    deps,
    tenant,
    adm,
    {
      journalCode: original.journalCode,
      date: options.date ?? original.date,
      description: options.description ?? `Tegenboeking van ${original.id}: ${original.description}`.slice(0, 500),
      lines: original.lines.map((l) => ({ ...l, amount: -l.amount })),
      source: { type: 'reversal', id: original.id },
      reverses: original.id,
      ...(original.creditNote ? { creditNote: true } : {}),
    },
    (entry) => [
      {
        Update: {
          Key: k.entry(original.journalCode, original.year, original.number),
          UpdateExpression: 'SET reversedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(reversedBy)',
          ExpressionAttributeValues: { ':by': entry.id },
        },
      },
      ...also(entry),
    ],
  );
  return reversal;
}

/** Entries of one period in date order (one Query on gsi1 per page). */
export async function listEntriesByPeriod(
  deps: LedgerDeps,
  adm: BooksOf,
  period: string,
  page: { cursor?: string; limit?: number } = {},
) {
  const pk = ledgerKeys(adm.firmId, adm.id).entriesByPeriod(period);
  const out = await queryPage<Item>(deps.table, {
    index: 'gsi1',
    pk,
    cursor: page.cursor,
    limit: page.limit,
    cursorScope: pk,
  });
  return { ...out, items: out.items.map((i) => stripKeys<Entry>(i)) };
}
