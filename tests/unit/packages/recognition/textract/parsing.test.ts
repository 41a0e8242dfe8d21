import { describe, expect, it } from 'vitest';
import { findIbans, findVatNumbers, parseAmount, parseDate } from '#packages/recognition';

describe('parseAmount', () => {
  it.each([
    ['1.234,56', 123_456],
    ['1,234.56', 123_456],
    ['€ 1.234,56', 123_456],
    ['1 234,56 EUR', 123_456],
    ["1'234.50", 123_450],
    ['$4,544.65', 454_465],
    ['$1000', 100_000],
    ['1.234', 123_400],
    ['12,5', 1_250],
    ['0.00', 0],
    ['$899.99 S', 89_999],
    ['$-1,136.16', -113_616],
    ['12,50-', -1_250],
    ['(12.50)', -1_250],
    ['21% 10,50', 1_050],
  ])('reads %s as %i cents', (text, cents) => {
    expect(parseAmount(text)?.cents).toBe(cents);
  });

  it.each([
    ['€ 12,50', 'EUR'],
    ['$3', 'USD'],
    ['£3', 'GBP'],
    ['EUR 3,00', 'EUR'],
    ['3,00', undefined],
  ])('reads the currency of %s as %s', (text, currency) => {
    expect(parseAmount(text)?.currency).toBe(currency);
  });

  it.each(['', 'n/a', '1.234,567', '1,23,45', '09/30/10', '2 x 10,00'])('reads no amount in %j', (text) => {
    expect(parseAmount(text)).toBeUndefined();
  });
});

describe('parseDate', () => {
  it.each([
    ['2024-03-01', '2024-03-01'],
    ['01-03-2024', '2024-03-01'],
    ['01/03/2024', '2024-03-01'],
    ['01.03.24', '2024-03-01'],
    ['1 maart 2024', '2024-03-01'],
    ['1 mrt. 2024', '2024-03-01'],
    ['1er mars 2024', '2024-03-01'],
    ['3. März 2024', '2024-03-03'],
    ['15 februari 2024', '2024-02-15'],
    ['15 février 2024', '2024-02-15'],
    ['12 Dezember 2023', '2023-12-12'],
    ['01-Jan-2021', '2021-01-01'],
    ['Thursday, 26 March 2020', '2020-03-26'],
    ['March 12, 2019', '2019-03-12'],
    ['01/31/2021', '2021-01-31'],
  ])('reads %s day first as %s', (text, iso) => {
    expect(parseDate(text, 'dmy')).toBe(iso);
  });

  it('reads an ambiguous numeric date month first when told', () => {
    expect(parseDate('12/07/2019', 'mdy')).toBe('2019-12-07');
    expect(parseDate('12/07/2019', 'dmy')).toBe('2019-07-12');
  });

  it.each(['', '31-02-2024', 'yesterday', '13/13/2024'])('reads no date in %j', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });
});

describe('findIbans', () => {
  it('finds valid IBANs printed in groups, in electronic form', () => {
    expect(findIbans('IBAN: NL91 ABNA 0417 1643 00 BIC ABNANL2A, of BE68 5390 0754 7034')).toEqual([
      'NL91ABNA0417164300',
      'BE68539007547034',
    ]);
  });

  it('skips an IBAN with a wrong check', () => {
    expect(findIbans('NL91 ABNA 0417 1643 01')).toEqual([]);
  });
});

describe('findVatNumbers', () => {
  it('finds valid Dutch and Belgian VAT numbers in any spelling, compact', () => {
    expect(findVatNumbers('btw nl 0044.95.445 b01 / TVA BE 0403.170.701')).toEqual(['NL004495445B01', 'BE0403170701']);
  });

  it('skips numbers whose check digits fail', () => {
    expect(findVatNumbers('NL004495446B01 BE0403170702')).toEqual([]);
  });
});
