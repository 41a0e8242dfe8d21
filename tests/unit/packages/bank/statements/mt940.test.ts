import { describe, expect, it } from 'vitest';
import { detectBank, parseMt940, parseStatementFile, StatementFormatError } from '#packages/bank/statements';
import { abnAmroMt940, ingMt940, latin1, rabobankMt940 } from './fixtures.ts';

describe('parseMt940', () => {
  it('reads an ING statement inside the SWIFT envelope with its IBAN, balances and structured :86: codes', () => {
    const file = parseMt940(ingMt940);

    expect(file.format).toBe('mt940');
    const [statement] = file.statements;
    expect(statement).toMatchObject({
      account: 'NL20INGB0001234567',
      currency: 'EUR',
      openingBalance: 123456,
      openingDate: '2023-11-23',
      closingBalance: 143857,
      closingDate: '2023-11-24',
      balanceCheck: { ok: true, difference: 0 },
    });
    expect(statement?.lines[0]).toEqual({
      bookingDate: '2023-11-24',
      valueDate: '2023-11-24',
      amount: 25000,
      currency: 'EUR',
      counterpartyName: 'J. de Vries',
      counterpartyIban: 'NL91ABNA0417164300',
      counterpartyBic: 'ABNANL2A',
      remittance: 'Factuur 2023-101 bedankt',
      bankReference: '00000000001005',
      endToEndId: 'E2E-20231124-01',
      transactionCode: 'NTRF',
    });
  });

  it('takes the ING /REMI/STRD/CUR/ betalingskenmerk as structured reference, joined across wrapped lines', () => {
    const [statement] = parseMt940(ingMt940).statements;

    expect(statement?.lines[1]).toMatchObject({
      amount: -4599,
      counterpartyName: 'Energie Noord BV',
      counterpartyIban: 'NL39RABO0300065264',
      structuredReference: '5000056789012345',
      endToEndId: 'INV-778',
    });
    expect(statement?.lines[1]).not.toHaveProperty('remittance');
  });

  it('reads a Rabobank statement: counterparty IBAN from the :61: second line, name from /ORDP//NAME/', () => {
    const [statement] = parseMt940(rabobankMt940).statements;

    expect(statement).toMatchObject({
      account: 'NL39RABO0300065264',
      openingBalance: 250000,
      closingBalance: 260890,
      balanceCheck: { ok: true, difference: 0 },
    });
    expect(statement?.lines[0]).toMatchObject({
      amount: 12100,
      counterpartyName: 'Bakkerij Jansen',
      counterpartyIban: 'NL91ABNA0417164300',
      remittance: 'Factuur 2023-0042',
      endToEndId: '20231124-4711',
      transactionCode: 'N541',
    });
    expect(statement?.lines[1]).toMatchObject({
      amount: -1210,
      counterpartyName: 'Rabobank',
      remittance: 'Kosten betalingsverkeer',
    });
  });

  it('takes a Rabobank /CDTRREF/ creditor reference as structured reference', () => {
    const text = rabobankMt940.replace(
      '/REMI/Factuur 2023-0042/ISDT/2023-11-24',
      '/REMI//CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/5000056789012345/ISDT/2023-11-24',
    );

    const [statement] = parseMt940(text).statements;

    expect(statement?.lines[0]?.structuredReference).toBe('5000056789012345');
    expect(statement?.lines[0]).not.toHaveProperty('remittance');
  });

  it('reads ABN AMRO SEPA lines both as /TRTP/ codes and as labelled IBAN:/NAAM:/OMSCHRIJVING: text', () => {
    const [statement] = parseMt940(abnAmroMt940).statements;

    expect(statement).toMatchObject({ account: '417164300', balanceCheck: { ok: true, difference: 0 } });
    expect(statement?.lines[0]).toMatchObject({
      amount: -150000,
      counterpartyName: 'Verhuur BV',
      counterpartyIban: 'NL44RABO0123456789',
      counterpartyBic: 'RABONL2U',
      remittance: 'Huur december 2023',
    });
    expect(statement?.lines[0]).not.toHaveProperty('endToEndId');
    expect(statement?.lines[1]).toMatchObject({
      amount: 8950,
      counterpartyName: 'G. Peters',
      counterpartyIban: 'NL91ABNA0417164300',
      remittance: 'Retour bestelling 8812',
      endToEndId: '20231124-abc',
    });
  });

  it('finds a betalingskenmerk printed in groups after BETALINGSKENMERK in free text', () => {
    const text = abnAmroMt940.replace(
      /:86:SEPA OVERBOEKING[\s\S]*?KENMERK: 20231124-abc/,
      ':86:GIRO   428428 KPN B.V.                  BETALINGSKENMERK 5000 0567 8901 2345\nFACTUUR 2023 11',
    );

    const [statement] = parseMt940(text).statements;

    expect(statement?.lines[1]).toMatchObject({
      counterpartyName: 'KPN B.V.',
      structuredReference: '5000056789012345',
    });
  });

  it('reports a closing balance that does not add up with the difference in cents', () => {
    const off = rabobankMt940.replace(':62F:C231124EUR000000002608,90', ':62F:C231124EUR000000002618,90');

    const [statement] = parseMt940(off).statements;

    expect(statement?.balanceCheck).toEqual({ ok: false, difference: 1000 });
  });

  it('reads a Latin-1 counterparty name from ISO-8859-1 bytes', () => {
    const text = rabobankMt940.replace('Bakkerij Jansen', 'Crème Brûlée BV');

    const file = parseStatementFile(latin1(text), 'rabo.sta');

    expect(file.statements[0]?.lines[0]?.counterpartyName).toBe('Crème Brûlée BV');
  });

  it('reads reversals: RC is money out, RD money in', () => {
    const text = `:20:REV
:25:NL39RABO0300065264
:28C:1
:60F:C231123EUR100,00
:61:2311241124RC10,00NTRFNONREF
:61:2311241124RD5,00NTRFNONREF
:62F:C231124EUR95,00
`;
    const [statement] = parseMt940(text).statements;

    expect(statement?.lines.map((line) => line.amount)).toEqual([-1000, 500]);
    expect(statement?.balanceCheck.ok).toBe(true);
  });

  it('dates the entry in the previous year when the value date is in January and the entry in December', () => {
    const text = `:20:YEAR
:25:NL39RABO0300065264
:28C:1
:60F:C231231EUR0,00
:61:2401021231C1,00NTRFNONREF
:62F:C240102EUR1,00
`;
    const [statement] = parseMt940(text).statements;

    expect(statement?.lines[0]).toMatchObject({ bookingDate: '2023-12-31', valueDate: '2024-01-02' });
  });

  it('reads an MT942 interim report and says its balance could not be checked', () => {
    const text = `:20:INTRADAY
:25:NL20INGB0001234567
:28C:1/1
:34F:EURD0,00
:13D:2311241200+0100
:61:2311241124D12,50NTRFNONREF
:86:/REMI/USTD//Parkeren/
:90D:1EUR12,50
:90C:0EUR0,00
`;
    const file = parseMt940(text);

    expect(file.format).toBe('mt942');
    expect(file.statements[0]?.lines[0]).toMatchObject({ amount: -1250, remittance: 'Parkeren' });
    expect(file.statements[0]?.balanceCheck).toMatchObject({ ok: true, difference: 0, unchecked: expect.any(String) });
  });

  it('refuses a statement line that cannot be read with MT940_BROKEN and its line number', () => {
    const broken = rabobankMt940.replace(':61:231124D000000000012,10N093NONREF', ':61:2311X4D12,10');

    expect(() => parseMt940(broken)).toThrow(StatementFormatError);
    expect(() => parseMt940(broken)).toThrow(/Line 10: :61:/);
  });

  it('counts error line numbers as in the file, envelope included', () => {
    const broken = ingMt940.replace(':60F:C231123EUR1234,56', ':60F:C231123EUR12x4,56');

    expect(() => parseMt940(broken)).toThrow(/^Line 5: :60F:/);
  });

  it('refuses movements that belong to no account instead of dropping them', () => {
    const text = `:20:LOOSE\n:28C:1\n:61:2311241124D12,50NTRFNONREF\n-\n${rabobankMt940}`;

    expect(() => parseMt940(text)).toThrow(/Line 3: a :61: movement outside any statement/);
  });

  it('refuses field snippets without account and balance with MT940_NO_STATEMENTS', () => {
    expect(() => parseMt940(':61:2311241124D12,50NTRFNONREF\n')).toThrow(
      expect.objectContaining({ code: 'MT940_NO_STATEMENTS' }),
    );
  });
});

describe('detectBank', () => {
  it('knows the Dutch banks by IBAN bank code, envelope BIC and old account formats', () => {
    expect(detectBank('', 'NL20INGB0001234567')).toBe('ing');
    expect(detectBank('{1:F01ABNANL2AXXXX}', '417164300')).toBe('abnamro');
    expect(detectBank(':940:\n', '1291.99.348')).toBe('rabobank');
    expect(detectBank('', 'TRIODOSBANK/0390123456')).toBe('triodos');
    expect(detectBank('', 'NL81ASNB9999999999')).toBe('asn');
    expect(detectBank('', '123456789')).toBe('generic');
  });
});
