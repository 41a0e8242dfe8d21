import { describe, expect, it } from 'vitest';
import { parseCamt, parseStatementFile, StatementFormatError } from '#packages/bank/statements';
import { camt053v02, camt053v08, utf8 } from './fixtures.ts';

describe('parseCamt', () => {
  it('reads a camt.053.001.02 statement with its account, balances and booked entries', () => {
    const file = parseCamt(camt053v02);

    expect(file).toMatchObject({ format: 'camt.053', version: 'camt.053.001.02' });
    expect(file.statements).toHaveLength(1);
    const [statement] = file.statements;
    expect(statement).toMatchObject({
      account: 'NL91ABNA0417164300',
      currency: 'EUR',
      statementId: '20231124-NL91ABNA0417164300',
      openingBalance: 100000,
      openingDate: '2023-11-23',
      closingBalance: 108550,
      closingDate: '2023-11-24',
      balanceCheck: { ok: true, difference: 0 },
    });
  });

  it('leaves pending entries out: they are not movements on the account yet', () => {
    const [statement] = parseCamt(camt053v02).statements;

    expect(statement?.lines.map((line) => line.amount)).toEqual([12100, -3550]);
  });

  it('takes the debtor of a credit and the creditor of a debit as counterparty, with structured reference', () => {
    const [statement] = parseCamt(camt053v02).statements;

    expect(statement?.lines[0]).toEqual({
      bookingDate: '2023-11-24',
      valueDate: '2023-11-24',
      amount: 12100,
      currency: 'EUR',
      counterpartyName: 'Bakkerij Jansen & Zn',
      counterpartyIban: 'NL39RABO0300065264',
      counterpartyBic: 'RABONL2U',
      structuredReference: '5000056789012345',
      bankReference: '0000000001234567',
      endToEndId: 'E2E-20231124-01',
      transactionCode: 'PMNT/RCDT/ESCT',
    });
    expect(statement?.lines[1]).toMatchObject({
      amount: -3550,
      counterpartyName: 'Kantoorboekhandel De Pen',
      counterpartyIban: 'NL44RABO0123456789',
      remittance: 'Factuur 2023-118 papier en toner',
    });
    expect(statement?.lines[1]).not.toHaveProperty('endToEndId');
  });

  it('reads camt.053.001.08 with Pty-wrapped names, BICFI, DtTm booking dates and a debit opening balance', () => {
    const file = parseCamt(camt053v08);

    expect(file.version).toBe('camt.053.001.08');
    const [statement] = file.statements;
    expect(statement).toMatchObject({
      account: 'BE68539007547034',
      statementId: '2023-045',
      openingBalance: -25000,
      closingBalance: 121000,
      balanceCheck: { ok: true, difference: 0 },
    });
    expect(statement?.lines[0]).toMatchObject({
      bookingDate: '2023-11-24',
      amount: 146000,
      counterpartyName: 'Brasserie Élise SRL',
      counterpartyIban: 'BE71096123456769',
      counterpartyBic: 'GKCCBEBB',
      structuredReference: 'RF18539007547034',
    });
  });

  it('reports a closing balance that does not add up, with the difference, instead of refusing it', () => {
    const tampered = camt053v08.replace('<Amt Ccy="EUR">1210.00</Amt>', '<Amt Ccy="EUR">1210.01</Amt>');

    const [statement] = parseCamt(tampered).statements;

    expect(statement?.balanceCheck).toEqual({ ok: false, difference: 1 });
    expect(statement?.lines).toHaveLength(1);
  });

  it('reads camt.052 reports and camt.054 notifications, whose balances may be missing', () => {
    const report = camt053v02
      .replaceAll('camt.053.001.02', 'camt.052.001.02')
      .replaceAll('BkToCstmrStmt', 'BkToCstmrAcctRpt')
      .replaceAll('<Stmt>', '<Rpt>')
      .replaceAll('</Stmt>', '</Rpt>');
    const notification = camt053v08
      .replaceAll('camt.053.001.08', 'camt.054.001.08')
      .replaceAll('BkToCstmrStmt', 'BkToCstmrDbtCdtNtfctn')
      .replaceAll('<Stmt>', '<Ntfctn>')
      .replaceAll('</Stmt>', '</Ntfctn>')
      .replace(/<Bal>[\s\S]*<\/Bal>/, '');

    expect(parseStatementFile(utf8(report))).toMatchObject({ format: 'camt.052', version: 'camt.052.001.02' });
    const parsed = parseStatementFile(utf8(notification));
    expect(parsed.format).toBe('camt.054');
    expect(parsed.statements[0]?.balanceCheck).toMatchObject({
      ok: true,
      difference: 0,
      unchecked: expect.any(String),
    });
  });

  it('refuses a statement message without any statement with CAMT_NO_STATEMENTS', () => {
    const empty = camt053v02.replace(/<Stmt>[\s\S]*<\/Stmt>/, '');

    expect(() => parseCamt(empty)).toThrow(expect.objectContaining({ code: 'CAMT_NO_STATEMENTS' }));
  });

  it('refuses an entry without amount with CAMT_BROKEN naming the entry', () => {
    const broken = camt053v02.replace('<Amt Ccy="EUR">35.50</Amt>', '');

    expect(() => parseCamt(broken)).toThrow(StatementFormatError);
    expect(() => parseCamt(broken)).toThrow(/entry 2/);
  });
});

describe('parseCamt with hostile XML', () => {
  it('refuses a DOCTYPE with entities (billion laughs, XXE) with XML_NOT_ALLOWED', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&lol2;</Id></Stmt></BkToCstmrStmt></Document>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&x;</Id></Stmt></BkToCstmrStmt></Document>`;

    expect(() => parseStatementFile(utf8(laughs))).toThrow(expect.objectContaining({ code: 'XML_NOT_ALLOWED' }));
    expect(() => parseStatementFile(utf8(xxe))).toThrow(expect.objectContaining({ code: 'XML_NOT_ALLOWED' }));
  });

  it('refuses elements nested thousands deep instead of exhausting the stack', () => {
    const deep = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</BkToCstmrStmt></Document>`;

    expect(() => parseStatementFile(utf8(deep))).toThrow(StatementFormatError);
  });

  it('refuses XML that is not well-formed with XML_MALFORMED and the line', () => {
    const cut = camt053v02.slice(0, camt053v02.indexOf('</Stmt>'));

    expect(() => parseStatementFile(utf8(cut))).toThrow(expect.objectContaining({ code: 'XML_MALFORMED' }));
  });
});
