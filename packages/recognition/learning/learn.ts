import { dueDateLabels, invoiceDateLabels, invoiceNumberLabels, type Label, totalLabels } from '../local/labels.js';
import type { PageText } from '../local/layout.js';
import { type Doc, extentOf, fold, overlapping, type Row, type Segment, toDoc } from '../local/text.js';
import {
  constantFields,
  type DocumentValues,
  type FieldHint,
  type PositionalField,
  type PositionalHint,
  positionalFields,
  type SupplierLayout,
} from './model.js';
import { kindOf, occurrences, patternOf, type Token } from './values.js';

/** The generic labels of a field: an anchor that is one of them is the likelier place of the value. */
export const genericLabels: Readonly<Record<PositionalField, readonly Label[]>> = {
  invoiceNumber: invoiceNumberLabels,
  invoiceDate: invoiceDateLabels,
  dueDate: dueDateLabels,
  paymentReference: [
    {
      pattern:
        /\b(?:betalingskenmerk|betaalkenmerk|kenmerk|mededeling|communication|reference|referenz|verwendungszweck)\b/,
      strength: 0.9,
    },
  ],
  net: totalLabels.net,
  vat: totalLabels.vat,
  gross: totalLabels.gross,
};

/** Words of a label: the last words before a value that hold no digit, at most four. */
export function labelWords(text: string, from: 'end' | 'start' = 'end'): string | undefined {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const picked: string[] = [];
  const ordered = from === 'end' ? [...words].reverse() : words;
  for (const word of ordered) {
    if (/\d/.test(word) || picked.length === 4) break;
    picked.push(word);
  }
  const label = fold((from === 'end' ? picked.reverse() : picked).join(' '))
    .replace(/^[\s:;.#*|=_-]+|[\s:;.#*|=_-]+$/g, '')
    .trim();
  return /\p{L}{2}/u.test(label) ? label : undefined;
}

/** The row above `row` on its page within `lines` line heights, nearest first. */
function rowsAbove(doc: Doc, row: Row, lines: number): Row[] {
  const above: Row[] = [];
  for (let i = row.order - 1; i >= 0 && above.length < 3; i--) {
    const previous = doc.rows[i];
    if (!previous || previous.page !== row.page) break;
    if (row.y - previous.baseline > lines * Math.max(row.height, previous.height)) break;
    above.push(previous);
  }
  return above;
}

export interface Placed {
  readonly segment: Segment;
  readonly token: Token;
}

/** The label of a value where it is printed: before it in its column, in the column to its left, or above it. */
export function anchorOf(doc: Doc, placed: Placed): PositionalHint['anchor'] {
  const { segment, token } = placed;
  const same = labelWords(segment.text.slice(0, token.start));
  if (same && segment.text.slice(0, token.start).trim() !== '') return { text: same, place: 'same' };
  const left = segment.row.segments[segment.index - 1];
  const leftLabel = left ? labelWords(left.text) : undefined;
  if (leftLabel) return { text: leftLabel, place: 'left' };
  const { x0, x1 } = extentOf(segment, token.start, token.end);
  for (const row of rowsAbove(doc, segment.row, 2.5)) {
    const over = overlapping(row, x0, x1, row.height);
    const text = over ? labelWords(over.text, 'start') : undefined;
    if (over && text && !/\d/.test(over.text.slice(0, 40))) return { text, place: 'above' };
  }
  return undefined;
}

function score(field: PositionalField, anchor: PositionalHint['anchor']): number {
  if (!anchor) return 0;
  const place = anchor.place === 'same' ? 3 : anchor.place === 'left' ? 2.5 : 2;
  const generic = genericLabels[field].some((l) => new RegExp(l.pattern.source).test(anchor.text)) ? 2 : 0;
  return place + generic;
}

/** Where a field's value is printed, with the best label: a known label of the field first. */
export function locate(
  doc: Doc,
  field: PositionalField,
  value: string | number,
): { placed: Placed; anchor: PositionalHint['anchor'] } | undefined {
  let found: { placed: Placed; anchor: PositionalHint['anchor']; score: number } | undefined;
  for (const row of doc.rows) {
    for (const segment of row.segments) {
      for (const token of occurrences(kindOf(field), segment.text, value)) {
        const placed = { segment, token };
        const anchor = anchorOf(doc, placed);
        const s = score(field, anchor);
        // Amounts: the last place wins a tie (totals close the document); anything else the first.
        const better = !found || s > found.score || (s === found.score && kindOf(field) === 'amount');
        if (better) found = { placed, anchor, score: s };
      }
    }
  }
  return found;
}

function hintFor(doc: Doc, field: PositionalField, value: string | number): PositionalHint | undefined {
  const found = locate(doc, field, value);
  if (!found) return undefined;
  const { segment, token } = found.placed;
  const { x0 } = extentOf(segment, token.start, token.end);
  const row = segment.row;
  const clamp = (n: number) => Math.min(1, Math.max(0, n));
  return {
    kind: 'positional',
    ...(found.anchor ? { anchor: found.anchor } : {}),
    page: row.page,
    x: clamp(row.pageWidth > 0 ? x0 / row.pageWidth : 0),
    y: clamp(row.pageHeight > 0 ? row.y / row.pageHeight : 0),
    pattern: patternOf(kindOf(field), token.raw),
  };
}

/**
 * What one corrected document teaches about its supplier: for each field the accountant left a
 * value in, where it is printed on these pages (its label, place and shape), or the value itself
 * for what does not change between documents (identifiers, name, currency); a field the
 * accountant removed is learnt absent. A value that is not printed on the pages teaches nothing.
 * What an earlier document taught stays for fields this one does not teach. Pure.
 */
export function learnSupplierLayout(
  pages: readonly PageText[],
  values: DocumentValues,
  previous?: SupplierLayout,
): SupplierLayout {
  const doc = toDoc(pages);
  const fields: SupplierLayout['fields'] = { ...(previous?.fields ?? {}) };
  for (const field of positionalFields) {
    const value = values[field];
    if (value === undefined) continue;
    if (value === null) {
      if (field === 'dueDate' || field === 'paymentReference') fields[field] = { kind: 'absent' };
      continue;
    }
    const hint = hintFor(doc, field, value);
    if (hint) fields[field] = hint;
  }
  const text = doc.rows.map((r) => r.text).join('\n');
  for (const field of constantFields) {
    const value = values[field];
    if (value === undefined || value === null || value.trim() === '') continue;
    const hint: FieldHint = { kind: 'constant', value: value.trim() };
    if (printed(field, value, text)) fields[field] = hint;
  }
  return { fields, documents: (previous?.documents ?? 0) + 1 };
}

const compact = (text: string) => text.replace(/[^0-9A-Za-z]/g, '').toUpperCase();

/** Whether a constant value is printed in the text (identifiers by their letters and digits, names folded). */
export function printed(field: (typeof constantFields)[number], value: string, text: string): boolean {
  switch (field) {
    case 'supplierName':
      return fold(text).replace(/\s+/g, ' ').includes(fold(value).replace(/\s+/g, ' ').trim());
    case 'currency':
      return new RegExp(`\\b${value.trim().toUpperCase()}\\b`).test(text.toUpperCase());
    case 'supplierCompanyNumber': {
      const digits = value.replace(/\D/g, '');
      return digits.length >= 6 && text.replace(/[\s.]/g, '').includes(digits);
    }
    default: {
      const wanted = compact(value);
      return wanted.length >= 6 && compact(text).includes(wanted);
    }
  }
}
