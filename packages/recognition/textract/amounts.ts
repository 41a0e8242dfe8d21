/** A money amount read from document text. */
export interface ParsedAmount {
  readonly cents: number;
  /** ISO 4217 code when the text names the currency by symbol or code. */
  readonly currency?: string;
}

const currencySymbols: Readonly<Record<string, string>> = { '€': 'EUR', $: 'USD', '£': 'GBP' };
const currencyPattern = /€|\$|£|\b(EUR|USD|GBP|CHF)\b/i;
const percentages = /-?\d{1,3}(?:[.,]\d{1,3})?\s*%/g;
const spacedThousands = /^\d{1,3}(?:['\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?$/;
const numberToken = /\d(?:[\d.,'\u00a0\u202f ]*\d)?/g;

/** The currency a text names by symbol (`€`, `$`, `£`) or code, if any. */
export function currencyOf(text: string): string | undefined {
  const match = currencyPattern.exec(text);
  if (!match) return undefined;
  return match[1]?.toUpperCase() ?? currencySymbols[match[0]];
}

/**
 * Reads an amount as printed, in either convention (`1.234,56` or `1,234.56`, also with
 * spaces or apostrophes between thousands), with an optional currency symbol or code and
 * trailing receipt tax flags (`$899.99 S`), into cents. Percentages are ignored so
 * `21% 10,50` reads as 10.50. `undefined` when the text holds no amount or more than one.
 */
export function parseAmount(text: string): ParsedAmount | undefined {
  const withoutRates = text.replace(percentages, ' ');
  const tokens = [...withoutRates.matchAll(numberToken)].map((m) => m[0].trim());
  if (tokens.length !== 1 || tokens[0] === undefined) return undefined;
  const units = unitsOf(tokens[0]);
  if (units === undefined) return undefined;
  const cents = isNegative(withoutRates) && units !== 0 ? -units : units;
  const currency = currencyOf(text);
  return currency ? { cents, currency } : { cents };
}

function isNegative(text: string): boolean {
  return /[-−]\s*[€$£]?\s*\d/.test(text) || /\d\s*-\s*$/.test(text) || /^\s*\(.*\)\s*$/.test(text);
}

/** `1.234,56` → 123456; `1,234` → 123400 (a lone group of three is thousands). */
function unitsOf(token: string): number | undefined {
  if (/['\u00a0\u202f ]/.test(token) && !spacedThousands.test(token)) return undefined;
  const compact = token.replace(/['\u00a0\u202f ]/g, '');
  const lastSeparator = Math.max(compact.lastIndexOf('.'), compact.lastIndexOf(','));
  if (lastSeparator < 0) return Number(compact) * 100;
  const fraction = compact.slice(lastSeparator + 1);
  const whole = compact.slice(0, lastSeparator);
  if (fraction.length === 3) return wholeOf(compact, compact.charAt(lastSeparator));
  if (fraction.length > 2) return undefined;
  const wholeUnits = wholeOf(whole, otherSeparator(compact.charAt(lastSeparator)));
  if (wholeUnits === undefined) return undefined;
  return wholeUnits + Number(fraction.padEnd(2, '0'));
}

function otherSeparator(separator: string): string {
  return separator === '.' ? ',' : '.';
}

/** Whole units in cents, allowing only `separator` between groups of three digits. */
function wholeOf(digits: string, separator: string): number | undefined {
  if (digits === '') return 0;
  const groups = digits.split(separator);
  const [first, ...rest] = groups;
  if (first === undefined || !/^\d+$/.test(first)) return undefined;
  if (rest.length > 0 && (first.length > 3 || rest.some((g) => !/^\d{3}$/.test(g)))) return undefined;
  return Number(groups.join('')) * 100;
}
