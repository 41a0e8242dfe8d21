import type { PageText, TextWord } from './layout.js';

/**
 * The document as extraction sees it: every line of every page, split into segments where a
 * wide gap separates columns, with a folded (lower-case, accent-free) copy of the text whose
 * character positions match the original, so a label found in the folded text points at the
 * same characters in the original.
 */
export interface Doc {
  readonly rows: readonly Row[];
  readonly pages: readonly { readonly width: number; readonly height: number; readonly rows: readonly Row[] }[];
  /** The most common font height: the size of body text. */
  readonly bodyHeight: number;
}

export interface Row {
  /** 1-based page number. */
  readonly page: number;
  /** Position in {@link Doc.rows}. */
  readonly order: number;
  readonly text: string;
  readonly folded: string;
  readonly segments: readonly Segment[];
  readonly y: number;
  readonly baseline: number;
  readonly height: number;
  readonly x0: number;
  readonly x1: number;
  readonly pageWidth: number;
  readonly pageHeight: number;
}

export interface Segment {
  readonly row: Row;
  /** Position in its row. */
  readonly index: number;
  readonly text: string;
  readonly folded: string;
  readonly words: readonly TextWord[];
  /** Character offset of each word in `text`. */
  readonly starts: readonly number[];
  readonly x0: number;
  readonly x1: number;
}

// A gap wider than this many font heights separates columns.
const columnGap = 0.75;

/** Lower-case, without accents, typographic quotes and dashes made plain, same length. */
export function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const plain = foldChar(ch);
    // Keep one output unit per input unit so offsets agree (astral characters take two).
    out += ch.length === 2 ? `${plain}${plain}`.slice(0, 2) : plain;
  }
  return out;
}

const special: Readonly<Record<string, string>> = {
  '\u2019': "'",
  '\u2018': "'",
  '\u00b4': "'",
  '`': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u00a0': ' ',
  '\u00ba': '°',
  ß: 's',
  æ: 'a',
  œ: 'o',
  ø: 'o',
};

function foldChar(ch: string): string {
  const mapped = special[ch];
  if (mapped !== undefined) return mapped;
  const base = ch.normalize('NFD').charAt(0).toLowerCase();
  return base.length === 1 ? base : ch;
}

// Label words OCR misreads by a letter ("Factuurhummer", "Kiantnummer", "Factuumummer"): a
// word read with less than full confidence one edit away from one of these is read as it.
const vocabulary = [
  'factuurnummer',
  'factuurdatum',
  'vervaldatum',
  'klantnummer',
  'betalingskenmerk',
  'betaalkenmerk',
  'omschrijving',
  'subtotaal',
  'creditnota',
  'creditnotanummer',
  'ondernemingsnummer',
  'rekeningnummer',
  'factuur',
  'invoice',
  'facture',
  'echeance',
  'designation',
  'description',
  'quantite',
  'montant',
  'reference',
  'communication',
  'structuree',
  'subtotal',
  'totaal',
  'kassabon',
  'bedrag',
  'aantal',
  'nummer',
  'number',
  'amount',
];

/** An OCR-read word one edit away from a label word is read as that label word. */
function repairWord(word: TextWord): TextWord {
  if (word.confidence >= 1) return word;
  const match = /^(\p{L}{6,})(.*)$/u.exec(word.text);
  const letters = match?.[1];
  if (!letters) return word;
  const folded = fold(letters);
  if (vocabulary.includes(folded)) return word;
  const readings = [folded, ...lookAlikes(folded)];
  const known = vocabulary.find((candidate) =>
    readings.some(
      (reading) =>
        reading === candidate || (Math.abs(candidate.length - reading.length) <= 1 && oneEdit(candidate, reading)),
    ),
  );
  if (!known) return word;
  const cased =
    letters === letters.toUpperCase()
      ? known.toUpperCase()
      : /^\p{Lu}/u.test(letters)
        ? known.charAt(0).toUpperCase() + known.slice(1)
        : known;
  return { ...word, text: `${cased}${match?.[2] ?? ''}` };
}

// Letter groups OCR merges or splits: "rn" read as "m", "w" as "vv".
const confusions: readonly (readonly [string, string])[] = [
  ['m', 'rn'],
  ['rn', 'm'],
  ['vv', 'w'],
  ['w', 'vv'],
  ['cl', 'd'],
];

/** The word with one look-alike group swapped, every way it can be. */
function lookAlikes(word: string): string[] {
  const found: string[] = [];
  for (const [from, to] of confusions) {
    for (let at = word.indexOf(from); at >= 0; at = word.indexOf(from, at + 1)) {
      found.push(word.slice(0, at) + to + word.slice(at + from.length));
    }
  }
  return found;
}

/** Whether `a` and `b` differ by one substitution, insertion or deletion ("rn" read as "m" is one). */
function oneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    let differences = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences++;
    // Long label words survive two misread letters ("Factuvenummer").
    return differences === 1 || (differences === 2 && a.length >= 11);
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  return long.slice(i + 1) === short.slice(i);
}

/** Builds the extraction view of positioned pages. */
export function toDoc(pages: readonly PageText[]): Doc {
  const rows: Row[] = [];
  const docPages: Doc['pages'][number][] = [];
  for (const page of pages) {
    const pageRows: Row[] = [];
    for (const line of page.lines) {
      const row = toRow(line.words.map(repairWord), page, rows.length);
      rows.push(row);
      pageRows.push(row);
    }
    docPages.push({ width: page.width, height: page.height, rows: pageRows });
  }
  return { rows, pages: docPages, bodyHeight: commonHeight(rows) };
}

function commonHeight(rows: readonly Row[]): number {
  const counts = new Map<number, number>();
  for (const row of rows) {
    const key = Math.round(row.height * 2) / 2;
    counts.set(key, (counts.get(key) ?? 0) + row.segments.reduce((n, s) => n + s.text.length, 0));
  }
  let best = 10;
  let bestCount = -1;
  for (const [height, count] of counts) {
    if (count > bestCount) [best, bestCount] = [height, count];
  }
  return best;
}

function toRow(words: readonly TextWord[], page: PageText, order: number): Row {
  const heights = words.map((w) => w.height).sort((a, b) => a - b);
  const height = heights[Math.floor(heights.length / 2)] ?? 10;
  // Wide (monospaced) type has wide word spaces: the gap is measured against characters too.
  const characters = words.reduce((n, w) => n + w.text.length, 0);
  const charWidth = characters > 0 ? words.reduce((sum, w) => sum + w.width, 0) / characters : 0;
  const gap = Math.max(columnGap * height, 1.6 * charWidth);
  const groups: TextWord[][] = [];
  for (const word of words) {
    const last = groups.at(-1);
    const previous = last?.at(-1);
    if (last && previous && word.x - (previous.x + previous.width) <= gap) last.push(word);
    else groups.push([word]);
  }
  const segments: Segment[] = [];
  const row: Row = {
    page: page.pageNumber,
    order,
    text: words.map((w) => w.text).join(' '),
    folded: fold(words.map((w) => w.text).join(' ')),
    segments,
    y: Math.min(...words.map((w) => w.y)),
    baseline: Math.max(...words.map((w) => w.y + w.height)),
    height,
    x0: Math.min(...words.map((w) => w.x)),
    x1: Math.max(...words.map((w) => w.x + w.width)),
    pageWidth: page.width,
    pageHeight: page.height,
  };
  for (const group of groups) {
    const starts: number[] = [];
    let text = '';
    for (const word of group) {
      if (text !== '') text += ' ';
      starts.push(text.length);
      text += word.text;
    }
    segments.push({
      row,
      index: segments.length,
      text,
      folded: fold(text),
      words: group,
      starts,
      x0: group[0]?.x ?? 0,
      x1: Math.max(...group.map((w) => w.x + w.width)),
    });
  }
  return row;
}

/** The words of a segment that overlap characters `start`..`end`. */
export function wordsIn(segment: Segment, start: number, end: number): TextWord[] {
  return segment.words.filter((word, i) => {
    const from = segment.starts[i] ?? 0;
    return from < end && from + word.text.length > start;
  });
}

/** The horizontal extent of characters `start`..`end` of a segment. */
export function extentOf(segment: Segment, start: number, end: number): { x0: number; x1: number } {
  const words = wordsIn(segment, start, end);
  if (words.length === 0) return { x0: segment.x0, x1: segment.x1 };
  return { x0: Math.min(...words.map((w) => w.x)), x1: Math.max(...words.map((w) => w.x + w.width)) };
}

/** How sure the reader was of characters `start`..`end`: the least confident word. */
export function confidenceOf(segment: Segment, start = 0, end = segment.text.length): number {
  const words = wordsIn(segment, start, end);
  return words.length === 0 ? 1 : Math.min(...words.map((w) => w.confidence));
}

/** Where a row sits on its page, 0 (top) to 1 (bottom). */
export function relativeY(row: Row): number {
  return row.pageHeight > 0 ? row.y / row.pageHeight : 0;
}

/** The rows after `row` on the same page whose top lies within `maxLines` line heights. */
export function rowsBelow(doc: Doc, row: Row, maxLines: number): Row[] {
  const below: Row[] = [];
  for (let i = row.order + 1; i < doc.rows.length; i++) {
    const next = doc.rows[i];
    if (!next || next.page !== row.page) break;
    if (next.y - row.baseline > maxLines * Math.max(row.height, next.height)) break;
    below.push(next);
  }
  return below;
}

/** The segment of `row` that overlaps `x0..x1` most, if any does. */
export function overlapping(row: Row, x0: number, x1: number, slack = 0): Segment | undefined {
  let best: Segment | undefined;
  let bestOverlap = 0;
  for (const segment of row.segments) {
    const overlap = Math.min(segment.x1, x1 + slack) - Math.max(segment.x0, x0 - slack);
    if (overlap > bestOverlap) [best, bestOverlap] = [segment, overlap];
  }
  return best;
}
