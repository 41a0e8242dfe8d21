/**
 * Text as it sits on a page: words with their boxes, grouped into lines by baseline. The PDF
 * text layer and OCR both produce this, so field extraction never knows where text came from.
 * Coordinates are in page units (PDF points, or pixels for an image), origin top left.
 */
export interface TextWord {
  readonly text: string;
  readonly x: number;
  /** Top of the word box. */
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** How sure the reader is of the word, 0..1 (1 for a PDF text layer). */
  readonly confidence: number;
}

/** Words on one baseline, left to right. */
export interface TextLine {
  /** The words joined by single spaces. */
  readonly text: string;
  readonly words: readonly TextWord[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly baseline: number;
  /** The lowest word confidence on the line. */
  readonly confidence: number;
}

/** One page of positioned lines, top to bottom. */
export interface PageText {
  /** 1-based. */
  readonly pageNumber: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly TextLine[];
}

/**
 * A piece of text as a reader reports it: a PDF text item (which may hold several words, or a
 * single glyph) or an OCR word. `baseline` is the y of the baseline, `height` the font size.
 */
export interface TextFragment {
  readonly text: string;
  readonly x: number;
  readonly baseline: number;
  readonly width: number;
  readonly height: number;
  readonly confidence: number;
  /** The fragment is one whole word (OCR), never glued to its neighbours. */
  readonly whole?: boolean;
}

// Fragments closer than this (in font heights) continue the same word: some PDF writers place
// every glyph on its own.
const glyphGap = 0.12;
// Baselines closer than this (in font heights) are one line.
const baselineTolerance = 0.4;

/** Groups fragments into lines by baseline, sorted top to bottom and words left to right. */
export function buildLines(fragments: readonly TextFragment[]): TextLine[] {
  const usable = fragments.filter((f) => f.text.trim() !== '' && f.height > 0 && Number.isFinite(f.x));
  const sorted = [...usable].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: TextFragment[][] = [];
  let current: TextFragment[] = [];
  let rowBaseline = 0;
  let rowHeight = 0;
  for (const fragment of sorted) {
    const tolerance = baselineTolerance * Math.min(fragment.height, rowHeight || fragment.height);
    if (current.length > 0 && Math.abs(fragment.baseline - rowBaseline) <= tolerance) {
      current.push(fragment);
      continue;
    }
    if (current.length > 0) rows.push(current);
    current = [fragment];
    rowBaseline = fragment.baseline;
    rowHeight = fragment.height;
  }
  if (current.length > 0) rows.push(current);
  return rows.map(toLine).filter((line) => line.words.length > 0);
}

function toLine(row: readonly TextFragment[]): TextLine {
  const words = wordsOf([...row].sort((a, b) => a.x - b.x));
  const x = Math.min(...words.map((w) => w.x));
  const right = Math.max(...words.map((w) => w.x + w.width));
  const y = Math.min(...words.map((w) => w.y));
  const bottom = Math.max(...words.map((w) => w.y + w.height));
  const baselines = row.map((f) => f.baseline).sort((a, b) => a - b);
  return {
    text: words.map((w) => w.text).join(' '),
    words,
    x,
    y,
    width: right - x,
    height: bottom - y,
    baseline: baselines[Math.floor(baselines.length / 2)] ?? bottom,
    confidence: Math.min(...words.map((w) => w.confidence)),
  };
}

interface Piece {
  text: string;
  x: number;
  width: number;
  top: number;
  height: number;
  confidence: number;
  /** Whether the fragment had whitespace before / after this piece. */
  spaceBefore: boolean;
  spaceAfter: boolean;
}

/** Splits fragments on whitespace (positions shared out by characters) and glues glyph runs. */
function wordsOf(fragments: readonly TextFragment[]): TextWord[] {
  const pieces = fragments.flatMap(piecesOf);
  const words: TextWord[] = [];
  let open: Piece | undefined;
  for (const piece of pieces) {
    const gap = open ? piece.x - (open.x + open.width) : Number.POSITIVE_INFINITY;
    if (open && !open.spaceAfter && !piece.spaceBefore && gap < glyphGap * Math.max(piece.height, open.height)) {
      const right = Math.max(open.x + open.width, piece.x + piece.width);
      const top = Math.min(open.top, piece.top);
      open = {
        ...open,
        text: open.text + piece.text,
        width: right - open.x,
        top,
        height: Math.max(open.top + open.height, piece.top + piece.height) - top,
        confidence: Math.min(open.confidence, piece.confidence),
        spaceAfter: piece.spaceAfter,
      };
      continue;
    }
    if (open) words.push(toWord(open));
    open = piece;
  }
  if (open) words.push(toWord(open));
  return words;
}

function toWord(piece: Piece): TextWord {
  return {
    text: piece.text,
    x: piece.x,
    y: piece.top,
    width: piece.width,
    height: piece.height,
    confidence: piece.confidence,
  };
}

function piecesOf(fragment: TextFragment): Piece[] {
  const text = fragment.text.replace(/[\u00a0\u2000-\u200b\u202f\u3000\t]/g, ' ');
  const perChar = text.length > 0 ? fragment.width / text.length : 0;
  const pieces: Piece[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const start = match.index;
    pieces.push({
      text: match[0],
      x: fragment.x + start * perChar,
      width: match[0].length * perChar,
      top: fragment.baseline - fragment.height,
      height: fragment.height,
      confidence: fragment.confidence,
      spaceBefore: fragment.whole === true || start > 0,
      spaceAfter: fragment.whole === true || start + match[0].length < text.length,
    });
  }
  return pieces;
}
