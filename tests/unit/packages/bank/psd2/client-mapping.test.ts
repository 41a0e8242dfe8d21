import { describe, expect, it } from 'vitest';
import { parseAmount, retryAfterSeconds, toBankLine } from '#packages/bank/psd2';

describe('toBankLine', () => {
  it('takes the creditor as counterparty of money out, with the entry reference as bank reference', () => {
    const line = toBankLine({
      transactionId: 'tx-1',
      entryReference: 'ER-1',
      bookingDate: '2026-11-02',
      valueDate: '2026-11-01',
      transactionAmount: { currency: 'EUR', amount: '-1234.5' },
      creditorName: 'Meelfabriek De Hoop B.V.',
      creditorAccount: { iban: 'NL18 RABO 0123 4597 89' },
      debtorName: 'Bakkerij Jansen B.V.',
      debtorAccount: { iban: 'NL91ABNA0417164300' },
      remittanceInformationUnstructuredArray: ['Factuur 2026-0412', '  klantnr   10442'],
      bankTransactionCode: 'PMNT-ICDT-ESCT',
    });

    expect(line).toEqual({
      bookingDate: '2026-11-02',
      valueDate: '2026-11-01',
      amount: -123_450,
      currency: 'EUR',
      counterpartyName: 'Meelfabriek De Hoop B.V.',
      counterpartyIban: 'NL18RABO0123459789',
      remittance: 'Factuur 2026-0412 klantnr 10442',
      bankReference: 'ER-1',
      transactionCode: 'PMNT-ICDT-ESCT',
    });
  });

  it('takes the debtor as counterparty of money in, and the structured reference in either wire form', () => {
    const base = {
      transactionId: 'tx-2',
      bookingDate: '2026-11-03',
      transactionAmount: { currency: 'EUR', amount: '89.50' },
      debtorName: 'Brasserie Den Hoek',
      debtorAccount: { iban: 'BE71096123456769' },
      creditorName: 'Frituur Peeters BV',
    };

    const asObject = toBankLine({
      ...base,
      remittanceInformationStructured: { reference: '+++090/9337/55493+++', referenceType: 'SCOR' },
    });
    const asString = toBankLine({ ...base, remittanceInformationStructured: '+++090/9337/55493+++' });
    const asArray = toBankLine({
      ...base,
      remittanceInformationStructuredArray: [{ reference: '+++090/9337/55493+++' }],
    });

    expect(asObject).toMatchObject({
      amount: 8_950,
      counterpartyName: 'Brasserie Den Hoek',
      counterpartyIban: 'BE71096123456769',
      structuredReference: '+++090/9337/55493+++',
      bankReference: 'tx-2',
    });
    expect(asString).toEqual(asObject);
    expect(asArray).toEqual(asObject);
  });
});

describe('parseAmount', () => {
  it('reads Berlin Group amounts as cents, including trailing zero decimals', () => {
    expect(parseAmount('-12.5')).toBe(-1250);
    expect(parseAmount('1234.50')).toBe(123_450);
    expect(parseAmount('10.000')).toBe(1000);
    expect(parseAmount('+7')).toBe(700);
  });

  it('refuses an amount with a fraction of a cent', () => {
    expect(() => parseAmount('0.005')).toThrow(RangeError);
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta seconds and HTTP dates, and nothing from an absent header', () => {
    const now = Date.parse('2026-11-20T08:00:00Z');

    expect(retryAfterSeconds('30', now)).toBe(30);
    expect(retryAfterSeconds('Fri, 20 Nov 2026 08:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds(null, now)).toBeUndefined();
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
  });
});
