import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RecognitionResult, readStructuredInvoice, StructuredDocumentError } from '#packages/recognition';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const one = <T>(value: T) => ({ value, confidence: 1 });

function refusal(xml: string | Buffer): StructuredDocumentError {
  try {
    readStructuredInvoice(xml);
  } catch (error) {
    if (error instanceof StructuredDocumentError) return error;
    throw error;
  }
  throw new Error('expected the document to be refused');
}

const sbdh = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader>
    <HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">0106:12345678</Identifier></Sender>
    <Receiver><Identifier Authority="iso6523-actorid-upis">0106:87654321</Identifier></Receiver>
    <DocumentIdentification>
      <Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard>
      <TypeVersion>2.1</TypeVersion>
      <InstanceIdentifier>4c6f7a0e-2b1d-4f7e-9d3a-1f0b9c8e7d6a</InstanceIdentifier>
      <Type>Invoice</Type>
      <CreationDateAndTime>2024-03-14T10:00:00Z</CreationDateAndTime>
    </DocumentIdentification>
  </StandardBusinessDocumentHeader>
  ${inner.replace(/^<\?xml[^>]*\?>\s*/, '')}
</StandardBusinessDocument>`;

describe('readStructuredInvoice', () => {
  it('reads a Peppol UBL invoice with two VAT rates into the normalised result', () => {
    const xml = fixture('ubl-invoice-two-rates.xml');

    const result = readStructuredInvoice(xml);

    expect(RecognitionResult.parse(result)).toEqual(result);
    expect(result).toMatchObject({
      source: 'ubl',
      documentType: one('invoice'),
      supplier: {
        name: one('Bakkerij Jansen & Zn'),
        vatNumber: one('NL001234567B01'),
        companyNumber: one('12345678'),
        iban: one('NL91ABNA0417164300'),
        countryCode: one('NL'),
      },
      customer: { name: one('Lunchroom De Kade B.V.'), vatNumber: one('NL009876543B01') },
      invoiceNumber: one('F2024-0117'),
      invoiceDate: one('2024-03-14'),
      dueDate: one('2024-04-13'),
      currency: one('EUR'),
      paymentReference: one('1000 0001 1700 0001'),
      totals: { net: one(33333), vat: one(5400), gross: one(38733) },
      issues: [],
    });
    expect(result.vatBreakdown).toEqual([
      { rateBasisPoints: 2100, base: 20000, vat: 4200, category: 'S' },
      { rateBasisPoints: 900, base: 13333, vat: 1200, category: 'S' },
    ]);
  });

  it('reads lines by name or description and rounds a four-decimal unit price half away from zero', () => {
    const result = readStructuredInvoice(fixture('ubl-invoice-two-rates.xml'));

    expect(result.lines).toEqual([
      { description: 'Huur broodsnijmachine', quantity: '4', unitPrice: 5000, net: 20000, vatRateBasisPoints: 2100 },
      { description: 'Volkorenbrood, gesneden', quantity: '30', unitPrice: 444, net: 13333, vatRateBasisPoints: 900 },
    ]);
  });

  it('reads a UBL.BE credit note with any namespace prefix, its due date from the payment means', () => {
    const result = readStructuredInvoice(Buffer.from(fixture('ubl-credit-note.xml'), 'utf8'));

    expect(result).toMatchObject({
      source: 'ubl',
      documentType: one('credit-note'),
      supplier: { name: one('Brasserie Verhaeghe NV'), vatNumber: one('BE0403170701'), iban: one('BE71096123456769') },
      customer: { name: one('Café Het Anker'), vatNumber: one('BE0477472701') },
      invoiceNumber: one('CN-2024-008'),
      dueDate: one('2024-06-01'),
      paymentReference: one('+++090/9337/55493+++'),
      totals: { net: one(6000), vat: one(1260), gross: one(7260) },
      issues: [],
    });
    expect(result.lines).toEqual([
      { description: 'Retour leeggoed vat 30 l', quantity: '2', unitPrice: 3000, net: 6000, vatRateBasisPoints: 2100 },
    ]);
  });

  it('treats a UBL Invoice with type code 381 as a credit note', () => {
    const xml = fixture('ubl-invoice-two-rates.xml').replace('>380<', '>381<');

    expect(readStructuredInvoice(xml).documentType).toEqual(one('credit-note'));
  });

  it('unwraps a Peppol SBDH envelope and reads the UBL invoice inside', () => {
    const bare = readStructuredInvoice(fixture('ubl-invoice-two-rates.xml'));

    const wrapped = readStructuredInvoice(sbdh(fixture('ubl-invoice-two-rates.xml')));

    expect(wrapped).toEqual(bare);
  });

  it('reads a CII invoice with format-102 dates and the VAT total in the document currency', () => {
    const result = readStructuredInvoice(fixture('cii-invoice.xml'));

    expect(RecognitionResult.parse(result)).toEqual(result);
    expect(result).toEqual({
      source: 'cii',
      documentType: one('invoice'),
      supplier: {
        name: one('Kantoorhandel Peeters BV'),
        vatNumber: one('BE0202239951'),
        companyNumber: one('0202239951'),
        iban: one('BE68539007547034'),
        countryCode: one('BE'),
      },
      customer: { name: one('Architectenbureau Claes'), vatNumber: one('BE0417497106') },
      invoiceNumber: one('RE-2024-5521'),
      invoiceDate: one('2024-02-20'),
      dueDate: one('2024-03-21'),
      currency: one('EUR'),
      paymentReference: one('+++123/4567/89002+++'),
      totals: { net: one(16500), vat: one(3465), gross: one(19965) },
      vatBreakdown: [{ rateBasisPoints: 2100, base: 16500, vat: 3465, category: 'S' }],
      lines: [
        { description: 'Kopieerpapier A4, 80 g', quantity: '40', unitPrice: 413, net: 16500, vatRateBasisPoints: 2100 },
      ],
      issues: [],
    });
  });

  it('treats a CII invoice with TypeCode 381 as a credit note', () => {
    const xml = fixture('cii-invoice.xml').replace(
      '<ram:TypeCode>380</ram:TypeCode>',
      '<ram:TypeCode>381</ram:TypeCode>',
    );

    expect(readStructuredInvoice(xml).documentType).toEqual(one('credit-note'));
  });

  it('reports totals that do not add up and a VAT breakdown that does not match the total', () => {
    const xml = fixture('ubl-invoice-two-rates.xml').replace(
      '<cbc:TaxInclusiveAmount currencyID="EUR">387.33</cbc:TaxInclusiveAmount>',
      '<cbc:TaxInclusiveAmount currencyID="EUR">388.33</cbc:TaxInclusiveAmount>',
    );
    const vatOff = fixture('cii-invoice.xml').replace('<ram:CalculatedAmount>34.65<', '<ram:CalculatedAmount>34.56<');

    expect(readStructuredInvoice(xml).issues).toEqual([
      { field: 'totals', message: 'net 33333 + VAT 5400 ≠ gross 38833 (cents)' },
    ]);
    expect(readStructuredInvoice(vatOff).issues).toEqual([
      { field: 'vatBreakdown', message: 'VAT per rate sums to 3456, total VAT is 3465 (cents)' },
    ]);
  });

  it('reports missing mandatory header fields and values it cannot read', () => {
    const xml = fixture('cii-invoice.xml')
      .replace('<ram:ID>RE-2024-5521</ram:ID>', '')
      .replace('>20240220<', '>20240231<')
      .replace(
        '<ram:GrandTotalAmount>199.65</ram:GrandTotalAmount>',
        '<ram:GrandTotalAmount>n/a</ram:GrandTotalAmount>',
      );

    const result = readStructuredInvoice(xml);

    expect(result.invoiceNumber).toBeUndefined();
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { field: 'invoiceDate', message: "'20240231' is not a date" },
        { field: 'totals.gross', message: "'n/a' is not a valid amount" },
        { field: 'invoiceNumber', message: 'missing in the document' },
        { field: 'invoiceDate', message: 'missing in the document' },
        { field: 'totals.gross', message: 'missing in the document' },
      ]),
    );
  });

  it('refuses an external-entity (XXE) attempt with XML_NOT_ALLOWED and never reads the file', () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>`;

    const error = refusal(xml);

    expect(error.code).toBe('XML_NOT_ALLOWED');
    expect(error.message).not.toContain('root:');
  });

  it('refuses a billion-laughs entity expansion with XML_NOT_ALLOWED', () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join(
      '\n',
    );
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">\n${entities}]>\n<Invoice><ID>&lol9;</ID></Invoice>`;

    expect(refusal(xml)).toMatchObject({ name: 'StructuredDocumentError', code: 'XML_NOT_ALLOWED' });
  });

  it('refuses a DOCTYPE written in lower case', () => {
    expect(refusal('<!doctype x><Invoice/>').code).toBe('XML_NOT_ALLOWED');
  });

  it('refuses malformed XML with XML_MALFORMED', () => {
    const truncated = fixture('ubl-invoice-two-rates.xml').slice(0, 2000);

    expect(refusal(truncated).code).toBe('XML_MALFORMED');
    expect(refusal('this is not xml').code).toBe('XML_MALFORMED');
    expect(refusal('<Invoice/><Invoice/>').code).toBe('XML_MALFORMED');
  });

  it('refuses absurdly deep nesting with XML_MALFORMED instead of exhausting the stack', () => {
    const depth = 10_000;
    const xml = `<Invoice>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</Invoice>`;

    expect(refusal(xml).code).toBe('XML_MALFORMED');
  });

  it('refuses a document whose root is not an invoice with NOT_AN_INVOICE', () => {
    const order = '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>1</ID></Order>';

    expect(refusal(order).code).toBe('NOT_AN_INVOICE');
    expect(refusal(sbdh('')).code).toBe('NOT_AN_INVOICE');
  });

  it('refuses XML over 10 MB with XML_TOO_LARGE before parsing it', () => {
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);

    expect(refusal(huge).code).toBe('XML_TOO_LARGE');
  });

  it('decodes a Latin-1 buffer as its XML declaration says', () => {
    const xml = fixture('ubl-credit-note.xml').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');

    const result = readStructuredInvoice(Buffer.from(xml, 'latin1'));

    expect(result.customer.name).toEqual(one('Café Het Anker'));
  });
});
