import { parseAmount } from '../textract/amounts.js';

/** An amount found in a line of text, with where it sits in that text. */
export interface AmountMatch {
  readonly cents: number;
  readonly start: number;
  readonly end: number;
  /** ISO code when a currency symbol or code is attached. */
  readonly currency?: string;
  /** Printed with decimals (`12,50`, `12,-`) rather than as a bare whole number. */
  readonly decimals: boolean;
}

const sep = "[.,'\u00a0\u202f ]";
// Grouped thousands with decimals (1.234,56 · 1,234.56 · 1 234,56), then plain decimals (1234,56),
// then the Dutch round amount (12,-), then a whole number that must carry a currency.
const body = [
  `\\d{1,3}(?:(${sep})\\d{3})(?:\\1\\d{3})*[.,]\\d{2}`,
  '\\d+[.,]\\d{2}',
  '\\d+,-{1,2}',
  '\\d{1,3}(?:\\.\\d{3})+(?=\\s*(?:€|eur\\b))',
  '\\d+(?=\\s*(?:€|eur\\b))',
  '(?<=(?:€|eur)\\s?-?\\s?)\\d{1,3}(?:\\.\\d{3})+',
  '(?<=(?:€|eur)\\s?-?\\s?)\\d+',
].join('|');
// Not inside a longer number, date or time: no digit, slash or colon before it, nor a separator
// that follows a digit (a stray dot after a space, as OCR leaves one, is fine).
const amountPattern = new RegExp(`(?<![\\d/:])(?<!\\d[.,])(?:${body})(?![.,]?\\d)(?!\\s*%)`, 'giu');
const currencyBefore = /(?:€|\beur|\$|£|\busd|\bgbp|\bchf)\s?-?\s?$/i;
const currencyAfter = /^\s?(?:€|eur\b|\$|£|usd\b|gbp\b|chf\b)/i;
const codes: Readonly<Record<string, string>> = { '€': 'EUR', $: 'USD', '£': 'GBP' };

/**
 * Every amount printed in a text, left to right: `1.234,56`, `1 234,56`, `1,234.56`,
 * `€ 12,50`, `EUR 12.50`, `12,-`, `-12,50`, `12,50-`, `(12,50)`. Percentages, dates, times and
 * bare whole numbers without a currency are not amounts.
 */
export function findAmounts(text: string): AmountMatch[] {
  const found: AmountMatch[] = [];
  for (const match of text.matchAll(amountPattern)) {
    const raw = match[0];
    let start = match.index;
    let end = start + raw.length;
    const before = text.slice(Math.max(0, start - 6), start);
    const after = text.slice(end, end + 5);
    const roundDash = /,-{1,2}$/.test(raw);
    const parsed = roundDash ? { cents: Number(raw.replace(/,-+$/, '')) * 100 } : parseAmount(raw);
    if (!parsed) continue;
    const negative =
      /[-−]\s?(?:€|eur)?\s?$/i.test(before) ||
      (!roundDash && /^-(?![\d-])/.test(after)) ||
      isBracketed(text, start, end);
    if (/[-−]\s?$/.test(before) && /\d[-−]\s?$/.test(text.slice(0, start))) {
      // "2025-12,50" is not a negative amount; a hyphen right after a digit is a range or code.
      continue;
    }
    const symbolBefore = currencyBefore.exec(before);
    const symbolAfter = currencyAfter.exec(after);
    const symbol = (symbolBefore?.[0] ?? symbolAfter?.[0] ?? '').replace(/[\s-]/g, '');
    const currency = symbol === '' ? undefined : (codes[symbol] ?? symbol.toUpperCase());
    if (symbolBefore) start -= symbolBefore[0].length;
    if (symbolAfter) end += symbolAfter[0].length;
    const cents = negative && parsed.cents !== 0 ? -Math.abs(parsed.cents) : parsed.cents;
    found.push({ cents, start, end, ...(currency ? { currency } : {}), decimals: /[.,](?:\d{2}|-)/.test(raw) });
  }
  return found;
}

function isBracketed(text: string, start: number, end: number): boolean {
  return /\(\s?(?:€|eur)?\s?$/i.test(text.slice(0, start)) && /^\s?(?:€|eur)?\s?\)/i.test(text.slice(end));
}

/**
 * A price or quantity cell from a table, leniently: `0,125`, `1.250,00`, `12`. Rounded to cents
 * (half away from zero). `undefined` when the cell is not one number.
 */
export function parseCell(text: string): number | undefined {
  const cleaned = text.replace(/€|eur\b/gi, '').trim();
  const match =
    /^(-)?\s?(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(\d+))?(-)?$/.exec(cleaned) ??
    /^(-)?\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(-)?$/.exec(cleaned);
  if (!match) return parseAmount(cleaned)?.cents;
  const whole = Number((match[2] ?? '0').replace(/[., ]/g, ''));
  const fraction = match[3] ?? '';
  const cents = whole * 100 + Number(fraction.slice(0, 2).padEnd(2, '0')) + (Number(fraction[2] ?? '0') >= 5 ? 1 : 0);
  return match[1] || match[4] ? -cents : cents;
}

/** A rate like `21%`, `21 %`, `6,0%`, `12.5 %` in basis points, when the text holds one. */
export function findRate(text: string): { basisPoints: number; start: number; end: number } | undefined {
  const match = /(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%/.exec(text);
  if (!match?.[1]) return undefined;
  return {
    basisPoints: Math.round(Number(match[1].replace(',', '.')) * 100),
    start: match.index,
    end: match.index + match[0].length,
  };
}
