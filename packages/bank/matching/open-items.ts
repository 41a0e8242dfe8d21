import { type Cents, formatCents, mulDivRound } from '#packages/kernel';
import type { BankLine } from '../model.js';
import type { Allocation, Candidate, Evidence, MatchingSettings, MatchOpenItem, Remainder } from './model.js';
import type { ReferenceScan } from './references.js';
import type { RelationMatch } from './relations.js';
import { mentionsInvoiceNumber, significantDigits } from './text.js';

/** What an item still needs, in bank terms: positive money in for a receivable invoice. */
export function signedOutstanding(item: Pick<MatchOpenItem, 'side' | 'outstanding'>): Cents {
  return item.side === 'receivable' ? item.outstanding : -item.outstanding;
}

/** Everything the open-item matchers read about one line. */
export interface OpenItemInput {
  readonly line: BankLine;
  /** Open items with their current outstanding amounts. */
  readonly items: readonly MatchOpenItem[];
  readonly relation: RelationMatch | undefined;
  readonly references: ReferenceScan;
  readonly referenceOf: (item: MatchOpenItem) => string | undefined;
  readonly settings: MatchingSettings;
}

export interface MatcherResult {
  readonly candidate?: Candidate | undefined;
  /** Evidence worth showing even when nothing was proposed. */
  readonly notes: readonly Evidence[];
}

const euro = (cents: Cents) => `€${formatCents(Math.abs(cents))}`;
const discountWords = /korting|skonto|escompte|discount|remise|kredietbeperking/i;

function byDue(a: MatchOpenItem, b: MatchOpenItem): number {
  return (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || a.invoiceNumber.localeCompare(b.invoiceNumber);
}

/**
 * The items a line can settle: for money in, receivables (credit notes among them) and
 * suppliers' credit notes; for money out, payables and customers' credit notes.
 */
export function relevantItems(items: readonly MatchOpenItem[], lineAmount: Cents): MatchOpenItem[] {
  const primary = lineAmount > 0 ? 'receivable' : 'payable';
  return items
    .filter(
      (i) =>
        i.outstanding !== 0 &&
        i.status !== 'paid' &&
        (i.side === primary || Math.sign(signedOutstanding(i)) === Math.sign(lineAmount)),
    )
    .sort(byDue);
}

export type FitQuality = 'exact' | 'bank-costs' | 'discount' | 'partial' | 'overpayment';

export interface Fit {
  readonly quality: FitQuality;
  readonly allocations: readonly Allocation[];
  readonly remainder?: Remainder | undefined;
  /** The difference could be read another way (costs or discount). */
  readonly ambiguous?: boolean;
  readonly evidence: Evidence;
}

const full = (item: MatchOpenItem): Allocation => ({ openItemId: item.id, amount: item.outstanding, settles: true });

/** Whether a shortfall is a round percentage (0.5 % steps) of the items, up to `maxBasisPoints`. */
function isRoundDiscount(shortfall: Cents, total: Cents, count: number, maxBasisPoints: number): boolean {
  for (let bp = 50; bp <= maxBasisPoints; bp += 50) {
    if (Math.abs(shortfall - mulDivRound(total, bp, 10_000)) <= count) return true;
  }
  return false;
}

/**
 * How a line's amount settles `items` (oldest first): exactly; short by bank costs or a
 * payment discount within tolerance (items settled, the difference to its GL account); short
 * by more (a partial payment: the newest item keeps the rest open); or over (the surplus an
 * overpayment on the relation). `undefined` when the items point the other way.
 */
export function fitItems(
  line: Pick<BankLine, 'amount' | 'remittance'> & Partial<Pick<BankLine, 'bookingDate'>>,
  items: readonly MatchOpenItem[],
  settings: MatchingSettings,
): Fit | undefined {
  if (items.length === 0) return undefined;
  const sign = Math.sign(line.amount);
  const total = items.reduce((s, i) => s + signedOutstanding(i), 0) * sign;
  const paid = Math.abs(line.amount);
  if (total <= 0) return undefined;
  const names = items.map((i) => i.invoiceNumber).join(', ');
  if (paid === total) {
    return {
      quality: 'exact',
      allocations: items.map(full),
      evidence: { kind: 'amount', score: 1, detail: `${euro(paid)} is exactly what ${names} still need.` },
    };
  }
  if (paid > total) {
    const relationId = items[0]?.relationId ?? '';
    return {
      quality: 'overpayment',
      allocations: items.map(full),
      remainder: { kind: 'overpayment', relationId, amount: paid - total },
      evidence: {
        kind: 'remainder',
        score: 0.6,
        detail: `${euro(paid)} is ${euro(paid - total)} more than ${names} need: kept as a credit on the relation.`,
      },
    };
  }
  const shortfall = total - paid;
  const remittance = line.remittance ?? '';
  const withinDiscount = shortfall <= mulDivRound(total, settings.discount.maxBasisPoints, 10_000) + items.length;
  const round = withinDiscount && isRoundDiscount(shortfall, total, items.length, settings.discount.maxBasisPoints);
  const worded = withinDiscount && discountWords.test(remittance);
  const costs = shortfall <= settings.bankCosts.maxAmount;
  // A payment discount is for paying early: a round shortfall paid before every item fell due
  // is one. Paid late it may still be a discount the customer took, so it stays a question.
  const date = line.bookingDate;
  const early = date !== undefined && items.every((i) => i.dueDate !== undefined && date < i.dueDate);
  if (worded || (round && (!costs || early))) {
    const direction = line.amount > 0 ? 'given' : 'received';
    return {
      quality: 'discount',
      allocations: items.map(full),
      remainder: {
        kind: 'discount',
        direction,
        amount: shortfall,
        glAccount: direction === 'given' ? settings.discount.givenGlAccount : settings.discount.receivedGlAccount,
      },
      evidence: {
        kind: 'remainder',
        score: 0.8,
        detail: `${euro(shortfall)} less than ${names} need (${((shortfall / total) * 100).toFixed(2)} %${worded ? ', the remittance mentions a discount' : early ? ', paid before the due date' : ''}): a payment discount.`,
      },
    };
  }
  if (costs) {
    return {
      quality: 'bank-costs',
      allocations: items.map(full),
      remainder: { kind: 'bank-costs', amount: shortfall, glAccount: settings.bankCosts.glAccount },
      // A small round percentage could as well be a discount nobody mentioned.
      ambiguous: round,
      evidence: {
        kind: 'remainder',
        score: round ? 0.5 : 0.8,
        detail: `${euro(shortfall)} less than ${names} need, within the ${euro(settings.bankCosts.maxAmount)} bank-cost tolerance${round ? `; it is also ${((shortfall / total) * 100).toFixed(1)} %, so it may be a discount` : ''}.`,
      },
    };
  }
  // A partial payment: settle the oldest in full while the money lasts; the rest stays open.
  let left = paid;
  const allocations: Allocation[] = [];
  let remainder: Remainder | undefined;
  for (const item of items) {
    const need = signedOutstanding(item) * sign;
    if (need <= 0 || left >= need) {
      allocations.push(full(item));
      left -= need;
      continue;
    }
    if (left > 0) {
      allocations.push({ openItemId: item.id, amount: Math.sign(item.outstanding) * left, settles: false });
      remainder = { kind: 'partial', openItemId: item.id, leftOpen: need - left };
      left = 0;
    } else if (!remainder) {
      remainder = { kind: 'partial', openItemId: item.id, leftOpen: need };
    }
  }
  return {
    quality: 'partial',
    allocations,
    remainder,
    evidence: {
      kind: 'remainder',
      score: 0.6,
      detail: `${euro(paid)} is ${euro(shortfall)} short of ${names}: a partial payment, the rest stays open.`,
    },
  };
}

/** Subsets of `items` of 2..`maxSize` whose bank amounts sum to `target`; at most `limit` of them. */
export function combinations(
  items: readonly MatchOpenItem[],
  target: Cents,
  maxSize: number,
  limit = 6,
): MatchOpenItem[][] {
  const found: MatchOpenItem[][] = [];
  const chosen: MatchOpenItem[] = [];
  const values = items.map(signedOutstanding);
  const walk = (start: number, sum: Cents) => {
    if (found.length >= limit) return;
    if (chosen.length >= 2 && sum === target) found.push([...chosen]);
    if (chosen.length === maxSize) return;
    for (let i = start; i < items.length && found.length < limit; i++) {
      chosen.push(items[i] as MatchOpenItem);
      walk(i + 1, sum + (values[i] as number));
      chosen.pop();
    }
  };
  walk(0, 0);
  return found;
}

/** What a difference that reads two ways costs in confidence: enough to need a person. */
const AMBIGUOUS_REMAINDER = 0.05;

const penaltyOf: Record<FitQuality, number> = {
  exact: 0,
  'bank-costs': 0.02,
  discount: 0.02,
  partial: 0.03,
  overpayment: 0.03,
};

function summaryOf(items: readonly MatchOpenItem[], fit: Fit): string {
  const numbers = items.map((i) => i.invoiceNumber).join(', ');
  switch (fit.quality) {
    case 'exact':
      return items.length > 1 ? `Settles ${numbers} together.` : `Settles ${numbers}.`;
    case 'partial':
      return `Partly pays ${numbers}; the rest stays open.`;
    case 'overpayment':
      return `Settles ${numbers}; the surplus is an overpayment.`;
    case 'bank-costs':
      return `Settles ${numbers}; the difference is bank costs.`;
    default:
      return `Settles ${numbers}; the difference is a payment discount.`;
  }
}

function candidateOf(
  matcher: Candidate['matcher'],
  items: readonly MatchOpenItem[],
  fit: Fit,
  confidence: number,
  evidence: readonly Evidence[],
): Candidate {
  return {
    matcher,
    kind: 'open-items',
    confidence: Math.max(0, Math.min(1, confidence - (fit.ambiguous ? AMBIGUOUS_REMAINDER : 0))),
    summary: summaryOf(items, fit),
    evidence: [...evidence, fit.evidence],
    relationId: items[0]?.relationId,
    allocations: fit.allocations,
    remainder: fit.remainder,
  };
}

/**
 * When a line pays more than the items it names, whether the surplus is exactly other open
 * items of the same relation (a combined payment that named only one of them).
 */
function extendWithUnnamed(
  input: OpenItemInput,
  named: readonly MatchOpenItem[],
  fit: Fit,
): { items: MatchOpenItem[]; fit: Fit } | undefined {
  if (fit.quality !== 'overpayment' || fit.remainder?.kind !== 'overpayment') return undefined;
  const relationId = named[0]?.relationId;
  const others = relevantItems(input.items, input.line.amount).filter(
    (i) => i.relationId === relationId && !named.some((n) => n.id === i.id),
  );
  const surplus = fit.remainder.amount * Math.sign(input.line.amount);
  const singles = others.filter((i) => signedOutstanding(i) === surplus);
  const extra =
    singles.length === 1
      ? [singles]
      : singles.length > 1
        ? []
        : combinations(others, surplus, input.settings.maxCombinedItems - named.length, 2);
  if (extra.length !== 1 || !extra[0]) return undefined;
  const items = [...named, ...extra[0]].sort(byDue);
  const extended = fitItems(input.line, items, input.settings);
  return extended && { items, fit: extended };
}

/** Evidence against the items when the line's counterparty is clearly someone else. */
function coherence(input: OpenItemInput, items: readonly MatchOpenItem[]): { penalty: number; evidence: Evidence[] } {
  const relationIds = new Set(items.map((i) => i.relationId));
  const evidence: Evidence[] = [];
  let penalty = 0;
  if (relationIds.size > 1) {
    penalty += 0.05;
    evidence.push({ kind: 'ambiguity', score: 0.3, detail: 'The items belong to more than one relation.' });
  }
  const known = input.relation;
  if (known && !relationIds.has(known.relation.id) && known.score >= 0.9) {
    penalty += 0.05;
    evidence.push({
      kind: 'ambiguity',
      score: 0.3,
      detail: `The counterparty looks like ${known.relation.name}, not the items' relation.`,
    });
  } else if (known && relationIds.has(known.relation.id)) {
    evidence.push(known.evidence);
  }
  return { penalty, evidence };
}

/**
 * Priority 1: structured references (checked) that name open items exactly, in the reference
 * field or in the remittance text. A reference whose check digits fail is not trusted.
 */
export function matchByReference(input: OpenItemInput): MatcherResult {
  const notes: Evidence[] = input.references.invalid.map((raw) => ({
    kind: 'reference-invalid' as const,
    score: 0,
    detail: `'${raw}' looks like a structured reference but its check digits are wrong: not trusted.`,
  }));
  const { valid } = input.references;
  if (valid.length === 0) return { notes };
  const relevant = relevantItems(input.items, input.line.amount);
  const named = relevant.filter((item) => {
    const ref = input.referenceOf(item);
    return ref !== undefined && valid.some((r) => r.value === ref);
  });
  if (named.length === 0) {
    notes.push({
      kind: 'reference-unknown',
      score: 0,
      detail: `Reference ${valid.map((r) => r.raw.trim()).join(', ')} is valid but no open item carries it.`,
    });
    return { notes };
  }
  let items = named;
  let penalty = 0;
  // One reference on several items (a customer number used as reference): the amount picks.
  const shared = named.length > 1 && new Set(named.map((i) => input.referenceOf(i))).size < named.length;
  if (shared) {
    const singles = named.filter((i) => signedOutstanding(i) === input.line.amount);
    const exact =
      singles.length > 0
        ? singles.map((i) => [i])
        : combinations(named, input.line.amount, input.settings.maxCombinedItems, 2);
    if (exact.length === 1 && exact[0]) items = exact[0];
    else penalty += 0.2;
    notes.push({
      kind: 'ambiguity',
      score: exact.length === 1 ? 0.7 : 0.3,
      detail: `The reference is on ${named.length} open items; ${exact.length === 1 ? 'the amount picks among them' : 'the amount does not tell which'}.`,
    });
  }
  let fit = fitItems(input.line, items, input.settings);
  if (!fit) return { notes };
  if (shared) penalty += 0.02;
  const referenced = items;
  const extended = extendWithUnnamed(input, items, fit);
  const evidence: Evidence[] = referenced.map((item) => {
    const ref = valid.find((r) => r.value === input.referenceOf(item));
    return {
      kind: 'structured-reference',
      score: 1,
      detail: `Reference ${ref?.raw.trim()} (${ref?.source === 'structured' ? 'reference field' : 'remittance text'}, check digits valid) is that of ${item.invoiceNumber}.`,
    };
  });
  if (extended) {
    items = extended.items;
    fit = extended.fit;
    penalty += 0.03;
    evidence.push({
      kind: 'combination',
      score: 0.8,
      detail: `The surplus is exactly ${items
        .filter((i) => !referenced.includes(i))
        .map((i) => i.invoiceNumber)
        .join(', ')} of the same relation.`,
    });
  }
  const fromField = valid.some((r) => r.source === 'structured' && named.some((i) => input.referenceOf(i) === r.value));
  const check = coherence(input, items);
  const confidence = (fromField ? 0.99 : 0.985) - penalty - penaltyOf[fit.quality] - check.penalty;
  return { candidate: candidateOf('reference', items, fit, confidence, [...evidence, ...check.evidence]), notes };
}

/** Invoice numbers of `items` the remittance mentions (3 significant digits or more). */
function mentionedItems(remittance: string | undefined, items: readonly MatchOpenItem[]): MatchOpenItem[] {
  if (!remittance) return [];
  return items.filter(
    (i) => significantDigits(i.invoiceNumber) >= 3 && mentionsInvoiceNumber(remittance, i.invoiceNumber),
  );
}

/** Relation scores below 1 cost this much confidence per point missing. */
const relationWeight = 0.5;

/**
 * Priority 2: invoice numbers in the remittance; otherwise the counterparty (IBAN, learned
 * IBAN, fuzzy name) to the relation and the amount to its open items: one item, a combination
 * (subset sum, bounded), an item within the cost or discount tolerance, a partial payment or an
 * overpayment; and with no relation at all, an amount no other item shares.
 */
export function matchOpenItems(input: OpenItemInput): MatcherResult {
  const { line, settings } = input;
  const relevant = relevantItems(input.items, line.amount);
  if (relevant.length === 0) return { notes: [] };
  const known = input.relation;
  const mentioned = mentionedItems(line.remittance, relevant);
  if (mentioned.length > 0) {
    const ofRelation = known ? mentioned.filter((i) => i.relationId === known.relation.id) : [];
    const groups = new Map<string, MatchOpenItem[]>();
    for (const item of ofRelation.length > 0 ? ofRelation : mentioned) {
      groups.set(item.relationId, [...(groups.get(item.relationId) ?? []), item]);
    }
    const options = [...groups.values()]
      .map((items) => ({ items, fit: fitItems(line, items, settings) }))
      .filter((o): o is { items: MatchOpenItem[]; fit: Fit } => o.fit !== undefined)
      .sort((a, b) => penaltyOf[a.fit.quality] - penaltyOf[b.fit.quality]);
    const best = options[0];
    if (best) {
      let { items, fit } = best;
      const evidence: Evidence[] = items.map((i) => ({
        kind: 'invoice-number',
        score: significantDigits(i.invoiceNumber) >= 5 ? 0.95 : 0.8,
        detail: `The remittance mentions invoice number ${i.invoiceNumber}.`,
      }));
      let penalty = penaltyOf[fit.quality];
      const extended = extendWithUnnamed(input, items, fit);
      if (extended) {
        items = extended.items;
        fit = extended.fit;
        penalty = 0.03 + penaltyOf[fit.quality];
        evidence.push({
          kind: 'combination',
          score: 0.8,
          detail: 'The surplus is exactly other open items of the relation.',
        });
      }
      const strong = best.items.every((i) => significantDigits(i.invoiceNumber) >= 5);
      const agrees = known !== undefined && known.relation.id === items[0]?.relationId;
      let confidence: number;
      if (agrees) confidence = (strong ? 0.98 : 0.96) - (1 - (known?.score ?? 1)) * relationWeight * 0.5;
      else if (fit.quality === 'exact') confidence = strong ? 0.965 : 0.85;
      else confidence = strong ? 0.9 : 0.75;
      if (options.length > 1) {
        penalty += 0.1;
        evidence.push({
          kind: 'ambiguity',
          score: 0.3,
          detail: 'Invoice numbers of more than one relation are mentioned.',
        });
      }
      const check = coherence(input, items);
      return {
        candidate: candidateOf('open-items', items, fit, confidence - penalty - check.penalty, [
          ...evidence,
          ...check.evidence,
        ]),
        notes: [],
      };
    }
  }
  if (known) return matchRelationAmount(input, known, relevant);
  return matchAmountOnly(input, relevant);
}

function matchRelationAmount(input: OpenItemInput, known: RelationMatch, relevant: MatchOpenItem[]): MatcherResult {
  const { line, settings } = input;
  const items = relevant.filter((i) => i.relationId === known.relation.id).slice(0, settings.maxCombinationCandidates);
  const name = known.relation.name;
  if (items.length === 0) {
    return {
      notes: [{ ...known.evidence, detail: `${known.evidence.detail} ${name} has no open item this line can settle.` }],
    };
  }
  const loss = (1 - known.score) * relationWeight;
  const uniqueInAdministration = relevant.filter((i) => signedOutstanding(i) === line.amount).length === 1;
  const evidence: Evidence[] = [known.evidence];
  const singles = items.filter((i) => signedOutstanding(i) === line.amount);
  const combos = singles.length === 0 ? combinations(items, line.amount, settings.maxCombinedItems) : [];
  const exactOptions = singles.length > 0 ? singles.map((i) => [i]) : combos;
  if (exactOptions.length > 0) {
    const chosen = exactOptions[0] as MatchOpenItem[];
    const fit = fitItems(line, chosen, settings) as Fit;
    let confidence: number;
    if (exactOptions.length === 1) {
      confidence = chosen.length === 1 ? 0.975 : 0.965 - 0.005 * (chosen.length - 2);
      if (uniqueInAdministration) confidence += 0.01;
      if (chosen.length > 1) {
        evidence.push({
          kind: 'combination',
          score: 0.85,
          detail: `Together ${chosen.map((i) => i.invoiceNumber).join(' + ')} make exactly the amount; no other combination of ${name}'s items does.`,
        });
      }
    } else {
      confidence = 0.75;
      evidence.push({
        kind: 'ambiguity',
        score: 0.4,
        detail: `${exactOptions.length} ${singles.length > 0 ? 'items' : 'combinations'} of ${name} have this amount; the oldest is suggested.`,
      });
    }
    return {
      candidate: candidateOf('open-items', chosen, fit, Math.min(0.975, confidence) - loss, evidence),
      notes: [],
    };
  }
  // Within tolerance: one item short by bank costs or a discount.
  const tolerated = items
    .map((i) => ({ item: i, fit: fitItems(line, [i], settings) }))
    .filter((o) => o.fit?.quality === 'bank-costs' || o.fit?.quality === 'discount');
  if (tolerated.length > 0) {
    const { item, fit } = tolerated[0] as { item: MatchOpenItem; fit: Fit };
    const confidence = tolerated.length === 1 ? (fit.quality === 'discount' ? 0.955 : 0.95) : 0.7;
    if (tolerated.length > 1) {
      evidence.push({ kind: 'ambiguity', score: 0.4, detail: `More than one of ${name}'s items is within tolerance.` });
    }
    return { candidate: candidateOf('open-items', [item], fit, confidence - loss, evidence), notes: [] };
  }
  const total = items.reduce((s, i) => s + signedOutstanding(i), 0);
  if (Math.abs(line.amount) > Math.abs(total) && Math.sign(total) === Math.sign(line.amount)) {
    const fit = fitItems(line, items, settings) as Fit;
    return {
      candidate: candidateOf('open-items', items, fit, (items.length === 1 ? 0.8 : 0.7) - loss, evidence),
      notes: [],
    };
  }
  // Less than one item: a partial payment, oldest item first.
  const oldest = items.find(
    (i) =>
      Math.abs(signedOutstanding(i)) > Math.abs(line.amount) &&
      Math.sign(signedOutstanding(i)) === Math.sign(line.amount),
  );
  if (oldest) {
    const fit = fitItems(line, [oldest], settings) as Fit;
    const only = items.length === 1;
    if (!only) {
      evidence.push({
        kind: 'ambiguity',
        score: 0.3,
        detail: `${name} has ${items.length} open items; a part payment is put on the oldest it fits.`,
      });
    }
    return { candidate: candidateOf('open-items', [oldest], fit, (only ? 0.85 : 0.55) - loss, evidence), notes: [] };
  }
  return {
    notes: [{ ...known.evidence, detail: `${known.evidence.detail} No open item of ${name} fits the amount.` }],
  };
}

function matchAmountOnly(input: OpenItemInput, relevant: MatchOpenItem[]): MatcherResult {
  const { line } = input;
  const same = relevant.filter((i) => signedOutstanding(i) === line.amount);
  if (same.length === 0) return { notes: [] };
  const item = same[0] as MatchOpenItem;
  const fit = fitItems(line, [item], input.settings) as Fit;
  const evidence: Evidence[] = [
    {
      kind: 'amount',
      score: same.length === 1 ? 0.5 : 0.2,
      detail:
        same.length === 1
          ? `No relation recognised; ${item.invoiceNumber} is the only open item of exactly this amount.`
          : `No relation recognised; ${same.length} open items have exactly this amount.`,
    },
  ];
  // Below strongConfidence: any matcher later in the order with real evidence goes first.
  return { candidate: candidateOf('open-items', [item], fit, same.length === 1 ? 0.55 : 0.35, evidence), notes: [] };
}
