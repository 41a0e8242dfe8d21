import { describe, expect, it } from 'vitest';
import { contentFingerprint, fingerprintLines, lineFingerprint } from '#packages/bank/psd2';

type BankLine = Parameters<typeof lineFingerprint>[1];

const account = 'NL91ABNA0417164300';
const coffee: BankLine = {
  bookingDate: '2026-11-02',
  amount: -320,
  currency: 'EUR',
  counterpartyName: 'Bakker Bart',
  remittance: 'Betaalpas 02-11 pas 012',
};

describe('lineFingerprint', () => {
  it('keys a line with a bank reference on account and reference alone, so corrected text does not matter', () => {
    const line = { ...coffee, bankReference: 'ER2026110200017' };

    expect(lineFingerprint(account, line)).toMatch(/^v1:ref:[0-9a-f]{32}$/);
    expect(lineFingerprint(account, { ...line, remittance: 'other text' })).toBe(lineFingerprint(account, line));
    expect(lineFingerprint('BE68539007547034', line)).not.toBe(lineFingerprint(account, line));
  });

  it('ignores placeholder references such as NONREF and keys on the content instead', () => {
    expect(lineFingerprint(account, { ...coffee, bankReference: 'NONREF' })).toBe(lineFingerprint(account, coffee));
    expect(lineFingerprint(account, coffee)).toMatch(/^v1:txt:[0-9a-f]{32}:1$/);
  });

  it('does not care about spacing, case, accents or the IBAN’s print format', () => {
    const a = { ...coffee, counterpartyIban: 'NL02 ABNA 0123 4567 89', remittance: 'Factuur  VF-2026-0087 café' };
    const b = { ...coffee, counterpartyIban: 'nl02abna0123456789', remittance: 'factuur vf 2026 0087 cafe' };

    expect(contentFingerprint('nl91 abna 0417 1643 00', a)).toBe(contentFingerprint(account, b));
  });

  it('tells lines apart that differ in date, amount, counterparty or text', () => {
    const keys = [
      coffee,
      { ...coffee, bookingDate: '2026-11-03' },
      { ...coffee, amount: -321 },
      { ...coffee, counterpartyName: 'Bakker Bas' },
      { ...coffee, remittance: 'Betaalpas 02-11 pas 013' },
      { ...coffee, structuredReference: '5000056789012345' },
    ].map((line) => lineFingerprint(account, line));

    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('fingerprintLines', () => {
  it('numbers identical lines of the same day 1, 2, … and gives the same keys when the day is read again', () => {
    const tea = { ...coffee, amount: -250 };
    const first = fingerprintLines(account, [coffee, tea, coffee]);
    const again = fingerprintLines(account, [coffee, tea, coffee, coffee]);

    expect(first.map((k) => k.fingerprint.split(':').at(-1))).toEqual(['1', '1', '2']);
    expect(again.slice(0, 3).map((k) => k.fingerprint)).toEqual(first.map((k) => k.fingerprint));
    expect(again[3]?.fingerprint.endsWith(':3')).toBe(true);
  });

  it('gives a statement line and a PSD2 line of the same movement the same key when both carry the bank reference', () => {
    const fromCamt: BankLine = { ...coffee, bankReference: 'ER2026110200017', counterpartyName: 'BAKKER BART' };
    const fromPsd2: BankLine = { ...coffee, bankReference: 'ER2026110200017', valueDate: '2026-11-02' };

    expect(fingerprintLines(account, [fromCamt])[0]?.fingerprint).toBe(
      fingerprintLines(account, [fromPsd2])[0]?.fingerprint,
    );
  });
});
