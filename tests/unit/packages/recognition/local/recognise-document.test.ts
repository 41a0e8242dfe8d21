import { afterAll, describe, expect, it } from 'vitest';
import {
  closeOcr,
  LocalExpenseAnalyzer,
  RecognitionError,
  recogniseDocument,
  StructuredDocumentError,
} from '#packages/recognition';
import { blankPdf, encryptedPdf, textPdf } from './documents.ts';
import { dutch, dutchInvoice } from './invoices.ts';

afterAll(closeOcr);

/** A Factur-X (EN 16931 profile) CII document, as a supplier's software attaches it. */
function ciiXml(options: { doctype?: boolean } = {}): string {
  const doctype = options.doctype ? '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>${doctype}
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocument>
    <ram:ID>FX-2025-001</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20250103</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty>
        <ram:Name>Installatiebedrijf De Vries B.V.</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">NL004495445B01</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Bakkerij Jansen</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>21.00</ram:CalculatedAmount>
        <ram:BasisAmount>100.00</ram:BasisAmount>
        <ram:CategoryCode>S</ram:CategoryCode>
        <ram:RateApplicablePercent>21</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">21.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>121.00</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof RecognitionError || error instanceof StructuredDocumentError) return error.code;
    throw error;
  }
}

describe('recogniseDocument', () => {
  it('reads the text layer of a PDF invoice', async () => {
    const bytes = await textPdf([dutchInvoice()]);

    const result = await recogniseDocument({ bytes, fileName: 'factuur.pdf', contentType: 'application/pdf' });

    expect(result.source).toBe('pdf-text');
    expect(result.supplier.name?.value).toBe(dutch.supplier);
    expect(result.supplier.vatNumber?.value).toBe(dutch.vat);
    expect(result.supplier.iban?.value).toBe(dutch.iban);
    expect(result.invoiceNumber?.value).toBe('F2025-00042');
    expect(result.invoiceDate?.value).toBe('2025-01-03');
    expect(result.dueDate?.value).toBe('2025-02-02');
    expect(result.totals).toMatchObject({ net: { value: 538_25 }, vat: { value: 113_03 }, gross: { value: 651_28 } });
    expect(result.lines).toHaveLength(4);
    expect(result.issues).toEqual([]);
  });

  it('reads the CII invoice attached to a Factur-X PDF with confidence 1, and what the XML lacks from the text', async () => {
    const bytes = await textPdf([dutchInvoice()], { attachments: [{ name: 'factur-x.xml', content: ciiXml() }] });

    const result = await recogniseDocument({ bytes, fileName: 'factuur.pdf' });

    expect(result.source).toBe('factur-x');
    expect(result.invoiceNumber).toEqual({ value: 'FX-2025-001', confidence: 1 });
    expect(result.totals.gross).toEqual({ value: 121_00, confidence: 1 });
    expect(result.vatBreakdown).toEqual([{ rateBasisPoints: 2100, base: 100_00, vat: 21_00, category: 'S' }]);
    // The XML has no IBAN or due date; the printed page has.
    expect(result.supplier.iban?.value).toBe(dutch.iban);
    expect(result.dueDate?.value).toBe('2025-02-02');
  });

  it('finds an attached invoice XML under any name the structured reader accepts', async () => {
    const bytes = await textPdf([dutchInvoice()], {
      attachments: [
        { name: 'metadata.xml', content: '<?xml version="1.0"?><meta><title>x</title></meta>' },
        { name: 'invoice-FX-2025-001.xml', content: ciiXml() },
      ],
    });

    const result = await recogniseDocument({ bytes, fileName: 'factuur.pdf' });

    expect(result.source).toBe('factur-x');
  });

  it('refuses a PDF whose attached XML declares a DOCTYPE, with code XML_NOT_ALLOWED', async () => {
    const bytes = await textPdf([dutchInvoice()], {
      attachments: [{ name: 'factur-x.xml', content: ciiXml({ doctype: true }) }],
    });

    expect(await codeOf(recogniseDocument({ bytes, fileName: 'factuur.pdf' }))).toBe('XML_NOT_ALLOWED');
  });

  it('reads a bare XML invoice with the structured reader', async () => {
    const bytes = new TextEncoder().encode(ciiXml());

    const result = await recogniseDocument({ bytes, fileName: 'invoice.xml', contentType: 'application/xml' });

    expect(result.source).toBe('cii');
    expect(result.invoiceNumber?.value).toBe('FX-2025-001');
  });

  it('rejects a password-protected PDF with code ENCRYPTED_DOCUMENT', async () => {
    expect(await codeOf(recogniseDocument({ bytes: encryptedPdf(), fileName: 'secret.pdf' }))).toBe(
      'ENCRYPTED_DOCUMENT',
    );
  });

  it.each([
    ['a PDF header over garbage', async () => new TextEncoder().encode('%PDF-1.7\n this is not a PDF at all')],
    ['a truncated PDF', async () => (await textPdf([dutchInvoice()])).subarray(0, 300)],
  ])('rejects %s with code BAD_DOCUMENT', async (_, make) => {
    const bytes = await make();

    expect(await codeOf(recogniseDocument({ bytes, fileName: 'broken.pdf' }))).toBe('BAD_DOCUMENT');
  });

  it('rejects an empty file with code BAD_DOCUMENT', async () => {
    expect(await codeOf(recogniseDocument({ bytes: new Uint8Array(0), fileName: 'empty.pdf' }))).toBe('BAD_DOCUMENT');
  });

  it('rejects a file that claims to be a PDF but is not one with code BAD_DOCUMENT', async () => {
    const bytes = new TextEncoder().encode('Dear customer, please find attached...');

    expect(await codeOf(recogniseDocument({ bytes, fileName: 'invoice.pdf', contentType: 'application/pdf' }))).toBe(
      'BAD_DOCUMENT',
    );
  });

  it.each([
    ['a Word document', 'invoice.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])],
    ['a plain text file', 'invoice.txt', new TextEncoder().encode('Invoice 2025-001, total EUR 121.00')],
    ['a GIF image', 'logo.gif', new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000')],
  ])('rejects %s with code UNSUPPORTED_DOCUMENT', async (_, fileName, bytes) => {
    expect(await codeOf(recogniseDocument({ bytes, fileName }))).toBe('UNSUPPORTED_DOCUMENT');
  });

  it('rejects a PDF of more than 50 pages with code DOCUMENT_TOO_LARGE', async () => {
    const bytes = await blankPdf(51);

    expect(await codeOf(recogniseDocument({ bytes, fileName: 'archive.pdf' }))).toBe('DOCUMENT_TOO_LARGE');
  });

  it('gives undefined for a scanned PDF when OCR is off, and still reads its text PDFs', async () => {
    const scan = await blankPdf(1);
    const text = await textPdf([dutchInvoice()]);

    const skipped = await recogniseDocument({ bytes: scan, fileName: 'scan.pdf' }, { ocr: false });
    const read = await recogniseDocument({ bytes: text, fileName: 'factuur.pdf' }, { ocr: false });

    expect(skipped).toBeUndefined();
    expect(read?.invoiceNumber?.value).toBe('F2025-00042');
  });
});

describe('LocalExpenseAnalyzer', () => {
  it('analyses a stored document at once', async () => {
    const bytes = await textPdf([dutchInvoice()]);
    const requested: string[] = [];
    const analyzer = new LocalExpenseAnalyzer({
      getObject: async (bucket, key) => {
        requested.push(`${bucket}/${key}`);
        return bytes;
      },
    });

    const outcome = await analyzer.analyse({
      bucket: 'documents',
      key: 'adm-1/doc-1/factuur.pdf',
      pages: 1,
      mediaType: 'application/pdf',
    });

    expect(requested).toEqual(['documents/adm-1/doc-1/factuur.pdf']);
    expect(outcome.status).toBe('done');
    expect(outcome.status === 'done' && outcome.result.invoiceNumber?.value).toBe('F2025-00042');
  });

  it('passes the own identifiers on, so the administration is not read as the supplier', async () => {
    const bytes = await textPdf([dutchInvoice()]);
    const analyzer = new LocalExpenseAnalyzer({
      getObject: async () => bytes,
      hints: { ownVatNumbers: [dutch.customerVat] },
    });

    const outcome = await analyzer.analyse({ bucket: 'b', key: 'k.pdf', pages: 1, mediaType: 'application/pdf' });

    expect(outcome.status === 'done' && outcome.result.supplier.vatNumber?.value).toBe(dutch.vat);
  });

  it('knows no jobs: completing one fails with ANALYSIS_NOT_FOUND', async () => {
    const analyzer = new LocalExpenseAnalyzer({ getObject: async () => new Uint8Array() });

    expect(await codeOf(analyzer.completeAnalysis('job-1'))).toBe('ANALYSIS_NOT_FOUND');
  });
});
