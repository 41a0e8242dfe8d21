import { describe, expect, it } from 'vitest';
import { type BankLine, matchBankLine, matchBankLines, type UnpaidDocument } from '#packages/bank/matching';

const receipts: UnpaidDocument[] = [
  {
    id: 'r-1',
    kind: 'receipt',
    amount: 6_842,
    date: '2026-05-02',
    supplierName: 'Shell Nederland Verkoopmaatschappij B.V.',
  },
  {
    id: 'r-2',
    kind: 'receipt',
    amount: 6_842,
    date: '2026-03-02',
    supplierName: 'Shell Nederland Verkoopmaatschappij B.V.',
  },
  { id: 'r-3', kind: 'receipt', amount: 1_995, date: '2026-05-01', supplierName: 'Albert Heijn' },
];

function cardLine(amount: number, name: string, bookingDate = '2026-05-04'): BankLine {
  return { bookingDate, amount, currency: 'EUR', counterpartyName: name, remittance: `BEA, Apple Pay ${name},PAS123` };
}

describe('matchBankLine: receipts and card payments', () => {
  it('matches a receipt to the card line that paid it: exact amount, date within the window, the brand', () => {
    const s = matchBankLine(cardLine(-6_842, 'CCV*SHELL ZAANDAM 1234'), {
      openItems: [],
      relations: [],
      documents: receipts,
    });

    expect(s.kind).toBe('document');
    expect(s.documentId).toBe('r-1');
    expect(s.decision).toBe('auto-book');
    expect(s.explanation.evidence.map((e) => e.kind)).toEqual(['document', 'date', 'name']);
  });

  it('does not match a receipt whose amount differs by a cent', () => {
    const s = matchBankLine(cardLine(-6_843, 'CCV*SHELL ZAANDAM 1234'), {
      openItems: [],
      relations: [],
      documents: receipts,
    });

    expect(s.kind).toBe('none');
    expect(s.decision).toBe('ask-client');
  });

  it('only suggests a receipt when the card text does not name its supplier', () => {
    const s = matchBankLine(cardLine(-1_995, 'SumUp *Marktkraam'), {
      openItems: [],
      relations: [],
      documents: receipts,
    });

    expect(s.documentId).toBe('r-3');
    expect(s.decision).toBe('suggest');
  });

  it('gives one receipt to one card line in a batch', () => {
    const [a, b] = matchBankLines([cardLine(-1_995, 'ALBERT HEIJN 1403'), cardLine(-1_995, 'ALBERT HEIJN 1403')], {
      openItems: [],
      relations: [],
      documents: receipts,
    });

    expect([a?.documentId, b?.documentId].filter(Boolean)).toEqual(['r-3']);
  });
});
