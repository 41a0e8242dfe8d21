import { canonicalName } from '#packages/proposals';

/**
 * Text helpers: names compared the way people misspell them, words of a remittance, and
 * invoice numbers found in free text. Names are reduced as proposals reduce them
 * ({@link canonicalName}), so a supplier found on an invoice is the same one on the bank line.
 */

export { canonicalName };

/** Lower case, accents and punctuation gone, single spaces. */
export function plainText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const previous = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return rows[a.length]?.[b.length] as number;
}

function ratio(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : 1 - editDistance(a, b) / longest;
}

/**
 * How alike two names are, 0..1, after {@link canonicalName}: the better of the whole-string
 * edit ratio and a token alignment (each token of the shorter name against its best partner),
 * so `Bakkerij Jansen B.V.`, `BAKKERIJ JANSSEN` and `Jansen Bakkerij` all score high.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = canonicalName(a);
  const y = canonicalName(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const whole = ratio(x.replace(/ /g, ''), y.replace(/ /g, ''));
  const xs = x.split(' ');
  const ys = y.split(' ');
  const [short, long] = xs.length <= ys.length ? [xs, ys] : [ys, xs];
  let weighted = 0;
  let weight = 0;
  for (const token of short) {
    const best = Math.max(...long.map((t) => ratio(token, t)));
    weighted += best * token.length;
    weight += token.length;
  }
  // A name with missing words is less alike than one with all of them.
  const coverage = short.join('').length / long.join('').length;
  const tokens = weight === 0 ? 0 : (weighted / weight) * (0.85 + 0.15 * coverage);
  return Math.max(whole, tokens);
}

/**
 * Whether a card or bank description (`SHELL 1234 AMSTERDAM`, `CCV*Bakker de Vries`) names
 * the supplier: the share of the supplier's name tokens that occur in it (typos tolerated).
 */
export function nameContainment(supplier: string, description: string): number {
  const wanted = canonicalName(supplier).split(' ').filter(Boolean);
  const seen = plainText(description).split(' ').filter(Boolean);
  if (wanted.length === 0 || seen.length === 0) return 0;
  let found = 0;
  for (const token of wanted) {
    const best = Math.max(...seen.map((t) => (token.length >= 5 ? ratio(token, t) : token === t ? 1 : 0)));
    if (best >= 0.8) found += best;
  }
  return found / wanted.length;
}

const stopWords = new Set([
  'de',
  'het',
  'een',
  'van',
  'voor',
  'met',
  'en',
  'of',
  'op',
  'te',
  'in',
  'aan',
  'la',
  'le',
  'les',
  'du',
  'des',
  'et',
  'pour',
  'the',
  'and',
  'for',
  'of',
  'to',
  'nr',
  'no',
  'ref',
  'kenmerk',
  'omschrijving',
  'betaling',
  'iban',
  'bic',
  'eur',
]);

/** The words of a remittance that can say what a payment was for: no numbers, no stop words. */
export function descriptionWords(text: string | undefined): string[] {
  if (!text) return [];
  const words = plainText(text)
    .split(' ')
    .filter((w) => w.length >= 3 && !/\d/.test(w) && !stopWords.has(w));
  return [...new Set(words)];
}

/** The digit groups of an invoice number without leading zeros: `F2026-0012` → `["2026","12"]`. */
export function invoiceNumberGroups(invoiceNumber: string): string[] {
  return (invoiceNumber.match(/\d+/g) ?? []).map((g) => g.replace(/^0+(?=\d)/, ''));
}

/** Significant digits of an invoice number (leading zeros of each group not counted). */
export function significantDigits(invoiceNumber: string): number {
  return invoiceNumberGroups(invoiceNumber)
    .map((g) => (g === '0' ? 0 : g.length))
    .reduce((a, b) => a + b, 0);
}

interface DigitRun {
  readonly digits: string;
  /** The text between the previous run and this one. */
  readonly before: string;
}

function digitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  const pattern = /\d+/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    runs.push({ digits: m[0], before: text.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  runs.push({ digits: '', before: text.slice(last) });
  return runs;
}

const inside = /^[\s\-/._]{0,3}$/;
/** Two digit runs joined by one `-`, `/`, `.` or `,` are one number (a date, an amount). */
const joins = (separator: string) => /^[-/.,]$/.test(separator);

/**
 * Whether `text` mentions `invoiceNumber`, tolerant of prefixes (`factuur`, `F`, `INV`),
 * spacing and separators between its digit groups, and leading zeros (`F2026-0012` is found
 * in `fact 2026/12` and in `F20260012`), but not inside a longer number (`2026-12-01`).
 */
export function mentionsInvoiceNumber(text: string, invoiceNumber: string): boolean {
  const groups = invoiceNumberGroups(invoiceNumber);
  if (groups.length === 0) return false;
  const runs = digitRuns(text);
  const compact = (invoiceNumber.match(/\d+/g) ?? []).join('');
  for (let i = 0; i < runs.length; i++) {
    const first = runs[i] as DigitRun;
    if (!first.digits || (i > 0 && joins(first.before))) continue;
    // The digits written together: `F20260012`.
    const next = runs[i + 1];
    if (groups.length > 1 && first.digits === compact && !(next?.digits && joins(next.before))) return true;
    // Group by group, leading zeros ignored.
    let ok = true;
    for (let g = 0; g < groups.length && ok; g++) {
      const run = runs[i + g];
      ok = !!run?.digits && run.digits.replace(/^0+(?=\d)/, '') === groups[g] && (g === 0 || inside.test(run.before));
    }
    if (!ok) continue;
    const after = runs[i + groups.length];
    if (after?.digits && joins(after.before)) continue;
    return true;
  }
  return false;
}
