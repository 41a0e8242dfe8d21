import { mulDivRound, vatOf } from '#packages/kernel';
import type { RecognitionResult } from '../model.js';
import { type AmountMatch, findAmounts, findRate } from './amounts.js';
import { labelHits, ocrFactor, unit } from './find.js';
import { type TotalKind, totalLabels, vatExempt } from './labels.js';
import { confidenceOf, type Doc, extentOf, overlapping, type Row, rowsBelow, type Segment } from './text.js';

type Totals = RecognitionResult['totals'];
type VatRow = RecognitionResult['vatBreakdown'][number];
type Issues = RecognitionResult['issues'];

interface AmountCandidate {
  readonly cents: number;
  readonly confidence: number;
  readonly row: Row;
  /** The rate its label names ("BTW 21%"), for a VAT total. */
  readonly rate?: number;
  /** Printed with decimals (or derived); a whole number may be a misread. */
  readonly decimals?: boolean;
}

/** A VAT row: a rate with the VAT and, when printed, its base. */
interface RateRow {
  readonly rateBasisPoints: number;
  readonly vat?: number;
  /** The VAT was printed as a whole number: OCR may have lost its decimal comma. */
  readonly wholeVat?: boolean;
  readonly base?: number;
  readonly confidence: number;
  readonly category?: string;
  readonly row: Row;
}

const netWords =
  /\b(?:ohne|exkl|zzgl|excl|exclusief|excluding|exclusive|htva|hors|ht|h\.t|netto|sub-?\s?tota(?:a)?l|sous-?\s?total)\b/;
const allLabels = [...totalLabels.net, ...totalLabels.vat, ...totalLabels.gross];
const anyTotalLabel = new RegExp(allLabels.map((l) => l.pattern.source).join('|'), 'u');
// VAT rates in use in the Benelux and neighbours; a rate outside them is more likely a misread.
const knownRates = new Set([0, 500, 550, 600, 700, 900, 1000, 1200, 1300, 1400, 1600, 1700, 1900, 2000, 2100]);

/**
 * Net, VAT and gross with the VAT per rate. Every labelled amount is a candidate; the
 * combination that adds up (net + VAT = gross, rates summing to the VAT) wins, and agreeing
 * arithmetic raises the confidence of each total. `exclude` are rows of the line-item table;
 * `linesNet`, the sum of its lines, supports the net total it equals.
 */
export function readTotals(
  doc: Doc,
  exclude: ReadonlySet<Row>,
  issues: Issues,
  linesNet?: number,
): Pick<RecognitionResult, 'totals' | 'vatBreakdown'> {
  const rows = doc.rows.filter((row) => !exclude.has(row));
  const candidates = {
    net: amountCandidates(doc, rows, 'net'),
    vat: amountCandidates(doc, rows, 'vat'),
    gross: amountCandidates(doc, rows, 'gross'),
  };
  const { rates, unread } = rateRows(rows);
  const chosen = choose(candidates, rates, unread, linesNet);
  const breakdown = breakdownOf(restored(rates, chosen.vat?.cents), chosen.net?.cents, chosen.vat?.cents);
  // Only the VAT label names the rate ("BTW 21%" over its amount): one rate, on the net.
  const { net, vat } = chosen;
  if (breakdown.length === 0 && vat?.rate !== undefined && net && near(vatOf(net.cents, vat.rate), vat.cents)) {
    breakdown.push({ rateBasisPoints: vat.rate, base: net.cents, vat: vat.cents });
  }
  const totals: Totals = {
    net: chosen.net && { value: chosen.net.cents, confidence: unit(chosen.net.confidence) },
    vat: chosen.vat && { value: chosen.vat.cents, confidence: unit(chosen.vat.confidence) },
    gross: chosen.gross && { value: chosen.gross.cents, confidence: unit(chosen.gross.confidence) },
  };
  if (!totals.gross) issues.push({ field: 'totals.gross', message: 'No total amount found in the document' });
  return { totals, vatBreakdown: breakdown };
}

/** Labelled amounts of one kind, the same amount printed twice counting as one, surer. */
function amountCandidates(doc: Doc, rows: readonly Row[], kind: TotalKind): AmountCandidate[] {
  const found: AmountCandidate[] = [];
  const shadowing = kind === 'vat' ? [...totalLabels.net, ...totalLabels.gross] : [];
  for (const hit of labelHits(doc, totalLabels[kind], { rows })) {
    // "Totaal incl. btw" names the gross; its "btw" is not a VAT label.
    if (shadowing.some((label) => overlapsLabel(hit.segment, hit.start, hit.end, label.pattern))) continue;
    // "Total HTVA", "Totaal excl. btw" are net totals however their first word reads.
    if (kind === 'gross' && netWords.test(hit.segment.folded)) continue;
    const amount = amountAfter(doc, hit.segment, hit.end, kind === 'vat');
    if (!amount) continue;
    const read = confidenceOf(amount.segment, amount.match.start, amount.match.end);
    const rate = kind === 'vat' ? findRate(hit.segment.text)?.basisPoints : undefined;
    found.push({
      cents: amount.match.cents,
      confidence: hit.strength * amount.weight * ocrFactor(read) * (amount.match.decimals ? 1 : 0.9),
      row: amount.segment.row,
      decimals: amount.match.decimals,
      ...(rate !== undefined ? { rate } : {}),
    });
  }
  return merge(found);
}

function overlapsLabel(segment: Segment, start: number, end: number, pattern: RegExp): boolean {
  for (const match of segment.folded.matchAll(new RegExp(pattern.source, 'gu'))) {
    const matchEnd = match.index + match[0].length;
    if (match.index < end && start < matchEnd && matchEnd - match.index > end - start) return true;
  }
  return false;
}

interface PlacedAmount {
  readonly match: AmountMatch;
  readonly segment: Segment;
  readonly weight: number;
}

/**
 * The amount a total label refers to: the last amount before the next label on its line
 * (after a rate, the VAT rather than its base), else the amount printed under the label.
 */
function amountAfter(doc: Doc, segment: Segment, end: number, isVat: boolean): PlacedAmount | undefined {
  const row = segment.row;
  const spans: { segment: Segment; offset: number; text: string }[] = [];
  const rest = segment.text.slice(end);
  spans.push({ segment, offset: end, text: untilNextLabel(rest, segment.folded.slice(end)) });
  for (const next of row.segments.slice(segment.index + 1)) {
    if (anyTotalLabel.test(next.folded) && findAmounts(next.text).length === 0) break;
    const text = untilNextLabel(next.text, next.folded);
    spans.push({ segment: next, offset: 0, text });
    if (text.length < next.text.length) break;
  }
  const amounts = spans.flatMap((span) =>
    findAmounts(span.text).map((match) => ({
      match: { ...match, start: match.start + span.offset, end: match.end + span.offset },
      segment: span.segment,
      weight: span.segment === segment ? 1 : 0.97,
    })),
  );
  if (amounts.length > 0) {
    if (isVat && amounts.length > 1) {
      const rate = findRate(row.text)?.basisPoints;
      const vat = rate
        ? amounts.find((a) => amounts.some((b) => b !== a && near(vatOf(b.match.cents, rate), a.match.cents)))
        : undefined;
      if (vat) return vat;
    }
    return amounts.at(-1);
  }
  const { x0, x1 } = extentOf(segment, 0, end);
  const column = columnBelow(doc, row, x0, x1);
  // A column whose last amount is the sum of those above it ends in its total row.
  const last = column.at(-1);
  if (last && column.length >= 2 && sum(column.slice(0, -1).map((c) => c.match.cents)) === last.match.cents) {
    return { ...last, weight: 0.88 };
  }
  return column[0] && { ...column[0], weight: 0.88 };
}

/** The amounts printed under a heading, row by row, until a row has none in its column. */
function columnBelow(doc: Doc, heading: Row, x0: number, x1: number): Omit<PlacedAmount, 'weight'>[] {
  const found: Omit<PlacedAmount, 'weight'>[] = [];
  let previous = heading;
  for (let i = 0; i < 6; i++) {
    const below = rowsBelow(doc, previous, 2.5)[0];
    const under = below && overlapping(below, x0, x1, below.height * 2);
    const match = under && findAmounts(under.text).at(-1);
    if (!below || !under || !match) break;
    found.push({ match, segment: under });
    previous = below;
  }
  return found;
}

function untilNextLabel(text: string, folded: string): string {
  // Skip the first character so the label being read is not found again.
  const next = anyTotalLabel.exec(folded.slice(1));
  return next ? text.slice(0, next.index + 1) : text;
}

/** One candidate per amount; a repeat adds to the best reading's confidence. */
function merge(candidates: readonly AmountCandidate[]): AmountCandidate[] {
  const byCents = new Map<number, AmountCandidate>();
  for (const candidate of candidates) {
    const known = byCents.get(candidate.cents);
    if (!known) byCents.set(candidate.cents, candidate);
    else {
      const [high, low] = known.confidence >= candidate.confidence ? [known, candidate] : [candidate, known];
      byCents.set(candidate.cents, { ...high, confidence: Math.min(0.99, high.confidence + low.confidence * 0.15) });
    }
  }
  return [...byCents.values()].sort((a, b) => b.confidence - a.confidence).slice(0, 6);
}

const vatWords = /\b(?:btw|b\.t\.w|tva|t\.v\.a|vat|tax|omzetbelasting|tarief|taux|rate)(?![a-z])/;

/** Rows that print a VAT rate with its VAT (and base): "BTW 21% over 100,00 21,00", tables. */
function rateRows(rows: readonly Row[]): { rates: RateRow[]; unread: Set<number> } {
  const found: RateRow[] = [];
  const unread = new Set<number>();
  const header = breakdownHeader(rows);
  for (const row of rows) {
    const rate = findRate(row.text);
    const exempt = vatExempt.test(row.folded);
    if (!rate && !exempt) continue;
    const labelled = vatWords.test(row.folded) || (header !== undefined && row.order > header.order);
    if (!labelled && !exempt) continue;
    const text = rate
      ? row.text.slice(0, rate.start) + ' '.repeat(rate.end - rate.start) + row.text.slice(rate.end)
      : row.text;
    const matches = findAmounts(text);
    const amounts = matches.map((a) => a.cents);
    const basisPoints = rate?.basisPoints ?? 0;
    const confidence = ocrFactor(Math.min(...row.segments.map((s) => confidenceOf(s))));
    const category = exempt ? categoryOf(row.folded) : undefined;
    const parsed = rateRowOf(basisPoints, amounts);
    const wholeVat = parsed?.vat !== undefined && matches.some((m) => m.cents === parsed.vat && !m.decimals);
    if (parsed) found.push({ ...parsed, rateBasisPoints: basisPoints, confidence, row, category, wholeVat });
    else if (exempt && basisPoints === 0) found.push({ rateBasisPoints: 0, vat: 0, confidence: 0.7, row, category });
    // Figures beside the rate that are not an amount, or a bare "BTW 21%" line: this rate's VAT
    // was misread or lost.
    else if (/\d/.test(text) || text.trim().split(/\s+/).length <= 2) unread.add(basisPoints);
  }
  // A rate may be printed in several places (a summary and a table): keep the fullest reading.
  const byRate = new Map<number, RateRow>();
  for (const row of found) {
    const known = byRate.get(row.rateBasisPoints);
    const fuller = (r: RateRow) => (r.base !== undefined ? 1 : 0) + (r.vat !== undefined ? 1 : 0);
    if (!known || fuller(row) > fuller(known)) byRate.set(row.rateBasisPoints, row);
  }
  for (const rate of byRate.keys()) unread.delete(rate);
  return {
    rates: [...byRate.values()].filter((r) => knownRates.has(r.rateBasisPoints) || r.base !== undefined),
    unread,
  };
}

/** The rates with whole-number VAT amounts read as cents, when that is what the totals chose. */
function restored(rates: readonly RateRow[], vat: number | undefined): readonly RateRow[] {
  const printed = sum(rates.map((r) => r.vat ?? 0));
  const fixed = rates.map((r) => (r.wholeVat && r.vat !== undefined ? { ...r, vat: r.vat / 100 } : r));
  return vat !== undefined && printed !== vat && sum(fixed.map((r) => r.vat ?? 0)) === vat ? fixed : rates;
}

function categoryOf(folded: string): string {
  if (/verlegd|verlegging|autoliquidation|reverse\s+charge/.test(folded)) return 'AE';
  if (/intracommunautaire?|intra-?community/.test(folded)) return 'K';
  return 'E';
}

/** The base and VAT among a row's amounts: the pair where base × rate ≈ VAT. */
function rateRowOf(rate: number, amounts: readonly number[]): Pick<RateRow, 'base' | 'vat'> | undefined {
  if (amounts.length === 0) return undefined;
  for (let i = 0; i < amounts.length; i++) {
    for (let j = 0; j < amounts.length; j++) {
      const base = amounts[i] ?? 0;
      const vat = amounts[j] ?? 0;
      if (i !== j && base !== 0 && near(vatOf(base, rate), vat)) return { base, vat };
    }
  }
  // At 0 % a lone 0,00 is the VAT; any other lone amount is the base.
  if (rate === 0) return amounts[0] === 0 ? { vat: 0 } : { base: amounts[0], vat: 0 };
  if (amounts.length === 1) return { vat: amounts[0] };
  return undefined;
}

/** Within rounding of the VAT: per-line rounding lets the printed VAT drift a few cents. */
function near(expected: number, printed: number): boolean {
  return Math.abs(expected - printed) <= Math.max(2, Math.abs(expected) * 0.002);
}

const baseHeading = /\b(?:grondslag|maatstaf|basis|base|excl|netto|net|htva|bedrag\s+excl)\b/;

/** A header row of a VAT summary table ("Tarief Grondslag BTW"). */
function breakdownHeader(rows: readonly Row[]): Row | undefined {
  return rows.find(
    (row) => vatWords.test(row.folded) && baseHeading.test(row.folded) && findAmounts(row.text).length === 0,
  );
}

interface Chosen {
  net?: AmountCandidate | undefined;
  vat?: AmountCandidate | undefined;
  gross?: AmountCandidate | undefined;
}

/**
 * The best-scoring combination of net, VAT and gross. A combination that adds up scores a
 * bonus, as does a VAT that the rates sum to; the winners' confidences are raised when
 * the arithmetic confirms them, and missing totals follow from the other two.
 */
function choose(
  candidates: Record<TotalKind, AmountCandidate[]>,
  rates: readonly RateRow[],
  unread: ReadonlySet<number>,
  linesNet: number | undefined,
): Chosen {
  const complete = rates.length > 0 && unread.size === 0;
  const rateVat = complete && rates.every((r) => r.vat !== undefined) ? sum(rates.map((r) => r.vat ?? 0)) : undefined;
  const rateBase =
    complete && rates.every((r) => r.base !== undefined) ? sum(rates.map((r) => r.base ?? 0)) : undefined;
  // With several rates, "BTW 21%: 21,00" is that rate's part, not the total VAT.
  const severalRates = rates.length + unread.size > 1;
  const vats = candidates.vat.filter((v) => !severalRates || v.rate === undefined);
  const firstRate = rates[0];
  const rateConfidence = Math.min(...rates.map((r) => r.confidence));
  if (rateVat !== undefined && firstRate && !vats.some((v) => v.cents === rateVat)) {
    vats.push({ cents: rateVat, confidence: 0.8 * rateConfidence, row: firstRate.row, decimals: true });
    // "Btw 12% €240" may be €2,40 with its comma lost.
    const undotted = sum(rates.map((r) => (r.wholeVat ? (r.vat ?? 0) / 100 : (r.vat ?? 0))));
    if (undotted !== rateVat && Number.isInteger(undotted)) {
      vats.push({ cents: undotted, confidence: 0.6 * rateConfidence, row: firstRate.row, decimals: true });
    }
  }
  const nets = [...candidates.net];
  if (rateBase !== undefined && firstRate && !nets.some((n) => n.cents === rateBase)) {
    nets.push({ cents: rateBase, confidence: 0.75 * rateConfidence, row: firstRate.row });
  }
  let bestScore = Number.NEGATIVE_INFINITY;
  let chosen: Chosen = {};
  const grosses = withMisreadings(candidates.gross);
  const netsRead = withMisreadings(nets);
  const vatsRead = withMisreadings(vats);
  for (const gross of [...grosses, undefined]) {
    for (const net of [...netsRead, undefined]) {
      for (const vat of [...vatsRead, undefined]) {
        // Lines that add up to a printed net confirm it; a printed total left out counts against.
        const score =
          scoreOf(net, vat, gross, rateVat, rateBase) +
          (net && net.cents === linesNet ? 0.4 : 0) -
          (!gross && candidates.gross.length > 0 ? 0.3 : 0);
        if (score > bestScore + 1e-9) [bestScore, chosen] = [score, { net, vat, gross }];
      }
    }
  }
  return confirm(chosen, rateVat, rateBase);
}

function scoreOf(
  net: AmountCandidate | undefined,
  vat: AmountCandidate | undefined,
  gross: AmountCandidate | undefined,
  rateVat: number | undefined,
  rateBase: number | undefined,
): number {
  let score = (net?.confidence ?? 0) + (vat?.confidence ?? 0) + (gross?.confidence ?? 0);
  if (net && vat && gross) {
    if (net.cents + vat.cents !== gross.cents) return score - 0.5;
    score += 1.5;
  }
  if (net && gross && !vat) score += plausibleVat(net.cents, gross.cents) ? 0.3 : -0.8;
  if (vat && gross && !net && Math.abs(vat.cents) > Math.abs(gross.cents)) score -= 1;
  if (vat && rateVat !== undefined) score += vat.cents === rateVat ? 0.4 : -0.2;
  if (net && rateBase !== undefined) score += net.cents === rateBase ? 0.3 : -0.1;
  if (net && vat && !gross && Math.abs(vat.cents) > Math.abs(net.cents)) score -= 1;
  return score;
}

/**
 * Other ways a printed amount may have been read, at a lower confidence, for the arithmetic to
 * choose from: with its decimal separator lost (OCR reads `€1,27` as `€127`), and with the
 * opposite sign (a stray dash before an amount, or a credit note printed unsigned).
 */
function withMisreadings(candidates: readonly AmountCandidate[]): AmountCandidate[] {
  const variants = candidates.flatMap((c) => {
    const flipped = c.cents === 0 ? [] : [{ ...c, cents: -c.cents, confidence: c.confidence * 0.6 }];
    const undotted =
      !c.decimals && Math.abs(c.cents) >= 10_000 && c.cents % 100 === 0
        ? [{ ...c, cents: c.cents / 100, confidence: c.confidence * 0.6 }]
        : [];
    return [...flipped, ...undotted];
  });
  return [...candidates, ...variants.filter((v) => !candidates.some((c) => c.cents === v.cents))];
}

/** Whether gross − net can be the VAT: nil, at a rate in use, or a mix of rates up to 21 %. */
function plausibleVat(net: number, gross: number): boolean {
  const vat = gross - net;
  if (vat === 0) return true;
  if ([...knownRates].some((rate) => rate > 0 && near(vatOf(net, rate), vat))) return true;
  return Math.sign(vat) === Math.sign(net) && Math.abs(vat) <= vatOf(Math.abs(net), 2100) + 2;
}

function confirm(chosen: Chosen, rateVat: number | undefined, rateBase: number | undefined): Chosen {
  let { net, vat, gross } = chosen;
  if (net && vat && gross && net.cents + vat.cents === gross.cents) {
    const lift = (c: AmountCandidate) => ({
      ...c,
      confidence: Math.max(c.confidence, Math.min(0.99, 0.9 + c.confidence * 0.1)),
    });
    [net, vat, gross] = [lift(net), lift(vat), lift(gross)];
  } else if (net && vat && gross) {
    const lower = (c: AmountCandidate) => ({ ...c, confidence: Math.min(c.confidence, 0.5) });
    [net, vat, gross] = [lower(net), lower(vat), lower(gross)];
  }
  if (vat && rateVat !== undefined && vat.cents === rateVat)
    vat = { ...vat, confidence: Math.max(vat.confidence, 0.9) };
  if (net && rateBase !== undefined && net.cents === rateBase)
    net = { ...net, confidence: Math.max(net.confidence, 0.85) };
  // Derive a missing total from the other two; the derivation is only as sure as its inputs.
  if (gross && vat && !net) net = derived(gross.cents - vat.cents, gross, vat);
  else if (gross && net && !vat && plausibleVat(net.cents, gross.cents))
    vat = derived(gross.cents - net.cents, gross, net);
  else if (net && vat && !gross) gross = derived(net.cents + vat.cents, net, vat);
  return { net, vat, gross };
}

function derived(cents: number, a: AmountCandidate, b: AmountCandidate): AmountCandidate {
  return { cents, confidence: 0.8 * Math.min(a.confidence, b.confidence), row: a.row };
}

/**
 * The VAT per rate as printed. With one rate and no printed base, the base is the net total;
 * with several rates, it follows back from the VAT.
 */
function breakdownOf(rates: readonly RateRow[], net: number | undefined, vat: number | undefined): VatRow[] {
  const rows = rates.filter((r) => r.vat !== undefined || r.base !== undefined);
  const nonZero = rows.filter((r) => r.rateBasisPoints > 0);
  // A single 0 % line beside a normal rate is usually an empty "0%: 0,00" summary row.
  const kept = nonZero.length > 0 ? rows.filter((r) => r.rateBasisPoints > 0 || (r.base ?? 0) !== 0) : rows;
  return kept
    .sort((a, b) => b.rateBasisPoints - a.rateBasisPoints)
    .map((r) => {
      const single = kept.length === 1;
      const base =
        r.base ??
        (single && net !== undefined
          ? net
          : r.rateBasisPoints > 0 && r.vat !== undefined
            ? mulDivRound(r.vat, 10_000, r.rateBasisPoints)
            : 0);
      const rowVat = r.vat ?? (single && vat !== undefined ? vat : vatOf(base, r.rateBasisPoints));
      return { rateBasisPoints: r.rateBasisPoints, base, vat: rowVat, ...(r.category ? { category: r.category } : {}) };
    });
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
