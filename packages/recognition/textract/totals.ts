import { mulDivRound } from '#packages/kernel';
import type { RecognitionResult } from '../model.js';
import { parseAmount } from './amounts.js';
import { type Confident, type FieldReading, mostConfident, ofType, plain } from './fields.js';

type Issues = RecognitionResult['issues'];
type VatRow = RecognitionResult['vatBreakdown'][number];

const rate = /(\d{1,2}(?:[.,]\d{1,2})?)\s*%/;

/** Net, VAT and gross, plus VAT per rate where the document prints TAX rows with a rate. */
export function readTotals(
  readings: readonly FieldReading[],
  issues: Issues,
): Pick<RecognitionResult, 'totals' | 'vatBreakdown'> {
  const gross = readAmount(readings, ['TOTAL'], issues) ?? readAmount(readings, ['AMOUNT_DUE'], issues);
  const net = readAmount(readings, ['SUBTOTAL'], issues);
  const taxes = ofType(readings, 'TAX');
  const rated = ratedTaxes(taxes);
  const unrated = readAmount(
    taxes.filter((r) => rateOf(r) === undefined),
    ['TAX'],
    issues,
  );
  const vat = unrated ?? sumOf(rated);
  return {
    totals: { net, vat, gross },
    vatBreakdown: rated.map(({ rateBasisPoints, amount }) => ({
      rateBasisPoints,
      base: baseOf(rateBasisPoints, amount.value, rated.length === 1 ? net?.value : undefined),
      vat: amount.value,
    })),
  };
}

function readAmount(readings: readonly FieldReading[], types: string[], issues: Issues): Confident<number> | undefined {
  const candidates = ofType(readings, ...types);
  const found = plain(mostConfident(candidates, (r) => parseAmount(r.value)?.cents));
  const first = candidates[0];
  if (!found && first)
    issues.push({ field: first.type.toLowerCase(), message: `Cannot read '${first.value}' as an amount` });
  return found;
}

/** The rate in basis points a TAX row names in its label or value (`BTW 21%` → 2100). */
function rateOf(reading: FieldReading): number | undefined {
  const match = rate.exec(`${reading.label} ${reading.value}`);
  return match?.[1] === undefined ? undefined : Math.round(Number(match[1].replace(',', '.')) * 100);
}

interface RatedTax {
  readonly rateBasisPoints: number;
  readonly amount: Confident<number>;
}

// Textract often reports one printed row twice; keep the most confident reading per rate.
function ratedTaxes(taxes: readonly FieldReading[]): RatedTax[] {
  const byRate = new Map<number, Confident<number>>();
  for (const reading of taxes) {
    const basisPoints = rateOf(reading);
    const cents = parseAmount(reading.value)?.cents;
    if (basisPoints === undefined || cents === undefined) continue;
    const known = byRate.get(basisPoints);
    if (!known || reading.confidence > known.confidence)
      byRate.set(basisPoints, { value: cents, confidence: reading.confidence });
  }
  return [...byRate].map(([rateBasisPoints, amount]) => ({ rateBasisPoints, amount }));
}

function sumOf(rated: readonly RatedTax[]): Confident<number> | undefined {
  if (rated.length === 0) return undefined;
  return {
    value: rated.reduce((sum, r) => sum + r.amount.value, 0),
    confidence: Math.min(...rated.map((r) => r.amount.confidence)),
  };
}

/**
 * A TAX row prints only the VAT, so its base is the net total when there is one rate, and
 * otherwise follows back from the rate (exact to within a cent or so of the printed base).
 */
function baseOf(rateBasisPoints: number, vat: number, net: number | undefined): VatRow['base'] {
  if (net !== undefined) return net;
  return rateBasisPoints === 0 ? 0 : mulDivRound(vat, 10_000, rateBasisPoints);
}
