import type { RecognitionResult } from '../model.js';
import { findAmounts, findRate, parseCell } from './amounts.js';
import { type ColumnKind, columnHeadings, totalLabels } from './labels.js';
import type { TextWord } from './layout.js';
import { type Doc, fold, type Row } from './text.js';

type Line = RecognitionResult['lines'][number];

interface Column {
  readonly kind: ColumnKind;
  readonly x0: number;
  readonly x1: number;
}

const numericKinds: readonly ColumnKind[] = ['quantity', 'unitPrice', 'net', 'vatRate'];
const totalPattern = new RegExp(
  [...totalLabels.net, ...totalLabels.gross, ...totalLabels.vat]
    .filter((label) => !label.leading)
    .map((label) => label.pattern.source)
    .join('|'),
);
const leadingTotal = new RegExp(
  [...totalLabels.net, ...totalLabels.gross]
    .filter((label) => label.leading)
    .map((label) => `^\\s*(?:${label.pattern.source})`)
    .join('|'),
);

/** The line items of every item table (a heading row with columns), and the rows they use. */
export function readLineItems(doc: Doc): { lines: Line[]; rows: Set<Row> } {
  const lines: Line[] = [];
  const used = new Set<Row>();
  for (const page of doc.pages) {
    for (let i = 0; i < page.rows.length; i++) {
      const header = page.rows[i];
      const columns = header && !used.has(header) ? headingColumns(header) : undefined;
      if (!header || !columns) continue;
      used.add(header);
      const body = bodyRows(page.rows.slice(i + 1));
      for (const row of body) used.add(row);
      lines.push(...readBody(body, columns));
    }
  }
  return { lines, rows: used };
}

/** The columns of a heading row, when it names a description and at least one number column. */
function headingColumns(row: Row): Column[] | undefined {
  const words = row.segments.flatMap((s) => s.words);
  const columns: Column[] = [];
  for (let i = 0; i < words.length; ) {
    let matched = false;
    for (let size = Math.min(4, words.length - i); size >= 1; size--) {
      const group = words.slice(i, i + size);
      const text = fold(group.map((w) => w.text).join(' '))
        .replace(/[:.]+$/, '')
        .trim();
      const kind = (Object.keys(columnHeadings) as ColumnKind[]).find((k) => columnHeadings[k].test(text));
      if (!kind) continue;
      const first = group[0];
      const last = group.at(-1);
      if (first && last && !columns.some((c) => c.kind === kind)) {
        columns.push({ kind, x0: first.x, x1: last.x + last.width });
      }
      i += size;
      matched = true;
      break;
    }
    if (!matched) {
      // Any other word is an unknown column heading; too many of them make it not a heading.
      i++;
      if (columns.length === 0 && i > 2) return undefined;
    }
  }
  const kinds = new Set(columns.map((c) => c.kind));
  const numbers = numericKinds.filter((k) => kinds.has(k)).length;
  if (!kinds.has('description') || numbers === 0 || (numbers === 1 && !kinds.has('net'))) return undefined;
  if (findAmounts(row.text).length > 0) return undefined;
  return columns.sort((a, b) => a.x0 - b.x0);
}

/** The rows of the table body: up to the totals, a new heading, or a wide vertical gap. */
function bodyRows(rows: readonly Row[]): Row[] {
  const body: Row[] = [];
  let previous: Row | undefined;
  for (const row of rows) {
    if (previous && row.y - previous.baseline > 4 * Math.max(row.height, previous.height)) break;
    if (totalPattern.test(row.folded) || leadingTotal.test(row.folded)) break;
    if (headingColumns(row)) break;
    body.push(row);
    previous = row;
  }
  return body;
}

function readBody(rows: readonly Row[], columns: readonly Column[]): Line[] {
  const lines: Line[] = [];
  let open: { line: Line; row: Row } | undefined;
  for (const row of rows) {
    const cells = cellsOf(row, columns);
    const description = (cells.get('description') ?? [])
      .map((w) => w.text)
      .join(' ')
      .trim();
    const numbers = numericKinds.some((k) => (cells.get(k) ?? []).some((w) => /\d/.test(w.text)));
    if (!numbers) {
      // A description that wraps onto the next row continues the open line.
      if (open && description !== '' && row.y - open.row.baseline < 1.5 * row.height) {
        open.line = { ...open.line, description: `${open.line.description} ${description}` };
        open.row = row;
      }
      continue;
    }
    const line = lineOf(description, cells);
    if (!line) continue;
    if (open) lines.push(open.line);
    open = { line, row };
  }
  if (open) lines.push(open.line);
  return lines;
}

/** Words by column: each word goes to the column whose span (halfway to its neighbours) holds its centre. */
function cellsOf(row: Row, columns: readonly Column[]): Map<ColumnKind, TextWord[]> {
  const cells = new Map<ColumnKind, TextWord[]>();
  const words = row.segments.flatMap((s) => s.words);
  const firstNumeric = columns.find((c) => c.kind !== 'description');
  for (const word of words) {
    const centre = word.x + word.width / 2;
    let index = columns.findIndex((column, i) => {
      const next = columns[i + 1];
      const right = next ? (column.x1 + next.x0) / 2 : Number.POSITIVE_INFINITY;
      return centre < right;
    });
    if (index < 0) index = columns.length - 1;
    let kind = columns[index]?.kind ?? 'description';
    // A long description runs past its heading; words without digits left of the first number stay in it.
    if (
      kind !== 'description' &&
      !/\d/.test(word.text) &&
      firstNumeric &&
      word.x < firstNumeric.x1 &&
      !/^%$/.test(word.text)
    ) {
      kind = columns.some((c) => c.kind === 'description') ? 'description' : kind;
    }
    cells.set(kind, [...(cells.get(kind) ?? []), word]);
  }
  return cells;
}

function lineOf(description: string, cells: Map<ColumnKind, TextWord[]>): Line | undefined {
  const text = (kind: ColumnKind) =>
    (cells.get(kind) ?? [])
      .map((w) => w.text)
      .join(' ')
      .trim();
  const net = findAmounts(text('net')).at(-1)?.cents ?? parseCell(text('net'));
  const unitPrice = parseCell(text('unitPrice')) ?? findAmounts(text('unitPrice')).at(-1)?.cents;
  const quantity = quantityOf(text('quantity'));
  const rateText = text('vatRate');
  const rate =
    findRate(rateText)?.basisPoints ??
    (/^\d{1,2}(?:[.,]\d{1,2})?$/.test(rateText) ? Math.round(Number(rateText.replace(',', '.')) * 100) : undefined);
  if (description === '' && net === undefined) return undefined;
  return {
    description: description === '' ? '(no description)' : description,
    ...(quantity !== undefined ? { quantity } : {}),
    ...(unitPrice !== undefined ? { unitPrice } : {}),
    ...(net !== undefined ? { net } : {}),
    ...(rate !== undefined ? { vatRateBasisPoints: rate } : {}),
  };
}

/** `3,5 uur` → `3.5`; `2 st.` → `2`. */
function quantityOf(text: string): string | undefined {
  const match = /-?\d+(?:[.,]\d+)?/.exec(text);
  if (!match) return undefined;
  const value = Number(match[0].replace(',', '.'));
  return Number.isFinite(value) ? String(value) : undefined;
}

const receiptQuantity = /^(\d{1,3}(?:[.,]\d{1,3})?)\s?[x×*]\s?/i;
const notAnItem =
  /\b(?:btw|tva|vat|tax|totaal|total|subtotaal|te betalen|pin|bancontact|contant|cash|wisselgeld|terug|rendu|change|korting totaal|kaart|card|maestro|visa|mastercard|payconiq|betaald|paid|datum|date|tijd|heure|time|kassa|caisse|bon|ticket|tel|iban|kvk|www)\b/;

/**
 * Items of a till receipt, which has no column headings: rows above the totals that start with
 * words and end with an amount (`2 x Croissant 2,40`).
 */
export function readReceiptItems(doc: Doc, totalsStart: Row | undefined): { lines: Line[]; rows: Set<Row> } {
  const lines: Line[] = [];
  const rows = new Set<Row>();
  for (const row of doc.rows) {
    if (totalsStart && row.order >= totalsStart.order) break;
    if (notAnItem.test(row.folded) || findRate(row.text)) continue;
    const amounts = findAmounts(row.text);
    const last = amounts.at(-1);
    if (!last || (row.text.slice(last.end).trim() !== '' && !/^[A-Z]?$/.test(row.text.slice(last.end).trim())))
      continue;
    const first = amounts[0];
    let description = row.text.slice(0, first?.start ?? last.start).trim();
    if (!/\p{L}{2,}/u.test(description)) continue;
    const quantity = receiptQuantity.exec(description);
    if (quantity) description = description.slice(quantity[0].length).trim();
    rows.add(row);
    lines.push({
      description,
      ...(quantity?.[1] ? { quantity: String(Number(quantity[1].replace(',', '.'))) } : {}),
      ...(amounts.length > 1 && first ? { unitPrice: first.cents } : {}),
      net: last.cents,
    });
  }
  return { lines, rows };
}
