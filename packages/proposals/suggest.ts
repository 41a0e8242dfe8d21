import { isSelfAssessed, ledgerRoles } from '#packages/invoicing';
import { type Country, formatCents } from '#packages/kernel';
import { type Account, type VatCode, vatCodes } from '#packages/ledger';
import type { ProposalSide, SuggestionSource } from './model.js';
import { descriptionWords } from './text.js';

/**
 * GL account and VAT code suggestions: pure ranking over counters of what was booked before,
 * with the words that explain the choice. No table here; `learning.ts` reads and writes the
 * counters.
 */

/** How often one (GL account, VAT code) pair was booked, and in how many administrations. */
export interface PairCount {
  readonly glAccount: string;
  readonly vatCode: string;
  readonly count: number;
  /** Firm-wide counters only: the administrations the bookings were made in. */
  readonly administrations?: number;
}

/** What one relation (or one supplier firm-wide) was booked on: per pair, and per description word. */
export interface Counters {
  readonly pairs: readonly PairCount[];
  readonly words: ReadonlyMap<string, readonly PairCount[]>;
  /** How many accepted documents the counters learned from (unknown when absent). */
  readonly documents?: number;
}

/** A suggestion for one line, with the evidence in words. */
export interface Suggestion {
  readonly glAccount: string;
  readonly vatCode?: string | undefined;
  readonly source: SuggestionSource;
  readonly explanation: string;
  readonly confidence: number;
}

/** Everything a suggestion may draw on for one document. */
export interface SuggestionContext {
  readonly side: ProposalSide;
  readonly country: Country;
  /** The administration's chart, by code. */
  readonly accounts: ReadonlyMap<string, Account>;
  /** What this administration booked for the relation (absent for a new relation). */
  readonly relation?: Counters | undefined;
  /** What the firm booked for this supplier elsewhere, found by its VAT number or IBAN. */
  readonly firm?: { readonly counters: Counters; readonly via: 'vatNumber' | 'iban' } | undefined;
  readonly relationDefaults?: { readonly glAccount?: string | undefined; readonly vatCode?: string | undefined };
}

const directionOf = (side: ProposalSide): VatCode['direction'] => (side === 'sales' ? 'sales' : 'purchase');

/** The VAT code `code` of `country`, when it is one of the side's direction. */
export function vatCodeOf(country: Country, side: ProposalSide, code: string | undefined): VatCode | undefined {
  const found = code === undefined ? undefined : vatCodes[country].find((c) => c.code === code);
  return found && found.direction === directionOf(side) ? found : undefined;
}

/**
 * Whether a VAT code fits a document rate: the same rate, or a self-assessed code (reverse
 * charge, intra-EU, import) on a line the document charges no VAT on.
 */
export function fitsRate(code: VatCode, rateBasisPoints: number): boolean {
  return isSelfAssessed(code) ? rateBasisPoints === 0 : code.rateBasisPoints === rateBasisPoints;
}

/** Whether a line may be booked on this account: it exists, is active, and is no ledger-role account. */
export function isBookable(accounts: ReadonlyMap<string, Account>, code: string | undefined): boolean {
  const account = code === undefined ? undefined : accounts.get(code);
  return account !== undefined && account.status === 'active' && !(account.role && ledgerRoles.has(account.role));
}

/**
 * The ordinary VAT code for a rate on a side: the standard, reduced or zero code of that rate.
 * Belgium splits purchases into goods (GL class 60 and stock), investments (class 2) and
 * services and other goods (the rest), so the GL account picks among them.
 */
export function vatCodeForRate(
  country: Country,
  side: ProposalSide,
  rateBasisPoints: number,
  glAccount?: string,
): string | undefined {
  const candidates = vatCodes[country].filter(
    (c) =>
      c.direction === directionOf(side) &&
      (c.kind === 'standard' || c.kind === 'reduced' || c.kind === 'zero') &&
      c.rateBasisPoints === rateBasisPoints &&
      !c.code.endsWith('-PRIVATE'),
  );
  if (candidates.length <= 1 || country !== 'BE' || side !== 'purchase') return candidates[0]?.code;
  const kind =
    glAccount?.startsWith('60') || glAccount?.startsWith('3')
      ? 'GOODS'
      : glAccount?.startsWith('2')
        ? 'INVEST'
        : 'SERVICES';
  return (
    candidates.find((c) => c.code.endsWith(`-${kind}`)) ??
    candidates.find((c) => c.code.endsWith('-SERVICES')) ??
    candidates[0]
  )?.code;
}

const generalCostsName = /^(algemene kosten|diverse kosten|kosten algemeen|frais generaux|frais divers)$/i;

/**
 * The chart's fallback for a line nothing else suggests. Purchases: the general-costs account
 * (NL 4990 Algemene kosten); a chart without one (the Belgian template) uses its suspense
 * account, to be classified. Sales: the first revenue account in code order.
 */
export function chartDefaultAccount(accounts: ReadonlyMap<string, Account>, side: ProposalSide): Account | undefined {
  const active = [...accounts.values()]
    .filter((a) => a.status === 'active')
    .sort((a, b) => a.code.localeCompare(b.code));
  if (side === 'sales') return active.find((a) => a.category === 'revenue' && !a.role);
  return (
    active.find((a) => a.category === 'expense' && generalCostsName.test(a.name.trim())) ??
    active.find((a) => a.role === 'suspense') ??
    active.find((a) => a.category === 'expense' && !a.role)
  );
}

/** Confidence in a choice made `top` times out of `total`: the share, discounted for little evidence (3 of 3 → 0.86). */
export function evidenceConfidence(top: number, total: number): number {
  return total <= 0 ? 0 : round(top / (total + 0.5));
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function rateLabel(rateBasisPoints: number): string {
  const percent = formatCents(rateBasisPoints).replace(/\.?0+$/, '');
  return `${percent} %`;
}

const who = (side: ProposalSide) => (side === 'sales' ? 'customer' : 'supplier');
const times = (n: number) => (n === 1 ? '1 time' : `${n} times`);
const bookings = (n: number) => (n === 1 ? '1 booking' : `${n} bookings`);
const administrations = (n: number) => (n === 1 ? '1 administration' : `${n} administrations`);

/** The words of an explanation, for each kind of evidence. */
export const explain = {
  history: (side: ProposalSide, top: number, total: number, gl: string) =>
    `booked ${top} of ${times(total)} on ${gl} for this ${who(side)}`,
  description: (side: ProposalSide, words: readonly string[], top: number, total: number, gl: string) =>
    `lines like "${words.join(' ')}" booked ${top} of ${times(total)} on ${gl} for this ${who(side)}`,
  firm: (side: ProposalSide, count: number, adms: number, gl: string, via: 'vatNumber' | 'iban') =>
    `firm-wide: ${bookings(count)} in ${administrations(adms)} on ${gl} for this ${who(side)}'s ${via === 'vatNumber' ? 'VAT number' : 'IBAN'}`,
  relationDefault: (gl: string) => `relation default ${gl}`,
  chartDefault: (account: Pick<Account, 'code' | 'name'>) => `chart default ${account.code} (${account.name})`,
  vatFromRate: (code: string, rateBasisPoints: number) =>
    `VAT code ${code} from the ${rateLabel(rateBasisPoints)} rate on the document`,
  vatLearned: (code: string) => `VAT code ${code} as booked before`,
  vatRelationDefault: (code: string) => `VAT code ${code} from the relation's default`,
  noVatCode: (rateBasisPoints: number) => `no VAT code for the ${rateLabel(rateBasisPoints)} rate on the document`,
};

interface Ranked {
  readonly glAccount: string;
  /** Bookings of the chosen account, and of all accounts, among the evidence used. */
  readonly top: number;
  readonly total: number;
  /** The account's pairs, to pick the VAT code from. */
  readonly pairs: readonly PairCount[];
  readonly administrations: number;
  readonly confidence: number;
  readonly words?: readonly string[];
}

/** Pairs booked on accounts this chart has (a firm-wide pair from another chart is no evidence here). */
function usable(ctx: SuggestionContext, pairs: readonly PairCount[]): PairCount[] {
  return pairs.filter((p) => p.count > 0 && isBookable(ctx.accounts, p.glAccount));
}

/** The most booked account among `pairs` (ties: the lower code), with its share. */
function rankPairs(pairs: readonly PairCount[]): Ranked | undefined {
  if (pairs.length === 0) return undefined;
  const byAccount = new Map<string, PairCount[]>();
  for (const p of pairs) byAccount.set(p.glAccount, [...(byAccount.get(p.glAccount) ?? []), p]);
  const total = pairs.reduce((s, p) => s + p.count, 0);
  // Firm-wide, the account most administrations use wins before the one booked most often, so
  // one busy administration's own habit does not outvote the others.
  const ranked = [...byAccount]
    .map(([glAccount, ps]) => ({
      glAccount,
      ps,
      count: ps.reduce((s, p) => s + p.count, 0),
      administrations: Math.max(0, ...ps.map((p) => p.administrations ?? 0)),
    }))
    .sort(
      (a, b) => b.administrations - a.administrations || b.count - a.count || a.glAccount.localeCompare(b.glAccount),
    );
  const best = ranked[0];
  if (!best) return undefined;
  return {
    glAccount: best.glAccount,
    top: best.count,
    total,
    pairs: best.ps,
    administrations: best.administrations,
    confidence: evidenceConfidence(best.count, total),
  };
}

/**
 * The accounts that are a habit rather than a slip: booked at least twice, or any while the
 * counters have learned from one document only.
 */
function habitualAccounts(counters: Counters, pairs: readonly PairCount[]): Set<string> {
  const perAccount = new Map<string, number>();
  for (const p of pairs) perAccount.set(p.glAccount, (perAccount.get(p.glAccount) ?? 0) + p.count);
  const early = counters.documents !== undefined && counters.documents <= 1;
  return new Set([...perAccount].filter(([, n]) => early || n >= 2).map(([gl]) => gl));
}

/**
 * Description evidence, for a relation booked on more than one habitual account (a supplier
 * whose lines go to different accounts): each known word of the line votes with the habitual
 * accounts it was booked on, a word that always went to one account more than one spread over
 * many. Unknown words (a month, a new product) do not vote. A relation with one habitual
 * account gets none: its few odd bookings must not steer a line through a rare word.
 */
function rankWords(ctx: SuggestionContext, counters: Counters, description: string): Ranked | undefined {
  const habitual = habitualAccounts(counters, usable(ctx, counters.pairs));
  if (habitual.size < 2) return undefined;
  const known = descriptionWords(description)
    .map((word) => ({
      word,
      pairs: usable(ctx, counters.words.get(word) ?? []).filter((p) => habitual.has(p.glAccount)),
    }))
    .filter((w) => w.pairs.length > 0);
  if (known.length === 0) return undefined;
  const score = new Map<string, number>();
  let weights = 0;
  for (const { pairs } of known) {
    const ranked = rankPairs(pairs);
    if (!ranked) continue;
    const peak = ranked.top / ranked.total;
    const weight = peak * (ranked.total / (ranked.total + 0.5));
    weights += weight;
    const perAccount = new Map<string, number>();
    for (const p of pairs) perAccount.set(p.glAccount, (perAccount.get(p.glAccount) ?? 0) + p.count);
    for (const [gl, count] of perAccount) score.set(gl, (score.get(gl) ?? 0) + (weight * count) / ranked.total);
  }
  const winner = [...score].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (!winner || weights === 0) return undefined;
  const [glAccount, value] = winner;
  // The words that voted for the account, the surest first: the first one is the evidence quoted.
  const voters = known
    .map((w) => {
      const on = w.pairs.filter((p) => p.glAccount === glAccount);
      return {
        word: w.word,
        on,
        top: on.reduce((s, p) => s + p.count, 0),
        total: w.pairs.reduce((s, p) => s + p.count, 0),
      };
    })
    .filter((w) => w.top > 0)
    .sort((a, b) => b.top / b.total - a.top / a.total || b.total - a.total);
  const best = voters[0];
  if (!best) return undefined;
  const share = value / weights;
  return {
    glAccount,
    top: best.top,
    total: best.total,
    pairs: mergePairs(voters.flatMap((w) => w.on)),
    administrations: 0,
    confidence: round(share * (best.total / (best.total + 0.5))),
    words: voters.map((w) => w.word).slice(0, 3),
  };
}

function mergePairs(pairs: readonly PairCount[]): PairCount[] {
  const merged = new Map<string, PairCount>();
  for (const p of pairs) {
    const key = `${p.glAccount}|${p.vatCode}`;
    const before = merged.get(key);
    merged.set(key, { ...p, count: (before?.count ?? 0) + p.count });
  }
  return [...merged.values()];
}

/** The VAT code for the chosen account: as booked with it before when that fits the rate, else from the rate. */
function vatFor(
  ctx: SuggestionContext,
  rateBasisPoints: number,
  glAccount: string,
  learned: readonly PairCount[],
): { vatCode?: string; explanation: string; fromRate: boolean } {
  const fitting = learned
    .filter((p) => p.glAccount === glAccount)
    .map((p) => ({ p, code: vatCodeOf(ctx.country, ctx.side, p.vatCode) }))
    .filter((x) => x.code !== undefined && fitsRate(x.code, rateBasisPoints))
    .sort((a, b) => b.p.count - a.p.count || a.p.vatCode.localeCompare(b.p.vatCode))[0];
  if (fitting)
    return { vatCode: fitting.p.vatCode, explanation: explain.vatLearned(fitting.p.vatCode), fromRate: false };
  const defaultCode = vatCodeOf(ctx.country, ctx.side, ctx.relationDefaults?.vatCode);
  if (defaultCode && fitsRate(defaultCode, rateBasisPoints)) {
    return { vatCode: defaultCode.code, explanation: explain.vatRelationDefault(defaultCode.code), fromRate: false };
  }
  const code = vatCodeForRate(ctx.country, ctx.side, rateBasisPoints, glAccount);
  return code
    ? { vatCode: code, explanation: explain.vatFromRate(code, rateBasisPoints), fromRate: true }
    : { explanation: explain.noVatCode(rateBasisPoints), fromRate: true };
}

/** A VAT code that had to come from the rate lowers confidence a little: it is a rule, not a habit. */
const RATE_RULE_FACTOR = 0.95;
const FIRM_FACTOR = 0.8;
const RELATION_DEFAULT_CONFIDENCE = 0.6;
const CHART_DEFAULT_CONFIDENCE = 0.3;

function fromRanked(
  ctx: SuggestionContext,
  ranked: Ranked,
  rateBasisPoints: number,
  source: SuggestionSource,
  text: string,
  factor = 1,
): Suggestion {
  const vat = vatFor(ctx, rateBasisPoints, ranked.glAccount, ranked.pairs);
  const confidence = round(
    ranked.confidence * factor * (vat.fromRate ? RATE_RULE_FACTOR : 1) * (vat.vatCode ? 1 : 0.5),
  );
  return {
    glAccount: ranked.glAccount,
    vatCode: vat.vatCode,
    source,
    explanation: `${text}; ${vat.explanation}`,
    confidence,
  };
}

/**
 * The GL account and VAT code for one line: this relation's bookings of lines with the same
 * words, then this relation's bookings, then the firm's bookings of this supplier in other
 * administrations (accounts this chart has), then the relation's defaults, then the chart.
 * The VAT code is the one booked with that account when it fits the line's rate, else the
 * rate's ordinary code.
 */
export function suggestLine(
  ctx: SuggestionContext,
  line: { readonly description: string; readonly rateBasisPoints: number },
): Suggestion {
  const rate = line.rateBasisPoints;
  if (ctx.relation) {
    const byWords = rankWords(ctx, ctx.relation, line.description);
    const byPairs = rankPairs(usable(ctx, ctx.relation.pairs));
    if (byWords) {
      const text = explain.description(ctx.side, byWords.words ?? [], byWords.top, byWords.total, byWords.glAccount);
      // Words and the relation's bookings agreeing: as sure as the surer of the two.
      const agreed =
        byPairs?.glAccount === byWords.glAccount
          ? { ...byWords, confidence: Math.max(byWords.confidence, byPairs.confidence) }
          : byWords;
      return fromRanked(ctx, agreed, rate, 'description-history', text);
    }
    if (byPairs) {
      const text = explain.history(ctx.side, byPairs.top, byPairs.total, byPairs.glAccount);
      return fromRanked(ctx, byPairs, rate, 'history', text);
    }
  }
  if (ctx.firm) {
    const counters = ctx.firm.counters;
    const ranked = rankWords(ctx, counters, line.description) ?? rankPairs(usable(ctx, counters.pairs));
    if (ranked) {
      const adms = Math.max(1, ranked.administrations || administrationsOf(counters, ranked.glAccount));
      const text = explain.firm(ctx.side, ranked.top, adms, ranked.glAccount, ctx.firm.via);
      return fromRanked(ctx, ranked, rate, 'firm-history', text, FIRM_FACTOR);
    }
  }
  const defaultGl = ctx.relationDefaults?.glAccount;
  if (ctx.side === 'purchase' && defaultGl && isBookable(ctx.accounts, defaultGl)) {
    const vat = vatFor(ctx, rate, defaultGl, []);
    return {
      glAccount: defaultGl,
      vatCode: vat.vatCode,
      source: 'relation-default',
      explanation: `${explain.relationDefault(defaultGl)}; ${vat.explanation}`,
      confidence: vat.vatCode ? RELATION_DEFAULT_CONFIDENCE : RELATION_DEFAULT_CONFIDENCE / 2,
    };
  }
  const fallback = chartDefaultAccount(ctx.accounts, ctx.side);
  const gl = fallback?.code ?? '';
  const vat = vatFor(ctx, rate, gl, []);
  return {
    glAccount: gl,
    vatCode: vat.vatCode,
    source: 'chart-default',
    explanation: `${fallback ? explain.chartDefault(fallback) : 'no account in the chart'}; ${vat.explanation}`,
    confidence: vat.vatCode ? CHART_DEFAULT_CONFIDENCE : CHART_DEFAULT_CONFIDENCE / 2,
  };
}

function administrationsOf(counters: Counters, glAccount: string): number {
  return Math.max(0, ...counters.pairs.filter((p) => p.glAccount === glAccount).map((p) => p.administrations ?? 0));
}
