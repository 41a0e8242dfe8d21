import { z } from 'zod';
import { formatCents, MoneyString } from '#packages/kernel';
import { Account, type Entry, EntryLine } from './model.js';

/** API shapes of the books: amounts cross the API as decimal strings, inside they are cents. */

export const PostEntryBody = z
  .object({
    journalCode: z.string().regex(/^[A-Z0-9]{1,10}$/),
    date: z.iso.date(),
    description: z.string().trim().min(1).max(500),
    lines: z
      .array(
        EntryLine.extend({ amount: MoneyString.describe('Debit positive, credit negative, e.g. "-121.00".') }).strict(),
      )
      .min(2)
      .max(200),
  })
  .strict()
  .meta({ id: 'PostEntryInput' });

export const AddAccountBody = Account.pick({ code: true, name: true, category: true, rgsCode: true })
  .strict()
  .meta({ id: 'AddAccountInput' });

export const UpdateAccountBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    rgsCode: z.string().optional(),
    status: z.enum(['active', 'blocked']).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change.')
  .meta({ id: 'UpdateAccountInput' });

export const PeriodBody = z
  .object({ status: z.enum(['open', 'closed']) })
  .strict()
  .meta({ id: 'PeriodInput' });

export const periodParam = z.string().regex(/^\d{4}-(0\d|1[0-2])$/, 'A period as YYYY-MM.');

/** Every numeric field named here is cents inside and a decimal string outside. */
const moneyKeys = new Set([
  'amount',
  'debit',
  'credit',
  'balance',
  'base',
  'vat',
  'revenue',
  'expenses',
  'costs',
  'result',
  'assets',
  'liabilities',
  'equity',
  'difference',
  'bankBalance',
  'receivables',
  'payables',
  'vatPosition',
  'payable',
  'refundable',
  // Invoicing: lines, totals, open items, rates, ageing buckets.
  'unitPrice',
  'net',
  'gross',
  'paid',
  'outstanding',
  'total',
  'hourlyRate',
  'notDue',
  'days1to30',
  'days31to60',
  'days61to90',
  'over90',
  // Bank: statement balances, what a line applies to an open item, what stays open, loan splits.
  'openingBalance',
  'closingBalance',
  'applied',
  'leftOpen',
  'payment',
  'interest',
  'principal',
  'balanceAfter',
]);

/** Objects whose every value is cents, such as the boxes of a VAT return. */
const moneyMaps = new Set(['boxes']);

/** Turns the cents of a domain result into decimal strings for the API, recursively. */
export function presentMoney<T>(value: T): unknown {
  if (Array.isArray(value)) return value.map(presentMoney);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (moneyKeys.has(k) && typeof v === 'number') return [k, formatCents(v)];
      if (moneyMaps.has(k) && v !== null && typeof v === 'object') {
        return [
          k,
          Object.fromEntries(Object.entries(v).map(([box, c]) => [box, typeof c === 'number' ? formatCents(c) : c])),
        ];
      }
      return [k, presentMoney(v)];
    }),
  );
}

export type PresentedEntry = Omit<Entry, 'lines'> & { lines: (Omit<EntryLine, 'amount'> & { amount: string })[] };
