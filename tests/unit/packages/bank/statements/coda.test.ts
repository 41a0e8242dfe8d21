import { describe, expect, it } from 'vitest';
import { parseCoda, parseStatementFile } from '#packages/bank/statements';
import { codaFile, codaRecord, latin1 } from './fixtures.ts';

describe('parseCoda', () => {
  it('reads a CODA 2 statement: IBAN, currency, balances and the booked movements', () => {
    const file = parseStatementFile(latin1(codaFile()), 'KBC_20231126.cod');

    expect(file).toMatchObject({ format: 'coda', version: '2' });
    const [statement] = file.statements;
    expect(statement).toMatchObject({
      account: 'BE68539007547034',
      currency: 'EUR',
      statementId: '045',
      openingBalance: 100000,
      openingDate: '2023-11-25',
      closingBalance: 107450,
      closingDate: '2023-11-26',
      balanceCheck: { ok: true, difference: 0 },
    });
  });

  it('books a globalised movement once and not its detail records again', () => {
    const [statement] = parseCoda(codaFile()).statements;

    expect(statement?.lines.map((line) => line.amount)).toEqual([25000, -7550, -10000]);
  });

  it('gives the Belgian structured reference from communication type 101, and the Latin-1 counterparty', () => {
    const [statement] = parseStatementFile(latin1(codaFile())).statements;

    expect(statement?.lines[0]).toEqual({
      bookingDate: '2023-11-26',
      valueDate: '2023-11-26',
      amount: 25000,
      currency: 'EUR',
      counterpartyName: 'Crémerie Müller SPRL',
      counterpartyIban: 'BE71096123456769',
      counterpartyBic: 'GEBABEBB',
      structuredReference: '090933755493',
      bankReference: 'EBA0000123456789',
      endToEndId: 'E2E-REF-1',
      transactionCode: '00150000',
    });
  });

  it('joins free communication with its information record', () => {
    const [statement] = parseCoda(codaFile()).statements;

    expect(statement?.lines[1]?.remittance).toBe('Factuur 2023-118 onderhoud koelcel Technische dienst Gent');
    expect(statement?.lines[2]?.remittance).toBe('Domiciliëringen');
  });

  it('names the counterparty from a structured information record (type 001) when 2.3 has no name', () => {
    const lines = codaFile({ counterparty: '' }).split('\r\n');
    // A 3.1 record for the first movement: structured (1), type 001, the name from position 44.
    const info = codaRecord([
      [1, '3100010001'],
      [11, 'EBA0000123456789'],
      [32, '00150000'],
      [40, '1001'],
      [44, 'Crémerie Müller SPRL'],
    ]);
    lines.splice(5, 0, info);

    const [statement] = parseCoda(lines.join('\r\n')).statements;

    expect(statement?.lines[0]?.counterpartyName).toBe('Crémerie Müller SPRL');
    expect(statement?.lines[0]?.remittance).toBeUndefined();
  });

  it('reports a new balance that does not follow from the movements', () => {
    const [statement] = parseCoda(codaFile({ closing: '000000001074490' })).statements;

    expect(statement?.balanceCheck).toEqual({ ok: false, difference: -1 });
  });

  it('refuses a file cut off before its new balance with CODA_BROKEN', () => {
    const cut = codaFile().split('\r\n').slice(0, 6).join('\r\n');

    expect(() => parseCoda(cut)).toThrow(expect.objectContaining({ code: 'CODA_BROKEN' }));
    expect(() => parseCoda(cut)).toThrow(/cut short/);
  });

  it('refuses an amount that is not a number with CODA_BROKEN and the record number', () => {
    const lines = codaFile().split('\r\n');
    lines[2] = `${lines[2]?.slice(0, 32)}00000000025000X${lines[2]?.slice(47)}`;

    expect(() => parseCoda(lines.join('\r\n'))).toThrow(/Record 3: the movement amount/);
  });
});
