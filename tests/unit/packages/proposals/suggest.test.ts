import { describe, expect, it } from 'vitest';
import { type Account, chartTemplates } from '#packages/ledger';
import {
  type Counters,
  chartDefaultAccount,
  countersOf,
  evidenceConfidence,
  explain,
  lessonsOf,
  type SuggestionContext,
  suggestLine,
  vatCodeForRate,
} from '#packages/proposals';

const chart = (country: 'NL' | 'BE'): Map<string, Account> =>
  new Map(chartTemplates[country].accounts.map((a) => [a.code, { ...a, status: 'active' as const }]));

const nl: SuggestionContext = { side: 'purchase', country: 'NL', accounts: chart('NL') };

const counters = (
  pairs: [string, string, number, number?][],
  words: Record<string, [string, string, number][]> = {},
): Counters => ({
  pairs: pairs.map(([glAccount, vatCode, count, administrations]) => ({
    glAccount,
    vatCode,
    count,
    ...(administrations ? { administrations } : {}),
  })),
  words: new Map(
    Object.entries(words).map(([w, ps]) => [
      w,
      ps.map(([glAccount, vatCode, count]) => ({ glAccount, vatCode, count })),
    ]),
  ),
});

describe('explanation texts', () => {
  it('say which evidence a suggestion rests on', () => {
    expect(explain.history('purchase', 3, 3, '4300')).toBe('booked 3 of 3 times on 4300 for this supplier');
    expect(explain.history('sales', 1, 1, '8000')).toBe('booked 1 of 1 time on 8000 for this customer');
    expect(explain.firm('purchase', 5, 2, '4300', 'vatNumber')).toBe(
      "firm-wide: 5 bookings in 2 administrations on 4300 for this supplier's VAT number",
    );
    expect(explain.description('purchase', ['koffie'], 4, 5, '7000')).toBe(
      'lines like "koffie" booked 4 of 5 times on 7000 for this supplier',
    );
    expect(explain.relationDefault('4110')).toBe('relation default 4110');
    expect(explain.chartDefault({ code: '4990', name: 'Algemene kosten' })).toBe(
      'chart default 4990 (Algemene kosten)',
    );
    expect(explain.vatFromRate('NL-I9', 900)).toBe('VAT code NL-I9 from the 9 % rate on the document');
  });

  it('discount a share for little evidence', () => {
    expect(evidenceConfidence(1, 1)).toBe(0.667);
    expect(evidenceConfidence(3, 3)).toBe(0.857);
    expect(evidenceConfidence(19, 20)).toBe(0.927);
    expect(evidenceConfidence(0, 0)).toBe(0);
  });
});

describe('suggestLine', () => {
  it('takes the account the relation was booked on most, despite an odd booking, with the VAT code booked with it', () => {
    const s = suggestLine(
      {
        ...nl,
        relation: counters([
          ['4300', 'NL-I21', 9],
          ['4990', 'NL-I21', 1],
        ]),
      },
      { description: 'Advertentie', rateBasisPoints: 2100 },
    );

    expect(s).toEqual({
      glAccount: '4300',
      vatCode: 'NL-I21',
      source: 'history',
      explanation: 'booked 9 of 10 times on 4300 for this supplier; VAT code NL-I21 as booked before',
      confidence: evidenceConfidence(9, 10),
    });
  });

  it('takes the VAT code from the document rate when the learned one does not fit it', () => {
    const s = suggestLine(
      { ...nl, relation: counters([['7000', 'NL-I21', 4]]) },
      { description: 'x', rateBasisPoints: 900 },
    );

    expect(s).toMatchObject({ glAccount: '7000', vatCode: 'NL-I9' });
    expect(s.explanation).toContain('VAT code NL-I9 from the 9 % rate on the document');
  });

  it('keeps a learned reverse-charge code for a line on which the document charges no VAT', () => {
    const s = suggestLine(
      { ...nl, relation: counters([['7200', 'NL-I-RC21', 2]]) },
      { description: 'Onderaanneming', rateBasisPoints: 0 },
    );

    expect(s).toMatchObject({ glAccount: '7200', vatCode: 'NL-I-RC21' });
  });

  it('lets the words of a line choose among the accounts of a multi-account supplier', () => {
    const ctx = {
      ...nl,
      relation: counters(
        [
          ['7000', 'NL-I9', 4],
          ['4190', 'NL-I21', 4],
        ],
        {
          koffiebonen: [['7000', 'NL-I9', 4]],
          schoonmaak: [['4190', 'NL-I21', 4]],
          levering: [
            ['7000', 'NL-I9', 4],
            ['4190', 'NL-I21', 4],
          ],
        },
      ),
    };

    const coffee = suggestLine(ctx, { description: 'Levering koffiebonen', rateBasisPoints: 900 });
    const cleaning = suggestLine(ctx, { description: 'Schoonmaak levering', rateBasisPoints: 2100 });
    const unknown = suggestLine(ctx, { description: 'Iets nieuws', rateBasisPoints: 2100 });

    expect(coffee).toMatchObject({ glAccount: '7000', vatCode: 'NL-I9', source: 'description-history' });
    expect(coffee.explanation).toMatch(/^lines like "koffiebonen levering" booked 4 of 4 times on 7000/);
    expect(cleaning).toMatchObject({ glAccount: '4190', source: 'description-history' });
    expect(unknown.source).toBe('history');
  });

  it('uses firm-wide counters only for accounts the chart has, discounted', () => {
    const firm = {
      counters: counters([
        ['4300', 'NL-I21', 5, 2],
        ['619000', 'BE-I21-SERVICES', 9, 3],
      ]),
      via: 'iban' as const,
    };

    const s = suggestLine({ ...nl, firm }, { description: 'x', rateBasisPoints: 2100 });

    expect(s).toMatchObject({ glAccount: '4300', source: 'firm-history' });
    expect(s.explanation).toMatch(/^firm-wide: 5 bookings in 2 administrations on 4300 for this supplier's IBAN/);
    expect(s.confidence).toBeCloseTo(evidenceConfidence(5, 5) * 0.8, 3);
  });

  it('falls back on the relation default, then the chart: general costs (NL), suspense (BE), first revenue (sales)', () => {
    expect(
      suggestLine({ ...nl, relationDefaults: { glAccount: '4110' } }, { description: 'x', rateBasisPoints: 2100 }),
    ).toMatchObject({ glAccount: '4110', vatCode: 'NL-I21', source: 'relation-default' });
    expect(suggestLine(nl, { description: 'x', rateBasisPoints: 900 })).toMatchObject({
      glAccount: '4990',
      vatCode: 'NL-I9',
      source: 'chart-default',
      confidence: 0.3,
    });
    expect(chartDefaultAccount(chart('BE'), 'purchase')?.code).toBe('499000');
    expect(
      suggestLine({ side: 'sales', country: 'BE', accounts: chart('BE') }, { description: 'x', rateBasisPoints: 600 }),
    ).toMatchObject({ glAccount: '700000', vatCode: 'BE-V6' });
  });

  it('says so when no VAT code fits the rate', () => {
    const s = suggestLine(nl, { description: 'x', rateBasisPoints: 550 });

    expect(s.vatCode).toBeUndefined();
    expect(s.explanation).toContain('no VAT code for the 5.5 % rate on the document');
  });
});

describe('vatCodeForRate', () => {
  it('maps NL 21/9/0 and BE 21/12/6/0 to the side’s codes, BE purchases split by GL class', () => {
    expect([2100, 900, 0].map((r) => vatCodeForRate('NL', 'purchase', r))).toEqual(['NL-I21', 'NL-I9', 'NL-I0']);
    expect([2100, 900, 0].map((r) => vatCodeForRate('NL', 'sales', r))).toEqual(['NL-V21', 'NL-V9', 'NL-V0']);
    expect([2100, 1200, 600, 0].map((r) => vatCodeForRate('BE', 'sales', r))).toEqual([
      'BE-V21',
      'BE-V12',
      'BE-V6',
      'BE-V0',
    ]);
    expect(vatCodeForRate('BE', 'purchase', 2100, '604000')).toBe('BE-I21-GOODS');
    expect(vatCodeForRate('BE', 'purchase', 600, '613100')).toBe('BE-I6-SERVICES');
    expect(vatCodeForRate('BE', 'purchase', 2100, '230000')).toBe('BE-I21-INVEST');
    expect(vatCodeForRate('NL', 'purchase', 1200)).toBeUndefined();
  });
});

describe('learning counters', () => {
  it('read back what an acceptance adds: pairs once per document, words of the source lines per pair', () => {
    const lessons = lessonsOf(
      [
        { glAccount: '7000', vatCode: 'NL-I9', sourceLineIndexes: [0, 2] },
        { glAccount: '4190', vatCode: 'NL-I21', sourceLineIndexes: [1] },
        { glAccount: '7000', vatCode: 'NL-I9', sourceLineIndexes: [] },
      ],
      [{ description: 'Koffiebonen 1 kg' }, { description: 'Allesreiniger' }, { description: 'Koffiebonen decaf' }],
    );

    expect(lessons).toEqual({
      pairs: ['7000|NL-I9', '4190|NL-I21'],
      words: ['koffiebonen|7000|NL-I9', 'decaf|7000|NL-I9', 'allesreiniger|4190|NL-I21'],
    });
    const read = countersOf({
      'p|7000|NL-I9': 3,
      'w|decaf|7000|NL-I9': 1,
      'a|7000|NL-I9': new Set(['a1', 'a2']),
      documents: 3,
    });
    expect(read.counters.pairs).toEqual([{ glAccount: '7000', vatCode: 'NL-I9', count: 3, administrations: 2 }]);
    expect(read.counters.words.get('decaf')).toEqual([{ glAccount: '7000', vatCode: 'NL-I9', count: 1 }]);
    expect(read.wordAttributes).toBe(1);
  });
});
