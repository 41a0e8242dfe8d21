import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vatOf } from '#packages/kernel';
import {
  apportion,
  consolidate,
  documentTotals,
  inferRate,
  lineIssuesKept,
  type Suggestion,
  sourceLinesOf,
} from '#packages/proposals';
import type { RecognitionResult } from '#packages/recognition';

const f = <T>(value: T) => ({ value, confidence: 1 });

function result(
  lines: { description: string; net?: number; rate?: number; quantity?: string; unitPrice?: number }[],
  breakdown: { rate: number; base: number; vat: number }[],
): RecognitionResult {
  const net = breakdown.reduce((s, b) => s + b.base, 0);
  const vat = breakdown.reduce((s, b) => s + b.vat, 0);
  return {
    source: 'ubl',
    documentType: f('invoice'),
    supplier: { name: f('Leverancier') },
    customer: {},
    totals: { net: f(net), vat: f(vat), gross: f(net + vat) },
    vatBreakdown: breakdown.map((b) => ({ rateBasisPoints: b.rate, base: b.base, vat: b.vat })),
    lines: lines.map((l) => ({
      description: l.description,
      ...(l.quantity ? { quantity: l.quantity } : {}),
      ...(l.unitPrice !== undefined ? { unitPrice: l.unitPrice } : {}),
      ...(l.net !== undefined ? { net: l.net } : {}),
      ...(l.rate !== undefined ? { vatRateBasisPoints: l.rate } : {}),
    })),
    issues: [],
  };
}

/** Suggests by the first word of the description: `Papier …` → 4500, anything else 4990. */
const byWord = (line: { description: string; rateBasisPoints: number }): Suggestion => ({
  glAccount: line.description.startsWith('Papier') ? '4500' : '4990',
  vatCode: line.rateBasisPoints === 900 ? 'NL-I9' : 'NL-I21',
  source: 'history',
  explanation: `booked on ${line.description.startsWith('Papier') ? '4500' : '4990'}`,
  confidence: line.description.startsWith('Papier') ? 0.9 : 0.5,
});

function run(r: RecognitionResult) {
  const source = sourceLinesOf(r, 1);
  const totals = documentTotals(r, 1, source.lines);
  return consolidate({
    recognition: r,
    sign: 1,
    country: 'NL',
    totals,
    sourceLines: source.lines,
    suggest: byWord,
    accountName: (code) => ({ '4500': 'Kantoorbenodigdheden', '4990': 'Algemene kosten' })[code],
    label: 'Leverancier',
  });
}

describe('apportion', () => {
  it('shares an amount by weight in whole cents that add up exactly, the remainder to the largest fractions', () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(apportion(10, [0, 0])).toEqual([10, 0]);
    expect(apportion(653, [1000, 1037, 1074])).toEqual([210, 218, 225]);
  });

  it('always adds up to the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.array(fc.integer({ min: -100_000, max: 100_000 }), { minLength: 1, maxLength: 40 }),
        (total, weights) => apportion(total, weights).reduce((s, x) => s + x, 0) === total,
      ),
    );
  });
});

describe('consolidate', () => {
  it('groups lines per rate and suggested account, keeping source indexes and the document VAT per rate', () => {
    const r = result(
      [
        { description: 'Papier A4', net: 1_000, rate: 2100 },
        { description: 'Koffie', net: 500, rate: 900 },
        { description: 'Papier A3', net: 2_000, rate: 2100 },
        { description: 'Schoonmaak', net: 333, rate: 2100 },
        { description: 'Thee', net: 250, rate: 900 },
      ],
      [
        { rate: 2100, base: 3_333, vat: 700 },
        { rate: 900, base: 750, vat: 68 },
      ],
    );

    const { lines, issues } = run(r);

    expect(issues).toEqual([]);
    expect(lines.map((l) => [l.rateBasisPoints, l.glAccount, l.net, l.vat, l.sourceLineIndexes])).toEqual([
      [2100, '4500', 3_000, 630, [0, 2]],
      [900, '4990', 750, 68, [1, 4]],
      [2100, '4990', 333, 70, [3]],
    ]);
    expect(lines[0]).toMatchObject({
      description: 'Kantoorbenodigdheden: 2 lines (Papier A4, …)',
      costCategory: 'Kantoorbenodigdheden',
      explanation: 'booked on 4500 (2 lines)',
      confidence: 0.9,
    });
    expect(lines[2]?.description).toBe('Schoonmaak');
  });

  it('weighs a group’s confidence by the nets of its lines', () => {
    const r = result(
      [
        { description: 'Koffie', net: 3_000, rate: 2100 },
        { description: 'Thee', net: 1_000, rate: 2100 },
      ],
      [{ rate: 2100, base: 4_000, vat: 840 }],
    );
    const mixed = consolidate({
      ...{ recognition: r, sign: 1 as const, country: 'NL' as const, label: 'x', accountName: () => undefined },
      totals: documentTotals(r, 1, []),
      sourceLines: sourceLinesOf(r, 1).lines,
      suggest: (l) => ({ ...byWord(l), confidence: l.description === 'Koffie' ? 1 : 0.2 }),
    });

    expect(mixed.lines).toHaveLength(1);
    expect(mixed.lines[0]?.confidence).toBe(0.8);
  });

  it('adds document-level allowances and charges as a line of their own on the rate’s largest account', () => {
    const r = result(
      [
        { description: 'Papier', net: 10_000, rate: 2100 },
        { description: 'Inkt', net: 2_000, rate: 2100 },
      ],
      [{ rate: 2100, base: 11_500, vat: vatOf(11_500, 2100) }],
    );

    const { lines } = run(r);

    expect(lines.map((l) => [l.description, l.glAccount, l.net, l.sourceLineIndexes])).toEqual([
      ['Papier', '4500', 10_000, [0]],
      ['Inkt', '4990', 2_000, [1]],
      ['Document-level allowances and charges at 21 %', '4500', -500, []],
    ]);
    expect(lines.reduce((s, l) => s + l.vat, 0)).toBe(vatOf(11_500, 2100));
  });

  it('makes one line per rate of the breakdown when the document has no lines, and one from the totals without either', () => {
    const perRate = run(
      result(
        [],
        [
          { rate: 2100, base: 10_000, vat: 2_100 },
          { rate: 900, base: 2_000, vat: 180 },
        ],
      ),
    );
    expect(perRate.lines.map((l) => [l.description, l.net, l.vat, l.rateBasisPoints])).toEqual([
      ['Leverancier 21 %', 10_000, 2_100, 2100],
      ['Leverancier 9 %', 2_000, 180, 900],
    ]);

    const receipt = result([], []);
    receipt.totals = { net: f(1_000), vat: f(90), gross: f(1_090) };
    const fromTotals = run(receipt);
    expect(fromTotals.lines.map((l) => [l.net, l.vat, l.rateBasisPoints, l.vatCode])).toEqual([
      [1_000, 90, 900, 'NL-I9'],
    ]);
  });

  it('takes a line’s net from quantity × unit price, and the only rate of the document when the line has none', () => {
    const r = result(
      [{ description: 'Papier', quantity: '2.5', unitPrice: 401 }],
      [{ rate: 2100, base: 1_003, vat: 211 }],
    );

    const { lines, issues } = run(r);

    expect(issues).toEqual([]);
    expect(lines.map((l) => [l.net, l.vat, l.rateBasisPoints])).toEqual([[1_003, 211, 2100]]);
  });

  it('leaves out a line without any amount, with a note, keeping it among the document lines', () => {
    const r = result(
      [{ description: 'Papier', net: 1_000, rate: 2100 }, { description: 'Levering gratis' }],
      [{ rate: 2100, base: 1_000, vat: 210 }],
    );

    const source = sourceLinesOf(r, 1);

    expect(source.lines.map((l) => l.index)).toEqual([0]);
    expect(source.issues).toEqual([expect.objectContaining({ field: 'documentLines.1', source: 'recognition' })]);
  });

  it('names the first lines without a rate or amount one by one and counts the others in one issue', () => {
    const lines = Array.from({ length: 5000 }, (_, i) =>
      i % 1000 === 999 ? { description: `Regel ${i + 1}` } : { description: `Regel ${i + 1}`, net: 100 },
    );
    const r = result(lines, [
      { rate: 2100, base: 300_000, vat: 63_000 },
      { rate: 900, base: 199_500, vat: 17_955 },
    ]);

    const source = sourceLinesOf(r, 1);

    expect(source.lines).toHaveLength(4995);
    expect(source.issues).toHaveLength(lineIssuesKept + 1);
    expect(source.issues[0]).toMatchObject({
      field: 'documentLines.0',
      message: 'Line 1 has no VAT rate; the 21 % of the largest base is assumed.',
    });
    expect(source.issues.at(-1)).toEqual({
      field: 'documentLines',
      message: '4980 more lines: 5 without an amount, left out; 4975 without a VAT rate, the rate assumed as above.',
      source: 'recognition',
      blocking: false,
    });
  });
});

describe('consolidate: a receipt without VAT per rate', () => {
  it('lets the largest VAT take the rounding cents of the receipt’s total VAT', () => {
    // Per line on the receipt: 21 % of 2.50 = 0.53 twice, 9 % of 1.50 = 0.14 → 1.20; on the nets per rate 1.05 + 0.14 = 1.19.
    const r = result(
      [
        { description: 'Papier', net: 250, rate: 2100 },
        { description: 'Papier', net: 250, rate: 2100 },
        { description: 'Koffie', net: 150, rate: 900 },
      ],
      [],
    );
    r.totals = { net: f(650), vat: f(120), gross: f(770) };

    const { lines } = run(r);

    expect(lines.map((l) => [l.rateBasisPoints, l.net, l.vat])).toEqual([
      [2100, 500, 106],
      [900, 150, 14],
    ]);
  });
});

describe('inferRate', () => {
  it('finds the country rate of a VAT amount to the cent', () => {
    expect(inferRate(10_000, 2_100, 'NL')).toEqual({ rate: 2100, exact: true });
    expect(inferRate(10_000, 1_200, 'BE')).toEqual({ rate: 1200, exact: true });
    expect(inferRate(10_000, 1_200, 'NL')).toMatchObject({ exact: false });
  });
});
