import { describe, expect, it } from 'vitest';
import {
  type BankLine,
  buildLoanSchedule,
  emptyHistory,
  type LoanSchedule,
  learnFromBooking,
  matchBankLine,
  predictSplit,
} from '#packages/bank/matching';

function line(amount: number, bookingDate: string, extra: Partial<BankLine> = {}): BankLine {
  return { bookingDate, amount, currency: 'EUR', ...extra };
}

describe('buildLoanSchedule', () => {
  it('makes equal annuity instalments whose principal repays the loan exactly', () => {
    const periods = buildLoanSchedule({
      principal: 5_000_000,
      annualRateBasisPoints: 450,
      periods: 60,
      firstDueDate: '2026-01-31',
      method: 'annuity',
    });

    expect(periods).toHaveLength(60);
    expect(periods[0]).toMatchObject({ dueDate: '2026-01-31', interest: 18_750, payment: 93_215 });
    expect(periods[1]?.dueDate).toBe('2026-02-28');
    expect(new Set(periods.slice(0, -1).map((p) => p.payment)).size).toBe(1);
    expect(periods.reduce((s, p) => s + p.principal, 0)).toBe(5_000_000);
    expect(periods.at(-1)?.balanceAfter).toBe(0);
  });

  it('repays equal principal in a linear loan while the interest falls', () => {
    const periods = buildLoanSchedule({
      principal: 1_200_000,
      annualRateBasisPoints: 600,
      periods: 12,
      firstDueDate: '2026-03-01',
      method: 'linear',
      periodsPerYear: 4,
    });

    expect(periods.map((p) => p.principal)).toEqual(Array(12).fill(100_000));
    expect(periods[0]?.interest).toBe(18_000);
    expect(periods[1]).toMatchObject({ dueDate: '2026-06-01', interest: 16_500 });
  });
});

describe('matchBankLine: loan instalments', () => {
  const periods = buildLoanSchedule({
    principal: 5_000_000,
    annualRateBasisPoints: 450,
    periods: 60,
    firstDueDate: '2026-01-31',
    method: 'annuity',
  });
  const loan: LoanSchedule = {
    id: 'loan-1',
    label: 'Rabobank investeringskrediet',
    counterpartyIbans: ['NL44RABO0123456789'],
    loanReference: 'LN 88.21.334',
    principalAccount: '0900',
    interestAccount: '9100',
    periods,
  };

  it('splits an instalment into interest and principal from the schedule', () => {
    const third = periods[2];
    if (!third) throw new Error('no third period');

    const s = matchBankLine(line(-third.payment, '2026-04-01', { counterpartyIban: 'NL44RABO0123456789' }), {
      openItems: [],
      relations: [],
      loans: [loan],
    });

    expect(s.kind).toBe('loan');
    expect(s.loanId).toBe('loan-1#3');
    expect(s.glLines).toEqual([
      { glAccount: '9100', amount: -third.interest, role: 'interest' },
      { glAccount: '0900', amount: -third.principal, role: 'principal' },
    ]);
    expect(s.decision).toBe('auto-book');
  });

  it('does not take an instalment booked far from its due date', () => {
    const s = matchBankLine(
      line(-(periods[2]?.payment ?? 0), '2026-06-15', { counterpartyIban: 'NL44RABO0123456789' }),
      {
        openItems: [],
        relations: [],
        loans: [loan],
      },
    );

    expect(s.kind).not.toBe('loan');
  });

  it('learns the split of an unscheduled loan from earlier instalments', () => {
    const lender = { counterpartyIban: 'BE71096123456769', counterpartyName: 'KBC Bank' };
    let history = emptyHistory();
    for (const [date, interest] of [
      ['2026-01-05', 4_100],
      ['2026-02-05', 4_000],
      ['2026-03-05', 3_900],
    ] as const) {
      history = learnFromBooking(history, line(-50_000, date, lender), {
        kind: 'loan',
        interest,
        principal: 50_000 - interest,
        interestAccount: '650000',
        principalAccount: '173000',
      });
    }

    const s = matchBankLine(line(-50_000, '2026-04-05', lender), { openItems: [], relations: [], history });

    expect(s.kind).toBe('loan');
    expect(s.glLines).toEqual([
      { glAccount: '650000', amount: -3_800, role: 'interest' },
      { glAccount: '173000', amount: -46_200, role: 'principal' },
    ]);
    expect(s.decision).toBe('suggest');
  });

  it('keeps the principal of a linear loan and puts the rest on interest', () => {
    const split = predictSplit(
      [
        {
          date: '2026-01-01',
          amount: 12_000,
          interest: 2_000,
          principal: 10_000,
          interestAccount: 'i',
          principalAccount: 'p',
        },
        {
          date: '2026-02-01',
          amount: 11_900,
          interest: 1_900,
          principal: 10_000,
          interestAccount: 'i',
          principalAccount: 'p',
        },
      ],
      11_800,
    );

    expect(split).toMatchObject({ interest: 1_800, principal: 10_000 });
  });
});
