import type { RecognitionResult } from '../model.js';
import type { PageText, TextLine } from './layout.js';

/**
 * Till receipts, read from OCR: a total after a label ("Summe", "zu zahlen", "Totaal", "Total")
 * or confirmed by what was paid ("Bar", "Kreditkarte", "Pin") less what was given back, and the
 * purchase date, most often printed beside the time. OCR of thermal paper is rough: amounts come
 * with stray spaces ("48. 77"), labels with a letter wrong ("Summne"), so both are read loosely
 * and each total candidate is voted for by every line that names it.
 */

/** Labels of the amount due, the strongest first; each line's amount gets the label's weight. */
const totalLabels: readonly [RegExp, number][] = [
  [
    /\b(?:zu\s*zahlen|su[mn]{1,3}e|gesamt(?:betrag|summe)?|endbetrag|total(?:e|en)?|totaal|te\s*betalen|a\s*payer|montant\s*(?:du|total))\b/,
    3,
  ],
  [/\b(?:betrag|bedrag|zu\s+\p{L}{3,7})\b/u, 2],
];
/** What was paid: the total when nothing was given back. */
const paidLabels =
  /\b(?:bar(?:geld)?|gegeben|kreditkarte|karte|ec[\s-]?karte|girocard|mastercard|visa|maestro|pin|contant|kontaktlos|payé|espèces|cb)\b/;
/** What was given back. */
const changeLabels = /\b(?:zur[uü]ck|r[uü]ckgeld|r[uü]ckge\s*\|?\s*d|wisselgeld|terug|rendu)\b/;
/** Lines whose amounts are never the total: VAT, net, single prices, savings. */
const notTotal =
  /\b(?:netto|mwst|must|ust|btw|tva|steuer|zwischensumme|subtotal|einzelpreis|rabatt|ersparnis|korting|anzahl)\b|%/;

/** Dates and times, removed from a line before its amounts are read ("04. 04" is no amount). */
const dateOrTime = /\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?/g;
/** An amount with two decimals; OCR may put a space beside the separator. */
const amount = /(?<![\d.,])(-\s?)?(\d{1,3}(?:\.\d{3})*|\d{1,5})\s?[.,]\s?(\d{2})(?![\d%])/g;

export interface ReceiptReading {
  readonly total?: { readonly cents: number; readonly confidence: number };
  readonly date?: { readonly value: string; readonly confidence: number };
}

function amountsOf(text: string): number[] {
  const cleaned = text.replace(dateOrTime, ' ');
  return [...cleaned.matchAll(amount)].map((m) => {
    const cents = Number((m[2] ?? '').replace(/\./g, '')) * 100 + Number(m[3]);
    return m[1] ? -cents : cents;
  });
}

/** The amount a label line names: on the line itself (its rightmost), else on the line below. */
function amountNear(lines: readonly TextLine[], index: number): number | undefined {
  const line = lines[index];
  if (!line) return undefined;
  const own = amountsOf(line.text).filter((cents) => cents > 0);
  if (own.length > 0) return own[own.length - 1];
  const next = lines[index + 1];
  const labelled = (text: string) =>
    notTotal.test(text) || changeLabels.test(text) || paidLabels.test(text) || totalLabels.some(([p]) => p.test(text));
  if (next && next.y - line.y < line.height * 2.5 && !labelled(next.text.toLowerCase())) {
    const below = amountsOf(next.text).filter((cents) => cents > 0);
    return below.length > 0 ? Math.max(...below) : undefined;
  }
  return undefined;
}

/** The receipt's total, by vote of its labelled lines. */
export function receiptTotal(lines: readonly TextLine[]): ReceiptReading['total'] {
  const votes = new Map<number, number>();
  const vote = (cents: number | undefined, weight: number) => {
    if (cents !== undefined && cents > 0) votes.set(cents, (votes.get(cents) ?? 0) + weight);
  };
  let paid: number | undefined;
  let change: number | undefined;
  lines.forEach((line, index) => {
    const text = line.text.toLowerCase();
    if (changeLabels.test(text)) {
      const back = amountsOf(line.text);
      change = back.length > 0 ? Math.abs(back[back.length - 1] ?? 0) : change;
      return;
    }
    if (notTotal.test(text)) return;
    const label = totalLabels.find(([pattern]) => pattern.test(text));
    if (label) vote(amountNear(lines, index), label[1]);
    else if (paidLabels.test(text)) {
      const cents = amountNear(lines, index);
      paid ??= cents;
      vote(cents, 1);
    }
  });
  // Cash handed over less the change is what was due.
  if (paid !== undefined && change !== undefined && change > 0 && paid > change) vote(paid - change, 2);
  const ranked = [...votes.entries()].sort(([a, va], [b, vb]) => vb - va || b - a);
  const [best, weight = 0] = ranked[0] ?? [];
  if (best === undefined) return undefined;
  return { cents: best, confidence: Math.min(0.85, 0.35 + weight * 0.1) };
}

const datePattern =
  /(?<!\d)(\d{1,2})\s?[./-]\s?(\d{1,2})\s?[./-]\s?(\d{4}|\d{2})(?!\d)|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;

/** The purchase date: the date printed most, preferring one labelled "Datum" or beside a time. */
export function receiptDate(lines: readonly TextLine[], today = new Date()): ReceiptReading['date'] {
  const scores = new Map<string, number>();
  for (const line of lines) {
    for (const m of line.text.matchAll(datePattern)) {
      const [day, month, yearText] = m[4] ? [m[6], m[5], m[4]] : [m[1], m[2], m[3]];
      const year = Number(yearText) < 100 ? 2000 + Number(yearText) : Number(yearText);
      const date = new Date(Date.UTC(year, Number(month) - 1, Number(day)));
      if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== Number(month) - 1) continue;
      if (year < 1990 || date.getTime() > today.getTime() + 86_400_000) continue;
      const value = date.toISOString().slice(0, 10);
      const labelled = /\b(?:datum|date|dat)\b/i.test(line.text) ? 2 : 0;
      const timed = /\d{1,2}:\d{2}/.test(line.text) ? 1 : 0;
      scores.set(value, (scores.get(value) ?? 0) + 1 + labelled + timed);
    }
  }
  const [best, score = 0] = [...scores.entries()].sort(([, a], [, b]) => b - a)[0] ?? [];
  return best === undefined ? undefined : { value: best, confidence: Math.min(0.85, 0.5 + score * 0.1) };
}

const receiptWords =
  /\b(?:kassenbon|bon|beleg|kasse|kassa|quittung|rückgeld|ruckgeld|zu zahlen|bar|bargeld|wisselgeld|kassabon|kasbon|ticket|summe)\b/;

/**
 * Whether an OCR'd page is a till receipt rather than an invoice: called one, or not plainly a
 * titled and numbered invoice and with a receipt's words (Kassenbon, Bar, Rückgeld, zu zahlen,
 * Summe) or a till roll's narrow shape.
 */
export function looksLikeReceipt(result: RecognitionResult, pages: readonly PageText[]): boolean {
  if (result.documentType.value === 'receipt') return true;
  if (result.documentType.value === 'credit-note' || pages.length !== 1) return false;
  // An invoice plainly titled and numbered; a till's "Beleg-Nr." alone makes no invoice.
  if (result.documentType.value === 'invoice' && result.documentType.confidence >= 0.8 && result.invoiceNumber) {
    return false;
  }
  const [page] = pages;
  if (!page) return false;
  const narrow = page.width > 0 && page.width / page.height < 0.6;
  const worded = page.lines.filter((line) => receiptWords.test(line.text.toLowerCase())).length >= 1;
  return narrow || worded;
}

/**
 * A result read from OCR'd pages, completed as a receipt when it is one: its total and date as
 * {@link receiptTotal} and {@link receiptDate} find them, with the confidence of a receipt read
 * (never high enough to book without a look). Anything else comes back unchanged.
 */
export function completeReceipt(result: RecognitionResult, pages: readonly PageText[]): RecognitionResult {
  if (!looksLikeReceipt(result, pages)) return result;
  const lines = pages.flatMap((page) => page.lines);
  const { net, vat } = result.totals;
  // Without a readable total line, the VAT summary's net and VAT add up to it.
  const total =
    receiptTotal(lines) ??
    (net && vat
      ? { cents: net.value + vat.value, confidence: Math.min(net.confidence, vat.confidence, 0.5) }
      : undefined);
  const date = receiptDate(lines);
  const settled = new Set([...(total ? ['totals.gross', 'totals'] : []), ...(date ? ['invoiceDate'] : [])]);
  return {
    ...result,
    documentType: result.documentType.value === 'unknown' ? { value: 'receipt', confidence: 0.6 } : result.documentType,
    ...(date ? { invoiceDate: { value: date.value, confidence: date.confidence } } : {}),
    totals: total ? { ...result.totals, gross: { value: total.cents, confidence: total.confidence } } : result.totals,
    issues: result.issues.filter((issue) => !settled.has(issue.field)),
  };
}
