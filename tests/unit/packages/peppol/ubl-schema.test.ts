import { describe, expect, it } from 'vitest';
import type { Country } from '#packages/kernel';
import {
  aggregateTypeCount,
  buildInvoiceResponse,
  buildMlr,
  checkUblSchema,
  salesInvoiceToUbl,
  validateInvoice,
} from '#packages/peppol';
import { generateInvoiceSpec, renderUbl } from '../../../helpers/invoices/index.ts';
import { invoiceXml, standardInvoice } from './invoice-builder.ts';
import { buyers, salesInvoice, sellers } from './sending/fixtures.ts';

const valid = invoiceXml();
/** The findings' ids and locations, which is what each negative case pins down. */
const found = (xml: string) => checkUblSchema(xml).map(({ id, location }) => ({ id, location }));
const edit = (from: string | RegExp, to: string) => {
  const changed = valid.replace(from, to);
  expect(changed).not.toBe(valid);
  return changed;
};

describe('checkUblSchema on documents that are valid', () => {
  it('describes more than a hundred UBL 2.1 aggregate types', () => {
    expect(aggregateTypeCount).toBeGreaterThan(100);
  });

  it('finds nothing wrong with the hand-built Peppol BIS invoice', () => {
    expect(checkUblSchema(valid)).toEqual([]);
  });

  it.each(Array.from({ length: 40 }, (_, seed) => seed + 1))(
    'finds nothing wrong with the generated invoice or credit note of seed %i (renderUbl)',
    (seed) => {
      const xml = renderUbl(generateInvoiceSpec(seed));

      expect(checkUblSchema(xml)).toEqual([]);
    },
  );

  const lines = [
    { quantity: '2', unitPrice: 10050, vatCode: 'NL-V21' },
    { quantity: '1', unitPrice: 1200, vatCode: 'NL-V0' },
  ];
  const beLines = [
    { quantity: '3', unitPrice: 1999, vatCode: 'BE-V21' },
    { quantity: '-1', unitPrice: 500, vatCode: 'BE-V6' },
  ];
  it.each([
    ['NL', 'invoice'],
    ['NL', 'credit-note'],
    ['BE', 'invoice'],
    ['BE', 'credit-note'],
  ] as const)('finds nothing wrong with a %s %s the back end sends (salesInvoiceToUbl)', (country: Country, kind) => {
    const invoice = salesInvoice(country, country === 'NL' ? lines : beLines, kind);
    const { xml } = salesInvoiceToUbl(invoice, sellers[country], buyers[country], {
      iban: 'NL91ABNA0417164300',
      ...(kind === 'credit-note' ? { creditedInvoice: { number: 'F2026-0001', invoiceDate: '2026-10-01' } } : {}),
    });

    expect(checkUblSchema(xml)).toEqual([]);
  });

  const parties = {
    sender: { participant: { scheme: '0106', id: '12345678' }, name: 'Bakkerij Jansen B.V.' },
    receiver: { participant: { scheme: '0208', id: '0403170701' }, name: 'Samenwerken BV' },
  };
  it.each([
    ['an Invoice Response that accepts', { code: 'AP', effectiveDate: '2026-11-03' }],
    [
      'an Invoice Response that rejects with reasons and actions',
      {
        code: 'RE',
        note: 'Zie toelichting',
        clarifications: [
          { kind: 'reason', code: 'REF', text: 'Onbekende order' },
          { kind: 'action', code: 'NIN' },
        ],
      },
    ],
  ] as const)('finds nothing wrong with %s (ApplicationResponse)', (_, extra) => {
    const xml = buildInvoiceResponse({
      id: 'IR-1',
      issuedAt: '2026-11-02T10:00:00Z',
      ...parties,
      document: { id: 'INV-1', issueDate: '2026-11-01', typeCode: '380' },
      ...extra,
    });

    expect(checkUblSchema(xml)).toEqual([]);
  });

  it('finds nothing wrong with a Message Level Response that lists the findings (ApplicationResponse)', () => {
    const xml = buildMlr({
      id: 'MLR-1',
      issuedAt: '2026-11-02T10:00:00Z',
      code: 'RE',
      sender: { scheme: '0106', id: '12345678' },
      receiver: { scheme: '0208', id: '0403170701' },
      messageId: 'c0ffee',
      description: 'The document fails validation',
      lines: [{ location: '/Invoice/cbc:ID', ruleId: 'UBL-XSD-MISSING', text: 'ID is required', reason: 'SV' }],
    });

    expect(checkUblSchema(xml)).toEqual([]);
  });

  it('does not look inside extension content, which is lax', () => {
    const xml = edit(
      '<cbc:CustomizationID>',
      `<ext:UBLExtensions xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2">
    <ext:UBLExtension><ext:ExtensionContent><sig:Anything xmlns:sig="urn:example:sig"><cbc:Whatever>x</cbc:Whatever></sig:Anything></ext:ExtensionContent></ext:UBLExtension>
  </ext:UBLExtensions>
  <cbc:CustomizationID>`,
    );

    expect(checkUblSchema(xml)).toEqual([]);
  });
});

describe('checkUblSchema on documents that break the UBL 2.1 schema', () => {
  it('reports an element out of schema order where it stands', () => {
    const xml = edit(
      '<cbc:IssueDate>2026-11-01</cbc:IssueDate>\n  <cbc:DueDate>2026-12-01</cbc:DueDate>',
      '<cbc:DueDate>2026-12-01</cbc:DueDate>\n  <cbc:IssueDate>2026-11-01</cbc:IssueDate>',
    );

    const findings = checkUblSchema(xml);

    expect(findings).toEqual([
      {
        id: 'UBL-XSD-ORDER',
        flag: 'fatal',
        location: '/Invoice/cbc:IssueDate',
        text: "Invalid content was found starting with element 'cbc:IssueDate': InvoiceType puts it before 'cbc:DueDate'.",
      },
    ]);
  });

  it('reports an aggregate out of order inside a party', () => {
    const xml = edit(
      /(<cac:PartyTaxScheme>[\s\S]*?<\/cac:PartyTaxScheme>)(\s*)(<cac:PartyLegalEntity>[\s\S]*?<\/cac:PartyLegalEntity>)/,
      '$3$2$1',
    );

    expect(found(xml)).toEqual([
      { id: 'UBL-XSD-ORDER', location: '/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme' },
    ]);
  });

  it('reports an element UBL does not know', () => {
    const xml = edit('<cbc:BuyerReference>', '<cbc:BuyerOrderNumber>7</cbc:BuyerOrderNumber>\n  <cbc:BuyerReference>');

    expect(checkUblSchema(xml)).toEqual([
      expect.objectContaining({
        id: 'UBL-XSD-UNKNOWN',
        location: '/Invoice/cbc:BuyerOrderNumber',
        text: expect.stringContaining('InvoiceType has no child'),
      }),
    ]);
  });

  it('reports a basic component written in the aggregate namespace', () => {
    const xml = edit(
      '<cbc:BuyerReference>PO-77</cbc:BuyerReference>',
      '<cac:BuyerReference>PO-77</cac:BuyerReference>',
    );

    expect(found(xml)).toEqual([{ id: 'UBL-XSD-NAMESPACE', location: '/Invoice/cac:BuyerReference' }]);
  });

  it('reports a root element outside the Invoice namespace and stops there', () => {
    const xml = valid.replace(
      'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"',
      'xmlns="urn:example:invoice"',
    );

    expect(found(xml)).toEqual([{ id: 'UBL-XSD-ROOT', location: '/Invoice' }]);
  });

  it('reports a missing cbc:ID at the invoice', () => {
    const xml = invoiceXml({ ...standardInvoice, id: undefined });

    expect(checkUblSchema(xml)).toEqual([
      {
        id: 'UBL-XSD-MISSING',
        flag: 'fatal',
        location: '/Invoice',
        text: "The content of element 'Invoice' is not complete: 'cbc:ID' is required (InvoiceType).",
      },
    ]);
  });

  it('reports a missing cbc:IssueDate at the invoice', () => {
    const xml = edit(/\s*<cbc:IssueDate>2026-11-01<\/cbc:IssueDate>/, '');

    expect(found(xml)).toEqual([{ id: 'UBL-XSD-MISSING', location: '/Invoice' }]);
    expect(checkUblSchema(xml)[0]?.text).toContain("'cbc:IssueDate' is required");
  });

  it('reports a missing mandatory child of an aggregate (cac:TaxScheme in cac:PartyTaxScheme)', () => {
    const xml = edit(
      '<cbc:CompanyID>NL123456789B01</cbc:CompanyID>\n        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>',
      '<cbc:CompanyID>NL123456789B01</cbc:CompanyID>',
    );

    expect(found(xml)).toEqual([
      { id: 'UBL-XSD-MISSING', location: '/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme' },
    ]);
  });

  it('reports the second of an element that may occur once', () => {
    const xml = edit(
      '<cbc:DueDate>2026-12-01</cbc:DueDate>',
      '<cbc:DueDate>2026-12-01</cbc:DueDate><cbc:DueDate>2026-12-15</cbc:DueDate>',
    );

    expect(found(xml)).toEqual([{ id: 'UBL-XSD-TOO-MANY', location: '/Invoice/cbc:DueDate[2]' }]);
  });

  it('reports a second seller legal entity with a name, which the official rules read as one seller name', () => {
    const entity =
      '<cac:PartyLegalEntity><cbc:RegistrationName>Bakkerij Jansen B.V.</cbc:RegistrationName></cac:PartyLegalEntity>';
    const xml = edit('<cac:PartyLegalEntity>', `${entity}<cac:PartyLegalEntity>`);

    expect(found(xml)).toEqual([
      { id: 'UBL-XSD-TOO-MANY', location: '/Invoice/cac:AccountingSupplierParty/cac:Party' },
    ]);
  });

  it('accepts a second legal entity without a name, and two named ones in a party the rules do not read as one', () => {
    const unnamed = edit(
      '<cac:PartyLegalEntity>',
      '<cac:PartyLegalEntity><cbc:CompanyID>1</cbc:CompanyID></cac:PartyLegalEntity><cac:PartyLegalEntity>',
    );
    const entity = '<cac:PartyLegalEntity><cbc:RegistrationName>Factor</cbc:RegistrationName></cac:PartyLegalEntity>';
    const payee = edit('<cac:PaymentMeans>', `<cac:PayeeParty>${entity}${entity}</cac:PayeeParty><cac:PaymentMeans>`);

    expect(found(unnamed)).toEqual([]);
    expect(found(payee)).toEqual([]);
  });

  it('reports an amount without currencyID', () => {
    const xml = edit(/<cbc:PayableAmount currencyID="EUR">/, '<cbc:PayableAmount>');

    expect(checkUblSchema(xml)).toEqual([
      {
        id: 'UBL-XSD-ATTRIBUTE',
        flag: 'fatal',
        location: '/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount',
        text: "Attribute 'currencyID' must appear on element 'cbc:PayableAmount': it is required by the UBL 2.1 AmountType.",
      },
    ]);
  });

  it('accepts a quantity without unitCode, which the unqualified QuantityType makes optional', () => {
    const xml = edit(/<cbc:InvoicedQuantity unitCode="C62">/g, '<cbc:InvoicedQuantity>');

    expect(checkUblSchema(xml)).toEqual([]);
  });

  it.each([
    ['a month 13', '2026-13-01'],
    ['the 30th of February', '2026-02-30'],
    ['a day-first date', '01-11-2026'],
    ['a date with a time', '2026-11-01T10:00:00'],
  ])('reports %s as no xsd:date', (_, date) => {
    const xml = edit('<cbc:IssueDate>2026-11-01</cbc:IssueDate>', `<cbc:IssueDate>${date}</cbc:IssueDate>`);

    expect(checkUblSchema(xml)).toEqual([
      expect.objectContaining({
        id: 'UBL-XSD-DATATYPE',
        location: '/Invoice/cbc:IssueDate',
        text: `'${date}' is not a valid value for 'date': element 'cbc:IssueDate' is a UBL 2.1 DateType (xsd:date).`,
      }),
    ]);
  });

  it('accepts a leap day and a date with a time zone', () => {
    const xml = edit(
      '<cbc:IssueDate>2026-11-01</cbc:IssueDate>\n  <cbc:DueDate>2026-12-01</cbc:DueDate>',
      '<cbc:IssueDate>2028-02-29</cbc:IssueDate>\n  <cbc:DueDate>2026-12-01+01:00</cbc:DueDate>',
    );

    expect(checkUblSchema(xml)).toEqual([]);
  });

  it.each([
    ['a decimal comma', '302,50'],
    ['a thousands separator', '1,302.50'],
    ['a currency sign', '€302.50'],
    ['an exponent', '3.025E2'],
  ])('reports an amount with %s as no xsd:decimal', (_, amount) => {
    const xml = edit(/(<cbc:PayableAmount currencyID="EUR">)[^<]*/, `$1${amount}`);

    expect(found(xml)).toEqual([
      { id: 'UBL-XSD-DATATYPE', location: '/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount' },
    ]);
  });

  it('reports a quantity and a percent that are no decimals', () => {
    const xml = edit(
      '<cbc:InvoicedQuantity unitCode="C62">2</cbc:InvoicedQuantity>',
      '<cbc:InvoicedQuantity unitCode="C62">two</cbc:InvoicedQuantity>',
    ).replace('<cbc:Percent>21</cbc:Percent>', '<cbc:Percent>21%</cbc:Percent>');

    expect(found(xml).map((f) => f.id)).toEqual(['UBL-XSD-DATATYPE', 'UBL-XSD-DATATYPE']);
  });

  it('reports a charge indicator that is no xsd:boolean', () => {
    const xml = edit(
      '<cac:TaxTotal>',
      '<cac:AllowanceCharge><cbc:ChargeIndicator>yes</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">0.00</cbc:Amount></cac:AllowanceCharge>\n  <cac:TaxTotal>',
    );

    expect(found(xml)).toEqual([
      { id: 'UBL-XSD-DATATYPE', location: '/Invoice/cac:AllowanceCharge/cbc:ChargeIndicator' },
    ]);
  });

  it('reports text inside an aggregate and elements inside a basic component', () => {
    const xml = edit('<cac:PaymentMeans>', '<cac:PaymentMeans>by bank').replace(
      '<cbc:BuyerReference>PO-77</cbc:BuyerReference>',
      '<cbc:BuyerReference><cbc:ID>PO-77</cbc:ID></cbc:BuyerReference>',
    );

    expect(found(xml)).toEqual([
      { id: 'UBL-XSD-CONTENT', location: '/Invoice/cbc:BuyerReference' },
      { id: 'UBL-XSD-CONTENT', location: '/Invoice/cac:PaymentMeans' },
    ]);
  });

  it('locates an element among repeated siblings by its position', () => {
    const xml = valid.replace(
      /(<cac:InvoiceLine>\s*<cbc:ID>2<\/cbc:ID>\s*)<cbc:InvoicedQuantity unitCode="C62">1<\/cbc:InvoicedQuantity>/,
      '$1<cbc:InvoicedQuantity unitCode="C62">1.0.0</cbc:InvoicedQuantity>',
    );

    expect(found(xml)).toEqual([
      { id: 'UBL-XSD-DATATYPE', location: '/Invoice/cac:InvoiceLine[2]/cbc:InvoicedQuantity' },
    ]);
  });
});

describe('validateInvoice with the UBL 2.1 structure check', () => {
  const broken = valid.replace('<cbc:PayableAmount currencyID="EUR">', '<cbc:PayableAmount>');

  it('runs the structure check before the rules and still reports the rule findings', () => {
    const report = validateInvoice(broken.replace('<cbc:BuyerReference>PO-77</cbc:BuyerReference>', ''));

    expect(report.valid).toBe(false);
    expect(report.findings[0]?.id).toBe('UBL-XSD-ATTRIBUTE');
    expect(report.findings.map((f) => f.id)).toContain('PEPPOL-EN16931-R003');
  });

  it('skips the structure check with rulesOnly', () => {
    const report = validateInvoice(broken, { rulesOnly: true });

    expect(report.findings.filter((f) => f.id.startsWith('UBL-XSD'))).toEqual([]);
  });

  it('finds a valid invoice valid, structure and rules', () => {
    expect(validateInvoice(valid)).toEqual({ valid: true, findings: [], release: 'peppol-bis-3.0.21' });
  });
});

describe('checkUblSchema and namespaces', () => {
  it('accepts any prefixes bound to the UBL namespaces, and the cbc namespace as a default', () => {
    const xml = valid
      .replace('<Invoice xmlns="', '<ubl:Invoice xmlns:ubl="')
      .replace('</Invoice>', '</ubl:Invoice>')
      .replace(
        '<cbc:BuyerReference>PO-77</cbc:BuyerReference>',
        '<BuyerReference xmlns="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">PO-77</BuyerReference>',
      );

    expect(checkUblSchema(xml)).toEqual([]);
  });

  it('reports an unprefixed basic component, which the default namespace puts in the Invoice namespace', () => {
    const xml = edit('<cbc:BuyerReference>PO-77</cbc:BuyerReference>', '<BuyerReference>PO-77</BuyerReference>');

    expect(checkUblSchema(xml)).toEqual([
      {
        id: 'UBL-XSD-NAMESPACE',
        flag: 'fatal',
        location: '/Invoice/BuyerReference',
        text: "Element 'BuyerReference' is {urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}BuyerReference; InvoiceType expects 'cbc:BuyerReference' in namespace urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2.",
      },
    ]);
  });
});

describe('checkUblSchema reads XML as written', () => {
  it('steps over comments and processing instructions, and reads CDATA, quotes and character references', () => {
    const xml = edit(
      '<cbc:BuyerReference>PO-77</cbc:BuyerReference>',
      `<!-- <cbc:Bogus/> --><?pi <cbc:Bogus/>?>
  <cbc:BuyerReference><![CDATA[PO <77> & more]]></cbc:BuyerReference>`,
    )
      .replace('<cbc:EndpointID schemeID="0106">', `<cbc:EndpointID schemeID='0106' schemeName="a>b">`)
      .replace(/(<cbc:PayableAmount currencyID="EUR">)([^<]*)/, '$1 &#x33;02.50\n ');

    expect(checkUblSchema(xml)).toEqual([]);
  });

  it('reads the same document from bytes, with a byte-order mark', () => {
    expect(checkUblSchema(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]))).toEqual([]);
  });
});
