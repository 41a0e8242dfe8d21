import { z } from 'zod';
import { type BankAllocation, isSelfAssessed, postBankPayment, reverseBankPayment } from '#packages/invoicing';
import { ConflictError, MoneyString, type TenantContext, ValidationError } from '#packages/kernel';
import { type BooksOf, type EntryLine, type LedgerDeps, listAccounts, vatCode } from '#packages/ledger';
import { getBankAccount, requireFirmUser } from './accounts.js';
import { bankKeys } from './keys.js';
import { getBankLine, type LineBooking, lineIndexes, type StoredBankLine } from './lines.js';
import type { BankSuggestion, GlLine, Remainder } from './matching/index.js';

/** What a line is booked as: a suggestion of the robot, or the accountant's own split. */
export type BookingSpec = Pick<BankSuggestion, 'kind' | 'allocations' | 'glLines'> &
  Partial<Pick<BankSuggestion, 'remainder' | 'documentId' | 'loanId' | 'relationId'>>;

/** The accounts a booking needs besides those it names. */
export interface BookingAccounts {
  readonly country: BooksOf['country'];
  readonly vatReceivable: string;
  readonly vatPayable: string;
}

export interface BookingPlan {
  readonly allocations: BankAllocation[];
  readonly otherLines: EntryLine[];
  readonly allowOverpayment: boolean;
}

/**
 * A GL line (signed like the bank line) as ledger lines: the counter-booking of money out is a
 * debit. With a VAT code at a rate the amount is gross and splits into base and VAT (half away
 * from zero on the VAT); self-assessed and zero-rate codes book the whole amount as base.
 */
export function glEntryLines(line: GlLine, accounts: BookingAccounts, text: string): EntryLine[] {
  const amount = -line.amount;
  if (!line.vatCode) return [{ accountCode: line.glAccount, amount, description: text }];
  const code = vatCode(accounts.country, line.vatCode);
  if (!code) throw new ValidationError([{ path: 'glLines', message: `Unknown VAT code ${line.vatCode}.` }]);
  const rate = isSelfAssessed(code) ? 0 : code.rateBasisPoints;
  const base = rate === 0 ? amount : Math.round((amount * 10_000) / (10_000 + rate));
  const vat = amount - base;
  return [
    { accountCode: line.glAccount, amount: base, description: text, vat: { code: code.code, part: 'base' } },
    ...(vat !== 0
      ? [
          {
            accountCode: code.direction === 'purchase' ? accounts.vatReceivable : accounts.vatPayable,
            amount: vat,
            description: text,
            vat: { code: code.code, part: 'vat' as const },
          },
        ]
      : []),
  ];
}

function remainderLines(remainder: Remainder | undefined, text: string): EntryLine[] {
  switch (remainder?.kind) {
    case 'bank-costs':
      return [{ accountCode: remainder.glAccount, amount: remainder.amount, description: `Bankkosten ${text}` }];
    case 'discount':
      return [
        {
          accountCode: remainder.glAccount,
          amount: remainder.direction === 'given' ? remainder.amount : -remainder.amount,
          description: `Betalingskorting ${text}`,
        },
      ];
    default:
      return [];
  }
}

/**
 * The entry a booking makes, before anything is written: open items with what they get (an
 * overpayment stays on the last item, as a negative outstanding until it is refunded or
 * settled), costs and discount lines, and GL or loan lines with their VAT.
 */
export function bookingPlan(spec: BookingSpec, accounts: BookingAccounts, text: string): BookingPlan {
  const allocations = spec.allocations.map((a) => ({ openItemId: a.openItemId, applied: a.amount }));
  let allowOverpayment = false;
  if (spec.remainder?.kind === 'overpayment') {
    const last = allocations.at(-1);
    if (!last) throw new ValidationError([{ path: 'remainder', message: 'An overpayment needs an open item.' }]);
    last.applied += Math.sign(last.applied) * spec.remainder.amount;
    allowOverpayment = true;
  }
  return {
    allocations,
    otherLines: [
      ...remainderLines(spec.remainder, text),
      ...spec.glLines.flatMap((l) => glEntryLines(l, accounts, text)),
    ],
    allowOverpayment,
  };
}

/** The accountant's own booking of a line: open items and GL lines, amounts as decimal strings. */
export const ManualBookingInput = z
  .object({
    allocations: z
      .array(
        z
          .object({
            openItemId: z.string().min(1),
            amount: MoneyString.describe('Towards the item, signed like its amount (a credit note negative).'),
          })
          .strict(),
      )
      .max(20)
      .default([]),
    lines: z
      .array(
        z
          .object({
            glAccount: z.string().min(1).max(20),
            vatCode: z.string().optional(),
            amount: MoneyString.describe('Signed like the bank line: money out negative.'),
          })
          .strict(),
      )
      .max(20)
      .default([]),
    allowOverpayment: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.allocations.length + v.lines.length > 0, 'Allocate the line to open items or accounts.')
  .meta({ id: 'ManualBookingInput' });
export type ManualBookingInput = z.input<typeof ManualBookingInput>;

export interface BookingDeps extends LedgerDeps {
  readonly newId: () => string;
}

function describe(line: StoredBankLine): string {
  return (
    [line.counterpartyName, line.structuredReference, line.remittance].filter(Boolean).join(' ').slice(0, 400) ||
    `Bankregel ${line.bookingDate}`
  );
}

async function accountsOf(deps: LedgerDeps, adm: BooksOf): Promise<BookingAccounts> {
  const accounts = await listAccounts(deps, adm);
  const role = (r: string) => accounts.find((a) => a.role === r)?.code;
  const vatReceivable = role('vat-receivable');
  const vatPayable = role('vat-payable');
  if (!vatReceivable || !vatPayable) throw new ConflictError('BOOKS_NOT_SET_UP', 'The books have no VAT accounts.');
  return { country: adm.country, vatReceivable, vatPayable };
}

const bookingKind = (spec: BookingSpec): LineBooking['kind'] =>
  spec.kind === 'none' ? (spec.allocations.length > 0 ? 'open-items' : 'gl-account') : spec.kind;

/**
 * Books a line as `spec` in one transaction: the bank entry, the open items it pays, and the
 * line itself moving to `booked` with what it was booked as. A line booked meanwhile (another
 * person, the robot) makes it a 409 `LINE_BOOKED`; nothing is booked twice.
 */
export async function bookBankLine(
  deps: BookingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  lineId: string,
  spec: BookingSpec,
  options: { automatic: boolean; allowOverpayment?: boolean },
): Promise<StoredBankLine> {
  if (!options.automatic) requireFirmUser(tenant, adm, 'books bank lines');
  const line = await getBankLine(deps.table, adm, lineId);
  if (line.state !== 'to-process') throw new ConflictError('LINE_BOOKED', `Line ${lineId} is booked already.`);
  const [account, accounts] = await Promise.all([getBankAccount(deps.table, adm, line.account), accountsOf(deps, adm)]);
  const text = describe(line);
  const plan = bookingPlan(spec, accounts, text);
  const at = deps.clock().toISOString();
  let after: StoredBankLine | undefined;
  await postBankPayment(
    deps,
    tenant,
    adm,
    {
      date: line.bookingDate,
      bankAccount: account.glAccount,
      bankAmount: line.amount,
      description: text,
      allocations: plan.allocations,
      otherLines: plan.otherLines,
      source: { type: 'bank-line', id: line.id },
      allowOverpayment: plan.allowOverpayment || (options.allowOverpayment ?? false),
    },
    (entry) => {
      const booking: LineBooking = {
        entryId: entry.id,
        kind: bookingKind(spec),
        allocations: plan.allocations,
        ...(spec.documentId ? { documentId: spec.documentId } : {}),
        automatic: options.automatic,
        bookedBy: tenant.userId,
        bookedAt: at,
      };
      after = { ...line, state: 'booked', booking, version: line.version + 1, updatedAt: at };
      return [lineUpdate(adm, line, after)];
    },
  );
  if (!after) throw new Error('postBankPayment did not book the line');
  return after;
}

/** Replaces a line as read: the version guards against a concurrent booking or undo. */
function lineUpdate(adm: BooksOf, before: StoredBankLine, after: StoredBankLine) {
  return {
    Put: {
      Item: { ...bankKeys(adm.firmId, adm.id).line(after.id), ...lineIndexes(adm, after), ...after },
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': before.version },
    },
  } as const;
}

/**
 * Undoes a booked line (an automatic booking too): a reversing entry, the open items it paid
 * opened again, and the line back to `to-process` with its suggestion, in one transaction.
 */
export async function undoBankLine(
  deps: BookingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  lineId: string,
): Promise<StoredBankLine> {
  requireFirmUser(tenant, adm, 'undoes bank bookings');
  const line = await getBankLine(deps.table, adm, lineId);
  if (line.state !== 'booked' || !line.booking) {
    throw new ConflictError('LINE_NOT_BOOKED', `Line ${lineId} is not booked.`);
  }
  const at = deps.clock().toISOString();
  const { booking: _booking, ...rest } = line;
  const after: StoredBankLine = { ...rest, state: 'to-process', version: line.version + 1, updatedAt: at };
  await reverseBankPayment(deps, tenant, adm, line.booking.entryId, line.booking.allocations, () => [
    lineUpdate(adm, line, after),
  ]);
  return after;
}

/** The accountant's split as what the line is booked as. */
export function manualSpec(input: z.output<typeof ManualBookingInput>): BookingSpec {
  return {
    kind: input.allocations.length > 0 ? 'open-items' : 'gl-account',
    allocations: input.allocations.map((a) => ({ openItemId: a.openItemId, amount: a.amount, settles: false })),
    glLines: input.lines.map((l) => ({ glAccount: l.glAccount, vatCode: l.vatCode, amount: l.amount })),
  };
}
