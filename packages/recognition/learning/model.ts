import { z } from 'zod';

/**
 * A supplier's layout as the engine learnt it from corrected documents: for each field where
 * that supplier prints it (the label before it, its place on the page, the shape of the value),
 * or, for what never changes between its documents (its VAT number, IBAN, name, currency), the
 * value itself. Kept per administration and supplier; the next document of the supplier is
 * read with it.
 */

/** The fields a correction teaches, in the terms of a booking proposal's header and relation. */
export const positionalFields = [
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'paymentReference',
  'net',
  'vat',
  'gross',
] as const;
export type PositionalField = (typeof positionalFields)[number];

export const constantFields = [
  'supplierName',
  'supplierVatNumber',
  'supplierIban',
  'supplierCompanyNumber',
  'currency',
] as const;
export type ConstantField = (typeof constantFields)[number];

export const learntFields = [...positionalFields, ...constantFields] as const;
export type LearntField = PositionalField | ConstantField;

/** Where the label of a value sits: before it in the same column, in the column to its left, or above it. */
export const anchorPlaces = ['same', 'left', 'above'] as const;

export const PositionalHint = z.object({
  kind: z.literal('positional'),
  /** The label as printed before the value, folded (lower case, no accents). */
  anchor: z.object({ text: z.string().min(1).max(80), place: z.enum(anchorPlaces) }).optional(),
  /** 1-based page. */
  page: z.number().int().min(1),
  /** Left edge and top of the value, as a share of the page's width and height. */
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  /** The shape of the value as printed (a regular expression's source, matched case-insensitively). */
  pattern: z.string().max(200),
});
export type PositionalHint = z.infer<typeof PositionalHint>;

export const ConstantHint = z.object({ kind: z.literal('constant'), value: z.string().min(1).max(200) });
export type ConstantHint = z.infer<typeof ConstantHint>;

/** The supplier's documents do not carry the field (the accountant removed what the engine read). */
export const AbsentHint = z.object({ kind: z.literal('absent') });
export type AbsentHint = z.infer<typeof AbsentHint>;

export const FieldHint = z.discriminatedUnion('kind', [PositionalHint, ConstantHint, AbsentHint]);
export type FieldHint = z.infer<typeof FieldHint>;

export const SupplierLayout = z
  .object({
    fields: z.partialRecord(z.enum(learntFields), FieldHint),
    /** How many corrected documents taught it. */
    documents: z.number().int().min(1),
  })
  .meta({ id: 'SupplierLayout' });
export type SupplierLayout = z.infer<typeof SupplierLayout>;

/**
 * The values of a document as the accountant left them: normalised like a recognition result
 * (ISO dates, integer cents, compact identifiers). `null`: the document does not carry it.
 */
export type DocumentValues = Partial<Record<Exclude<LearntField, 'net' | 'vat' | 'gross'>, string | null>> &
  Partial<Record<'net' | 'vat' | 'gross', number | null>>;

/** An identifier a supplier is known by: its VAT number, IBAN or chamber-of-commerce / enterprise number. */
export interface SupplierKey {
  readonly kind: 'vat' | 'iban' | 'company';
  readonly value: string;
}

/** Finds the layout learnt for a supplier by any of its identifiers, strongest first. */
export type SupplierLayoutLookup = (keys: readonly SupplierKey[]) => Promise<SupplierLayout | undefined>;
