import { daysBetween } from '#packages/invoicing';
import { type Cents, formatCents, mulDivRound } from '#packages/kernel';
import type { BankLine } from '../model.js';
import type { Candidate, Evidence, LoanPeriod, LoanSchedule, LoanSplitObservation, MatchingHistory } from './model.js';
import { compactIban } from './relations.js';
import { canonicalName, nameSimilarity, plainText } from './text.js';

/** What the accountant enters for a loan. */
export interface LoanTerms {
  /** Borrowed amount, positive. */
  readonly principal: Cents;
  /** Yearly interest in basis points (4.5 % = 450). */
  readonly annualRateBasisPoints: number;
  readonly periods: number;
  /** `YYYY-MM-DD` of the first instalment. */
  readonly firstDueDate: string;
  /** Annuity: equal instalments; linear: equal principal repayments. */
  readonly method: 'annuity' | 'linear';
  /** 12 (monthly, the default), 4 or 1. */
  readonly periodsPerYear?: 12 | 4 | 1;
}

export { daysBetween };

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/**
 * The per-period split of a loan: interest on the balance each period (rounded to cents),
 * principal the rest of an equal instalment (annuity) or an equal share (linear). The last
 * period clears the balance exactly.
 */
export function buildLoanSchedule(terms: LoanTerms): LoanPeriod[] {
  const perYear = terms.periodsPerYear ?? 12;
  const rate = terms.annualRateBasisPoints / 10_000 / perYear;
  // The instalment is a rounded float; every amount booked from it is whole cents.
  const annuity =
    rate === 0
      ? Math.ceil(terms.principal / terms.periods)
      : Math.round((terms.principal * rate) / (1 - (1 + rate) ** -terms.periods));
  const linearShare = Math.floor(terms.principal / terms.periods);
  const periods: LoanPeriod[] = [];
  let balance = terms.principal;
  for (let p = 1; p <= terms.periods; p++) {
    const interest = mulDivRound(balance, terms.annualRateBasisPoints, 10_000 * perYear);
    const last = p === terms.periods;
    const principal = last
      ? balance
      : Math.min(balance, terms.method === 'annuity' ? Math.max(0, annuity - interest) : linearShare);
    balance -= principal;
    periods.push({
      period: p,
      dueDate: addMonths(terms.firstDueDate, ((p - 1) * 12) / perYear),
      payment: interest + principal,
      interest,
      principal,
      balanceAfter: balance,
    });
  }
  return periods;
}

/** The key loan splits are learned under: the counterparty's IBAN, else its name. */
export function loanKey(line: Pick<BankLine, 'counterpartyIban' | 'counterpartyName'>): string | undefined {
  if (line.counterpartyIban) return `iban:${compactIban(line.counterpartyIban)}`;
  const name = line.counterpartyName && canonicalName(line.counterpartyName);
  return name ? `name:${name}` : undefined;
}

const euro = (cents: Cents) => `€${formatCents(Math.abs(cents))}`;

function counterpartyScore(line: BankLine, loan: LoanSchedule): { score: number; evidence?: Evidence } {
  const iban = line.counterpartyIban && compactIban(line.counterpartyIban);
  if (iban && loan.counterpartyIbans?.some((i) => compactIban(i) === iban)) {
    return { score: 1, evidence: { kind: 'iban', score: 1, detail: `IBAN ${iban} is the lender of ${loan.label}.` } };
  }
  const reference = loan.loanReference && plainText(loan.loanReference).replace(/ /g, '');
  if (
    reference &&
    plainText(line.remittance ?? '')
      .replace(/ /g, '')
      .includes(reference)
  ) {
    return {
      score: 1,
      evidence: { kind: 'loan-schedule', score: 1, detail: `The remittance mentions loan ${loan.loanReference}.` },
    };
  }
  if (line.counterpartyName && loan.counterpartyName) {
    const similarity = nameSimilarity(line.counterpartyName, loan.counterpartyName);
    if (similarity >= 0.85) {
      return {
        score: similarity,
        evidence: {
          kind: 'name',
          score: similarity,
          detail: `'${line.counterpartyName}' is the lender of ${loan.label}.`,
        },
      };
    }
  }
  return { score: 0 };
}

function split(loan: Pick<LoanSchedule, 'interestAccount' | 'principalAccount'>, interest: Cents, principal: Cents) {
  return [
    { glAccount: loan.interestAccount, amount: -interest, role: 'interest' as const },
    { glAccount: loan.principalAccount, amount: -principal, role: 'principal' as const },
  ];
}

/**
 * The interest of the next period when earlier splits fit a loan at a whole number of basis
 * points a year: the rate from how fast the interest fell per euro repaid, then the balance
 * every observed interest amount allows (each is the balance times the rate, rounded).
 */
function interestFromBalance(
  observations: readonly LoanSplitObservation[],
  periodsPerYear: number,
): { interest: Cents; certain: boolean } | undefined {
  if (observations.length < 3) return undefined;
  const first = observations[0] as LoanSplitObservation;
  const last = observations.at(-1) as LoanSplitObservation;
  const repaid = observations.slice(0, -1).reduce((s, o) => s + o.principal, 0);
  if (repaid <= 0 || first.interest <= last.interest) return undefined;
  const estimate = Math.round(((first.interest - last.interest) / repaid) * 10_000 * periodsPerYear);
  const predictions = new Set<number>();
  let certain = true;
  for (let basisPoints = Math.max(1, estimate - 5); basisPoints <= estimate + 5; basisPoints++) {
    const rate = basisPoints / (10_000 * periodsPerYear);
    // The opening balance B0 with round((B0 − repaid before k) × rate) = interest k for every k.
    let low = Number.NEGATIVE_INFINITY;
    let high = Number.POSITIVE_INFINITY;
    let before = 0;
    for (const o of observations) {
      low = Math.max(low, (o.interest - 0.5) / rate + before);
      high = Math.min(high, (o.interest + 0.5) / rate + before);
      before += o.principal;
    }
    if (low >= high) continue;
    const [a, b] = [low + 1e-6, high - 1e-6].map((b0) => Math.round((b0 - before) * rate));
    // When the balances the splits allow straddle a rounding step, the middle one is a guess.
    if (a !== b) certain = false;
    predictions.add(Math.round(((low + high) / 2 - before) * rate));
  }
  const [interest] = predictions;
  return predictions.size === 1 && interest !== undefined ? { interest, certain } : undefined;
}

/**
 * Predicts the split of `amount` from earlier splits: from the balance and a whole-basis-point
 * rate the splits fit, else the interest trend of equal instalments, else a constant principal.
 */
export function predictSplit(
  observations: readonly LoanSplitObservation[],
  amount: Cents,
): { interest: Cents; principal: Cents; how: string; confidence: number } | undefined {
  const last = observations.at(-1);
  if (!last || last.amount <= 0) return undefined;
  const fitted = interestFromBalance(observations, 12);
  if (fitted && fitted.interest >= 0 && fitted.interest <= amount) {
    return {
      interest: fitted.interest,
      principal: amount - fitted.interest,
      how: `the balance and rate that fit all ${observations.length} splits`,
      confidence: fitted.certain ? 0.9 : 0.8,
    };
  }
  const previous = observations.at(-2);
  if (previous && last.amount === amount && previous.amount === amount) {
    // Annuity: the interest falls by about as much each period.
    const step = last.interest - previous.interest;
    const interest = Math.max(0, Math.min(amount, last.interest + step));
    return { interest, principal: amount - interest, how: 'the interest trend of equal instalments', confidence: 0.85 };
  }
  if (previous && last.principal === previous.principal && last.principal <= amount) {
    return {
      interest: amount - last.principal,
      principal: last.principal,
      how: 'the constant principal of a linear loan',
      confidence: 0.85,
    };
  }
  const interest = mulDivRound(amount, last.interest, last.amount);
  return { interest, principal: amount - interest, how: 'the ratio of the last split', confidence: 0.65 };
}

/**
 * Priority 4: a loan instalment. A scheduled period whose instalment is the line's amount and
 * whose due date is near the booking date, from the lender (IBAN, name or loan number in the
 * remittance), split as scheduled; else the split learned from earlier instalments.
 */
export function matchLoan(
  line: BankLine,
  loans: readonly LoanSchedule[],
  history: MatchingHistory | undefined,
  windowDays: number,
  used: ReadonlySet<string>,
): Candidate | undefined {
  if (line.amount >= 0) return undefined;
  const paid = -line.amount;
  let best: { loan: LoanSchedule; period: LoanPeriod; score: number; days: number; evidence?: Evidence } | undefined;
  for (const loan of loans) {
    const who = counterpartyScore(line, loan);
    for (const period of loan.periods) {
      if (period.payment !== paid || used.has(`${loan.id}#${period.period}`)) continue;
      const days = Math.abs(daysBetween(period.dueDate, line.bookingDate));
      if (days > windowDays) continue;
      if (!best || who.score > best.score || (who.score === best.score && days < best.days)) {
        best = { loan, period, score: who.score, days, ...(who.evidence ? { evidence: who.evidence } : {}) };
      }
    }
  }
  if (best) {
    const { loan, period } = best;
    const evidence: Evidence[] = [
      {
        kind: 'loan-schedule',
        score: 0.9,
        detail: `${euro(paid)} is instalment ${period.period} of ${loan.label} due ${period.dueDate}: interest ${euro(period.interest)}, principal ${euro(period.principal)}.`,
      },
    ];
    if (best.evidence) evidence.unshift(best.evidence);
    return {
      matcher: 'loan',
      kind: 'loan',
      confidence: best.score >= 0.85 ? 0.97 - (1 - best.score) * 0.5 : 0.85,
      summary: `Instalment ${period.period} of ${loan.label}.`,
      evidence,
      loanId: `${loan.id}#${period.period}`,
      glLines: split(loan, period.interest, period.principal),
    };
  }
  const key = loanKey(line);
  const observations = key ? history?.loanSplits[key] : undefined;
  if (!observations?.length) return undefined;
  const predicted = predictSplit(observations, paid);
  const last = observations.at(-1);
  if (!predicted || !last) return undefined;
  return {
    matcher: 'loan',
    kind: 'loan',
    confidence: predicted.confidence,
    summary: `A loan instalment split as before: interest ${euro(predicted.interest)}, principal ${euro(predicted.principal)}.`,
    evidence: [
      {
        kind: 'loan-history',
        score: predicted.confidence,
        detail: `${observations.length} earlier instalment(s) to this counterparty were split; following ${predicted.how}.`,
      },
    ],
    glLines: split(last, predicted.interest, predicted.principal),
  };
}
