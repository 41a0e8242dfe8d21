import { describe, expect, it } from 'vitest';
import {
  createBelgianStructuredReference,
  createCreditorReference,
  createDutchPaymentReference,
  formatBelgianStructuredReference,
  formatCreditorReference,
  isValidBelgianStructuredReference,
  isValidCreditorReference,
  isValidDutchPaymentReference,
  parseBelgianStructuredReference,
  parseCreditorReference,
  parseDutchPaymentReference,
} from '#packages/kernel';

describe('Belgian structured communication', () => {
  it.each([
    '+++090/9337/55493+++',
    '***090/9337/55493***',
    '090/9337/55493',
    '090933755493',
    ' +++ 090 / 9337 / 55493 +++ ',
    // Published by the Luxembourg bankers' association (ABBL): 3124013980 mod 97 = 67.
    '+++312/4013/98067+++',
  ])('accepts %s', (value) => {
    expect(isValidBelgianStructuredReference(value)).toBe(true);
  });

  it.each([
    ['+++090/9337/55494+++', 'a wrong check number'],
    ['+++090/9337/5549+++', 'eleven digits'],
    ['+++090/9337/55493***', 'mixed delimiters'],
    ['++090/9337/55493++', 'two plus signs'],
    ['RF18539007547034', 'a creditor reference'],
    ['', 'nothing'],
  ])('rejects %s (%s)', (value, _reason) => {
    expect(isValidBelgianStructuredReference(value)).toBe(false);
  });

  it('creates the printed form from a base, left-padding it to ten digits', () => {
    // 909337554 − 97 × 9374613 = 93.
    expect(createBelgianStructuredReference(909337554)).toBe('+++090/9337/55493+++');
    // 1 mod 97 = 1 → check 01.
    expect(createBelgianStructuredReference('1')).toBe('+++000/0000/00101+++');
  });

  it('uses 97, not 00, when the base is a multiple of 97', () => {
    // 97 mod 97 = 0 → check 97; 9700 = 97 × 100 likewise.
    expect(createBelgianStructuredReference(97)).toBe('+++000/0000/09797+++');
    expect(createBelgianStructuredReference(9700)).toBe('+++000/0009/70097+++');
    // Check 00 never occurs: 0000000097 with 00 is refused.
    expect(isValidBelgianStructuredReference('000000009700')).toBe(false);
  });

  it('refuses a base that is negative, fractional or longer than ten digits', () => {
    expect(() => createBelgianStructuredReference(-1)).toThrow(RangeError);
    expect(() => createBelgianStructuredReference(1.5)).toThrow(RangeError);
    expect(() => createBelgianStructuredReference('12345678901')).toThrow(RangeError);
  });

  it('parses any accepted spelling to the twelve digits and formats it back', () => {
    expect(parseBelgianStructuredReference('***090/9337/55493***')).toBe('090933755493');
    expect(parseBelgianStructuredReference('+++090/9337/55494+++')).toBeUndefined();
    expect(formatBelgianStructuredReference('090933755493')).toBe('+++090/9337/55493+++');
  });
});

describe('Dutch betalingskenmerk', () => {
  it('accepts the Betaalvereniging examples of 16 and 14 digits', () => {
    // 16 digits: C = 5 over 000056789012345 (sum 215, 215 mod 11 = 6, 11 − 6 = 5).
    expect(isValidDutchPaymentReference('5000 0567 8901 2345')).toBe(true);
    // 14 digits: C = 1, length code 2 (twelve digits follow): 12 2345 3462 2567.
    expect(isValidDutchPaymentReference('12 2345 3462 2567')).toBe(true);
  });

  it('creates the 16-digit form with the weighted modulus 11 check digit', () => {
    expect(createDutchPaymentReference(56789012345)).toBe('5000056789012345');
    // 1 × 2 = 2 → 11 − 2 = 9.
    expect(createDutchPaymentReference(1)).toBe('9000000000000001');
  });

  it('maps a check of 10 to 1 and a check of 11 to 0', () => {
    // 6 × 2 = 12, 12 mod 11 = 1 → 11 − 1 = 10 → 1.
    expect(createDutchPaymentReference('6')).toBe('1000000000000006');
    // 1 × 2 + 5 × 4 = 22, 22 mod 11 = 0 → 11 → 0.
    expect(createDutchPaymentReference('51')).toBe('0000000000000051');
    expect(isValidDutchPaymentReference('1000000000000006')).toBe(true);
    expect(isValidDutchPaymentReference('0000000000000051')).toBe(true);
  });

  it('accepts seven digits without a check and checks the length code of the short forms', () => {
    expect(isValidDutchPaymentReference('1234567')).toBe(true);
    // Length code 7 is wrong for a 14-digit reference (twelve digits follow, code 2).
    expect(isValidDutchPaymentReference('17234534622567')).toBe(false);
  });

  it.each([
    ['5000056789012346', 'a changed last digit'],
    ['4000056789012345', 'a wrong check digit'],
    ['500005678901234', 'fifteen digits, a length that does not exist'],
    ['12345678', 'eight digits, a length that does not exist'],
    ['50000567890123456', 'seventeen digits'],
    ['5000O56789012345', 'a letter O for a zero'],
  ])('rejects %s (%s)', (value, _reason) => {
    expect(isValidDutchPaymentReference(value)).toBe(false);
  });

  it('refuses a base longer than fifteen digits', () => {
    expect(() => createDutchPaymentReference('1234567890123456')).toThrow(RangeError);
  });

  it('parses to the bare digits', () => {
    expect(parseDutchPaymentReference('5000.0567.8901.2345')).toBe('5000056789012345');
  });
});

describe('RF creditor reference (ISO 11649)', () => {
  it.each([
    'RF18539007547034', // python-stdnum's example
    'RF18 5390 0754 7034',
    'rf18 5390 0754 7034',
    'RF485000056789012345', // the Dutch betalingskenmerk above as an RF reference
    'RF45G72UUR',
    'RF6518K5',
  ])('accepts %s', (value) => {
    expect(isValidCreditorReference(value)).toBe(true);
  });

  it.each([
    ['RF17539007547034', 'a wrong check number'],
    ['RF18539007547035', 'a changed reference'],
    ['RF18', 'no reference'],
    ['RF0112345678901234567890123', 'more than 21 characters'],
    ['RF18-5390-0754-7034', 'dashes'],
    ['XX18539007547034', 'another prefix'],
  ])('rejects %s (%s)', (value, _reason) => {
    expect(isValidCreditorReference(value)).toBe(false);
  });

  it('creates the electronic form with check digits 98 − (reference + RF00 mod 97)', () => {
    expect(createCreditorReference('5390 0754 7034')).toBe('RF18539007547034');
    expect(createCreditorReference('g72uur')).toBe('RF45G72UUR');
    expect(isValidCreditorReference(createCreditorReference('INV2026000123'))).toBe(true);
  });

  it('refuses a reference with other characters or over 21 characters', () => {
    expect(() => createCreditorReference('INV-1')).toThrow(RangeError);
    expect(() => createCreditorReference('1234567890123456789012')).toThrow(RangeError);
  });

  it('compacts for storage and groups by four for print', () => {
    expect(parseCreditorReference('rf18 5390 0754 7034')).toBe('RF18539007547034');
    expect(formatCreditorReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
    expect(formatCreditorReference('RF6518K5')).toBe('RF65 18K5');
  });
});
