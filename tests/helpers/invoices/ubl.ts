import { formatCents } from '#packages/kernel';
import type { InvoiceSpec, Party } from './spec.ts';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `250` hundredths → `2.5`. */
export function decimalQuantity(hundredths: number): string {
  const text = formatCents(hundredths);
  return text.replace(/\.?0+$/, '') || '0';
}

/** `2100` basis points → `21`, `550` → `5.5`. */
export function percent(basisPoints: number): string {
  return decimalQuantity(basisPoints);
}

/** Peppol electronic-address scheme and value: KvK (0106) for NL, enterprise number (0208) for BE. */
export function endpointOf(party: Party): { scheme: string; value: string } {
  return party.country === 'NL'
    ? { scheme: '0106', value: party.companyNumber }
    : { scheme: '0208', value: party.companyNumber };
}

const paymentId = (spec: InvoiceSpec) => (spec.paymentReference ? spec.paymentReference : undefined);

function ublParty(party: Party, indent: string): string {
  const endpoint = endpointOf(party);
  const lines = [
    `<cbc:EndpointID schemeID="${endpoint.scheme}">${endpoint.value}</cbc:EndpointID>`,
    `<cac:PartyName><cbc:Name>${escapeXml(party.name)}</cbc:Name></cac:PartyName>`,
    '<cac:PostalAddress>',
    `  <cbc:StreetName>${escapeXml(party.street)}</cbc:StreetName>`,
    `  <cbc:CityName>${escapeXml(party.city)}</cbc:CityName>`,
    `  <cbc:PostalZone>${escapeXml(party.postcode)}</cbc:PostalZone>`,
    `  <cac:Country><cbc:IdentificationCode>${party.country}</cbc:IdentificationCode></cac:Country>`,
    '</cac:PostalAddress>',
    '<cac:PartyTaxScheme>',
    `  <cbc:CompanyID>${party.vatNumber}</cbc:CompanyID>`,
    '  <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>',
    '</cac:PartyTaxScheme>',
    '<cac:PartyLegalEntity>',
    `  <cbc:RegistrationName>${escapeXml(party.name)}</cbc:RegistrationName>`,
    `  <cbc:CompanyID schemeID="${endpoint.scheme}">${party.companyNumber}</cbc:CompanyID>`,
    '</cac:PartyLegalEntity>',
    '<cac:Contact>',
    `  <cbc:Telephone>${escapeXml(party.phone)}</cbc:Telephone>`,
    `  <cbc:ElectronicMail>${escapeXml(party.email)}</cbc:ElectronicMail>`,
    '</cac:Contact>',
  ];
  return lines.map((line) => `${indent}${line}`).join('\n');
}

function exemptionReason(category: string): string {
  return category === 'AE' ? '<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>' : '';
}

/**
 * `spec` as a UBL 2.1 Invoice or CreditNote in the Peppol BIS Billing 3.0 shape (as NLCIUS and
 * UBL.BE documents arrive through Peppol); `sbdh` wraps it in a StandardBusinessDocument.
 */
export function renderUbl(spec: InvoiceSpec, options: { sbdh?: boolean } = {}): string {
  const credit = spec.documentType === 'credit-note';
  const root = credit ? 'CreditNote' : 'Invoice';
  const cur = spec.currency;
  const amount = (cents: number) => `currencyID="${cur}">${formatCents(cents)}`;
  const reference = paymentId(spec);
  const body = [
    `<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">`,
    '  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>',
    '  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>',
    `  <cbc:ID>${escapeXml(spec.invoiceNumber)}</cbc:ID>`,
    `  <cbc:IssueDate>${spec.invoiceDate}</cbc:IssueDate>`,
    !credit && spec.dueDate ? `  <cbc:DueDate>${spec.dueDate}</cbc:DueDate>` : '',
    credit
      ? '  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>'
      : '  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    spec.reverseCharge ? '  <cbc:Note>Reverse charge</cbc:Note>' : '',
    `  <cbc:DocumentCurrencyCode>${cur}</cbc:DocumentCurrencyCode>`,
    `  <cbc:BuyerReference>${escapeXml(spec.orderReference ?? spec.customerNumber)}</cbc:BuyerReference>`,
    spec.orderReference ? `  <cac:OrderReference><cbc:ID>${spec.orderReference}</cbc:ID></cac:OrderReference>` : '',
    spec.correctedInvoiceNumber
      ? `  <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>${escapeXml(spec.correctedInvoiceNumber)}</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>`
      : '',
    '  <cac:AccountingSupplierParty>',
    '    <cac:Party>',
    ublParty(spec.supplier, '      '),
    '    </cac:Party>',
    '  </cac:AccountingSupplierParty>',
    '  <cac:AccountingCustomerParty>',
    '    <cac:Party>',
    ublParty(spec.customer, '      '),
    '    </cac:Party>',
    '  </cac:AccountingCustomerParty>',
    '  <cac:PaymentMeans>',
    '    <cbc:PaymentMeansCode name="Credit transfer">30</cbc:PaymentMeansCode>',
    credit && spec.dueDate ? `    <cbc:PaymentDueDate>${spec.dueDate}</cbc:PaymentDueDate>` : '',
    reference ? `    <cbc:PaymentID>${escapeXml(reference)}</cbc:PaymentID>` : '',
    '    <cac:PayeeFinancialAccount>',
    `      <cbc:ID>${spec.supplier.iban}</cbc:ID>`,
    `      <cbc:Name>${escapeXml(spec.supplier.name)}</cbc:Name>`,
    `      <cac:FinancialInstitutionBranch><cbc:ID>${spec.supplier.bic}</cbc:ID></cac:FinancialInstitutionBranch>`,
    '    </cac:PayeeFinancialAccount>',
    '  </cac:PaymentMeans>',
    spec.paymentTermDays
      ? `  <cac:PaymentTerms><cbc:Note>${spec.paymentTermDays} days net</cbc:Note></cac:PaymentTerms>`
      : '',
    '  <cac:TaxTotal>',
    `    <cbc:TaxAmount ${amount(spec.totals.vat)}</cbc:TaxAmount>`,
    ...spec.vatBreakdown.map((subtotal) =>
      [
        '    <cac:TaxSubtotal>',
        `      <cbc:TaxableAmount ${amount(subtotal.base)}</cbc:TaxableAmount>`,
        `      <cbc:TaxAmount ${amount(subtotal.vat)}</cbc:TaxAmount>`,
        '      <cac:TaxCategory>',
        `        <cbc:ID>${subtotal.category}</cbc:ID>`,
        `        <cbc:Percent>${percent(subtotal.rateBasisPoints)}</cbc:Percent>`,
        exemptionReason(subtotal.category) ? `        ${exemptionReason(subtotal.category)}` : '',
        '        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>',
        '      </cac:TaxCategory>',
        '    </cac:TaxSubtotal>',
      ]
        .filter(Boolean)
        .join('\n'),
    ),
    '  </cac:TaxTotal>',
    '  <cac:LegalMonetaryTotal>',
    `    <cbc:LineExtensionAmount ${amount(spec.totals.net)}</cbc:LineExtensionAmount>`,
    `    <cbc:TaxExclusiveAmount ${amount(spec.totals.net)}</cbc:TaxExclusiveAmount>`,
    `    <cbc:TaxInclusiveAmount ${amount(spec.totals.gross)}</cbc:TaxInclusiveAmount>`,
    `    <cbc:PayableAmount ${amount(spec.totals.gross)}</cbc:PayableAmount>`,
    '  </cac:LegalMonetaryTotal>',
    ...spec.lines.map((line, index) => {
      const lineName = credit ? 'CreditNoteLine' : 'InvoiceLine';
      const quantityName = credit ? 'CreditedQuantity' : 'InvoicedQuantity';
      const category = spec.vatBreakdown.find((b) => b.rateBasisPoints === line.vatRateBasisPoints)?.category ?? 'S';
      return [
        `  <cac:${lineName}>`,
        `    <cbc:ID>${index + 1}</cbc:ID>`,
        `    <cbc:${quantityName} unitCode="C62">${decimalQuantity(line.quantityHundredths)}</cbc:${quantityName}>`,
        `    <cbc:LineExtensionAmount ${amount(line.net)}</cbc:LineExtensionAmount>`,
        '    <cac:Item>',
        `      <cbc:Name>${escapeXml(line.description)}</cbc:Name>`,
        '      <cac:ClassifiedTaxCategory>',
        `        <cbc:ID>${category}</cbc:ID>`,
        `        <cbc:Percent>${percent(line.vatRateBasisPoints)}</cbc:Percent>`,
        '        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>',
        '      </cac:ClassifiedTaxCategory>',
        '    </cac:Item>',
        `    <cac:Price><cbc:PriceAmount ${amount(line.unitPrice)}</cbc:PriceAmount></cac:Price>`,
        `  </cac:${lineName}>`,
      ].join('\n');
    }),
    `</${root}>`,
  ]
    .filter((line) => line !== '')
    .join('\n');
  if (!options.sbdh) return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
  const sender = endpointOf(spec.supplier);
  const receiver = endpointOf(spec.customer);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">',
    '  <StandardBusinessDocumentHeader>',
    '    <HeaderVersion>1.0</HeaderVersion>',
    `    <Sender><Identifier Authority="iso6523-actorid-upis">${sender.scheme}:${sender.value}</Identifier></Sender>`,
    `    <Receiver><Identifier Authority="iso6523-actorid-upis">${receiver.scheme}:${receiver.value}</Identifier></Receiver>`,
    '    <DocumentIdentification>',
    `      <Standard>urn:oasis:names:specification:ubl:schema:xsd:${root}-2</Standard>`,
    '      <TypeVersion>2.1</TypeVersion>',
    `      <InstanceIdentifier>${spec.seed}</InstanceIdentifier>`,
    `      <Type>${root}</Type>`,
    `      <CreationDateAndTime>${spec.invoiceDate}T09:00:00Z</CreationDateAndTime>`,
    '    </DocumentIdentification>',
    '  </StandardBusinessDocumentHeader>',
    body,
    '</StandardBusinessDocument>',
    '',
  ].join('\n');
}
