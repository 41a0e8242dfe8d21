import { z } from 'zod';
import { countries } from '#packages/kernel';

/**
 * The shapes every part of the books agrees on. Amounts are integer cents (`Cents`); dates are
 * ISO `YYYY-MM-DD`; a period is `YYYY-MM` (calendar months; `YYYY-00` holds opening balances).
 */

export const accountCategories = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;
export type AccountCategory = (typeof accountCategories)[number];

/**
 * What the ledger itself needs an account for. Each chart template names exactly one account
 * per role; postings that need e.g. "the receivables account" look it up by role.
 */
export const accountRoles = [
  'receivables',
  'payables',
  'bank',
  'vat-payable',
  'vat-receivable',
  'vat-reverse-charge-payable',
  'vat-settlement',
  'payment-differences',
  'rounding',
  'retained-earnings',
  'suspense',
] as const;
export type AccountRole = (typeof accountRoles)[number];

export const Account = z
  .object({
    code: z.string().regex(/^[0-9A-Za-z.]{1,12}$/),
    name: z.string().min(1).max(200),
    category: z.enum(accountCategories),
    /** Dutch Referentie Grootboekschema code (NL charts), e.g. `BLiqBanRba`. */
    rgsCode: z.string().optional(),
    role: z.enum(accountRoles).optional(),
    /** Blocked accounts take no new postings; an account with postings is never deleted. */
    status: z.enum(['active', 'blocked']),
  })
  .meta({ id: 'Account' });
export type Account = z.infer<typeof Account>;

export const ChartTemplate = z.object({
  country: z.enum(countries),
  name: z.string(),
  accounts: z.array(Account.omit({ status: true })),
});
export type ChartTemplate = z.infer<typeof ChartTemplate>;

export const vatKinds = [
  'standard',
  'reduced',
  'zero',
  'exempt',
  'reverse-charge-domestic',
  'co-contractor',
  'intra-eu-goods',
  'intra-eu-services',
  'import',
  'export',
] as const;

/**
 * A VAT code and where its amounts land on the country's VAT return. `base` boxes receive the
 * taxable amount, `vat` boxes the VAT due, `deductible` boxes the VAT that may be deducted
 * (reverse-charge purchases put the same VAT in both). Credit notes post negative amounts to
 * the same boxes unless `creditNoteBoxes` says otherwise (Belgium: grids 48/49, 63/64, 84/85).
 */
export const VatCode = z
  .object({
    code: z.string().regex(/^[A-Z0-9-]{2,20}$/),
    country: z.enum(countries),
    description: z.string(),
    direction: z.enum(['sales', 'purchase']),
    kind: z.enum(vatKinds),
    /** Percent in basis points: 21 % = 2100. */
    rateBasisPoints: z.number().int().min(0).max(10_000),
    boxes: z.object({
      base: z.array(z.string()),
      vat: z.array(z.string()),
      deductible: z.array(z.string()),
    }),
    creditNoteBoxes: z
      .object({ base: z.array(z.string()), vat: z.array(z.string()), deductible: z.array(z.string()) })
      .optional(),
  })
  .meta({ id: 'VatCode' });
export type VatCode = z.infer<typeof VatCode>;

export const journalKinds = ['purchase', 'sales', 'bank', 'memorial'] as const;
export type JournalKind = (typeof journalKinds)[number];

export const Journal = z
  .object({
    code: z.string().regex(/^[A-Z0-9]{1,10}$/),
    name: z.string(),
    kind: z.enum(journalKinds),
    /** Bank journals: the GL account of the bank account. */
    accountCode: z.string().optional(),
  })
  .meta({ id: 'Journal' });
export type Journal = z.infer<typeof Journal>;

/** One line of an entry: positive `amount` is a debit, negative a credit (cents). */
export const EntryLine = z.object({
  accountCode: z.string(),
  amount: z.number().int(),
  description: z.string().max(500).optional(),
  /** VAT attribution: the code, and whether this line is the taxable base or the VAT itself. */
  vat: z.object({ code: z.string(), part: z.enum(['base', 'vat']) }).optional(),
  costCentre: z.string().optional(),
  relationId: z.string().optional(),
});
export type EntryLine = z.infer<typeof EntryLine>;

export const Entry = z
  .object({
    id: z.string(),
    administrationId: z.string(),
    journalCode: z.string(),
    /** Gapless per journal per year: `2026-000123` style is `year` + `number`. */
    year: z.number().int(),
    number: z.number().int().positive(),
    date: z.iso.date(),
    period: z.string().regex(/^\d{4}-(0\d|1[0-2])$/),
    description: z.string().max(500),
    lines: z.array(EntryLine).min(2),
    /** Set when this entry is a reversal of another. */
    reverses: z.string().optional(),
    reversedBy: z.string().optional(),
    /** Where it came from: an invoice, a payment, a booking proposal… */
    source: z.object({ type: z.string(), id: z.string() }).optional(),
    /** Credit note: VAT amounts go to the credit-note boxes of the VAT return. */
    creditNote: z.boolean().optional(),
    postedAt: z.iso.datetime(),
    postedBy: z.string(),
  })
  .meta({ id: 'Entry' });
export type Entry = z.infer<typeof Entry>;
