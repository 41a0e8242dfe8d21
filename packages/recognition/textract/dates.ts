/** How an all-numeric date such as `03/04/2024` is read when both readings are valid. */
export type DateOrder = 'dmy' | 'mdy';

const monthNames: readonly (readonly string[])[] = [
  ['januari', 'january', 'janvier', 'januar', 'janner'],
  ['februari', 'february', 'fevrier', 'februar'],
  ['maart', 'march', 'mars', 'marz', 'maerz', 'mrt'],
  ['april', 'avril'],
  ['mei', 'may', 'mai'],
  ['juni', 'june', 'juin'],
  ['juli', 'july', 'juillet'],
  ['augustus', 'august', 'aout'],
  ['september', 'septembre'],
  ['oktober', 'october', 'octobre'],
  ['november', 'novembre'],
  ['december', 'decembre', 'dezember'],
];

const iso = /(\d{4})-(\d{1,2})-(\d{1,2})/;
const numeric = /(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?!\d)/;
const dayFirst = /(\d{1,2})(?:er|e|st|nd|rd|th)?\.?[\s-]+(\p{L}{3,})\.?[\s-]+(\d{4}|\d{2})(?!\d)/u;
const monthFirst = /(\p{L}{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/u;

/**
 * Reads a printed date into ISO `YYYY-MM-DD`: `2024-03-01`, `01-03-2024`, `01/03/2024`,
 * `01.03.24`, `1 maart 2024`, `1er mars 2024`, `3. März 2024`, `01-Jan-2021`,
 * `Thursday, 26 March 2020`, `March 12, 2019`. Numeric dates follow `order` unless only the
 * other reading is a real date (`01/31/2021`). `undefined` when no date can be read.
 */
export function parseDate(text: string, order: DateOrder = 'dmy'): string | undefined {
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return fromIso(plain) ?? fromNumeric(plain, order) ?? fromMonthName(plain);
}

function fromIso(text: string): string | undefined {
  const m = iso.exec(text);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

function fromNumeric(text: string, order: DateOrder): string | undefined {
  const m = numeric.exec(text);
  if (!m) return undefined;
  const [a, b, year] = [Number(m[1]), Number(m[2]), fullYear(m[3] ?? '')];
  const preferred = order === 'dmy' ? isoDate(year, b, a) : isoDate(year, a, b);
  return preferred ?? (order === 'dmy' ? isoDate(year, a, b) : isoDate(year, b, a));
}

function fromMonthName(text: string): string | undefined {
  const d = dayFirst.exec(text);
  const dayFirstDate = d && monthOf(d[2] ?? '') && isoDate(fullYear(d[3] ?? ''), monthOf(d[2] ?? ''), Number(d[1]));
  if (dayFirstDate) return dayFirstDate;
  const m = monthFirst.exec(text);
  return (m && monthOf(m[1] ?? '') && isoDate(Number(m[3]), monthOf(m[1] ?? ''), Number(m[2]))) || undefined;
}

/** 1..12 for a month name or an abbreviation of at least three letters; 0 when unknown. */
function monthOf(word: string): number {
  const index = monthNames.findIndex((names) => names.some((name) => name.startsWith(word)));
  return index + 1;
}

function fullYear(digits: string): number {
  // Invoices and receipts are from this century; a two-digit year is 20yy.
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}
