import { describe, expect, it } from 'vitest';
import { canonicalName, descriptionWords, invoiceNumberKey } from '#packages/proposals';

describe('canonicalName', () => {
  it('makes spellings of one company meet: case, accents, punctuation and legal form aside', () => {
    expect(canonicalName('Acme B.V.')).toBe('acme');
    expect(canonicalName('ACME BV')).toBe('acme');
    expect(canonicalName('  Café  De Zwaan v.o.f. ')).toBe('cafe de zwaan');
    expect(canonicalName('Brouwerij Het Anker NV')).toBe('brouwerij het anker');
    expect(canonicalName('Boulangerie Dupont SRL')).toBe('boulangerie dupont');
  });

  it('keeps companies apart whose names differ beyond the legal form', () => {
    expect(canonicalName('Acme Nederland B.V.')).not.toBe(canonicalName('Acme B.V.'));
  });

  it('keeps a name that is only a legal form rather than making it empty', () => {
    expect(canonicalName('B.V.')).toBe('bv');
    expect(canonicalName('')).toBe('');
  });
});

describe('descriptionWords', () => {
  it('keeps the words that say what was bought, without numbers, units, stop words or repeats', () => {
    expect(descriptionWords('Koffiebonen espresso 2 kg à €12,50 per stuk (excl. btw) — koffiebonen')).toEqual([
      'koffiebonen',
      'espresso',
    ]);
    expect(descriptionWords('Huur bedrijfsruimte maart 2026, art.nr. 77-AB12')).toEqual([
      'huur',
      'bedrijfsruimte',
      'maart',
    ]);
  });

  it('takes at most eight words', () => {
    expect(descriptionWords('een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien')).toHaveLength(8);
  });
});

describe('invoiceNumberKey', () => {
  it('compares invoice numbers by their letters and digits', () => {
    expect(invoiceNumberKey('2026-0042')).toBe(invoiceNumberKey('2026 0042'));
    expect(invoiceNumberKey('inv/2026/7')).toBe('INV20267');
  });
});
