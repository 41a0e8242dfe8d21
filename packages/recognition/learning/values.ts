import { findAmounts } from '../local/amounts.js';
import { parseDate } from '../textract/dates.js';
import type { PositionalField } from './model.js';

/** A value found in a piece of text: its normalised form, where it sits, and how it was printed. */
export interface Token {
  readonly value: string | number;
  readonly start: number;
  readonly end: number;
  readonly raw: string;
}

type Kind = 'id' | 'date' | 'amount';

export const kindOf = (field: PositionalField): Kind =>
  field === 'invoiceNumber' || field === 'paymentReference'
    ? 'id'
    : field === 'invoiceDate' || field === 'dueDate'
      ? 'date'
      : 'amount';

/** Escapes a text for a regular expression in unicode mode (where `\-` is not allowed). */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// Day-month-year with separators, ISO, "5 March 2024", "March 5, 2024", "05. März 2024".
const dateTokens =
  /(?<![\d])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}|\d{1,2}\.?\s+\p{L}{3,}\.?\s+\d{4}|\p{L}{3,}\.?\s+\d{1,2},?\s+\d{4})(?![\d])/gu;

/** Every date printed in a text that reads as a calendar date. */
export function dateTokensIn(text: string): Token[] {
  const found: Token[] = [];
  for (const match of text.matchAll(dateTokens)) {
    const value = parseDate(match[0]);
    if (value) found.push({ value, start: match.index, end: match.index + match[0].length, raw: match[0] });
  }
  return found;
}

/** Every amount printed in a text, in cents, as printed (a credit note's may be negative). */
export function amountTokensIn(text: string): Token[] {
  return findAmounts(text).map((a) => ({
    value: a.cents,
    start: a.start,
    end: a.end,
    raw: text.slice(a.start, a.end),
  }));
}

const alnum = (text: string) => text.replace(/[^0-9A-Za-z]/g, '').toUpperCase();

/** Where an identifier (invoice number, payment reference) is printed, separators and case aside. */
export function idOccurrences(text: string, value: string): Token[] {
  const chars = [...alnum(value)];
  if (chars.length === 0) return [];
  const pattern = new RegExp(
    `(?<![0-9A-Za-z])${chars.map(escapeRegExp).join('[^0-9A-Za-z\\n]{0,3}')}(?![0-9A-Za-z])`,
    'gi',
  );
  return [...text.matchAll(pattern)].map((m) => ({
    value,
    start: m.index,
    end: m.index + m[0].length,
    raw: m[0],
  }));
}

/** Words with at least one digit, without the punctuation around them: what may be an identifier. */
function idTokensIn(text: string): Token[] {
  const found: Token[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const lead = /^[([{:;,"'«]*/.exec(m[0])?.[0].length ?? 0;
    const core = m[0].slice(lead).replace(/[)\]}:;,"'».]*$/, '');
    if (!/\d/.test(core)) continue;
    const start = m.index + lead;
    found.push({ value: core, start, end: start + core.length, raw: core });
  }
  return found;
}

/** Where `value` of a field of this kind is printed in `text`. */
export function occurrences(kind: Kind, text: string, value: string | number): Token[] {
  switch (kind) {
    case 'id':
      return idOccurrences(text, String(value));
    case 'date':
      return dateTokensIn(text).filter((t) => t.value === value);
    case 'amount':
      return amountTokensIn(text).filter((t) => Math.abs(Number(t.value)) === Math.abs(Number(value)));
  }
}

/**
 * The shape of a printed value, as a regular expression source: for an identifier its letters
 * as printed and its digit runs give or take one digit ("RE-2024-0012" → `RE-\d{3,5}-\d{3,5}`);
 * for a date its order and separators; for an amount its decimal and thousands separators.
 */
export function patternOf(kind: Kind, raw: string): string {
  switch (kind) {
    case 'id':
      return raw
        .trim()
        .replace(/\d+|\s+|[^\d\s]/g, (run) =>
          /\d/.test(run)
            ? `\\d{${Math.max(1, run.length - 1)},${run.length + 1}}`
            : /\s/.test(run)
              ? '\\s?'
              : escapeRegExp(run),
        );
    case 'date':
      return raw
        .trim()
        .replace(/\d+|\p{L}+|\s+|[^\d\p{L}\s]/gu, (run) =>
          /\d/.test(run)
            ? run.length <= 2
              ? '\\d{1,2}'
              : `\\d{${run.length}}`
            : /\p{L}/u.test(run)
              ? '\\p{L}+'
              : /\s/.test(run)
                ? '\\s?'
                : escapeRegExp(run),
        );
    case 'amount': {
      const digits = raw.replace(/^[^\d]+|[^\d]+$/g, '');
      const decimal = /([.,])\d{2}$/.exec(digits)?.[1];
      const body = decimal ? digits.slice(0, -3) : digits;
      const thousands = /\d([.,'\s\u00a0\u202f])\d{3}/.exec(body)?.[1];
      const group = thousands ? `(?:${thousands === ' ' ? '\\s' : escapeRegExp(thousands)}?\\d{3})*` : '\\d*';
      return `\\d{1,3}${group}${decimal ? `${escapeRegExp(decimal)}\\d{2}` : ''}`;
    }
  }
}

/** Whether a printed value has the learnt shape (signs, currency and spaces around it aside). */
export function fitsPattern(pattern: string, raw: string): boolean {
  const core = raw
    .trim()
    .replace(/^(?:[A-Z]{3}\b)?[-−(+€$£\s]*|[-−)€$£\s]*(?:\b[A-Z]{3})?$/g, '')
    .trim();
  try {
    return new RegExp(`^(?:${pattern})$`, 'iu').test(core) || new RegExp(`^(?:${pattern})$`, 'iu').test(raw.trim());
  } catch {
    return false;
  }
}

/** The values of a field's kind in a text, left to right (for an identifier: every word with a digit). */
export function tokensIn(kind: Kind, text: string): Token[] {
  switch (kind) {
    case 'date':
      return dateTokensIn(text);
    case 'amount':
      return amountTokensIn(text);
    case 'id':
      return idTokensIn(text);
  }
}
