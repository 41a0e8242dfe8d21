import type { BankLine } from '../model.js';
import { historyKeys, parseTargetKey } from './learning.js';
import type { Candidate, CommonCounterparty, Evidence, MatchingHistory, TargetCounts } from './model.js';
import { compactIban } from './relations.js';
import { nameContainment, nameSimilarity, plainText } from './text.js';

interface Vote {
  readonly target: string;
  readonly score: number;
  readonly evidence: Evidence;
}

/** The most a suggestion gets when the line's description was never seen with its account. */
const NOVEL_CAP = 0.9;
/** Description words alone never book without a person. */
const WORDS_ONLY_CAP = 0.8;

/**
 * The best target of a counter and how far it can be trusted: its share of the bookings,
 * times a saturation in its count (1 booking 0.6, 2 bookings 0.84, 3 bookings 0.94, 4 bookings 0.97).
 */
function strongest(
  counts: TargetCounts | undefined,
): { target: string; count: number; share: number; score: number } | undefined {
  if (!counts) return undefined;
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const [target, count] = entries[0] ?? [];
  if (target === undefined || count === undefined || count <= 0) return undefined;
  const total = entries.reduce((s, [, n]) => s + n, 0);
  const share = count / total;
  return { target, count, share, score: share * (1 - 0.4 ** count) };
}

/** A counter whose bookings went to more than one account in earnest. */
const mixed = (counter: { share: number } | undefined) => counter === undefined || counter.share < 0.9;

/** Counts of several counters, each target at its highest count (one booking counts once per word). */
function mergeCounts(counters: readonly (TargetCounts | undefined)[]): TargetCounts | undefined {
  const merged: Record<string, number> = {};
  for (const counts of counters) {
    for (const [target, n] of Object.entries(counts ?? {})) merged[target] = Math.max(merged[target] ?? 0, n);
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

const describe = (target: string) => {
  const t = parseTargetKey(target);
  return t.vatCode ? `${t.glAccount} / ${t.vatCode}` : t.glAccount;
};

/**
 * Priority 3 from the administration's history: the account lines of this counterparty IBAN,
 * name and description words were booked on; agreeing sources strengthen each other.
 */
function fromHistory(line: BankLine, history: MatchingHistory): Vote[] {
  const keys = historyKeys(line);
  const votes: Vote[] = [];
  const iban = keys.iban ? strongest(history.byIban[keys.iban]) : undefined;
  // One counterparty, several purposes (the tax office: VAT and payroll taxes): what lines
  // of this counterparty with these words were booked on decides.
  const scoped = mixed(iban) ? strongest(mergeCounts(keys.scopedWords.map((k) => history.byWord[k]))) : undefined;
  if (scoped) {
    votes.push({
      target: scoped.target,
      score: scoped.score,
      evidence: {
        kind: keys.iban ? 'history-iban' : 'history-name',
        score: scoped.score,
        detail: `Lines from this counterparty with this description were booked on ${describe(scoped.target)} ${scoped.count} time(s) (${Math.round(scoped.share * 100)} %).`,
      },
    });
  } else if (iban) {
    votes.push({
      target: iban.target,
      score: iban.score,
      evidence: {
        kind: 'history-iban',
        score: iban.score,
        detail: `Lines from this IBAN were booked on ${describe(iban.target)} ${iban.count} time(s) (${Math.round(iban.share * 100)} %).`,
      },
    });
  }
  const name = keys.name && !scoped ? strongest(history.byName[keys.name]) : undefined;
  if (name) {
    const score = name.score * 0.97;
    votes.push({
      target: name.target,
      score,
      evidence: {
        kind: 'history-name',
        score,
        detail: `Lines from '${line.counterpartyName}' were booked on ${describe(name.target)} ${name.count} time(s) (${Math.round(name.share * 100)} %).`,
      },
    });
  }
  const code = keys.code ? strongest(history.byCode?.[keys.code]) : undefined;
  if (code) {
    const score = code.score * 0.95;
    votes.push({
      target: code.target,
      score,
      evidence: {
        kind: 'history-code',
        score,
        detail: `Lines with transaction code ${line.transactionCode} and no counterparty account were booked on ${describe(code.target)} ${code.count} time(s) (${Math.round(code.share * 100)} %).`,
      },
    });
  }
  const words = new Map<string, { score: number; words: string[] }>();
  for (const key of keys.words) {
    const w = strongest(history.byWord[key]);
    if (!w || w.count < 2) continue;
    const score = w.score * 0.9;
    const seen = words.get(w.target) ?? { score: 0, words: [] };
    // More words agreeing: each further one closes half of what is left.
    const combined =
      seen.score === 0 ? score : 1 - (1 - Math.max(seen.score, score)) * (1 - Math.min(seen.score, score) * 0.5);
    words.set(w.target, { score: combined, words: [...seen.words, key.split(':')[1] ?? key] });
  }
  for (const [target, w] of words) {
    votes.push({
      target,
      score: w.score,
      evidence: {
        kind: 'history-words',
        score: w.score,
        detail: `Lines with '${w.words.join("', '")}' were booked on ${describe(target)}.`,
      },
    });
  }
  return votes;
}

/** The cross-administration fallback: the usual account for a counterparty everyone has. */
function fromCommon(line: BankLine, common: readonly CommonCounterparty[]): (Vote & { words: number }) | undefined {
  const iban = line.counterpartyIban && compactIban(line.counterpartyIban);
  const text = plainText(line.remittance ?? '');
  const matches = common
    .map((c) => {
      const byIban = !!iban && (c.ibans ?? []).some((i) => compactIban(i) === iban);
      const byName = line.counterpartyName
        ? Math.max(
            0,
            ...c.names.map((n) =>
              Math.max(nameSimilarity(line.counterpartyName ?? '', n), nameContainment(n, line.counterpartyName ?? '')),
            ),
          )
        : 0;
      const words = (c.words ?? []).filter(
        (w) => text.split(' ').includes(plainText(w)) || text.includes(plainText(w)),
      );
      return { c, byIban, byName, words };
    })
    .filter((m) => m.byIban || m.byName >= 0.85);
  if (matches.length === 0) return undefined;
  // Among the entries for this counterparty: the one whose words occur, else the one without words.
  const best =
    matches.filter((m) => m.words.length > 0).sort((a, b) => b.words.length - a.words.length)[0] ??
    matches.find((m) => (m.c.words ?? []).length === 0);
  if (!best) return undefined;
  const score = (best.byIban ? 0.85 : 0.8) + (best.words.length > 0 ? 0.05 : 0);
  return {
    target: `${best.c.glAccount}|${best.c.vatCode ?? ''}`,
    score,
    words: best.words.length,
    evidence: {
      kind: 'common-counterparty',
      score,
      detail: `${best.c.label} (${best.byIban ? 'known IBAN' : 'known name'}${best.words.length > 0 ? `, '${best.words.join("', '")}'` : ''}) is usually booked on ${best.c.glAccount}${best.c.vatCode ? ` / ${best.c.vatCode}` : ''} across administrations.`,
    },
  };
}

/**
 * A GL account (and VAT code) for a line no open item explains, learned from the
 * administration's history, with the firm-wide list of common counterparties as fallback.
 */
export function matchGlAccount(
  line: BankLine,
  history: MatchingHistory | undefined,
  common: readonly CommonCounterparty[],
): Candidate | undefined {
  const votes = history ? fromHistory(line, history) : [];
  const byTarget = new Map<string, Vote[]>();
  for (const v of votes) byTarget.set(v.target, [...(byTarget.get(v.target) ?? []), v]);
  const ranked = [...byTarget.entries()]
    .map(([target, vs]) => {
      const sorted = [...vs].sort((a, b) => b.score - a.score);
      // Independent sources agreeing: 1 − Π(1 − s), the weaker ones counted at half strength.
      const miss = sorted.reduce((m, v, i) => m * (1 - (i === 0 ? v.score : v.score * 0.5)), 1);
      return { target, score: 1 - miss, votes: sorted };
    })
    .sort((a, b) => b.score - a.score);
  const fallback = fromCommon(line, common);
  const best = ranked[0];
  if (best) {
    // Words shared with other counterparties (`zakelijk`) do not outvote a counterparty whose
    // own bookings went to one account every time.
    const settled = best.votes.some((v) => v.evidence.kind !== 'history-words' && v.score >= 0.9);
    const rival = ranked.slice(1).find((r) => !settled || r.votes.some((v) => v.evidence.kind !== 'history-words'));
    const evidence = best.votes.map((v) => v.evidence);
    let confidence = best.score;
    if (rival) {
      // Sources that disagree: lower by the rival's strength.
      confidence = Math.max(0, best.score - rival.score * 0.5);
      evidence.push({
        kind: 'ambiguity',
        score: rival.score,
        detail: `Other bookings point to ${describe(rival.target)}.`,
      });
    }
    // A known counterparty with a description never booked on this account (the tax office
    // for VAT where it was only ever paid payroll taxes): a person looks first.
    const words = historyKeys(line).words;
    if (history && words.length > 0 && !words.some((w) => (history.byWord[w]?.[best.target] ?? 0) > 0)) {
      confidence = Math.min(confidence, NOVEL_CAP);
      evidence.push({
        kind: 'ambiguity',
        score: 0.5,
        detail: `The description ('${words.map((w) => w.split(':')[1]).join("', '")}') is new for ${describe(best.target)}.`,
      });
    }
    if (best.votes.every((v) => v.evidence.kind === 'history-words')) confidence = Math.min(confidence, WORDS_ONLY_CAP);
    if (fallback && fallback.target === best.target) {
      // The firm's other administrations book it the same way.
      confidence = 1 - (1 - confidence) * (1 - fallback.score * 0.5);
      evidence.push(fallback.evidence);
    } else if (fallback && (fallback.words > 0 || fallback.score > confidence)) {
      confidence = Math.min(confidence, NOVEL_CAP);
      if (fallback.score > confidence) {
        return glCandidate(line, fallback.target, fallback.score, 'as firms usually do for this counterparty', [
          fallback.evidence,
          ...evidence.map((e) => ({ ...e, kind: 'ambiguity' as const })),
        ]);
      }
      evidence.push({ ...fallback.evidence, kind: 'ambiguity' });
    }
    return glCandidate(line, best.target, Math.min(0.99, confidence), 'as before', evidence);
  }
  if (!fallback) return undefined;
  return glCandidate(line, fallback.target, fallback.score, 'as firms usually do for this counterparty', [
    fallback.evidence,
  ]);
}

function glCandidate(
  line: BankLine,
  target: string,
  confidence: number,
  why: string,
  evidence: readonly Evidence[],
): Candidate {
  return {
    matcher: 'gl-account',
    kind: 'gl-account',
    confidence,
    summary: `Book on ${describe(target)}, ${why}.`,
    evidence,
    glLines: [{ ...parseTargetKey(target), amount: line.amount }],
  };
}
