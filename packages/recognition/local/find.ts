import type { Label } from './labels.js';
import { type Doc, extentOf, overlapping, type Row, rowsBelow, type Segment } from './text.js';

/** Where a label was found. */
export interface LabelHit {
  readonly segment: Segment;
  readonly start: number;
  readonly end: number;
  readonly strength: number;
}

/** Text that may hold the value of a label: after it, in the next column, or under it. */
export interface ValueText {
  readonly segment: Segment;
  /** Offset of `text` in the segment's text. */
  readonly start: number;
  readonly text: string;
  /** How much a value found here is trusted relative to one right after the label. */
  readonly weight: number;
  /** In the label's own segment, right after it. */
  readonly own?: boolean;
}

/** A value read for a field, with its confidence and where it was printed. */
export interface Candidate<T> {
  readonly value: T;
  readonly confidence: number;
  readonly row: Row;
  readonly segment: Segment;
}

/**
 * Every place a label occurs, strongest label first when two overlap. A `leading` label must
 * start its segment, and `otherWords` before it in the segment disqualify it.
 */
export function labelHits(
  doc: Doc,
  labels: readonly Label[],
  options: { otherWords?: RegExp; rows?: readonly Row[] } = {},
): LabelHit[] {
  const hits: LabelHit[] = [];
  for (const row of options.rows ?? doc.rows) {
    for (const segment of row.segments) {
      const found: LabelHit[] = [];
      for (const label of labels) {
        const pattern = new RegExp(label.pattern.source, `g${label.pattern.flags.replace('g', '')}`);
        for (const match of segment.folded.matchAll(pattern)) {
          const start = match.index;
          const before = segment.folded.slice(0, start);
          if (label.leading && before.trim() !== '') continue;
          const end = start + match[0].length;
          if (options.otherWords && lastWords(before, 2).some((word) => options.otherWords?.test(word))) continue;
          if (
            label.leading &&
            options.otherWords &&
            firstWords(segment.folded.slice(end), 2).some((word) => options.otherWords?.test(word))
          )
            continue;
          if (found.some((hit) => hit.start < end && start < hit.end && hit.strength >= label.strength)) continue;
          const kept = found.filter((hit) => !(hit.start < end && start < hit.end));
          kept.push({ segment, start, end, strength: label.strength });
          found.splice(0, found.length, ...kept);
        }
      }
      hits.push(...found.sort((a, b) => a.start - b.start));
    }
  }
  return hits;
}

function firstWords(text: string, count: number): string[] {
  return text
    .split(/[\s:.,;/()-]+/)
    .filter((word) => word !== '')
    .slice(0, count);
}

function lastWords(text: string, count: number): string[] {
  return text
    .split(/[\s:.,;/()-]+/)
    .filter((word) => word !== '')
    .slice(-count);
}

// Colons, dots of leader lines ("Factuurnummer ......: 17"), with the odd letter OCR reads in them.
const leadingSeparators =
  /^\s*(?:[:;=#°_…|*'"’‘,^~»«>]|\.(?!\d)|[-–](?!\s?\d)|\s|(?<=\.)\p{L}(?=[.:])|(?<=^\s*)\S(?=[.…]{2}))*/u;
// Another label inside the text after a label ("Datum: 3-1-2025 Vervaldatum: …") ends its value.
const nextLabel = /\s\p{L}[\p{L}\s.'’-]{1,40}\s?:/u;

/**
 * Where the value of a label may be, most likely first: the rest of its segment, then the next
 * columns on the same line, then the text below it (for labels printed over their values).
 */
export function valueTexts(doc: Doc, hit: LabelHit, options: { below?: boolean; cut?: RegExp } = {}): ValueText[] {
  const texts: ValueText[] = [];
  const { segment } = hit;
  const rest = segment.text.slice(hit.end);
  const skipped = leadingSeparators.exec(rest)?.[0].length ?? 0;
  let value = rest.slice(skipped);
  const cut = nextLabel.exec(value)?.index;
  if (cut !== undefined) value = value.slice(0, cut);
  if (options.cut) {
    const other = options.cut.exec(segment.folded.slice(hit.end + skipped))?.index;
    if (other !== undefined && other > 0) value = value.slice(0, other);
  }
  if (value.trim() !== '' && !startsWithLabel(value)) {
    texts.push({ segment, start: hit.end + skipped, text: value, weight: 1, own: true });
  }
  const following = segment.row.segments.slice(segment.index + 1, segment.index + 3);
  following.forEach((next, i) => {
    if (!startsWithLabel(next.text))
      texts.push({ segment: next, start: 0, text: untilLabel(next.text), weight: 0.97 - i * 0.05 });
  });
  if (options.below !== false) {
    const { x0, x1 } = extentOf(segment, hit.start, hit.end);
    for (const [i, row] of rowsBelow(doc, segment.row, 2.2).slice(0, 2).entries()) {
      const under = overlapping(row, x0, Math.max(x1, x0 + (x1 - x0)), row.height);
      if (under && !startsWithLabel(under.text))
        texts.push({ segment: under, start: 0, text: untilLabel(under.text), weight: 0.9 - i * 0.1 });
    }
  }
  return texts;
}

/** "Vervaldatum: …" (OCR may put a stray letter before it) is another label, not a value. */
function startsWithLabel(text: string): boolean {
  return /^\s*(?:\p{L}\s)?\p{L}[\p{L}\s.'’-]{1,40}:/u.test(text);
}

function untilLabel(text: string): string {
  const cut = nextLabel.exec(text)?.index;
  return cut === undefined ? text : text.slice(0, cut);
}

/** The first value text `parse` accepts, as a candidate for the label. */
export function readLabelled<T>(
  doc: Doc,
  hit: LabelHit,
  parse: (text: string) => { value: T; start: number; end: number } | undefined,
  options: { below?: boolean; cut?: RegExp } = {},
): Candidate<T> | undefined {
  for (const text of valueTexts(doc, hit, options)) {
    const parsed = parse(text.text);
    // A value printed right after its label that cannot be read is unreadable, not elsewhere.
    if (!parsed && text.own && /\d/.test(text.text)) return undefined;
    if (!parsed) continue;
    const words = text.segment.words.filter((word, i) => {
      const from = (text.segment.starts[i] ?? 0) - text.start;
      return from < parsed.end && from + word.text.length > parsed.start;
    });
    const read = words.length === 0 ? 1 : Math.min(...words.map((w) => w.confidence));
    return {
      value: parsed.value,
      confidence: hit.strength * text.weight * ocrFactor(read),
      row: text.segment.row,
      segment: text.segment,
    };
  }
  return undefined;
}

/**
 * How much an OCR word confidence lowers a field's confidence: Tesseract's confidence for
 * clean print sits around 0.9–0.96, which should cost a little, not a tenth.
 */
export function ocrFactor(wordConfidence: number): number {
  if (wordConfidence >= 1) return 1;
  return Math.min(0.95, 0.35 + 0.65 * wordConfidence);
}

/** The most confident candidate; the earliest one wins a tie. */
export function best<T>(candidates: readonly (Candidate<T> | undefined)[]): Candidate<T> | undefined {
  let found: Candidate<T> | undefined;
  for (const candidate of candidates) {
    if (candidate && (!found || candidate.confidence > found.confidence + 1e-9)) found = candidate;
  }
  return found;
}

/** Rounds a confidence to three places within 0..1. */
export function unit(confidence: number): number {
  return Math.round(Math.min(Math.max(confidence, 0), 1) * 1000) / 1000;
}
