import { lineNet } from '#packages/invoicing';
import { type Cents, type Country, vatOf } from '#packages/kernel';
import { vatCodes } from '#packages/ledger';
import type { RecognitionResult } from '#packages/recognition';
import type { ProposalIssue, ProposalLine, ProposalTotals } from './model.js';
import { rateLabel, type Suggestion } from './suggest.js';

/**
 * From a recognised document to proposal lines, without the table: the document's lines with
 * their nets and rates, consolidated per (VAT rate, GL account, VAT code), each keeping the
 * indexes of the lines it stands for; the document's VAT per rate shared out over them.
 */

/** One document line as the proposal reads it: net in cents, with a VAT rate. */
export interface SourceLine {
  readonly index: number;
  readonly description: string;
  readonly net: Cents;
  readonly rateBasisPoints: number;
}

type Issue = ProposalIssue;
/** A note on how the document was read into lines; it stays with the proposal through edits. */
const readingIssue = (field: string, message: string): Issue => ({
  field,
  message,
  source: 'recognition',
  blocking: false,
});

/** The VAT rates of a country's ordinary codes (NL 21/9/0, BE 21/12/6/0), highest first. */
export function countryRates(country: Country): number[] {
  const rates = new Set(
    vatCodes[country]
      .filter((c) => c.kind === 'standard' || c.kind === 'reduced' || c.kind === 'zero')
      .map((c) => c.rateBasisPoints),
  );
  return [...rates].sort((a, b) => b - a);
}

/** The country rate whose VAT on `net` is `vat` to the cent (or nearest), when a document states no rate. */
export function inferRate(net: Cents, vat: Cents, country: Country): { rate: number; exact: boolean } {
  const ranked = countryRates(country)
    .map((rate) => ({ rate, off: Math.abs(vatOf(net, rate) - vat) }))
    .sort((a, b) => a.off - b.off || b.rate - a.rate);
  const best = ranked[0] ?? { rate: 0, off: Math.abs(vat) };
  return { rate: best.rate, exact: best.off <= 1 };
}

/**
 * Shares `total` out over `weights` in proportion, in whole cents that add up to `total`
 * exactly (largest remainder; ties to the earlier). All on the first when the weights are zero.
 */
export function apportion(total: Cents, weights: readonly number[]): Cents[] {
  if (weights.length === 0) return [];
  const sign = total < 0 ? -1 : 1;
  const amount = Math.abs(total);
  const absolute = weights.map((w) => Math.abs(w));
  const sum = absolute.reduce((s, w) => s + w, 0);
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const exact = absolute.map((w) => (amount * w) / sum);
  const shares = exact.map(Math.floor);
  let left = amount - shares.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares.map((s) => sign * s + 0);
}

/** VAT per rate as the document states it: from its breakdown, summed per rate. */
function breakdownByRate(recognition: RecognitionResult, sign: 1 | -1): Map<number, { base: Cents; vat: Cents }> {
  const byRate = new Map<number, { base: Cents; vat: Cents }>();
  for (const b of recognition.vatBreakdown) {
    const entry = byRate.get(b.rateBasisPoints) ?? { base: 0, vat: 0 };
    entry.base += sign * b.base;
    entry.vat += sign * b.vat;
    byRate.set(b.rateBasisPoints, entry);
  }
  return byRate;
}

function quantityNet(line: RecognitionResult['lines'][number]): Cents | undefined {
  if (line.net !== undefined) return line.net;
  if (line.unitPrice === undefined) return undefined;
  try {
    return lineNet(line.quantity ?? '1', line.unitPrice);
  } catch {
    return undefined;
  }
}

/**
 * How many of a document's lines its reading issues name one by one; the lines past them are
 * counted in one issue, so that a 5 000-line document read without rates still fits an item.
 */
export const lineIssuesKept = 20;

/**
 * The document's lines with a net and a rate each. A line without a rate takes the document's
 * only rate, or the rate of the largest base with an issue; a line without any amount is
 * left out with an issue (it stays in the document lines). The first {@link lineIssuesKept}
 * such lines get an issue each, the others one issue that counts them.
 */
export function sourceLinesOf(recognition: RecognitionResult, sign: 1 | -1): { lines: SourceLine[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const more = { amount: 0, rate: 0 };
  const note = (kind: keyof typeof more, issue: () => Issue) => {
    if (issues.length < lineIssuesKept) issues.push(issue());
    else more[kind]++;
  };
  const breakdown = breakdownByRate(recognition, sign);
  const rates = [...breakdown.keys()];
  const largest = [...breakdown].sort((a, b) => Math.abs(b[1].base) - Math.abs(a[1].base))[0]?.[0];
  const lines: SourceLine[] = [];
  recognition.lines.forEach((line, index) => {
    const net = quantityNet(line);
    if (net === undefined) {
      note('amount', () =>
        readingIssue(
          `documentLines.${index}`,
          `Line ${index + 1} ("${line.description}") has no amount; it is left out.`,
        ),
      );
      return;
    }
    let rate = line.vatRateBasisPoints;
    if (rate === undefined) {
      rate = rates.length === 1 ? rates[0] : largest;
      if (rates.length !== 1) {
        note('rate', () =>
          readingIssue(
            `documentLines.${index}`,
            rate === undefined
              ? `Line ${index + 1} has no VAT rate and the document states none; 0 % assumed.`
              : `Line ${index + 1} has no VAT rate; the ${rateLabel(rate)} of the largest base is assumed.`,
          ),
        );
      }
    }
    lines.push({ index, description: line.description, net: sign * net + 0, rateBasisPoints: rate ?? 0 });
  });
  if (more.amount + more.rate > 0) {
    const counted = [
      ...(more.amount > 0 ? [`${more.amount} without an amount, left out`] : []),
      ...(more.rate > 0 ? [`${more.rate} without a VAT rate, the rate assumed as above`] : []),
    ];
    issues.push(readingIssue('documentLines', `${more.amount + more.rate} more lines: ${counted.join('; ')}.`));
  }
  return { lines, issues };
}

/** The document's totals: as stated, else from its VAT breakdown, else from its lines. */
export function documentTotals(
  recognition: RecognitionResult,
  sign: 1 | -1,
  lines: readonly SourceLine[],
): ProposalTotals {
  const breakdown = [...breakdownByRate(recognition, sign).values()];
  const stated = recognition.totals;
  const net =
    stated.net !== undefined
      ? sign * stated.net.value
      : breakdown.length > 0
        ? breakdown.reduce((s, b) => s + b.base, 0)
        : stated.gross !== undefined && stated.vat !== undefined
          ? sign * (stated.gross.value - stated.vat.value)
          : lines.reduce((s, l) => s + l.net, 0);
  const vat =
    stated.vat !== undefined
      ? sign * stated.vat.value
      : breakdown.length > 0
        ? breakdown.reduce((s, b) => s + b.vat, 0)
        : stated.gross !== undefined
          ? sign * stated.gross.value - net
          : 0;
  const gross = stated.gross !== undefined ? sign * stated.gross.value : net + vat;
  return { net: net + 0, vat: vat + 0, gross: gross + 0 };
}

export interface ConsolidationInput {
  readonly recognition: RecognitionResult;
  readonly sign: 1 | -1;
  readonly country: Country;
  readonly totals: ProposalTotals;
  readonly sourceLines: readonly SourceLine[];
  /** The suggestion for a line (description and rate). */
  readonly suggest: (line: { description: string; rateBasisPoints: number }) => Suggestion;
  /** The name of a GL account, as the line's cost category. */
  readonly accountName: (code: string) => string | undefined;
  /** What to call a line made from a rate when the document has no lines (the counterparty's name). */
  readonly label: string;
}

interface Group {
  rate: number;
  suggestion: Suggestion;
  members: { line: SourceLine; suggestion: Suggestion }[];
  net: Cents;
  /** A line the document's lines do not show: a rate's base beyond its lines, or a document without lines. */
  synthetic?: string;
}

const groupKey = (rate: number, s: Pick<Suggestion, 'glAccount' | 'vatCode'>) =>
  `${rate}|${s.glAccount}|${s.vatCode ?? ''}`;

/**
 * Proposal lines per (VAT rate, suggested GL account and VAT code), in order of first
 * appearance, keeping the source lines' indexes. Where the document's base for a rate differs
 * from its lines (allowances or charges on the document), the difference is a line of its own
 * on the account of that rate's largest line. VAT per rate is the document's, shared out over
 * that rate's lines by net; computed from the rate where the document states none. A
 * document without lines gets one line per rate of its breakdown, or one from its totals.
 */
export function consolidate(input: ConsolidationInput): { lines: ProposalLine[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const breakdown = breakdownByRate(input.recognition, input.sign);
  const groups = new Map<string, Group>();
  const add = (key: string, group: Group) => {
    const existing = groups.get(key);
    if (!existing) groups.set(key, group);
    else {
      existing.members.push(...group.members);
      existing.net += group.net;
    }
  };

  if (input.sourceLines.length > 0) {
    for (const line of input.sourceLines) {
      const suggestion = input.suggest(line);
      add(groupKey(line.rateBasisPoints, suggestion), {
        rate: line.rateBasisPoints,
        suggestion,
        members: [{ line, suggestion }],
        net: line.net,
      });
    }
    for (const [rate, stated] of breakdown) {
      const ofRate = [...groups.values()].filter((g) => g.rate === rate);
      const difference = stated.base - ofRate.reduce((s, g) => s + g.net, 0);
      if (difference === 0) continue;
      const largest = ofRate.sort((a, b) => Math.abs(b.net) - Math.abs(a.net))[0];
      const description = `Document-level allowances and charges at ${rateLabel(rate)}`;
      const suggestion = largest?.suggestion ?? input.suggest({ description: '', rateBasisPoints: rate });
      groups.set(`${rate}|adjustment`, { rate, suggestion, members: [], net: difference, synthetic: description });
    }
  } else if (breakdown.size > 0) {
    for (const [rate, stated] of breakdown) {
      const description = `${input.label} ${rateLabel(rate)}`;
      const suggestion = input.suggest({ description, rateBasisPoints: rate });
      groups.set(`${rate}|document`, { rate, suggestion, members: [], net: stated.base, synthetic: description });
    }
  } else {
    const inferred = inferRate(input.totals.net, input.totals.vat, input.country);
    if (!inferred.exact) {
      issues.push(
        readingIssue(
          'totals',
          `The VAT of ${input.totals.vat} cents fits no ${input.country} rate on ${input.totals.net} cents.`,
        ),
      );
    }
    const description = `${input.label} ${rateLabel(inferred.rate)}`;
    const suggestion = input.suggest({ description, rateBasisPoints: inferred.rate });
    groups.set('document', {
      rate: inferred.rate,
      suggestion,
      members: [],
      net: input.totals.net,
      synthetic: description,
    });
    breakdown.set(inferred.rate, { base: input.totals.net, vat: input.totals.vat });
  }

  const list = [...groups.values()];
  const vats = new Map<Group, Cents>();
  const rates = new Set(list.map((g) => g.rate));
  for (const rate of rates) {
    const ofRate = list.filter((g) => g.rate === rate);
    const stated =
      breakdown.get(rate)?.vat ??
      (breakdown.size === 0 && rates.size === 1 && input.recognition.totals.vat !== undefined
        ? input.totals.vat
        : undefined);
    const shares =
      stated === undefined
        ? ofRate.map((g) => vatOf(g.net, rate))
        : apportion(
            stated,
            ofRate.map((g) => g.net),
          );
    ofRate.forEach((g, i) => {
      vats.set(g, shares[i] ?? 0);
    });
  }

  // A document with lines and a total VAT but no VAT per rate (a receipt): the rates on the
  // groups' nets may miss its total by rounding; the largest VAT takes the cents.
  if (breakdown.size === 0 && input.sourceLines.length > 0 && input.recognition.totals.vat !== undefined) {
    const missing = input.totals.vat - [...vats.values()].reduce((s, v) => s + v, 0);
    const largest = [...vats].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0];
    if (largest && missing !== 0 && Math.abs(missing) <= Math.max(1, Math.ceil(input.sourceLines.length / 2))) {
      vats.set(largest[0], largest[1] + missing);
    }
  }

  const lines = list.map((g): ProposalLine => {
    const weights = g.members.map((m) => Math.abs(m.line.net) || 1);
    const weight = weights.reduce((s, w) => s + w, 0);
    const confidence =
      g.members.length === 0
        ? g.suggestion.confidence
        : Math.round(
            (g.members.reduce((s, m, i) => s + m.suggestion.confidence * (weights[i] ?? 0), 0) / weight) * 1000,
          ) / 1000;
    const lead =
      [...g.members].sort((a, b) => Math.abs(b.line.net) - Math.abs(a.line.net) || a.line.index - b.line.index)[0]
        ?.suggestion ?? g.suggestion;
    const category = input.accountName(g.suggestion.glAccount);
    return {
      description: describe(g, category),
      glAccount: g.suggestion.glAccount,
      ...(g.suggestion.vatCode ? { vatCode: g.suggestion.vatCode } : {}),
      rateBasisPoints: g.rate,
      net: g.net,
      vat: vats.get(g) ?? 0,
      ...(category ? { costCategory: category } : {}),
      suggestedBy: lead.source,
      explanation: g.members.length > 1 ? `${lead.explanation} (${g.members.length} lines)` : lead.explanation,
      confidence,
      sourceLineIndexes: g.members.map((m) => m.line.index).sort((a, b) => a - b),
    };
  });
  return { lines, issues };
}

function describe(g: Group, category: string | undefined): string {
  if (g.synthetic) return g.synthetic.slice(0, 500);
  const first = g.members[0]?.line.description ?? '';
  if (g.members.length === 1) return first.slice(0, 500) || 'Line';
  return `${category ?? g.suggestion.glAccount}: ${g.members.length} lines (${first}, …)`.slice(0, 500);
}
