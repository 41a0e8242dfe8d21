import { AFRelationship, PDFDocument } from 'pdf-lib';
import { formatCents } from '#packages/kernel';
import type { InvoiceSpec, Party } from './spec.ts';
import { drawInvoice, type LayoutId } from './text-pdf.ts';
import { decimalQuantity, escapeXml, percent } from './ubl.ts';

const date102 = (iso: string) => iso.replaceAll('-', '');

function ciiParty(party: Party, element: string, indent: string): string {
  const scheme = party.country === 'NL' ? '0106' : '0208';
  return [
    `<ram:${element}>`,
    `  <ram:Name>${escapeXml(party.name)}</ram:Name>`,
    `  <ram:SpecifiedLegalOrganization><ram:ID schemeID="${scheme}">${party.companyNumber}</ram:ID></ram:SpecifiedLegalOrganization>`,
    '  <ram:PostalTradeAddress>',
    `    <ram:PostcodeCode>${escapeXml(party.postcode)}</ram:PostcodeCode>`,
    `    <ram:LineOne>${escapeXml(party.street)}</ram:LineOne>`,
    `    <ram:CityName>${escapeXml(party.city)}</ram:CityName>`,
    `    <ram:CountryID>${party.country}</ram:CountryID>`,
    '  </ram:PostalTradeAddress>',
    `  <ram:URIUniversalCommunication><ram:URIID schemeID="EM">${escapeXml(party.email)}</ram:URIID></ram:URIUniversalCommunication>`,
    `  <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${party.vatNumber}</ram:ID></ram:SpecifiedTaxRegistration>`,
    `</ram:${element}>`,
  ]
    .map((line) => `${indent}${line}`)
    .join('\n');
}

/** `spec` as a UN/CEFACT CII D16B invoice in the Factur-X EN 16931 profile. */
export function renderCii(spec: InvoiceSpec): string {
  const cur = spec.currency;
  const typeCode = spec.documentType === 'credit-note' ? '381' : '380';
  const lines = spec.lines.map((line, index) => {
    const category = spec.vatBreakdown.find((b) => b.rateBasisPoints === line.vatRateBasisPoints)?.category ?? 'S';
    return [
      '    <ram:IncludedSupplyChainTradeLineItem>',
      `      <ram:AssociatedDocumentLineDocument><ram:LineID>${index + 1}</ram:LineID></ram:AssociatedDocumentLineDocument>`,
      `      <ram:SpecifiedTradeProduct><ram:Name>${escapeXml(line.description)}</ram:Name></ram:SpecifiedTradeProduct>`,
      '      <ram:SpecifiedLineTradeAgreement>',
      `        <ram:NetPriceProductTradePrice><ram:ChargeAmount>${formatCents(line.unitPrice)}</ram:ChargeAmount></ram:NetPriceProductTradePrice>`,
      '      </ram:SpecifiedLineTradeAgreement>',
      `      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">${decimalQuantity(line.quantityHundredths)}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>`,
      '      <ram:SpecifiedLineTradeSettlement>',
      '        <ram:ApplicableTradeTax>',
      '          <ram:TypeCode>VAT</ram:TypeCode>',
      `          <ram:CategoryCode>${category}</ram:CategoryCode>`,
      `          <ram:RateApplicablePercent>${percent(line.vatRateBasisPoints)}</ram:RateApplicablePercent>`,
      '        </ram:ApplicableTradeTax>',
      `        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${formatCents(line.net)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>`,
      '      </ram:SpecifiedLineTradeSettlement>',
      '    </ram:IncludedSupplyChainTradeLineItem>',
    ].join('\n');
  });
  const taxes = spec.vatBreakdown.map((subtotal) =>
    [
      '      <ram:ApplicableTradeTax>',
      `        <ram:CalculatedAmount>${formatCents(subtotal.vat)}</ram:CalculatedAmount>`,
      '        <ram:TypeCode>VAT</ram:TypeCode>',
      subtotal.category === 'AE' ? '        <ram:ExemptionReasonCode>VATEX-EU-AE</ram:ExemptionReasonCode>' : '',
      `        <ram:BasisAmount>${formatCents(subtotal.base)}</ram:BasisAmount>`,
      `        <ram:CategoryCode>${subtotal.category}</ram:CategoryCode>`,
      `        <ram:RateApplicablePercent>${percent(subtotal.rateBasisPoints)}</ram:RateApplicablePercent>`,
      '      </ram:ApplicableTradeTax>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100">',
    '  <rsm:ExchangedDocumentContext>',
    '    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>',
    '  </rsm:ExchangedDocumentContext>',
    '  <rsm:ExchangedDocument>',
    `    <ram:ID>${escapeXml(spec.invoiceNumber)}</ram:ID>`,
    `    <ram:TypeCode>${typeCode}</ram:TypeCode>`,
    `    <ram:IssueDateTime><udt:DateTimeString format="102">${date102(spec.invoiceDate)}</udt:DateTimeString></ram:IssueDateTime>`,
    spec.reverseCharge ? '    <ram:IncludedNote><ram:Content>Reverse charge</ram:Content></ram:IncludedNote>' : '',
    '  </rsm:ExchangedDocument>',
    '  <rsm:SupplyChainTradeTransaction>',
    ...lines,
    '    <ram:ApplicableHeaderTradeAgreement>',
    `      <ram:BuyerReference>${escapeXml(spec.orderReference ?? spec.customerNumber)}</ram:BuyerReference>`,
    ciiParty(spec.supplier, 'SellerTradeParty', '      '),
    ciiParty(spec.customer, 'BuyerTradeParty', '      '),
    spec.orderReference
      ? `      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>${spec.orderReference}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>`
      : '',
    '    </ram:ApplicableHeaderTradeAgreement>',
    '    <ram:ApplicableHeaderTradeDelivery/>',
    '    <ram:ApplicableHeaderTradeSettlement>',
    spec.paymentReference
      ? `      <ram:PaymentReference>${escapeXml(spec.paymentReference)}</ram:PaymentReference>`
      : '',
    `      <ram:InvoiceCurrencyCode>${cur}</ram:InvoiceCurrencyCode>`,
    '      <ram:SpecifiedTradeSettlementPaymentMeans>',
    '        <ram:TypeCode>58</ram:TypeCode>',
    `        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${spec.supplier.iban}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>`,
    '      </ram:SpecifiedTradeSettlementPaymentMeans>',
    ...taxes,
    spec.dueDate
      ? `      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">${date102(spec.dueDate)}</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>`
      : '',
    '      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
    `        <ram:LineTotalAmount>${formatCents(spec.totals.net)}</ram:LineTotalAmount>`,
    `        <ram:TaxBasisTotalAmount>${formatCents(spec.totals.net)}</ram:TaxBasisTotalAmount>`,
    `        <ram:TaxTotalAmount currencyID="${cur}">${formatCents(spec.totals.vat)}</ram:TaxTotalAmount>`,
    `        <ram:GrandTotalAmount>${formatCents(spec.totals.gross)}</ram:GrandTotalAmount>`,
    `        <ram:DuePayableAmount>${formatCents(spec.totals.gross)}</ram:DuePayableAmount>`,
    '      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
    spec.correctedInvoiceNumber
      ? `      <ram:InvoiceReferencedDocument><ram:IssuerAssignedID>${escapeXml(spec.correctedInvoiceNumber)}</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>`
      : '',
    '    </ram:ApplicableHeaderTradeSettlement>',
    '  </rsm:SupplyChainTradeTransaction>',
    '</rsm:CrossIndustryInvoice>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * A Factur-X PDF: the text PDF of `spec` in `layout`, with its CII attached as `factur-x.xml`
 * (relationship Alternative), as a Factur-X/ZUGFeRD 2 writer produces it.
 */
export async function renderFacturX(spec: InvoiceSpec, layoutId: LayoutId): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  await drawInvoice(doc, spec, layoutId);
  const when = new Date(`${spec.invoiceDate}T09:00:00Z`);
  await doc.attach(new TextEncoder().encode(renderCii(spec)), 'factur-x.xml', {
    mimeType: 'text/xml',
    description: 'Factur-X invoice',
    creationDate: when,
    modificationDate: when,
    afRelationship: AFRelationship.Alternative,
  });
  doc.setSubject('Factur-X EN 16931');
  doc.setKeywords(['Factur-X', 'EN 16931']);
  return doc.save();
}
