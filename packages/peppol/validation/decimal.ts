/**
 * An exact decimal: `units / 10^scale`. Invoice arithmetic (sums, VAT at a rate, rounding half
 * up to cents) is done on these so that no binary floating point error can fire a BR-CO rule.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const decimalPattern = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Parses an xs:decimal lexical value; undefined when it is not one. */
export function parseDecimal(text: string | undefined): Decimal | undefined {
  if (text === undefined) return undefined;
  const match = decimalPattern.exec(text.trim());
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  const units = BigInt(`${whole || '0'}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

export const zero: Decimal = { units: 0n, scale: 0 };

function rescale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return add(a, { units: -b.units, scale: b.scale });
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce(add, zero);
}

/** -1, 0 or 1. */
export function compare(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const difference = rescale(a, scale) - rescale(b, scale);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

export function equals(a: Decimal, b: Decimal): boolean {
  return compare(a, b) === 0;
}

export function sign(a: Decimal): number {
  return a.units === 0n ? 0 : a.units < 0n ? -1 : 1;
}

/** Rounds to `digits` fraction digits, halves away from zero (EN 16931 "half up" on magnitudes). */
export function round(value: Decimal, digits = 2): Decimal {
  if (value.scale <= digits) return value;
  const divisor = 10n ** BigInt(value.scale - digits);
  const magnitude = value.units < 0n ? -value.units : value.units;
  let quotient = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
  return { units: value.units < 0n ? -quotient : quotient, scale: digits };
}

/** `amount × percent / 100`, exact. */
export function percentOf(amount: Decimal, percent: Decimal): Decimal {
  const product = multiply(amount, percent);
  return { units: product.units, scale: product.scale + 2 };
}

/** The number of fraction digits as written, trailing zeros included (`12.10` → 2). */
export function fractionDigits(text: string): number {
  const dot = text.trim().indexOf('.');
  return dot < 0 ? 0 : text.trim().length - dot - 1;
}

export function format(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = value.scale > 0 ? `.${digits.slice(digits.length - value.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** |a − b| ≤ tolerance. */
export function within(a: Decimal, b: Decimal, tolerance: Decimal): boolean {
  const difference = subtract(a, b);
  const magnitude = { units: difference.units < 0n ? -difference.units : difference.units, scale: difference.scale };
  return compare(magnitude, tolerance) <= 0;
}

/**
 * The tolerance of the category VAT checks (BR-CO-17, BR-x-09): exact in UBL; the CII binding
 * accepts a difference of up to one currency unit.
 */
export function vatTolerance(syntax: 'ubl' | 'cii'): Decimal {
  return { units: syntax === 'cii' ? 1n : 0n, scale: 0 };
}

/** XPath's round(): to the nearest integer, halves towards positive infinity (round(-2.5) = -2). */
export function xpathRound(value: Decimal): Decimal {
  if (value.scale <= 0) return value;
  const divisor = 10n ** BigInt(value.scale);
  const shifted = value.units * 2n + divisor; // 2·(x + 0.5), in units of 10^-scale
  const twice = divisor * 2n;
  const floor = shifted >= 0n ? shifted / twice : -((-shifted + twice - 1n) / twice);
  return { units: floor, scale: 0 };
}

export function abs(value: Decimal): Decimal {
  return value.units < 0n ? { units: -value.units, scale: value.scale } : value;
}

/**
 * The category VAT check as the official rules write it (BR-CO-17, BR-x-09): the stated tax
 * amount lies within one currency unit of round(|taxable| × rate) / 100; the bounds are
 * exclusive, except in the CII binding's BR-CO-17.
 */
export function taxWithinOneUnit(tax: Decimal, taxable: Decimal, rate: Decimal, inclusive: boolean): boolean {
  const expected = { ...xpathRound(multiply(abs(taxable), rate)), scale: 2 };
  const one = { units: 1n, scale: 0 };
  const low = compare(subtract(abs(tax), one), expected);
  const high = compare(add(abs(tax), one), expected);
  return inclusive ? low <= 0 && high >= 0 : low < 0 && high > 0;
}
