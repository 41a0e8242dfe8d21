import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageItems,
  ageingBucket,
  computeInvoice,
  formatDocumentNumber,
  hoursOf,
  invoiceEntryLines,
  isSelfAssessed,
  lineNet,
  type OpenItem,
  type PricedLine,
  paymentEntryLines,
  salesPaymentReference,
  scaledQuantity,
  summariseHours,
} from '#packages/invoicing';
import {
  isValidBelgianStructuredReference,
  isValidDutchPaymentReference,
  parseBelgianStructuredReference,
  vatOf,
} from '#packages/kernel';
import { vatCodes } from '#packages/ledger';

const quantityArb = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 9999 }))
  .map(([whole, frac]) => `${whole}.${String(frac).padStart(4, '0')}`);
const rateArb = fc.constantFrom(2100, 900, 600, 1200, 0);
const lineArb = fc.record({
  quantity: quantityArb,
  unitPrice: fc.integer({ min: -100_000, max: 10_000_000 }),
  vatCode: fc.constantFrom('A', 'B', 'C', 'D'),
  selfAssessed: fc.boolean(),
});
/** Lines where each code has one rate and one self-assessment flag, as real VAT codes do. */
const linesArb = fc
  .tuple(
    fc.array(lineArb, { minLength: 1, maxLength: 20 }),
    fc.dictionary(fc.constantFrom('A', 'B', 'C', 'D'), rateArb),
  )
  .map(([lines, rates]): PricedLine[] =>
    lines.map((l) => ({
      ...l,
      rateBasisPoints: rates[l.vatCode] ?? 2100,
      selfAssessed: l.vatCode === 'D',
    })),
  );

describe('lineNet', () => {
  it('rounds quantity × price half away from zero to whole cents', () => {
    expect(lineNet('2.5', 1001)).toBe(2503); // 25.025 → 25.03
    expect(lineNet('3', 3333)).toBe(9999);
    expect(lineNet('0.3333', 100)).toBe(33); // 33.33 → 33
    expect(lineNet('-1.5', 101)).toBe(-152); // -151.5 → -152
    expect(lineNet('1.0001', 5000)).toBe(5001); // 5000.5 → 5001
  });

  it('reads quantities with up to four decimals exactly', () => {
    expect(scaledQuantity('1')).toBe(10_000);
    expect(scaledQuantity('0.25')).toBe(2_500);
    expect(scaledQuantity('-0.0001')).toBe(-1);
    expect(() => scaledQuantity('1.23456')).toThrow(RangeError);
    expect(() => scaledQuantity('1e3')).toThrow(RangeError);
  });
});

describe('computeInvoice', () => {
  it('computes VAT per code on the sum of nets, not per line (EN 16931)', () => {
    const line = (quantity: string, unitPrice: number, vatCode: string, rateBasisPoints: number): PricedLine => ({
      quantity,
      unitPrice,
      vatCode,
      rateBasisPoints,
      selfAssessed: false,
    });
    const calc = computeInvoice([
      line('3', 3333, 'NL-V21', 2100),
      line('2.5', 1001, 'NL-V21', 2100),
      line('1', 1500, 'NL-V9', 900),
    ]);
    expect(calc.nets).toEqual([9999, 2503, 1500]);
    // 21 % of 125.02 = 26.2542 → 26.25 (per line it would be 21.00 + 5.26 = 26.26)
    expect(calc.vat).toEqual([
      { code: 'NL-V21', rateBasisPoints: 2100, base: 12502, vat: 2625, selfAssessed: false },
      { code: 'NL-V9', rateBasisPoints: 900, base: 1500, vat: 135, selfAssessed: false },
    ]);
    expect(calc.totals).toEqual({ net: 14002, vat: 2760, gross: 16762 });
  });

  it('keeps totals equal to the sum of the lines, VAT per code equal to vatOf(sum of nets), gross = net + VAT', () => {
    fc.assert(
      fc.property(linesArb, fc.constantFrom(1 as const, -1 as const), (lines, sign) => {
        const calc = computeInvoice(lines, sign);
        expect(calc.totals.net).toBe(calc.nets.reduce((s, n) => s + n, 0));
        lines.forEach((l, i) => {
          expect(calc.nets[i]).toBe(sign * lineNet(l.quantity, l.unitPrice) + 0);
        });
        for (const v of calc.vat) {
          const base = calc.nets.filter((_, i) => lines[i]?.vatCode === v.code).reduce((s, n) => s + n, 0);
          expect(v.base).toBe(base);
          expect(v.vat).toBe(vatOf(base, v.rateBasisPoints));
        }
        const charged = calc.vat.filter((v) => !v.selfAssessed).reduce((s, v) => s + v.vat, 0);
        expect(calc.totals.vat).toBe(charged);
        expect(calc.totals.gross).toBe(calc.totals.net + calc.totals.vat);
        expect(new Set(calc.vat.map((v) => v.code)).size).toBe(calc.vat.length);
      }),
      { numRuns: 500 },
    );
  });

  it('makes a credit note the exact negation of the invoice', () => {
    fc.assert(
      fc.property(linesArb, (lines) => {
        const invoice = computeInvoice(lines, 1);
        const credit = computeInvoice(lines, -1);
        const neg = (n: number) => 0 - n;
        expect(credit.totals).toEqual({
          net: neg(invoice.totals.net),
          vat: neg(invoice.totals.vat),
          gross: neg(invoice.totals.gross),
        });
        expect(credit.vat.map((v) => v.vat)).toEqual(invoice.vat.map((v) => neg(v.vat)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('invoiceEntryLines', () => {
  const accounts = { counter: 'REC', vat: 'VAT', reverseCharge: 'RC' };

  it('always balances, for sales and purchases, invoices and credit notes', () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.constantFrom('sales' as const, 'purchase' as const),
        fc.boolean(),
        (priced, side, credit) => {
          const lines = side === 'sales' ? priced.map((l) => ({ ...l, selfAssessed: false })) : priced;
          const calc = computeInvoice(lines, credit ? -1 : 1);
          const entry = invoiceEntryLines(
            {
              side,
              relationId: 'r1',
              lines: lines.map((l, i) => ({
                description: 'x',
                quantity: l.quantity,
                unitPrice: l.unitPrice,
                vatCode: l.vatCode,
                glAccount: 'GL',
                net: calc.nets[i] ?? 0,
              })),
              vat: calc.vat,
              totals: calc.totals,
            },
            accounts,
            'text',
          );
          expect(entry.reduce((s, l) => s + l.amount, 0)).toBe(0);
          expect(entry.every((l) => l.amount !== 0)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('self-assesses reverse-charge VAT: Dr VAT receivable and Cr reverse-charge payable, gross = net', () => {
    const calc = computeInvoice([
      { quantity: '1', unitPrice: 100_000, vatCode: 'NL-I-EU-GOODS21', rateBasisPoints: 2100, selfAssessed: true },
    ]);
    expect(calc.totals).toEqual({ net: 100_000, vat: 0, gross: 100_000 });
    const lines = invoiceEntryLines(
      {
        side: 'purchase',
        relationId: 'r1',
        lines: [
          {
            description: 'Goods',
            quantity: '1',
            unitPrice: 100_000,
            vatCode: 'NL-I-EU-GOODS21',
            glAccount: '7000',
            net: 100_000,
          },
        ],
        vat: calc.vat,
        totals: calc.totals,
      },
      accounts,
      'text',
    );
    expect(lines.map((l) => [l.accountCode, l.amount, l.vat?.part])).toEqual([
      ['REC', -100_000, undefined],
      ['7000', 100_000, 'base'],
      ['VAT', 21_000, 'vat'],
      ['RC', -21_000, undefined],
    ]);
  });

  it('books a payment as Dr bank / Cr receivables, or Dr payables / Cr bank', () => {
    expect(paymentEntryLines('receivable', 500, { bank: 'B', counter: 'R' }, 'r', 't').map((l) => l.amount)).toEqual([
      500, -500,
    ]);
    expect(
      paymentEntryLines('payable', 500, { bank: 'B', counter: 'P' }, 'r', 't').map((l) => [l.accountCode, l.amount]),
    ).toEqual([
      ['B', -500],
      ['P', 500],
    ]);
  });
});

describe('isSelfAssessed', () => {
  it('holds for every purchase code whose VAT lands in both a VAT and a deductible box', () => {
    for (const code of [...vatCodes.NL, ...vatCodes.BE]) {
      const both = code.boxes.vat.length > 0 && code.boxes.deductible.length > 0 && code.rateBasisPoints > 0;
      if (code.direction === 'purchase' && both) expect(isSelfAssessed(code), code.code).toBe(true);
      if (isSelfAssessed(code) && code.rateBasisPoints > 0) expect(both, code.code).toBe(true);
    }
  });
});

describe('salesPaymentReference', () => {
  it('makes a valid 16-digit betalingskenmerk in NL, unique per series, year and number', () => {
    const seen = new Set<string>();
    for (const series of ['F', 'C', 'FA', 'ZZZ']) {
      for (const number of [1, 2, 999_999]) {
        const ref = salesPaymentReference('NL', series, 2026, number);
        expect(ref).toMatch(/^\d{16}$/);
        expect(isValidDutchPaymentReference(ref)).toBe(true);
        seen.add(ref);
      }
    }
    expect(seen.size).toBe(12);
  });

  it('makes a valid Belgian structured communication carrying year and number', () => {
    const ref = salesPaymentReference('BE', 'F', 2026, 42);
    expect(isValidBelgianStructuredReference(ref)).toBe(true);
    expect(parseBelgianStructuredReference(ref)?.slice(0, 10)).toBe('0626000042');
  });
});

describe('formatDocumentNumber and dates', () => {
  it('numbers F2026-0001 and adds calendar days across months', () => {
    expect(formatDocumentNumber('F', 2026, 1)).toBe('F2026-0001');
    expect(formatDocumentNumber('Q', 2026, 12345)).toBe('Q2026-12345');
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
  });

  it('expresses minutes as hours with four decimals', () => {
    expect(hoursOf(90)).toBe('1.5');
    expect(hoursOf(10)).toBe('0.1667');
    expect(hoursOf(480)).toBe('8');
  });
});

describe('ageing', () => {
  it('buckets by days overdue: not due, 1–30, 31–60, 61–90, over 90', () => {
    expect(ageingBucket('2026-06-30', '2026-06-30')).toBe('notDue');
    expect(ageingBucket('2026-06-29', '2026-06-30')).toBe('days1to30');
    expect(ageingBucket('2026-05-31', '2026-06-30')).toBe('days1to30');
    expect(ageingBucket('2026-05-30', '2026-06-30')).toBe('days31to60');
    expect(ageingBucket('2026-04-01', '2026-06-30')).toBe('days61to90');
    expect(ageingBucket('2026-03-31', '2026-06-30')).toBe('over90');
  });

  it('adds up per relation and in total, leaving out items dated after the as-of date', () => {
    const item = (relationId: string, dueDate: string, outstanding: number, invoiceDate = '2026-01-01') =>
      ({ relationId, relationName: relationId, dueDate, outstanding, invoiceDate }) as OpenItem;
    const report = ageItems('receivable', '2026-06-30', [
      item('a', '2026-07-10', 100),
      item('a', '2026-06-01', 200),
      item('b', '2026-01-01', 300),
      item('b', '2026-07-30', 999, '2026-07-01'),
    ]);
    expect(report.totals).toEqual({
      notDue: 100,
      days1to30: 200,
      days31to60: 0,
      days61to90: 0,
      over90: 300,
      total: 600,
    });
    expect(report.relations.map((r) => [r.relationId, r.total, r.items])).toEqual([
      ['a', 300, 2],
      ['b', 300, 1],
    ]);
  });
});

describe('summariseHours', () => {
  it('splits billed from unbilled minutes and values them at the billed or own rate', () => {
    const base = { administrationId: 'a', description: 'd', createdAt: '', updatedAt: '' };
    const report = summariseHours({ from: '2026-03-01', to: '2026-03-31' }, [
      {
        ...base,
        id: '1',
        date: '2026-03-02',
        customerId: 'c',
        minutes: 90,
        type: 'direct',
        status: 'billed',
        billedRate: 10_000,
      },
      {
        ...base,
        id: '2',
        date: '2026-03-03',
        customerId: 'c',
        minutes: 30,
        type: 'indirect',
        status: 'unbilled',
        hourlyRate: 6_000,
      },
      { ...base, id: '3', date: '2026-03-04', customerId: 'c', minutes: 45, type: 'direct', status: 'unbilled' },
      { ...base, id: '4', date: '2026-04-01', customerId: 'c', minutes: 60, type: 'direct', status: 'unbilled' },
    ]);
    expect(report.billed).toEqual({
      minutes: 90,
      directMinutes: 90,
      indirectMinutes: 0,
      amount: 15_000,
      unratedMinutes: 0,
    });
    expect(report.unbilled).toEqual({
      minutes: 75,
      directMinutes: 45,
      indirectMinutes: 30,
      amount: 3_000,
      unratedMinutes: 45,
    });
  });
});
