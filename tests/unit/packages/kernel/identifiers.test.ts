import { describe, expect, it } from 'vitest';
import {
  isValidBelgianEnterpriseNumber,
  isValidCompanyNumber,
  isValidIban,
  isValidPeppolParticipantId,
  isValidVatNumber,
} from '#packages/kernel';

describe('isValidVatNumber', () => {
  it.each([
    ['NL', 'NL004495445B01'],
    ['NL', 'nl 0044.95445 b01'],
    ['NL', 'NL000099998B57'], // sole-proprietor number checked with mod 97
    ['BE', 'BE0403170701'],
    ['BE', 'BE 0403.170.701'],
  ] as const)('accepts %s VAT number %s', (country, value) => {
    expect(isValidVatNumber(country, value)).toBe(true);
  });

  it.each([
    ['NL', 'NL004495446B01', 'a wrong check digit'],
    ['BE', 'BE0403170702', 'a wrong mod-97 remainder'],
    ['NL', 'BE0403170701', 'the other country'],
    ['BE', 'BE040317070', 'too few digits'],
  ] as const)('rejects %s VAT number %s with %s', (country, value, _reason) => {
    expect(isValidVatNumber(country, value)).toBe(false);
  });
});

describe('isValidCompanyNumber', () => {
  it('accepts an 8-digit KvK number and rejects 7 digits', () => {
    expect(isValidCompanyNumber('NL', '17090117')).toBe(true);
    expect(isValidCompanyNumber('NL', '1709011')).toBe(false);
  });

  it('checks the Belgian enterprise number with mod 97', () => {
    expect(isValidBelgianEnterpriseNumber('0403.170.701')).toBe(true);
    expect(isValidBelgianEnterpriseNumber('0403170702')).toBe(false);
    expect(isValidBelgianEnterpriseNumber('2403170701')).toBe(false);
  });
});

describe('isValidIban', () => {
  it('accepts Dutch and Belgian IBANs with or without spaces and rejects a changed digit', () => {
    expect(isValidIban('NL91 ABNA 0417 1643 00')).toBe(true);
    expect(isValidIban('BE68539007547034')).toBe(true);
    expect(isValidIban('NL91ABNA0417164301')).toBe(false);
  });
});

describe('isValidPeppolParticipantId', () => {
  it.each([
    '0208:0403170701',
    '9925:BE0403170701',
    '0106:17090117',
    '9944:NL004495445B01',
    '0190:00000001003214345000',
  ])('accepts %s', (value) => expect(isValidPeppolParticipantId(value)).toBe(true));

  it.each(['0208:0403170702', '9999:12345678', '0106-17090117', ''])('rejects %s', (value) =>
    expect(isValidPeppolParticipantId(value)).toBe(false),
  );
});
