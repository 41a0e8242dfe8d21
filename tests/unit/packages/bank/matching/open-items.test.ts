import { describe, expect, it } from 'vitest';
import {
  type BankLine,
  type BankSuggestion,
  emptyHistory,
  learnFromBooking,
  type MatchingContext,
  type MatchOpenItem,
  type MatchRelation,
  matchBankLine,
  matchBankLines,
} from '#packages/bank/matching';
import { createBelgianStructuredReference, createDutchPaymentReference } from '#packages/kernel';

const bakkerij: MatchRelation = { id: 'rel-1', name: 'Bakkerij Jansen B.V.', ibans: ['NL91ABNA0417164300'] };
const garage: MatchRelation = { id: 'rel-2', name: 'Garage Peeters BVBA', ibans: ['BE68539007547034'] };
const drukkerij: MatchRelation = { id: 'rel-3', name: 'Drukkerij Van den Berg', ibans: ['NL20INGB0001234567'] };

function item(
  id: string,
  relation: MatchRelation,
  outstanding: number,
  extra: Partial<MatchOpenItem> = {},
): MatchOpenItem {
  return {
    id,
    side: 'receivable',
    relationId: relation.id,
    invoiceNumber: `F2026-${id.replace(/\D/g, '').padStart(4, '0')}`,
    outstanding,
    dueDate: `2026-03-${id.replace(/\D/g, '').padStart(2, '0')}`,
    ...extra,
  };
}

function line(amount: number, extra: Partial<BankLine> = {}): BankLine {
  return { bookingDate: '2026-04-02', amount, currency: 'EUR', ...extra };
}

const context = (openItems: MatchOpenItem[], extra: Partial<MatchingContext> = {}): MatchingContext => ({
  openItems,
  relations: [bakkerij, garage, drukkerij],
  ...extra,
});

const allocated = (s: BankSuggestion) => s.allocations.map((a) => [a.openItemId, a.amount, a.settles]);

describe('matchBankLine: structured references', () => {
  const reference = createBelgianStructuredReference('0102600017');

  it('settles exactly the item a +++ reference names and books it without a person', () => {
    const items = [
      item('i17', garage, 121_000, { paymentReference: reference }),
      item('i18', garage, 121_000, { paymentReference: createBelgianStructuredReference('0102600018') }),
    ];

    const s = matchBankLine(line(121_000, { structuredReference: reference.replace(/\D/g, '') }), context(items));

    expect(s.kind).toBe('open-items');
    expect(allocated(s)).toEqual([['i17', 121_000, true]]);
    expect(s.decision).toBe('auto-book');
    expect(s.explanation.evidence.some((e) => e.kind === 'structured-reference')).toBe(true);
  });

  it('finds a Dutch betalingskenmerk written in the remittance text', () => {
    const kenmerk = createDutchPaymentReference('202600000042');
    const items = [item('i42', bakkerij, 50_000, { paymentReference: kenmerk }), item('i43', bakkerij, 50_000)];

    const s = matchBankLine(
      line(50_000, { remittance: `Betaling ${kenmerk.replace(/(\d{4})/g, '$1 ')}` }),
      context(items),
    );

    expect(allocated(s)).toEqual([['i42', 50_000, true]]);
    expect(s.decision).toBe('auto-book');
  });

  it('lets the amount choose when one reference is on several items', () => {
    const shared = createDutchPaymentReference('4711');
    const items = [
      item('i1', bakkerij, 10_000, { paymentReference: shared }),
      item('i2', bakkerij, 12_500, { paymentReference: shared }),
    ];

    const s = matchBankLine(line(12_500, { structuredReference: shared }), context(items));

    expect(allocated(s)).toEqual([['i2', 12_500, true]]);
    expect(s.explanation.evidence.some((e) => e.kind === 'ambiguity')).toBe(true);
  });

  it('does not auto-book by amount when the line carries a valid reference no open item has', () => {
    const paidBefore = createBelgianStructuredReference('0102600099');
    const items = [item('i1', garage, 30_000)];

    const s = matchBankLine(
      line(30_000, { counterpartyIban: 'BE68539007547034', structuredReference: paidBefore }),
      context(items),
    );

    expect(allocated(s)).toEqual([['i1', 30_000, true]]);
    expect(s.decision).toBe('suggest');
    expect(s.explanation.evidence.some((e) => e.kind === 'reference-unknown')).toBe(true);
  });

  it('does not trust a reference with a wrong check digit', () => {
    // One digit mistyped: 2600 → 2606; the check digits no longer hold.
    const mistyped = reference.replace('/2600/', '/2606/');
    expect(mistyped).not.toBe(reference);
    const items = [item('i17', garage, 121_000, { paymentReference: reference }), item('i18', garage, 121_000)];

    const s = matchBankLine(
      line(121_000, { structuredReference: mistyped, counterpartyName: 'Somebody' }),
      context(items),
    );

    expect(s.explanation.evidence.some((e) => e.kind === 'reference-invalid')).toBe(true);
    expect(s.explanation.evidence.some((e) => e.kind === 'structured-reference')).toBe(false);
    expect(s.decision).not.toBe('auto-book');
  });
});

describe('matchBankLine: amounts against a relation', () => {
  it('settles a combined payment of three invoices found by subset sum', () => {
    const items = [
      item('i1', bakkerij, 12_100),
      item('i2', bakkerij, 30_250),
      item('i3', bakkerij, 8_470),
      item('i4', bakkerij, 99_999),
    ];

    const s = matchBankLine(line(12_100 + 8_470 + 99_999, { counterpartyIban: 'NL91ABNA0417164300' }), context(items));

    expect(allocated(s)).toEqual([
      ['i1', 12_100, true],
      ['i3', 8_470, true],
      ['i4', 99_999, true],
    ]);
    expect(s.remainder).toBeUndefined();
    expect(s.decision).toBe('auto-book');
  });

  it('leaves the rest of a partly paid invoice open', () => {
    const items = [item('i7', drukkerij, 100_000), item('i8', drukkerij, 20_000)];

    const s = matchBankLine(
      line(40_000, { counterpartyIban: 'NL20INGB0001234567', remittance: 'deelbetaling factuur F2026-0007' }),
      context(items),
    );

    expect(allocated(s)).toEqual([['i7', 40_000, false]]);
    expect(s.remainder).toEqual({ kind: 'partial', openItemId: 'i7', leftOpen: 60_000 });
  });

  it('books an overpayment as a credit on the relation after settling the item in full', () => {
    const items = [item('i9', garage, 45_000)];

    const s = matchBankLine(
      line(50_000, { counterpartyIban: 'BE68539007547034', remittance: 'factuur 2026/9' }),
      context(items),
    );

    expect(allocated(s)).toEqual([['i9', 45_000, true]]);
    expect(s.remainder).toEqual({ kind: 'overpayment', relationId: 'rel-2', amount: 5_000 });
  });

  it('books bank costs within the tolerance to the bank-costs account', () => {
    const items = [item('i5', garage, 80_000), item('i6', garage, 33_333)];

    const s = matchBankLine(line(79_850, { counterpartyIban: 'BE68539007547034' }), context(items));

    expect(allocated(s)).toEqual([['i5', 80_000, true]]);
    expect(s.remainder).toEqual({ kind: 'bank-costs', amount: 150, glAccount: '4900' });
    expect(s.decision).toBe('auto-book');
  });

  it('treats a shortfall above the cost tolerance as a partial payment, not costs', () => {
    const items = [item('i5', garage, 80_000)];

    const s = matchBankLine(line(79_000, { counterpartyIban: 'BE68539007547034' }), context(items));

    expect(s.remainder).toEqual({ kind: 'partial', openItemId: 'i5', leftOpen: 1_000 });
  });

  it('books a 2 % early-payment discount to the discounts-given account', () => {
    const items = [item('i5', garage, 150_000)];

    const s = matchBankLine(
      line(147_000, { counterpartyIban: 'BE68539007547034', remittance: 'F2026-0005 min 2% korting' }),
      context(items, {
        settings: { discount: { maxBasisPoints: 200, givenGlAccount: '708000', receivedGlAccount: '659000' } },
      }),
    );

    expect(allocated(s)).toEqual([['i5', 150_000, true]]);
    expect(s.remainder).toEqual({ kind: 'discount', direction: 'given', amount: 3_000, glAccount: '708000' });
  });

  it('reads an unworded 1 % shortfall paid before the due date as a discount, and after it as a question', () => {
    const early = [item('i5', garage, 12_000, { dueDate: '2026-05-01' })];
    const late = [item('i5', garage, 12_000, { dueDate: '2026-03-01' })];
    const paid = line(11_880, { counterpartyIban: 'BE68539007547034', remittance: 'F2026-0005' });

    const before = matchBankLine(paid, context(early));
    const after = matchBankLine(paid, context(late));

    expect(before.remainder).toMatchObject({ kind: 'discount', direction: 'given', amount: 120 });
    expect(after.remainder).toMatchObject({ kind: 'bank-costs', amount: 120 });
    expect(after.decision).not.toBe('auto-book');
  });

  it('does not take a discount above the configured percentage', () => {
    const items = [item('i5', garage, 150_000)];

    const s = matchBankLine(
      line(145_500, { counterpartyIban: 'BE68539007547034', remittance: 'F2026-0005 korting' }),
      context(items),
    );

    expect(s.remainder?.kind).toBe('partial');
  });

  it('finds the relation from a typo in the name but stays below auto-book when the amount is ambiguous', () => {
    const items = [item('i1', bakkerij, 25_000), item('i2', bakkerij, 25_000)];

    const s = matchBankLine(line(25_000, { counterpartyName: 'BAKKERIJ JANSSEN BV' }), context(items));

    expect(s.relationId).toBe('rel-1');
    expect(allocated(s)).toEqual([['i1', 25_000, true]]);
    expect(s.decision).toBe('suggest');
    expect(s.confidence).toBeLessThan(0.95);
    expect(s.explanation.evidence.some((e) => e.kind === 'name' && e.score < 1)).toBe(true);
  });

  it('pays a supplier: a debit line settles a payable by its invoice number', () => {
    const items = [
      item('p1', drukkerij, 72_600, { side: 'payable', invoiceNumber: 'VB-004711' }),
      item('p2', drukkerij, 10_000, { side: 'payable', invoiceNumber: 'VB-004712' }),
    ];

    const s = matchBankLine(
      line(-72_600, { counterpartyIban: 'NL20INGB0001234567', remittance: 'Factuur VB 4711' }),
      context(items),
    );

    expect(allocated(s)).toEqual([['p1', 72_600, true]]);
    expect(s.decision).toBe('auto-book');
  });
});

describe('matchBankLine: combinations', () => {
  it('nets a credit note against an invoice the customer pays in one transfer', () => {
    const items = [
      item('i1', bakkerij, 100_000),
      item('i2', bakkerij, 50_000),
      item('c3', bakkerij, -20_000, { kind: 'credit-note' }),
    ];

    const s = matchBankLine(line(80_000, { counterpartyIban: 'NL91ABNA0417164300' }), context(items));

    expect(allocated(s)).toEqual([
      ['i1', 100_000, true],
      ['c3', -20_000, true],
    ]);
  });

  it('settles a second invoice too when the surplus over the referenced one is exactly that invoice', () => {
    const reference = createBelgianStructuredReference('0102600021');
    const items = [item('i21', garage, 60_500, { paymentReference: reference }), item('i22', garage, 24_200)];

    const s = matchBankLine(
      line(84_700, { counterpartyIban: 'BE68539007547034', structuredReference: reference }),
      context(items),
    );

    expect(allocated(s)).toEqual([
      ['i21', 60_500, true],
      ['i22', 24_200, true],
    ]);
    expect(s.remainder).toBeUndefined();
    expect(s.decision).toBe('auto-book');
  });

  it('recognises a customer paying from an account an earlier booking taught it', () => {
    const items = [item('i1', bakkerij, 33_000), item('i2', drukkerij, 33_000)];
    const history = learnFromBooking(emptyHistory(), line(10_000, { counterpartyIban: 'NL02RABO0123456789' }), {
      kind: 'open-items',
      relationId: bakkerij.id,
    });

    const s = matchBankLine(
      line(33_000, { counterpartyIban: 'NL02RABO0123456789', counterpartyName: 'J. Jansen' }),
      context(items, { history }),
    );

    expect(allocated(s)).toEqual([['i1', 33_000, true]]);
    expect(s.explanation.evidence.map((e) => e.kind)).toContain('learned-iban');
  });
});

describe('matchBankLine: decisions', () => {
  it('asks the client when nothing explains a debit line', () => {
    const s = matchBankLine(
      line(-4_999, { counterpartyName: 'Onbekende Winkel', remittance: 'pinbetaling' }),
      context([]),
    );

    expect(s.kind).toBe('none');
    expect(s.decision).toBe('ask-client');
    expect(s.explanation.evidence.at(-1)?.kind).toBe('nothing');
  });

  it('leaves an unexplained credit line to the accountant', () => {
    const s = matchBankLine(line(4_999, { counterpartyName: 'Onbekend' }), context([]));

    expect(s.decision).toBe('manual');
  });

  it('follows the administration priority order: a document before the open items when moved ahead', () => {
    const items = [item('p1', drukkerij, 12_345, { side: 'payable', invoiceNumber: 'D-77881' })];
    const documents = [{ id: 'doc-1', amount: 12_345, date: '2026-04-01', supplierName: 'Drukkerij Van den Berg' }];
    const paid = line(-12_345, { counterpartyIban: 'NL20INGB0001234567', counterpartyName: 'Drukkerij vd Berg' });

    const standard = matchBankLine(paid, context(items, { documents }));
    const documentsFirst = matchBankLine(
      paid,
      context(items, {
        documents,
        settings: { priority: ['document', 'reference', 'open-items', 'loan', 'gl-account'] },
      }),
    );

    expect(standard.kind).toBe('open-items');
    expect(documentsFirst.kind).toBe('document');
    expect(documentsFirst.documentId).toBe('doc-1');
    // Two explanations this strong for different bookings: a person decides.
    expect(documentsFirst.decision).toBe('suggest');
  });
});

describe('matchBankLines', () => {
  it('does not let two lines settle the same invoice', () => {
    const reference = createBelgianStructuredReference('0102600001');
    const items = [item('i1', garage, 10_000, { paymentReference: reference })];

    const [first, second] = matchBankLines(
      [
        line(10_000, { counterpartyIban: 'BE68539007547034' }),
        line(10_000, { counterpartyIban: 'BE68539007547034', structuredReference: reference }),
      ],
      context(items),
    );

    expect(second?.allocations[0]?.openItemId).toBe('i1');
    expect(second?.decision).toBe('auto-book');
    expect(first?.allocations).toEqual([]);
  });
});
