import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectStatementFamily, parseStatementFile, StatementFormatError } from '#packages/bank/statements';
import { DomainError } from '#packages/kernel';
import { abnAmroMt940, camt053v02, camt053v08, codaFile, ingMt940, latin1, rabobankMt940, utf8 } from './fixtures.ts';

describe('parseStatementFile', () => {
  it('recognises camt, MT940 and CODA by content, whatever the file is called', () => {
    expect(parseStatementFile(utf8(camt053v02), 'export.txt').format).toBe('camt.053');
    expect(parseStatementFile(utf8(ingMt940), 'export.xml').format).toBe('mt940');
    expect(parseStatementFile(latin1(codaFile()), 'export.sta').format).toBe('coda');
  });

  it('reads camt with a byte-order mark and MT940 written in UTF-8', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(camt053v02)]);
    const utf8Name = rabobankMt940.replace('Bakkerij Jansen', 'Bäckerei Groß');

    expect(parseStatementFile(bom).statements[0]?.account).toBe('NL91ABNA0417164300');
    expect(parseStatementFile(utf8(utf8Name)).statements[0]?.lines[0]?.counterpartyName).toBe('Bäckerei Groß');
  });

  it('reads Windows-1252 bytes that ISO-8859-1 leaves undefined, such as the euro sign', () => {
    const bytes = latin1(rabobankMt940.replace('Kosten betalingsverkeer', 'Kosten EUR 12,10'));
    const euro = bytes.indexOf('E'.charCodeAt(0), new TextDecoder('latin1').decode(bytes).indexOf('Kosten EUR'));
    bytes.set([0x80, 0x20, 0x20], euro);

    const [statement] = parseStatementFile(bytes).statements;

    expect(statement?.lines[1]?.remittance).toBe('Kosten € 12,10');
  });

  it('reads camt declared as ISO-8859-1 in that encoding', () => {
    const xml = camt053v02
      .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
      .replace('Bakkerij Jansen', 'Crémerie Müller');

    const [statement] = parseStatementFile(latin1(xml)).statements;

    expect(statement?.lines[0]?.counterpartyName).toBe('Crémerie Müller & Zn');
  });

  it('refuses an empty file with EMPTY_FILE', () => {
    expect(() => parseStatementFile(new Uint8Array(), 'leeg.sta')).toThrow(
      expect.objectContaining({ code: 'EMPTY_FILE', message: "'leeg.sta' is empty." }),
    );
    expect(() => parseStatementFile(utf8(' \r\n'))).toThrow(expect.objectContaining({ code: 'EMPTY_FILE' }));
  });

  it('refuses a PDF, other XML and plain text with UNKNOWN_FORMAT and says what it saw', () => {
    const pdf = utf8('%PDF-1.7\n1 0 obj\n');
    const invoice = utf8(
      '<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>',
    );
    const csv = utf8('Datum,Bedrag,Omschrijving\n2023-11-24,12.50,Parkeren\n');

    expect(() => parseStatementFile(pdf, 'afschrift.pdf')).toThrow(/is a PDF/);
    expect(() => parseStatementFile(invoice, 'factuur.xml')).toThrow(/XML, but not a camt/);
    expect(() => parseStatementFile(csv, 'export.csv')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_FORMAT', name: 'StatementFormatError' }),
    );
  });

  it('throws a StatementFormatError, a DomainError with a stable code, for broken files', () => {
    const broken = utf8(ingMt940.replace(':60F:C231123EUR1234,56', ':60F:C2311EUR1234,56'));

    let caught: unknown;
    try {
      parseStatementFile(broken, 'ing.sta');
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(StatementFormatError);
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'MT940_BROKEN', message: expect.stringContaining(':60F:') });
  });
});

describe('parseStatementFile on damaged files', () => {
  const samples = [camt053v02, camt053v08, ingMt940, rabobankMt940, abnAmroMt940, codaFile()].map(utf8);

  it('either reads a cut-off or corrupted file or throws a StatementFormatError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        (bytes, at, value, truncate) => {
          const position = Math.floor(at * bytes.length);
          const damaged = truncate ? bytes.subarray(0, position) : bytes.slice();
          if (!truncate) damaged[position] = value;
          let thrown: unknown;
          try {
            parseStatementFile(damaged);
          } catch (error) {
            thrown = error;
          }
          expect(thrown === undefined || thrown instanceof StatementFormatError).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('detectStatementFamily', () => {
  it('says undefined for text of no known family', () => {
    expect(detectStatementFamily('hello')).toBeUndefined();
    expect(detectStatementFamily('<html><body/></html>')).toBeUndefined();
    expect(detectStatementFamily(':20:ONLYREF')).toBeUndefined();
  });
});
