import { z } from 'zod';

/**
 * Money is held as integer minor units (euro cents) in a plain number: exact for every sum an
 * administration can reach (±9e15 cents), never a binary fraction. Amounts cross the API as
 * decimal strings such as `"1234.50"` or `"-0.05"`.
 */
export type Cents = number;

const decimal = /^-?\d{1,13}(\.\d{1,2})?$/;

/** `"1234.5"` → 123450. Throws on anything that is not a decimal with at most two places. */
export function toCents(value: string): Cents {
  const trimmed = value.trim();
  if (!decimal.test(trimmed)) throw new RangeError(`Not an amount with at most two decimals: '${value}'`);
  const negative = trimmed.startsWith('-');
  const [whole = '0', fraction = ''] = trimmed.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative && cents !== 0 ? -cents : cents;
}

/** 123450 → `"1234.50"`; -5 → `"-0.05"`. */
export function formatCents(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * `amount × numerator / denominator` rounded half away from zero to whole cents, in integer
 * arithmetic (EN 16931 rounds VAT per category to two decimals this way).
 */
export function mulDivRound(amount: Cents, numerator: number, denominator: number): Cents {
  const product = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  const quotient = product / d;
  const remainder = product % d;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const away = twice >= (d < 0n ? -d : d) ? (product < 0n !== d < 0n ? -1n : 1n) : 0n;
  return Number(quotient + away);
}

/** VAT on `base` at `rate` percent given in basis points (21 % = 2100). */
export function vatOf(base: Cents, rateBasisPoints: number): Cents {
  return mulDivRound(base, rateBasisPoints, 10_000);
}

/** Zod: an API amount as a decimal string, parsed to cents. */
export const MoneyString = z
  .string()
  .regex(decimal, 'An amount as a decimal string with at most two decimals, e.g. "1234.50".')
  .transform(toCents);
