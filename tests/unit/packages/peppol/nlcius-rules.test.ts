import { describe, expect, it } from 'vitest';
import { type Finding, nlciusCustomizationId, validateInvoice } from '#packages/peppol';
import { change, creditNoteXml, invoiceXml } from './invoice-builder.ts';

/** The builder's invoice, claiming NLCIUS (SI-UBL 2.0) instead of Peppol BIS. */
const toNlcius = (xml: string) =>
  change(xml, /<cbc:CustomizationID>[^<]*</, `<cbc:CustomizationID>${nlciusCustomizationId}<`);
const valid = toNlcius(invoiceXml());
const findings = (xml: string, options?: { peppol?: boolean }) => validateInvoice(xml, options).findings;
const fired = (xml: string, id: string): Finding[] => findings(xml).filter((f) => f.id === id);

const supplierCountry = '<cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country>';
const buyerAddress = `<cac:PostalAddress>
        <cbc:CityName>Gent</cbc:CityName>
        <cac:Country><cbc:IdentificationCode>BE</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>`;
const buyerLegal = '<cac:PartyLegalEntity><cbc:RegistrationName>Klant NV</cbc:RegistrationName></cac:PartyLegalEntity>';
const dutchBuyerAddress = `<cac:PostalAddress><cbc:StreetName>Coolsingel 40</cbc:StreetName><cbc:CityName>Rotterdam</cbc:CityName><cbc:PostalZone>3011 AD</cbc:PostalZone><cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country></cac:PostalAddress>`;
const dutchBuyerLegal =
  '<cac:PartyLegalEntity><cbc:RegistrationName>Klant BV</cbc:RegistrationName><cbc:CompanyID schemeID="0106">87654321</cbc:CompanyID></cac:PartyLegalEntity>';
/** The valid invoice with a Dutch customer that has a complete address and a KVK number. */
const dutchBuyer = change(change(valid, buyerAddress, dutchBuyerAddress), buyerLegal, dutchBuyerLegal);

const afterTypeCode = (xml: string, insert: string) =>
  change(
    xml,
    '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    `<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>${insert}`,
  );
const afterCurrency = (xml: string, insert: string) =>
  change(xml, '</cbc:DocumentCurrencyCode>', `</cbc:DocumentCurrencyCode>${insert}`);
const beforeSupplier = (xml: string, insert: string) =>
  change(xml, '<cac:AccountingSupplierParty>', `${insert}<cac:AccountingSupplierParty>`);
const beforePaymentMeans = (xml: string, insert: string) =>
  change(xml, '<cac:PaymentMeans>', `${insert}<cac:PaymentMeans>`);
const beforeTaxTotal = (xml: string, insert: string) => change(xml, '<cac:TaxTotal>', `${insert}<cac:TaxTotal>`);
const inSupplierAddress = (xml: string, insert: string) => change(xml, supplierCountry, `${insert}${supplierCountry}`);
const firstLineNet = '<cbc:LineExtensionAmount currencyID="EUR">200.00</cbc:LineExtensionAmount>\n    <cac:Item>';
const inFirstLine = (xml: string, insert: string) =>
  change(xml, firstLineNet, firstLineNet.replace('\n    <cac:Item>', `${insert}<cac:Item>`));
const account = '<cac:PayeeFinancialAccount><cbc:ID>NL91ABNA0417164300</cbc:ID></cac:PayeeFinancialAccount>';
const taxRepresentative = (address: string) =>
  `<cac:TaxRepresentativeParty><cac:PartyName><cbc:Name>Vertegenwoordiger</cbc:Name></cac:PartyName><cac:PostalAddress>${address}<cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyTaxScheme><cbc:CompanyID>NL987654321B01</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme></cac:TaxRepresentativeParty>`;
const delivery = (address: string) =>
  `<cac:Delivery><cac:DeliveryLocation><cac:Address>${address}<cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country></cac:Address></cac:DeliveryLocation></cac:Delivery>`;
const allowance = (code: string) =>
  `<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:AllowanceChargeReasonCode>${code}</cbc:AllowanceChargeReasonCode><cbc:AllowanceChargeReason>Korting</cbc:AllowanceChargeReason><cbc:Amount currencyID="EUR">0.00</cbc:Amount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>`;

/** One document per NLCIUS rule that breaks that rule: [id, flag, behaviour, document]. */
const cases: [string, 'fatal' | 'warning', string, () => string][] = [
  [
    'BR-NL-1',
    'fatal',
    'the Dutch supplier registers its legal entity under a scheme other than KVK or OIN',
    () =>
      change(
        valid,
        '<cbc:CompanyID schemeID="0106">12345678</cbc:CompanyID>',
        '<cbc:CompanyID schemeID="0208">0123456749</cbc:CompanyID>',
      ),
  ],
  [
    'BR-NL-2',
    'fatal',
    'the invoice gives neither a buyer reference nor an order reference',
    () => change(valid, '<cbc:BuyerReference>PO-77</cbc:BuyerReference>', ''),
  ],
  [
    'BR-NL-4',
    'fatal',
    'a Dutch customer has no postal zone',
    () => change(dutchBuyer, '<cbc:PostalZone>3011 AD</cbc:PostalZone>', ''),
  ],
  [
    'BR-NL-5',
    'fatal',
    'a Dutch tax representative has no street name',
    () =>
      beforePaymentMeans(
        valid,
        taxRepresentative('<cbc:CityName>Utrecht</cbc:CityName><cbc:PostalZone>3511 AA</cbc:PostalZone>'),
      ),
  ],
  [
    'BR-NL-7',
    'fatal',
    'the invoice type code is 386 (prepayment invoice)',
    () =>
      change(valid, '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>', '<cbc:InvoiceTypeCode>386</cbc:InvoiceTypeCode>'),
  ],
  [
    'BR-NL-8',
    'fatal',
    'a UBL Invoice carries the credit note type code 381',
    () =>
      change(valid, '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>', '<cbc:InvoiceTypeCode>381</cbc:InvoiceTypeCode>'),
  ],
  [
    'BR-NL-9',
    'fatal',
    'a corrective invoice (384) references no preceding invoice',
    () =>
      change(valid, '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>', '<cbc:InvoiceTypeCode>384</cbc:InvoiceTypeCode>'),
  ],
  [
    'BR-NL-10',
    'fatal',
    'a Dutch customer registers its legal entity under a scheme other than KVK or OIN',
    () =>
      change(
        dutchBuyer,
        '<cbc:CompanyID schemeID="0106">87654321</cbc:CompanyID>',
        '<cbc:CompanyID schemeID="0088">8712345000004</cbc:CompanyID>',
      ),
  ],
  [
    'BR-NL-11',
    'fatal',
    'a positive amount is due and no means of payment is given',
    () =>
      change(
        valid,
        /<cac:PaymentMeans>[\s\S]*?<\/cac:PaymentMeans>/,
        '<cac:PaymentTerms><cbc:Note>30 dagen</cbc:Note></cac:PaymentTerms>',
      ),
  ],
  [
    'BR-NL-12',
    'fatal',
    'the payment means code is 31 (debit transfer)',
    () =>
      change(
        valid,
        '<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>',
        '<cbc:PaymentMeansCode>31</cbc:PaymentMeansCode>',
      ),
  ],
  [
    'BR-NL-13',
    'fatal',
    'a line refers to an order line and the invoice gives no order reference',
    () => inFirstLine(valid, '<cac:OrderLineReference><cbc:LineID>1</cbc:LineID></cac:OrderLineReference>'),
  ],
  [
    'BR-NL-19',
    'warning',
    'a VAT accounting currency is given',
    () =>
      change(
        afterCurrency(valid, '<cbc:TaxCurrencyCode>USD</cbc:TaxCurrencyCode>'),
        '</cac:TaxTotal>',
        '</cac:TaxTotal><cac:TaxTotal><cbc:TaxAmount currencyID="USD">60.00</cbc:TaxAmount></cac:TaxTotal>',
      ),
  ],
  [
    'BR-NL-20',
    'warning',
    'a tax point date is given',
    () => afterTypeCode(valid, '<cbc:TaxPointDate>2026-11-01</cbc:TaxPointDate>'),
  ],
  [
    'BR-NL-21',
    'warning',
    'the invoice period gives a VAT point date code',
    () =>
      change(
        valid,
        '<cbc:BuyerReference>PO-77</cbc:BuyerReference>',
        '<cbc:BuyerReference>PO-77</cbc:BuyerReference><cac:InvoicePeriod><cbc:StartDate>2026-10-01</cbc:StartDate><cbc:EndDate>2026-10-31</cbc:EndDate><cbc:DescriptionCode>35</cbc:DescriptionCode></cac:InvoicePeriod>',
      ),
  ],
  [
    'BR-NL-24',
    'warning',
    'the preceding invoice reference gives its issue date',
    () =>
      beforeSupplier(
        valid,
        '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>INV-2026-000</cbc:ID><cbc:IssueDate>2026-10-01</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>',
      ),
  ],
  [
    'BR-NL-25',
    'warning',
    'the Dutch supplier gives a tax registration under a scheme other than VAT',
    () =>
      change(
        valid,
        '<cac:PartyLegalEntity>\n        <cbc:RegistrationName>Bakkerij Jansen B.V.',
        '<cac:PartyTaxScheme><cbc:CompanyID>LOC-1</cbc:CompanyID><cac:TaxScheme><cbc:ID>LOC</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity>\n        <cbc:RegistrationName>Bakkerij Jansen B.V.',
      ),
  ],
  [
    'BR-NL-26',
    'warning',
    'the Dutch supplier gives additional legal information',
    () =>
      change(
        valid,
        '<cbc:CompanyID schemeID="0106">12345678</cbc:CompanyID>',
        '<cbc:CompanyID schemeID="0106">12345678</cbc:CompanyID><cbc:CompanyLegalForm>Besloten vennootschap</cbc:CompanyLegalForm>',
      ),
  ],
  [
    'BR-NL-27-1',
    'warning',
    'the supplier address has an address line 3',
    () => inSupplierAddress(valid, '<cac:AddressLine><cbc:Line>Achteringang</cbc:Line></cac:AddressLine>'),
  ],
  [
    'BR-NL-27-2',
    'warning',
    'the customer address has an address line 3',
    () =>
      change(
        valid,
        '<cac:Country><cbc:IdentificationCode>BE</cbc:IdentificationCode></cac:Country>',
        '<cac:AddressLine><cbc:Line>Bus 2</cbc:Line></cac:AddressLine><cac:Country><cbc:IdentificationCode>BE</cbc:IdentificationCode></cac:Country>',
      ),
  ],
  [
    'BR-NL-27-3',
    'warning',
    'the tax representative address has an address line 3',
    () =>
      beforePaymentMeans(
        valid,
        taxRepresentative(
          '<cbc:StreetName>Oudegracht 1</cbc:StreetName><cbc:CityName>Utrecht</cbc:CityName><cbc:PostalZone>3511 AA</cbc:PostalZone><cac:AddressLine><cbc:Line>Souterrain</cbc:Line></cac:AddressLine>',
        ),
      ),
  ],
  [
    'BR-NL-27-4',
    'warning',
    'the delivery address has an address line 3',
    () =>
      beforePaymentMeans(
        valid,
        delivery('<cbc:CityName>Haarlem</cbc:CityName><cac:AddressLine><cbc:Line>Dock 4</cbc:Line></cac:AddressLine>'),
      ),
  ],
  [
    'BR-NL-28-1',
    'warning',
    'the supplier address gives a country subdivision',
    () => inSupplierAddress(valid, '<cbc:CountrySubentity>Noord-Holland</cbc:CountrySubentity>'),
  ],
  [
    'BR-NL-28-2',
    'warning',
    'the customer address gives a country subdivision',
    () =>
      change(
        valid,
        '<cbc:CityName>Gent</cbc:CityName>',
        '<cbc:CityName>Gent</cbc:CityName><cbc:CountrySubentity>Oost-Vlaanderen</cbc:CountrySubentity>',
      ),
  ],
  [
    'BR-NL-28-3',
    'warning',
    'the tax representative address gives a country subdivision',
    () =>
      beforePaymentMeans(
        valid,
        taxRepresentative(
          '<cbc:StreetName>Oudegracht 1</cbc:StreetName><cbc:CityName>Utrecht</cbc:CityName><cbc:PostalZone>3511 AA</cbc:PostalZone><cbc:CountrySubentity>Utrecht</cbc:CountrySubentity>',
        ),
      ),
  ],
  [
    'BR-NL-28-4',
    'warning',
    'the delivery address gives a country subdivision',
    () =>
      beforePaymentMeans(
        valid,
        delivery('<cbc:CityName>Haarlem</cbc:CityName><cbc:CountrySubentity>Noord-Holland</cbc:CountrySubentity>'),
      ),
  ],
  [
    'BR-NL-29',
    'warning',
    'the payment means code carries a payment means text',
    () =>
      change(
        valid,
        '<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>',
        '<cbc:PaymentMeansCode name="Overboeking">30</cbc:PaymentMeansCode>',
      ),
  ],
  [
    'BR-NL-30',
    'warning',
    'the payment account gives its name',
    () =>
      change(
        valid,
        '<cbc:ID>NL91ABNA0417164300</cbc:ID>',
        '<cbc:ID>NL91ABNA0417164300</cbc:ID><cbc:Name>Bakkerij Jansen</cbc:Name>',
      ),
  ],
  [
    'BR-NL-31',
    'warning',
    'a SEPA credit transfer (58) names the payment service provider',
    () =>
      change(
        change(
          valid,
          '<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>',
          '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>',
        ),
        account,
        '<cac:PayeeFinancialAccount><cbc:ID>NL91ABNA0417164300</cbc:ID><cac:FinancialInstitutionBranch><cbc:ID>ABNANL2A</cbc:ID></cac:FinancialInstitutionBranch></cac:PayeeFinancialAccount>',
      ),
  ],
  [
    'BR-NL-32-1',
    'warning',
    'a document level allowance gives a reason code',
    () => beforeTaxTotal(valid, allowance('95')),
  ],
  [
    'BR-NL-33',
    'warning',
    'a VAT total is given in a currency other than the invoice currency',
    () =>
      change(
        valid,
        '</cac:TaxTotal>',
        '</cac:TaxTotal><cac:TaxTotal><cbc:TaxAmount currencyID="USD">60.00</cbc:TaxAmount></cac:TaxTotal>',
      ),
  ],
  [
    'BR-NL-35',
    'warning',
    'the VAT breakdown gives an exemption reason code',
    () =>
      change(
        valid,
        '<cbc:Percent>21</cbc:Percent>\n        \n        <cac:TaxScheme>',
        '<cbc:Percent>21</cbc:Percent><cbc:TaxExemptionReasonCode>VATEX-EU-79-C</cbc:TaxExemptionReasonCode><cac:TaxScheme>',
      ),
  ],
];

describe('validateInvoice with the NLCIUS (SI-UBL 2.0) rules', () => {
  it('finds nothing wrong with the valid NLCIUS invoice from the builder', () => {
    expect(findings(valid)).toEqual([]);
    expect(findings(dutchBuyer)).toEqual([]);
  });

  it.each(cases)('reports %s as %s when %s', (id, flag, _, broken) => {
    const found = fired(broken(), id);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.flag === flag)).toBe(true);
    expect(fired(valid, id)).toEqual([]);
  });

  it.each(cases)('leaves %s out when the document claims Peppol BIS instead of NLCIUS', (id, _flag, _, broken) => {
    const peppol = change(
      broken(),
      nlciusCustomizationId,
      'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
    );
    expect(fired(peppol, id)).toEqual([]);
  });

  it('leaves the supplier-country rules out when the supplier is Belgian', () => {
    const belgian = change(
      change(valid, supplierCountry, '<cac:Country><cbc:IdentificationCode>BE</cbc:IdentificationCode></cac:Country>'),
      '<cbc:BuyerReference>PO-77</cbc:BuyerReference>',
      '',
    );
    expect(findings(belgian).filter((f) => f.id.startsWith('BR-NL-'))).toEqual([]);
  });

  it('still applies BR-NL-13 when the supplier is Belgian', () => {
    const belgian = inFirstLine(
      change(valid, supplierCountry, '<cac:Country><cbc:IdentificationCode>BE</cbc:IdentificationCode></cac:Country>'),
      '<cac:OrderLineReference><cbc:LineID>1</cbc:LineID></cac:OrderLineReference>',
    );
    expect(fired(belgian, 'BR-NL-13')).toHaveLength(1);
  });

  it('accepts a credit note with type code 381 under BR-NL-7 and BR-NL-8', () => {
    const credit = toNlcius(creditNoteXml());
    expect(findings(credit).filter((f) => f.id.startsWith('BR-NL-'))).toEqual([]);
  });

  it('accepts a corrective invoice (384) that references the invoice it corrects', () => {
    const corrective = beforeSupplier(
      change(valid, '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>', '<cbc:InvoiceTypeCode>384</cbc:InvoiceTypeCode>'),
      '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>INV-2026-000</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>',
    );
    expect(fired(corrective, 'BR-NL-9')).toEqual([]);
  });

  it('runs no NLCIUS rule when told peppol: false', () => {
    const broken = change(valid, '<cbc:BuyerReference>PO-77</cbc:BuyerReference>', '');
    expect(findings(broken, { peppol: false })).toEqual([]);
  });
});

const peppolValid = invoiceXml();
const attachment = (mime: string) =>
  `<cac:AdditionalDocumentReference><cbc:ID>BIJLAGE-1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="${mime}" filename="bijlage">aGVsbG8=</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`;
const documentCharge = (code: string, indicator: boolean) =>
  `<cac:AllowanceCharge><cbc:ChargeIndicator>${indicator}</cbc:ChargeIndicator><cbc:AllowanceChargeReasonCode>${code}</cbc:AllowanceChargeReasonCode><cbc:AllowanceChargeReason>Reden</cbc:AllowanceChargeReason><cbc:Amount currencyID="EUR">0.00</cbc:Amount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>`;

/** One Peppol BIS document per PEPPOL-EN16931 code list rule that breaks that rule. */
const codeListCases: [string, string, () => string][] = [
  [
    'PEPPOL-EN16931-CL001',
    'an attachment is a Word document',
    () => beforeSupplier(peppolValid, attachment('application/msword')),
  ],
  [
    'PEPPOL-EN16931-CL002',
    'an allowance gives reason code 1',
    () => beforeTaxTotal(peppolValid, documentCharge('1', false)),
  ],
  [
    'PEPPOL-EN16931-CL003',
    'a charge gives reason code XYZ',
    () => beforeTaxTotal(peppolValid, documentCharge('XYZ', true)),
  ],
  [
    'PEPPOL-EN16931-CL006',
    'the invoice period description code is 5',
    () =>
      change(
        peppolValid,
        '<cbc:BuyerReference>PO-77</cbc:BuyerReference>',
        '<cbc:BuyerReference>PO-77</cbc:BuyerReference><cac:InvoicePeriod><cbc:DescriptionCode>5</cbc:DescriptionCode></cac:InvoicePeriod>',
      ),
  ],
  [
    'PEPPOL-EN16931-CL007',
    'the payable amount is in the unknown currency EUX',
    () => change(peppolValid, /<cbc:PayableAmount currencyID="EUR">/, '<cbc:PayableAmount currencyID="EUX">'),
  ],
];

describe('validateInvoice with the Peppol BIS 3.0 code list rules', () => {
  it('finds nothing wrong with the valid BIS 3.0 invoice, nor with accepted codes', () => {
    expect(findings(peppolValid)).toEqual([]);
    const accepted = beforeSupplier(
      beforeTaxTotal(peppolValid, documentCharge('95', false) + documentCharge('FC', true)),
      attachment('application/pdf'),
    );
    expect(findings(accepted).filter((f) => f.id.startsWith('PEPPOL-EN16931-CL'))).toEqual([]);
  });

  it.each(codeListCases)('reports %s as fatal when %s', (id, _, broken) => {
    const found = fired(broken(), id);
    expect(found).toHaveLength(1);
    expect(found[0]?.flag).toBe('fatal');
    expect(fired(peppolValid, id)).toEqual([]);
  });
});

describe('validateInvoice on an NLCIUS document: the stylesheets’ own checks', () => {
  it('warns SI-UBL-2 for an empty element, once per document', () => {
    const empty = change(
      valid,
      '<cbc:DocumentCurrencyCode>',
      '<cbc:AccountingCost></cbc:AccountingCost><cbc:DocumentCurrencyCode>',
    );

    expect(fired(empty, 'SI-UBL-2').map((f) => f.flag)).toEqual(['warning']);
    expect(fired(valid, 'SI-UBL-2')).toEqual([]);
  });

  it('leaves an empty tax currency code of a Dutch supplier to BR-NL-19 instead of SI-UBL-2', () => {
    const xml = afterCurrency(valid, '<cbc:TaxCurrencyCode></cbc:TaxCurrencyCode>');

    expect(fired(xml, 'SI-UBL-2')).toEqual([]);
  });

  it('warns BR-NL-25 only for a supplier tax scheme whose ID is not VAT as written', () => {
    const scheme = (id: string) =>
      change(valid, '</cac:AccountingSupplierParty>', '</cac:AccountingSupplierParty>').replace(
        /(<cac:AccountingSupplierParty>[\s\S]*?<cac:PartyTaxScheme>[\s\S]*?<cac:TaxScheme>\s*<cbc:ID>)VAT(<\/cbc:ID>)/,
        `$1${id}$2`,
      );

    expect(fired(scheme('VAT'), 'BR-NL-25')).toEqual([]);
    expect(fired(scheme(' VAT'), 'BR-NL-25').map((f) => f.flag)).toEqual(['warning']);
  });
});
