import type { BankLine } from '../model.js';
import { matchDocument } from './documents.js';
import { matchGlAccount } from './gl-account.js';
import { matchLoan } from './loans.js';
import type {
  BankSuggestion,
  Candidate,
  Evidence,
  MatcherKind,
  MatchingContext,
  MatchingSettings,
  MatchOpenItem,
} from './model.js';
import { matchByReference, matchOpenItems, type OpenItemInput } from './open-items.js';
import { normaliseReference, scanReferences } from './references.js';
import { identifyRelation } from './relations.js';
import { resolveSettings } from './settings.js';

/** What earlier lines of the same batch already took: documents and loan periods. */
interface Taken {
  readonly documents: ReadonlySet<string>;
  readonly loanPeriods: ReadonlySet<string>;
}

const nothingTaken: Taken = { documents: new Set(), loanPeriods: new Set() };

/** Reference of each item in comparable form, computed once per item id. */
function referenceCache() {
  const cache = new Map<string, string | undefined>();
  return (item: MatchOpenItem) => {
    if (!item.paymentReference) return undefined;
    if (!cache.has(item.id)) cache.set(item.id, normaliseReference(item.paymentReference));
    return cache.get(item.id);
  };
}

function sameBooking(a: Candidate, b: Candidate): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'open-items') {
    const ids = (c: Candidate) =>
      (c.allocations ?? [])
        .map((x) => `${x.openItemId}:${x.amount}`)
        .sort()
        .join(',');
    return ids(a) === ids(b);
  }
  return (
    a.documentId === b.documentId && a.loanId === b.loanId && a.glLines?.[0]?.glAccount === b.glLines?.[0]?.glAccount
  );
}

/**
 * Chooses among the matchers' candidates: the first in the administration's priority order
 * that reaches `strongConfidence`, else the most confident; a rival that is nearly as sure of
 * a different booking keeps the winner from being booked without a person.
 */
function decide(
  line: BankLine,
  candidates: readonly Candidate[],
  notes: readonly Evidence[],
  settings: MatchingSettings,
): BankSuggestion {
  const order = (m: MatcherKind) => {
    const i = settings.priority.indexOf(m);
    return i < 0 ? settings.priority.length : i;
  };
  const usable = candidates.filter(
    (c) => settings.priority.includes(c.matcher) && c.confidence >= settings.minimumConfidence,
  );
  const byPriority = [...usable].sort((a, b) => order(a.matcher) - order(b.matcher));
  const chosen =
    byPriority.find((c) => c.confidence >= settings.strongConfidence) ??
    [...usable].sort((a, b) => b.confidence - a.confidence || order(a.matcher) - order(b.matcher))[0];
  if (!chosen) {
    const debit = line.amount < 0;
    return {
      kind: 'none',
      allocations: [],
      glLines: [],
      confidence: 0,
      decision: debit ? 'ask-client' : 'manual',
      explanation: {
        summary: debit
          ? 'Nothing explains this payment: ask the client for the document.'
          : 'Nothing explains this receipt: the accountant should look at it.',
        evidence: [
          ...notes,
          { kind: 'nothing', score: 0, detail: 'No reference, open item, loan, document or history fits.' },
        ],
      },
      alternatives: [],
    };
  }
  let confidence = chosen.confidence;
  const evidence = [...chosen.evidence, ...notes];
  const rival = usable.find(
    (c) => c !== chosen && !sameBooking(c, chosen) && c.confidence >= settings.autoBookThreshold - 0.1,
  );
  // A valid reference no open item carries (an invoice paid twice, or not booked yet): what
  // else the line matches is not booked without a person.
  if (
    chosen.kind === 'open-items' &&
    chosen.matcher !== 'reference' &&
    notes.some((n) => n.kind === 'reference-unknown')
  ) {
    confidence = Math.min(confidence, settings.autoBookThreshold - 0.01);
  }
  if (rival && confidence >= settings.autoBookThreshold) {
    confidence = Math.min(confidence, settings.autoBookThreshold - 0.01);
    evidence.push({ kind: 'ambiguity', score: rival.confidence, detail: `Also plausible: ${rival.summary}` });
  }
  const rounded = Math.round(confidence * 1000) / 1000;
  return {
    kind: chosen.kind,
    matcher: chosen.matcher,
    relationId: chosen.relationId,
    allocations: chosen.allocations ?? [],
    remainder: chosen.remainder,
    glLines: chosen.glLines ?? [],
    documentId: chosen.documentId,
    loanId: chosen.loanId,
    confidence: rounded,
    decision: rounded >= settings.autoBookThreshold ? 'auto-book' : 'suggest',
    explanation: { summary: chosen.summary, evidence },
    alternatives: usable
      .filter((c) => c !== chosen)
      .sort((a, b) => b.confidence - a.confidence)
      .map((c) => ({
        matcher: c.matcher,
        kind: c.kind,
        confidence: Math.round(c.confidence * 1000) / 1000,
        summary: c.summary,
      })),
  };
}

function run(
  line: BankLine,
  context: MatchingContext,
  settings: MatchingSettings,
  referenceOf: (item: MatchOpenItem) => string | undefined,
  taken: Taken,
): BankSuggestion {
  const relation = identifyRelation(line, context.relations, context.history);
  const input: OpenItemInput = {
    line,
    items: context.openItems,
    relation,
    references: scanReferences(line),
    referenceOf,
    settings,
  };
  const candidates: Candidate[] = [];
  const notes: Evidence[] = [];
  for (const matcher of settings.priority) {
    switch (matcher) {
      case 'reference': {
        const r = matchByReference(input);
        if (r.candidate) candidates.push(r.candidate);
        notes.push(...r.notes);
        break;
      }
      case 'open-items': {
        const r = matchOpenItems(input);
        if (r.candidate) candidates.push(r.candidate);
        notes.push(...r.notes);
        break;
      }
      case 'loan': {
        const c = matchLoan(line, context.loans ?? [], context.history, settings.loanWindowDays, taken.loanPeriods);
        if (c) candidates.push(c);
        break;
      }
      case 'document': {
        const c = matchDocument(line, context.documents ?? [], settings.documentWindowDays, taken.documents);
        if (c) candidates.push(c);
        break;
      }
      case 'gl-account': {
        const c = matchGlAccount(line, context.history, context.commonCounterparties ?? []);
        if (c) candidates.push(c);
        break;
      }
    }
  }
  return decide(line, candidates, notes, settings);
}

/**
 * The robot's suggestion for one bank line: which open items it settles (and what happens to
 * any difference), or which GL account, loan split or document explains it; with the
 * confidence, the evidence and the decision (auto-book, suggest, ask the client). Pure: all
 * data comes in through `context`.
 */
export function matchBankLine(line: BankLine, context: MatchingContext): BankSuggestion {
  return run(line, context, resolveSettings(context.settings), referenceCache(), nothingTaken);
}

/**
 * Suggestions for a batch of new lines, in the order given. Lines are settled most confident
 * first, each against what the auto-booked ones before it left open, so two auto-booked lines
 * never both settle the same euro of an item, the same document or the same loan instalment.
 */
export function matchBankLines(lines: readonly BankLine[], context: MatchingContext): BankSuggestion[] {
  const settings = resolveSettings(context.settings);
  const referenceOf = referenceCache();
  const first = lines.map((line) => run(line, context, settings, referenceOf, nothingTaken));
  const order = lines
    .map((_, i) => i)
    .sort((a, b) => (first[b]?.confidence ?? 0) - (first[a]?.confidence ?? 0) || a - b);
  const outstanding = new Map(context.openItems.map((i) => [i.id, i.outstanding]));
  const documents = new Set<string>();
  const loanPeriods = new Set<string>();
  const results: BankSuggestion[] = new Array(lines.length);
  for (const index of order) {
    const line = lines[index] as BankLine;
    const items = context.openItems
      .map((i) => ({ ...i, outstanding: outstanding.get(i.id) ?? i.outstanding }))
      .filter((i) => i.outstanding !== 0);
    const suggestion = run(line, { ...context, openItems: items }, settings, referenceOf, { documents, loanPeriods });
    results[index] = suggestion;
    // Only what is booked without a person is taken: a mere suggestion may be wrong, and an
    // item it took would make another line's choice look more certain than it is.
    if (suggestion.decision !== 'auto-book') continue;
    for (const a of suggestion.allocations) {
      const left = (outstanding.get(a.openItemId) ?? 0) - a.amount;
      outstanding.set(a.openItemId, a.settles ? 0 : left);
    }
    if (suggestion.documentId) documents.add(suggestion.documentId);
    if (suggestion.loanId) loanPeriods.add(suggestion.loanId);
  }
  return results;
}
