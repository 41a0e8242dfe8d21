import type { Cents } from '#packages/kernel';
import type { RecognitionResult } from '../model.js';

type Issue = RecognitionResult['issues'][number];
type Field<T> = { value: T; confidence: number };

const decimal = /^([+-])?(\d{1,13})(?:\.(\d+))?$/;

/**
 * A decimal string in hundredths (`"12.345"` → 1235), rounded half away from zero, or
 * undefined when it is not a decimal. Serves amounts (→ cents) and percentages (→ basis points).
 */
export function toHundredths(value: string): number | undefined {
  const match = decimal.exec(value.trim());
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const roundUp = Number(fraction[2] ?? '0') >= 5 ? 1 : 0;
  const magnitude = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0')) + roundUp;
  return sign === '-' && magnitude !== 0 ? -magnitude : magnitude;
}

/** True when the decimal carries more than two decimals that are not all zero. */
function hasSubCentDigits(value: string): boolean {
  const fraction = value.trim().split('.')[1] ?? '';
  return /[1-9]/.test(fraction.slice(2));
}

/** `20240131` (UN/CEFACT format 102) or `2024-01-31` → `2024-01-31` when it is a real date. */
export function toIsoDate(value: string): string | undefined {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/** Collects issues while turning XML text into result fields; every read value has confidence 1. */
export class FieldReader {
  readonly issues: Issue[] = [];

  text(value: string | undefined): Field<string> | undefined {
    return value === undefined ? undefined : { value, confidence: 1 };
  }

  /** A header amount: EN 16931 allows two decimals, so more is reported (and rounded). */
  amount(field: string, value: string | undefined): Field<Cents> | undefined {
    if (value === undefined) return undefined;
    const cents = this.hundredths(field, value, 'amount');
    if (cents !== undefined && hasSubCentDigits(value)) {
      this.issues.push({ field, message: `'${value}' has more than two decimals; rounded to ${cents} cents` });
    }
    return cents === undefined ? undefined : { value: cents, confidence: 1 };
  }

  /** A line amount or price, which may carry more decimals: rounded to cents without comment. */
  lineAmount(field: string, value: string | undefined): Cents | undefined {
    return value === undefined ? undefined : this.hundredths(field, value, 'amount');
  }

  /** A VAT percentage in basis points (`"21"` → 2100, `"5.5"` → 550). */
  rate(field: string, value: string | undefined): number | undefined {
    return value === undefined ? undefined : this.hundredths(field, value, 'percentage');
  }

  date(field: string, value: string | undefined): Field<string> | undefined {
    if (value === undefined) return undefined;
    const iso = toIsoDate(value);
    if (iso === undefined) this.issues.push({ field, message: `'${value}' is not a date` });
    return iso === undefined ? undefined : { value: iso, confidence: 1 };
  }

  private hundredths(field: string, value: string, what: string): number | undefined {
    const result = toHundredths(value);
    if (result === undefined) this.issues.push({ field, message: `'${value}' is not a valid ${what}` });
    return result;
  }
}

/** What a syntax reader extracts; the entry point adds the source and the issues. */
export type StructuredFields = Omit<RecognitionResult, 'source' | 'issues'>;

// UNTDID 1001 codes EN 16931 allows for credit notes.
const creditNoteTypeCodes = new Set(['81', '83', '381', '396', '532']);

/** The document type from the root kind and the UNTDID 1001 type code. */
export function documentTypeOf(
  isCreditNoteRoot: boolean,
  typeCode: string | undefined,
): StructuredFields['documentType'] {
  const creditNote = isCreditNoteRoot || (typeCode !== undefined && creditNoteTypeCodes.has(typeCode));
  return { value: creditNote ? 'credit-note' : 'invoice', confidence: 1 };
}
