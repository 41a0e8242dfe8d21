import { describe, expect, it } from 'vitest';
import { canonicalName, mentionsInvoiceNumber, nameSimilarity, scanReferences } from '#packages/bank/matching';
import {
  createBelgianStructuredReference,
  createCreditorReference,
  createDutchPaymentReference,
} from '#packages/kernel';

describe('mentionsInvoiceNumber', () => {
  it.each([
    ['Factuur F2026-0012', 'F2026-0012'],
    ['fact. 2026/12 dank u', 'F2026-0012'],
    ['betaling F20260012', 'F2026-0012'],
    ['inv 2026 - 0012', 'F2026-0012'],
    ['nr.4711, 4712', 'VB-004711'],
  ])('finds %s as %s', (text, number) => {
    expect(mentionsInvoiceNumber(text, number)).toBe(true);
  });

  it.each([
    ['periode 2026-12-01', 'F2026-0012'],
    ['bedrag 4711.50', '4711'],
    ['F2026-0013', 'F2026-0012'],
  ])('does not find %s as %s', (text, number) => {
    expect(mentionsInvoiceNumber(text, number)).toBe(false);
  });
});

describe('names', () => {
  it('drops legal forms, case and accents', () => {
    expect(canonicalName('Café De Kroon B.V.')).toBe('cafe de kroon');
    expect(canonicalName('GARAGE PEETERS bvba')).toBe('garage peeters');
  });

  it('scores a typo high and another company low', () => {
    expect(nameSimilarity('Bakkerij Janssen', 'Bakkerij Jansen B.V.')).toBeGreaterThan(0.9);
    expect(nameSimilarity('Bakkerij Jansen', 'Slagerij Peeters NV')).toBeLessThan(0.6);
  });
});

describe('scanReferences', () => {
  it('reads references in the structured field and in the remittance text', () => {
    const be = createBelgianStructuredReference('1234567890');
    const nl = createDutchPaymentReference('123456789012345');
    const rf = createCreditorReference('INV2026');

    const scan = scanReferences({ remittance: `betaling ${be} en ${nl} en ${rf}` });

    expect(scan.valid.map((r) => r.scheme)).toEqual(['be', 'rf', 'nl']);
    expect(scan.invalid).toEqual([]);
  });

  it('marks a +++ communication with wrong check digits as invalid', () => {
    const scan = scanReferences({ structuredReference: '+++123/4567/89012+++' });

    expect(scan.valid).toEqual([]);
    expect(scan.invalid).toEqual(['+++123/4567/89012+++']);
  });

  it('ignores a bare number whose check digits do not hold', () => {
    expect(scanReferences({ remittance: 'klantnummer 123456789012' }).valid).toEqual([]);
  });
});
