import { describe, expect, it } from 'vitest';
import { recogniseDocument } from '#packages/recognition';
import { textPdf } from './documents.ts';
import { dutchInvoice } from './invoices.ts';

/** A CII invoice that disagrees with the page, so it shows which of the two was read. */
const attachedCii = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocument>
    <ram:ID>ATTACHED-1</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20240101</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Attached Seller</ram:Name></ram:SellerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>1.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">0.21</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>1.21</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;

describe('recogniseDocument with pageOnly', () => {
  it('reads a Factur-X PDF from its page and ignores the attached XML', async () => {
    const bytes = await textPdf([dutchInvoice()], { attachments: [{ name: 'factur-x.xml', content: attachedCii }] });

    const result = await recogniseDocument({ bytes, fileName: 'factuur.pdf' }, { pageOnly: true });

    expect(result.source).toBe('pdf-text');
    expect(result.invoiceNumber?.value).toBe('F2025-00042');
    expect(result.totals.gross?.value).toBe(651_28);
  });

  it('still reads the attached XML when pageOnly is not set', async () => {
    const bytes = await textPdf([dutchInvoice()], { attachments: [{ name: 'factur-x.xml', content: attachedCii }] });

    const result = await recogniseDocument({ bytes, fileName: 'factuur.pdf' });

    expect(result.source).toBe('factur-x');
    expect(result.invoiceNumber?.value).toBe('ATTACHED-1');
  });
});
