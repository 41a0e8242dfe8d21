import type { RecognitionResult } from '#packages/recognition';
import type { GroundTruth, HeaderField } from '../../helpers/invoices/index.ts';

/** A value as a field holds it for comparison: strings and cents; `undefined` when absent. */
export type Value = string | number | undefined;

/** The fields scored: the generated corpus's header fields, and the customer the real corpora state. */
export type EvalField = HeaderField | 'customerName';

/** The header fields of a recognition result, in the ground truth's terms. */
export function readHeader(result: RecognitionResult): Record<EvalField, Value> {
  return {
    customerName: result.customer.name?.value,
    supplierName: result.supplier.name?.value,
    supplierVatNumber: result.supplier.vatNumber?.value,
    supplierCompanyNumber: result.supplier.companyNumber?.value,
    supplierIban: result.supplier.iban?.value,
    invoiceNumber: result.invoiceNumber?.value,
    invoiceDate: result.invoiceDate?.value,
    dueDate: result.dueDate?.value,
    currency: result.currency?.value,
    net: result.totals.net?.value,
    vat: result.totals.vat?.value,
    gross: result.totals.gross?.value,
    paymentReference: result.paymentReference?.value,
    documentType: result.documentType.value,
  };
}

const compact = (value: string) => value.replace(/[\s.\-/]/g, '').toUpperCase();

/**
 * How each field is normalised before comparing: identifiers compacted and upper-cased, names
 * case-, space- and punctuation-insensitive, a company number without its `BE` prefix, a
 * payment reference by its digits and letters only (`+++090/9337/55493+++` = `090933755493`),
 * invoice numbers without spaces and case. Dates and cents are compared exactly.
 */
export function normalise(field: EvalField, value: Value): Value {
  if (value === undefined || typeof value === 'number') return value;
  const text = value.normalize('NFC').trim();
  if (text === '') return undefined;
  switch (field) {
    case 'supplierName':
    case 'customerName':
      return text.toLowerCase().replace(/[\s.,]/g, '');
    case 'supplierVatNumber':
    case 'supplierIban':
      return compact(text);
    case 'supplierCompanyNumber':
      return compact(text).replace(/^BE/, '');
    case 'paymentReference':
      return text.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
    case 'invoiceNumber':
      return text.replace(/\s/g, '').toUpperCase();
    case 'currency':
      return text.toUpperCase();
    default:
      return text;
  }
}

const amountFields = new Set<EvalField>(['net', 'vat', 'gross']);

/**
 * Whether `got` is right for `expected`. An absent expected value must be absent (a recogniser
 * that invents a due date or a payment reference is wrong). Credit-note amounts count in
 * either sign: EN 16931 states them positive, many printed credit notes negative.
 */
export function matches(field: EvalField, expected: Value, got: Value, documentType: string): boolean {
  const e = normalise(field, expected);
  const g = normalise(field, got);
  if (e === undefined || g === undefined) return e === g;
  if (amountFields.has(field) && documentType === 'credit-note' && typeof g === 'number') {
    return typeof e === 'number' && Math.abs(g) === Math.abs(e);
  }
  return e === g;
}

export interface FieldOutcome {
  readonly field: HeaderField;
  readonly expected: Value;
  readonly got: Value;
  readonly correct: boolean;
}

/** Field-by-field comparison of one recognition result with its ground truth. */
export function compare(truth: GroundTruth, result: RecognitionResult | undefined, fields: readonly HeaderField[]) {
  const got = result ? readHeader(result) : undefined;
  return fields.map((field): FieldOutcome => {
    const expected = truth[field];
    const value = got?.[field];
    return {
      field,
      expected,
      got: value,
      correct: got !== undefined && matches(field, expected, value, truth.documentType),
    };
  });
}

/** Correct / total, kept per key. */
export class Tally {
  private readonly counts = new Map<string, { correct: number; total: number }>();

  add(key: string, correct: boolean): void {
    const count = this.counts.get(key) ?? { correct: 0, total: 0 };
    count.total++;
    if (correct) count.correct++;
    this.counts.set(key, count);
  }

  get(key: string): { correct: number; total: number } {
    return this.counts.get(key) ?? { correct: 0, total: 0 };
  }

  keys(): string[] {
    return [...this.counts.keys()];
  }
}
