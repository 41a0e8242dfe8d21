import {
  type Cents,
  type Country,
  createBelgianStructuredReference,
  createDutchPaymentReference,
  mulDivRound,
  vatOf,
} from '#packages/kernel';
import type { VatCode } from '#packages/ledger';
import type { InvoiceTotals, VatBreakdown } from './model.js';

/** Pure invoice arithmetic: no table, no clock. */

const QUANTITY_SCALE = 10_000;

/** `"1.5"` → 15000 (the quantity in ten-thousandths). */
export function scaledQuantity(quantity: string): number {
  const m = /^(-?)(\d{1,9})(?:\.(\d{1,4}))?$/.exec(quantity.trim());
  if (!m) throw new RangeError(`Not a quantity with at most four decimals: '${quantity}'`);
  const value = Number(m[2]) * QUANTITY_SCALE + Number((m[3] ?? '').padEnd(4, '0'));
  return m[1] === '-' && value !== 0 ? -value : value;
}

/** Quantity × unit price, rounded half away from zero to whole cents. */
export function lineNet(quantity: string, unitPrice: Cents): Cents {
  return mulDivRound(unitPrice, scaledQuantity(quantity), QUANTITY_SCALE);
}

/** Minutes as hours with at most four decimals: 10 → `"0.1667"`, 90 → `"1.5"`. */
export function hoursOf(minutes: number): string {
  const scaled = mulDivRound(minutes, QUANTITY_SCALE, 60);
  const whole = Math.trunc(Math.abs(scaled) / QUANTITY_SCALE);
  const fraction = String(Math.abs(scaled) % QUANTITY_SCALE)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${scaled < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Purchase VAT kinds where the buyer owes the VAT and deducts it again (reverse charge). */
const selfAssessedKinds: ReadonlySet<VatCode['kind']> = new Set([
  'reverse-charge-domestic',
  'co-contractor',
  'intra-eu-goods',
  'intra-eu-services',
  'import',
]);

/** Whether the buyer self-assesses this code's VAT: purchase codes of a reverse-charge kind. */
export function isSelfAssessed(code: Pick<VatCode, 'direction' | 'kind'>): boolean {
  return code.direction === 'purchase' && selfAssessedKinds.has(code.kind);
}

export interface PricedLine {
  readonly quantity: string;
  readonly unitPrice: Cents;
  readonly vatCode: string;
  readonly rateBasisPoints: number;
  readonly selfAssessed: boolean;
}

export interface InvoiceCalculation {
  /** Net per line, in line order. */
  readonly nets: Cents[];
  /** Per VAT code in order of first use. */
  readonly vat: VatBreakdown[];
  /** `vat` is the VAT charged on the invoice (self-assessed VAT is not); gross = net + vat. */
  readonly totals: InvoiceTotals;
}

/**
 * Line nets, VAT per code on the sum of that code's nets (EN 16931 per category), and totals.
 * `sign` -1 turns the document into a credit note: every amount negated.
 */
export function computeInvoice(lines: readonly PricedLine[], sign: 1 | -1 = 1): InvoiceCalculation {
  // `+ 0` turns the -0 of a negated zero into 0.
  const nets = lines.map((l) => sign * lineNet(l.quantity, l.unitPrice) + 0);
  const byCode = new Map<string, { rateBasisPoints: number; selfAssessed: boolean; base: Cents }>();
  lines.forEach((l, i) => {
    const entry = byCode.get(l.vatCode) ?? {
      rateBasisPoints: l.rateBasisPoints,
      selfAssessed: l.selfAssessed,
      base: 0,
    };
    entry.base += nets[i] ?? 0;
    byCode.set(l.vatCode, entry);
  });
  const vat: VatBreakdown[] = [...byCode].map(([code, e]) => ({
    code,
    rateBasisPoints: e.rateBasisPoints,
    base: e.base,
    vat: vatOf(e.base, e.rateBasisPoints),
    selfAssessed: e.selfAssessed,
  }));
  const net = nets.reduce((s, n) => s + n, 0);
  const charged = vat.filter((v) => !v.selfAssessed).reduce((s, v) => s + v.vat, 0);
  return { nets, vat, totals: { net, vat: charged, gross: net + charged } };
}

/** `F`, 2026, 1 → `F2026-0001`. */
export function formatDocumentNumber(series: string, year: number, number: number): string {
  return `${series}${year}-${String(number).padStart(4, '0')}`;
}

/** A series of capitals as a number: A = 1 … Z = 26, AA = 27 (bijective base 26). */
function seriesValue(series: string): number {
  let value = 0;
  for (const ch of series) value = value * 26 + (ch.charCodeAt(0) - 64);
  return value;
}

/**
 * The payment reference printed on a sales invoice, from its series, year and number.
 * BE: structured communication over `SS YY NNNNNN` (series value mod 100, two-digit year,
 * six-digit number). NL: 16-digit betalingskenmerk over `SSSSS YYYY NNNNNN` (unique per
 * series, year and number).
 */
export function salesPaymentReference(country: Country, series: string, year: number, number: number): string {
  const s = seriesValue(series);
  if (country === 'BE') {
    const base = `${String(s % 100).padStart(2, '0')}${String(year % 100).padStart(2, '0')}${String(number % 1_000_000).padStart(6, '0')}`;
    return createBelgianStructuredReference(base);
  }
  return createDutchPaymentReference(`${String(s).padStart(5, '0')}${year}${String(number).padStart(6, '0')}`);
}

/** Whole days from `from` to `to` (ISO dates; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const ageingBuckets = ['notDue', 'days1to30', 'days31to60', 'days61to90', 'over90'] as const;
export type AgeingBucket = (typeof ageingBuckets)[number];

/** The bucket of an item due on `dueDate`, seen at `asOf`: days overdue 0 (or less), 1–30, 31–60, 61–90, > 90. */
export function ageingBucket(dueDate: string, asOf: string): AgeingBucket {
  const overdue = daysBetween(dueDate, asOf);
  if (overdue <= 0) return 'notDue';
  if (overdue <= 30) return 'days1to30';
  if (overdue <= 60) return 'days31to60';
  if (overdue <= 90) return 'days61to90';
  return 'over90';
}

/** Value of `minutes` at `hourlyRate` cents an hour, rounded half away from zero. */
export function minutesValue(minutes: number, hourlyRate: Cents): Cents {
  return mulDivRound(hourlyRate, minutes, 60);
}
