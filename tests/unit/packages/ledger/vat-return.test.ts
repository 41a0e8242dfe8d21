import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#packages/kernel';
import {
  computeVatReturn,
  nlReturnInWholeEuros,
  type VatCodeTotals,
  vatReturnFields,
} from '#packages/ledger/vat-return';

/** A return's boxes with every field zero except `nonZero`. */
function boxes(country: 'NL' | 'BE', nonZero: Record<string, number>): Record<string, number> {
  return Object.fromEntries(vatReturnFields[country].map((field) => [field, nonZero[field] ?? 0]));
}

function validationIssues(run: () => unknown): { path: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  expect.unreachable('no ValidationError was thrown');
}

// An NL quarter, checked by hand:
//   sales 10 000.00 at 21 %            → 1a 10 000.00 / 2 100.00
//   sales  2 000.00 at 9 %             → 1b  2 000.00 /   180.00
//   intra-EU supply 1 500.00           → 3b  1 500.00
//   purchases 3 000.00 + 630.00 VAT    → 5b gets 630.00
//   intra-EU acquisition 1 000.00      → 4b  1 000.00 / 210.00, and 210.00 deductible in 5b
//   5a = 2 100 + 180 + 210 = 2 490.00; 5b = 630 + 210 = 840.00; 5c = 5g = 1 650.00 to pay
const nlQuarter: VatCodeTotals = [
  { code: 'NL-V21', creditNote: false, base: 1_000_000, vat: 210_000 },
  { code: 'NL-V9', creditNote: false, base: 200_000, vat: 18_000 },
  { code: 'NL-V-EU-GOODS', creditNote: false, base: 150_000, vat: 0 },
  { code: 'NL-I21', creditNote: false, base: 300_000, vat: 63_000 },
  { code: 'NL-I-EU-GOODS21', creditNote: false, base: 100_000, vat: 21_000 },
];

// A BE month, checked by hand:
//   sales 8 000.00 at 21 %              → 03 8 000.00, 54 += 1 680.00
//   sales 1 000.00 at 6 %               → 01 1 000.00, 54 +=    60.00
//   credit note issued 500.00 at 21 %   → 49   500.00, 64      105.00
//   services bought 2 000.00 at 21 %    → 82 2 000.00, 59 +=   420.00
//   intra-EU acquisition 1 500.00       → 81 and 86 1 500.00, 55 315.00, 59 += 315.00
//   71 = 54 + 55 − (59 + 64) = 1 740 + 315 − (735 + 105) = 1 215.00
const beMonth: VatCodeTotals = [
  { code: 'BE-V21', creditNote: false, base: 800_000, vat: 168_000 },
  { code: 'BE-V6', creditNote: false, base: 100_000, vat: 6_000 },
  { code: 'BE-V21', creditNote: true, base: -50_000, vat: -10_500 },
  { code: 'BE-I21-SERVICES', creditNote: false, base: 200_000, vat: 42_000 },
  { code: 'BE-I-EU-GOODS21', creditNote: false, base: 150_000, vat: 31_500 },
];

describe('computeVatReturn for the Netherlands', () => {
  it('fills every rubriek of a hand-checked quarter and derives 5a, 5b, 5c and 5g', () => {
    const vatReturn = computeVatReturn('NL', nlQuarter);

    expect(vatReturn).toEqual({
      country: 'NL',
      boxes: boxes('NL', {
        '1a.base': 1_000_000,
        '1a.vat': 210_000,
        '1b.base': 200_000,
        '1b.vat': 18_000,
        '3b.base': 150_000,
        '4b.base': 100_000,
        '4b.vat': 21_000,
        '5a': 249_000,
        '5b': 84_000,
        '5c': 165_000,
        '5g': 165_000,
      }),
      payable: 165_000,
      refundable: 0,
    });
  });

  it('files the hand-checked quarter in whole euros', () => {
    const euros = nlReturnInWholeEuros(computeVatReturn('NL', nlQuarter));

    expect(euros).toEqual({
      country: 'NL',
      boxes: boxes('NL', {
        '1a.base': 10_000,
        '1a.vat': 2_100,
        '1b.base': 2_000,
        '1b.vat': 180,
        '3b.base': 1_500,
        '4b.base': 1_000,
        '4b.vat': 210,
        '5a': 2_490,
        '5b': 840,
        '5c': 1_650,
        '5g': 1_650,
      }),
      payable: 1_650,
      refundable: 0,
    });
  });

  it("rounds to whole euros in the taxpayer's favour and re-derives the totals from the rounded boxes", () => {
    // 1a 1 234.56 / 259.26, 1b 100.99 / 9.09, 4b 99.99 / 21.00, input VAT 100.01 + 21.00
    const vatReturn = computeVatReturn('NL', [
      { code: 'NL-V21', creditNote: false, base: 123_456, vat: 25_926 },
      { code: 'NL-V9', creditNote: false, base: 10_099, vat: 909 },
      { code: 'NL-I21', creditNote: false, base: 47_624, vat: 10_001 },
      { code: 'NL-I-EU-GOODS21', creditNote: false, base: 9_999, vat: 2_100 },
    ]);
    expect(vatReturn.boxes['5a']).toBe(28_935);
    expect(vatReturn.boxes['5b']).toBe(12_101);
    expect(vatReturn.payable).toBe(16_834);

    const euros = nlReturnInWholeEuros(vatReturn);

    expect(euros.boxes).toMatchObject({
      '1a.base': 1_234,
      '1a.vat': 259,
      '1b.base': 100,
      '1b.vat': 9,
      '4b.base': 99,
      '4b.vat': 21,
      '5a': 289, // 259 + 9 + 21, not 289.35 rounded
      '5b': 122, // 121.01 rounded up
      '5c': 167,
      '5g': 167,
    });
    expect(euros.payable).toBe(167);
  });

  it('rounds a refund up to the whole euro', () => {
    const vatReturn = computeVatReturn('NL', [{ code: 'NL-I21', creditNote: false, base: 47_857, vat: 10_050 }]);

    expect(vatReturn).toMatchObject({ payable: 0, refundable: 10_050 });
    expect(nlReturnInWholeEuros(vatReturn)).toMatchObject({ payable: 0, refundable: 101 });
    expect(nlReturnInWholeEuros(vatReturn).boxes['5g']).toBe(-101);
  });

  it('nets credit notes into the same rubriek', () => {
    const vatReturn = computeVatReturn('NL', [
      { code: 'NL-V21', creditNote: false, base: 50_000, vat: 10_500 },
      { code: 'NL-V21', creditNote: true, base: -10_000, vat: -2_100 },
    ]);

    expect(vatReturn.boxes).toMatchObject({ '1a.base': 40_000, '1a.vat': 8_400, '5a': 8_400, '5g': 8_400 });
  });

  it('reports domestic reverse charge: supplier turnover in 1e, buyer VAT in 2a and deducted in 5b', () => {
    const vatReturn = computeVatReturn('NL', [
      { code: 'NL-V-RC', creditNote: false, base: 80_000, vat: 0 },
      { code: 'NL-I-RC21', creditNote: false, base: 30_000, vat: 6_300 },
    ]);

    expect(vatReturn.boxes).toMatchObject({
      '1e.base': 80_000,
      '2a.base': 30_000,
      '2a.vat': 6_300,
      '5a': 6_300,
      '5b': 6_300,
      '5g': 0,
    });
    expect(vatReturn).toMatchObject({ payable: 0, refundable: 0 });
  });

  it('leaves exempt supplies off the return', () => {
    const vatReturn = computeVatReturn('NL', [{ code: 'NL-V-EXEMPT', creditNote: false, base: 99_000, vat: 0 }]);

    expect(vatReturn.boxes).toEqual(boxes('NL', {}));
  });

  it('adds hand-entered estimates 5e/5f to the amount due, keeping 5d at zero', () => {
    const vatReturn = computeVatReturn('NL', nlQuarter, { adjustments: { '5f': 10_000 } });

    expect(vatReturn.boxes).toMatchObject({ '5c': 165_000, '5d': 0, '5f': 10_000, '5g': 175_000 });
  });
});

describe('computeVatReturn for Belgium', () => {
  it('fills every grid of a hand-checked month and derives 71', () => {
    const vatReturn = computeVatReturn('BE', beMonth);

    expect(vatReturn).toEqual({
      country: 'BE',
      boxes: boxes('BE', {
        '01': 100_000,
        '03': 800_000,
        '49': 50_000,
        '54': 174_000,
        '55': 31_500,
        '59': 73_500,
        '64': 10_500,
        '71': 121_500,
        '81': 150_000,
        '82': 200_000,
        '86': 150_000,
      }),
      payable: 121_500,
      refundable: 0,
    });
  });

  it('derives 72 for a credit, with received credit notes in 85 and 63', () => {
    // 54 210.00 + 63 42.00 − 59 2 100.00 = −1 848.00
    const vatReturn = computeVatReturn('BE', [
      { code: 'BE-V21', creditNote: false, base: 100_000, vat: 21_000 },
      { code: 'BE-I21-INVEST', creditNote: false, base: 1_000_000, vat: 210_000 },
      { code: 'BE-I21-GOODS', creditNote: true, base: -20_000, vat: -4_200 },
    ]);

    expect(vatReturn.boxes).toMatchObject({ '83': 1_000_000, '85': 20_000, '63': 4_200, '59': 210_000 });
    expect(vatReturn.boxes).toMatchObject({ '71': 0, '72': 184_800 });
    expect(vatReturn).toMatchObject({ payable: 0, refundable: 184_800 });
  });

  it('lowers self-assessed VAT and its deduction alike for a credit note on an intra-EU service', () => {
    const vatReturn = computeVatReturn('BE', [
      { code: 'BE-I-EU-SVC21', creditNote: false, base: 100_000, vat: 21_000 },
      { code: 'BE-I-EU-SVC21', creditNote: true, base: -40_000, vat: -8_400 },
    ]);

    expect(vatReturn.boxes).toMatchObject({ '82': 100_000, '88': 100_000, '84': 40_000, '55': 12_600, '59': 12_600 });
    expect(vatReturn).toMatchObject({ payable: 0, refundable: 0 });
  });

  it('takes corrections 61 and 62 into the result', () => {
    const vatReturn = computeVatReturn('BE', beMonth, { adjustments: { '61': 5_000, '62': 1_500 } });

    expect(vatReturn.boxes['71']).toBe(121_500 + 5_000 - 1_500);
  });
});

describe('computeVatReturn input checks', () => {
  it('refuses an unknown code and a code of the other country, naming each total', () => {
    const issues = validationIssues(() =>
      computeVatReturn('NL', [
        { code: 'NL-V21', creditNote: false, base: 100, vat: 21 },
        { code: 'NL-NOPE', creditNote: false, base: 100, vat: 0 },
        { code: 'BE-V21', creditNote: false, base: 100, vat: 21 },
      ]),
    );

    expect(issues.map((issue) => issue.path)).toEqual(['totals.1.code', 'totals.2.code']);
  });

  it('refuses fractions of a cent', () => {
    const issues = validationIssues(() =>
      computeVatReturn('BE', [{ code: 'BE-V21', creditNote: false, base: 100.5, vat: 21 }]),
    );

    expect(issues.map((issue) => issue.path)).toEqual(['totals.0.base']);
  });

  it('refuses adjustments to boxes that are posted or derived', () => {
    const issues = validationIssues(() => computeVatReturn('NL', nlQuarter, { adjustments: { '5g': 100 } }));

    expect(issues.map((issue) => issue.path)).toEqual(['adjustments.5g']);
  });

  it('files only Dutch returns in whole euros', () => {
    const issues = validationIssues(() => nlReturnInWholeEuros(computeVatReturn('BE', beMonth)));

    expect(issues.map((issue) => issue.path)).toEqual(['country']);
  });
});

describe('computeVatReturn determinism', () => {
  it.each([
    ['NL', nlQuarter],
    ['BE', beMonth],
  ] as const)('gives an equal %s return for the totals in any order', (country, totals) => {
    const expected = computeVatReturn(country, totals);
    fc.assert(
      fc.property(fc.shuffledSubarray([...totals], { minLength: totals.length }), (shuffled) => {
        const actual = computeVatReturn(country, shuffled);
        expect(actual).toEqual(expected);
        expect(Object.keys(actual.boxes).sort()).toEqual([...vatReturnFields[country]].sort());
      }),
    );
  });

  it('gives the same return when a total arrives split in parts', () => {
    const split: VatCodeTotals = [
      ...nlQuarter.slice(1),
      { code: 'NL-V21', creditNote: false, base: 400_000, vat: 84_000 },
      { code: 'NL-V21', creditNote: false, base: 600_000, vat: 126_000 },
    ];

    expect(computeVatReturn('NL', split)).toEqual(computeVatReturn('NL', nlQuarter));
  });
});
