import type { PageText } from '../local/layout.js';
import { type Doc, extentOf, fold, overlapping, type Row, type Segment, toDoc } from '../local/text.js';
import { type RecognitionResult, totalsIssues } from '../model.js';
import { printed } from './learn.js';
import {
  type ConstantField,
  constantFields,
  type PositionalField,
  type PositionalHint,
  positionalFields,
  type SupplierLayout,
} from './model.js';
import { escapeRegExp, fitsPattern, kindOf, type Token, tokensIn } from './values.js';

/** Confidence of a value where the learnt label and place and the learnt shape agree. */
export const agreedConfidence = 0.99;
/** Where only the learnt place (no label) and the shape agree. */
export const placedConfidence = 0.95;
/** A value at the learnt label that does not have the learnt shape, used only where nothing else was read. */
export const unsureConfidence = 0.5;

/** A field the supplier's documents do not carry is dropped when the generic reading is less sure than this. */
export const absentBelow = 0.8;

interface Reading {
  readonly value: string | number;
  readonly confidence: number;
  readonly agrees: boolean;
}

interface Found {
  readonly segment: Segment;
  readonly token: Token;
  readonly offset: number;
}

function rowsBelow(doc: Doc, row: Row, lines: number): Row[] {
  const below: Row[] = [];
  for (let i = row.order + 1; i < doc.rows.length && below.length < 3; i++) {
    const next = doc.rows[i];
    if (!next || next.page !== row.page) break;
    if (next.y - row.baseline > lines * Math.max(row.height, next.height)) break;
    below.push(next);
  }
  return below;
}

/**
 * The value printed first after the label: in the rest of its column, the next columns, or under
 * it. Only the first value counts: a later one belongs to another label.
 */
function firstAfter(field: PositionalField, texts: readonly { segment: Segment; offset: number }[]): Found | undefined {
  for (const { segment, offset } of texts) {
    const first = tokensIn(kindOf(field), segment.text.slice(offset))[0];
    if (first) return { segment, token: first, offset };
  }
  return undefined;
}

/** Where the learnt label occurs in a folded text, as a whole word group. */
function labelAt(folded: string, label: string): number {
  const pattern = new RegExp(`(?<![\\p{L}\\d])${escapeRegExp(label)}(?![\\p{L}\\d])`, 'u');
  return pattern.exec(folded)?.index ?? -1;
}

/** The values at every place the learnt label occurs, each with where it sits. */
function atAnchor(doc: Doc, field: PositionalField, hint: PositionalHint): Found[] {
  const anchor = hint.anchor;
  if (!anchor) return [];
  const found: Found[] = [];
  for (const row of doc.rows) {
    for (const segment of row.segments) {
      const at = labelAt(segment.folded, anchor.text);
      if (at < 0) continue;
      const end = at + anchor.text.length;
      const next = row.segments.slice(segment.index + 1, segment.index + 3).map((s) => ({ segment: s, offset: 0 }));
      let texts: { segment: Segment; offset: number }[];
      if (anchor.place === 'above') {
        const { x0, x1 } = extentOf(segment, at, end);
        texts = rowsBelow(doc, row, 2.5)
          .map((below) => overlapping(below, x0, x1, below.height))
          .filter((s): s is Segment => s !== undefined)
          .map((s) => ({ segment: s, offset: 0 }));
      } else {
        texts = anchor.place === 'same' ? [{ segment, offset: end }, ...next] : [...next, { segment, offset: end }];
      }
      const value = firstAfter(field, texts);
      if (value) found.push(value);
    }
  }
  return found;
}

/** The values of the learnt shape printed near the learnt place. */
function atPlace(doc: Doc, field: PositionalField, hint: PositionalHint): Found[] {
  const found: Found[] = [];
  for (const row of doc.rows) {
    if (row.page !== hint.page || Math.abs(row.y / (row.pageHeight || 1) - hint.y) > 0.04) continue;
    for (const segment of row.segments) {
      for (const token of tokensIn(kindOf(field), segment.text)) {
        if (!fitsPattern(hint.pattern, token.raw)) continue;
        const { x0 } = extentOf(segment, token.start, token.end);
        if (Math.abs(x0 / (row.pageWidth || 1) - hint.x) <= 0.12) found.push({ segment, token, offset: 0 });
      }
    }
  }
  return found;
}

function distance(hint: PositionalHint, found: Found): number {
  const { row } = found.segment;
  const start = found.offset + found.token.start;
  const { x0 } = extentOf(found.segment, start, start + found.token.raw.length);
  return (
    Math.abs(row.page - hint.page) * 10 +
    Math.abs(x0 / (row.pageWidth || 1) - hint.x) +
    Math.abs(row.y / (row.pageHeight || 1) - hint.y)
  );
}

const nearest = (hint: PositionalHint, found: readonly Found[]) =>
  [...found].sort((a, b) => distance(hint, a) - distance(hint, b))[0];

/** Reads one field the way the supplier's corrected document taught. */
export function readWithHint(doc: Doc, field: PositionalField, hint: PositionalHint): Reading | undefined {
  const labelled = atAnchor(doc, field, hint);
  const agreeing = labelled.filter((f) => fitsPattern(hint.pattern, f.token.raw));
  const best = nearest(hint, agreeing);
  if (best) return { value: readValue(field, best.token), confidence: agreedConfidence, agrees: true };
  // Without a label the place alone decides; with one, a document without the label lacks the field.
  const placed = hint.anchor ? undefined : nearest(hint, atPlace(doc, field, hint));
  if (placed) return { value: readValue(field, placed.token), confidence: placedConfidence, agrees: true };
  const unsure = nearest(hint, labelled);
  return unsure ? { value: readValue(field, unsure.token), confidence: unsureConfidence, agrees: false } : undefined;
}

function readValue(field: PositionalField, token: Token): string | number {
  return kindOf(field) === 'id' ? token.raw.trim() : token.value;
}

type Totals = RecognitionResult['totals'];
const addsUp = (t: Totals) => !t.net || !t.vat || !t.gross || t.net.value + t.vat.value === t.gross.value;

/**
 * Reads a supplier's document with what its corrected documents taught, over the generic
 * reading: a value found at the learnt label (or, without one, at the learnt place) in the
 * learnt shape replaces the generic one with a raised confidence; a value at the label in
 * another shape is used only where the generic reading found nothing, with a low confidence.
 * Learnt identifiers, name and currency count only where this document prints them. Learnt
 * totals are not taken where they would break arithmetic the generic reading satisfied. Pure.
 */
export function applySupplierLayout(
  pages: readonly PageText[],
  result: RecognitionResult,
  layout: SupplierLayout,
): RecognitionResult {
  const doc = toDoc(pages);
  const next: RecognitionResult = {
    ...result,
    supplier: { ...result.supplier },
    totals: { ...result.totals },
  };
  const touched = new Set<string>();
  for (const field of positionalFields) {
    const hint = layout.fields[field];
    if (!hint) continue;
    if (hint.kind === 'absent') {
      // Only an unsure reading is dropped: a value read at a label of its own stays.
      if ((field === 'dueDate' || field === 'paymentReference') && (next[field]?.confidence ?? 1) < absentBelow) {
        delete next[field];
        touched.add(field);
      }
      continue;
    }
    if (hint.kind !== 'positional') continue;
    const reading = readWithHint(doc, field, hint);
    if (!reading) continue;
    const current = get(next, field);
    if (!reading.agrees && current !== undefined) continue;
    const confidence =
      current !== undefined && same(field, current.value, reading.value)
        ? Math.max(current.confidence, reading.confidence)
        : reading.confidence;
    set(next, field, { value: reading.value, confidence });
    touched.add(field);
  }
  // Totals the generic reading found complete and adding up were checked by arithmetic: they stay,
  // more sure where the learnt reading agrees; learnt totals never break arithmetic that held.
  const { net, vat, gross } = result.totals;
  if (net && vat && gross && addsUp(result.totals)) {
    next.totals = Object.fromEntries(
      (['net', 'vat', 'gross'] as const).map((k) => {
        const mine = result.totals[k];
        const learnt = next.totals[k];
        const agreed = mine && learnt && Math.abs(mine.value) === Math.abs(learnt.value);
        return [k, agreed ? { ...mine, confidence: Math.max(mine.confidence, learnt.confidence) } : mine];
      }),
    );
  } else if (addsUp(result.totals) && !addsUp(next.totals)) next.totals = { ...result.totals };
  const text = doc.rows.map((r) => r.text).join('\n');
  for (const field of constantFields) {
    const hint = layout.fields[field];
    if (hint?.kind !== 'constant' || !printed(field, hint.value, text)) continue;
    setConstant(next, field, hint.value);
    touched.add(field);
  }
  if (touched.size === 0) return result;
  // Arithmetic is checked again; a field now read is no longer reported missing.
  const kept = result.issues.filter(
    (i) => i.field !== 'totals' && i.field !== 'vatBreakdown' && stillMissing(next, i.field) !== false,
  );
  return { ...next, issues: [...kept, ...totalsIssues(next)] };
}

function stillMissing(result: RecognitionResult, field: string): boolean | undefined {
  switch (field) {
    case 'invoiceNumber':
      return result.invoiceNumber === undefined;
    case 'invoiceDate':
      return result.invoiceDate === undefined;
    case 'currency':
      return result.currency === undefined;
    case 'supplier.name':
      return result.supplier.name === undefined;
    default:
      return undefined;
  }
}

type Field = { value: string | number; confidence: number };

function get(result: RecognitionResult, field: PositionalField): Field | undefined {
  return field === 'net' || field === 'vat' || field === 'gross' ? result.totals[field] : result[field];
}

function set(result: RecognitionResult, field: PositionalField, value: Field): void {
  if (field === 'net' || field === 'vat' || field === 'gross') {
    result.totals[field] = { value: Number(value.value), confidence: value.confidence };
  } else {
    result[field] = { value: String(value.value), confidence: value.confidence };
  }
}

function same(field: PositionalField, a: string | number, b: string | number): boolean {
  if (kindOf(field) === 'amount') return Math.abs(Number(a)) === Math.abs(Number(b));
  if (kindOf(field) === 'id')
    return fold(String(a)).replace(/[^0-9a-z]/g, '') === fold(String(b)).replace(/[^0-9a-z]/g, '');
  return a === b;
}

function setConstant(result: RecognitionResult, field: ConstantField, value: string): void {
  const learnt = { value, confidence: agreedConfidence };
  const keep = (current: Field | undefined) =>
    current && String(current.value).replace(/\s/g, '').toUpperCase() === value.replace(/\s/g, '').toUpperCase()
      ? { value: String(current.value), confidence: Math.max(current.confidence, agreedConfidence) }
      : learnt;
  switch (field) {
    case 'supplierName':
      result.supplier.name = keep(result.supplier.name);
      break;
    case 'supplierVatNumber':
      result.supplier.vatNumber = keep(result.supplier.vatNumber);
      break;
    case 'supplierIban':
      result.supplier.iban = keep(result.supplier.iban);
      break;
    case 'supplierCompanyNumber':
      result.supplier.companyNumber = keep(result.supplier.companyNumber);
      break;
    case 'currency':
      result.currency = keep(result.currency);
      break;
  }
}
