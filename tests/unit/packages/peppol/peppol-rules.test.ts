import { describe, expect, it } from 'vitest';
import { type Finding, validateInvoice } from '#packages/peppol';
import { change, creditNoteXml, invoiceXml, standardInvoice } from './invoice-builder.ts';

const valid = invoiceXml();
const findings = (xml: string, options?: { peppol?: boolean }) => validateInvoice(xml, options).findings;
const fired = (xml: string, id: string): Finding[] => findings(xml).filter((f) => f.id === id);

const afterTypeCode = (xml: string, insert: string) =>
  change(
    xml,
    '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    `<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>${insert}`,
  );
const beforeSupplier = (xml: string, insert: string) =>
  change(xml, '<cac:AccountingSupplierParty>', `${insert}<cac:AccountingSupplierParty>`);
const beforeTaxTotal = (xml: string, insert: string) => change(xml, '<cac:TaxTotal>', `${insert}<cac:TaxTotal>`);
const firstPrice = '<cac:Price><cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount></cac:Price>';
const firstLineNet = '<cbc:LineExtensionAmount currencyID="EUR">200.00</cbc:LineExtensionAmount>\n    <cac:Item>';
const inFirstLine = (xml: string, insert: string) =>
  change(xml, firstLineNet, firstLineNet.replace('\n    <cac:Item>', `${insert}<cac:Item>`));
const allowance = (inner: string) =>
  `<cac:AllowanceCharge>${inner}<cbc:AllowanceChargeReason>Korting</cbc:AllowanceChargeReason><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>`;
const objectReference = (type: string) =>
  `<cac:DocumentReference><cbc:ID>METER-1</cbc:ID><cbc:DocumentTypeCode>${type}</cbc:DocumentTypeCode></cac:DocumentReference>`;

const projectReference =
  '<cac:AdditionalDocumentReference><cbc:ID>P1</cbc:ID><cbc:DocumentTypeCode>50</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>';

/** One document per Peppol BIS 3.0 rule that breaks that rule and nothing it need not. */
const peppolCases: [string, string, () => string][] = [
  [
    'PEPPOL-EN16931-R001',
    'the business process is missing',
    () => change(valid, /<cbc:ProfileID>[^<]*<\/cbc:ProfileID>/, ''),
  ],
  [
    'PEPPOL-EN16931-R002',
    'a Dutch seller writes two notes',
    () => afterTypeCode(valid, '<cbc:Note>Eerste</cbc:Note><cbc:Note>Tweede</cbc:Note>'),
  ],
  [
    'PEPPOL-EN16931-R003',
    'neither buyer nor order reference is given',
    () => change(valid, '<cbc:BuyerReference>PO-77</cbc:BuyerReference>', ''),
  ],
  [
    'PEPPOL-EN16931-R004',
    'the specification identifier claims conformance instead of compliance',
    () => change(valid, '2017#compliant#urn:fdc:peppol', '2017#conformant#urn:fdc:peppol'),
  ],
  [
    'PEPPOL-EN16931-R005',
    'the VAT accounting currency equals the invoice currency',
    () =>
      change(
        valid,
        '</cbc:DocumentCurrencyCode>',
        '</cbc:DocumentCurrencyCode><cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>',
      ),
  ],
  [
    'PEPPOL-EN16931-R007',
    'the business process has a one-digit number',
    () => change(valid, 'billing:01:1.0', 'billing:1:1.0'),
  ],
  ['PEPPOL-EN16931-R008', 'the document holds an empty element', () => afterTypeCode(valid, '<cbc:Note/>')],
  [
    'PEPPOL-EN16931-R010',
    'the buyer has no electronic address',
    () => change(valid, '<cbc:EndpointID schemeID="0208">0123456749</cbc:EndpointID>', ''),
  ],
  [
    'PEPPOL-EN16931-R020',
    'the seller has no electronic address',
    () => change(valid, '<cbc:EndpointID schemeID="0106">12345678</cbc:EndpointID>', ''),
  ],
  [
    'PEPPOL-EN16931-R040',
    'an allowance is not its base times its percentage',
    () =>
      beforeTaxTotal(
        valid,
        allowance(
          '<cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric><cbc:Amount currencyID="EUR">30.00</cbc:Amount><cbc:BaseAmount currencyID="EUR">250.00</cbc:BaseAmount>',
        ),
      ),
  ],
  [
    'PEPPOL-EN16931-R041',
    'an allowance has a percentage without a base',
    () =>
      beforeTaxTotal(
        valid,
        allowance(
          '<cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric><cbc:Amount currencyID="EUR">25.00</cbc:Amount>',
        ),
      ),
  ],
  [
    'PEPPOL-EN16931-R042',
    'an allowance has a base without a percentage',
    () =>
      beforeTaxTotal(
        valid,
        allowance(
          '<cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">25.00</cbc:Amount><cbc:BaseAmount currencyID="EUR">250.00</cbc:BaseAmount>',
        ),
      ),
  ],
  [
    'PEPPOL-EN16931-R043',
    "the charge indicator is written 'FALSE'",
    () =>
      beforeTaxTotal(
        valid,
        allowance('<cbc:ChargeIndicator>FALSE</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">25.00</cbc:Amount>'),
      ),
  ],
  [
    'PEPPOL-EN16931-R044',
    'a line price carries a charge',
    () =>
      change(
        valid,
        firstPrice,
        '<cac:Price><cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount><cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">10.00</cbc:Amount><cbc:BaseAmount currencyID="EUR">90.00</cbc:BaseAmount></cac:AllowanceCharge></cac:Price>',
      ),
  ],
  [
    'PEPPOL-EN16931-R046',
    'the net price is not the gross price less the price discount',
    () =>
      change(
        valid,
        firstPrice,
        '<cac:Price><cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount><cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">5.00</cbc:Amount><cbc:BaseAmount currencyID="EUR">110.00</cbc:BaseAmount></cac:AllowanceCharge></cac:Price>',
      ),
  ],
  [
    'PEPPOL-EN16931-R051',
    'one amount is in another currency',
    () =>
      change(
        valid,
        '<cbc:LineExtensionAmount currencyID="EUR">200.00',
        '<cbc:LineExtensionAmount currencyID="USD">200.00',
      ),
  ],
  [
    'PEPPOL-EN16931-R053',
    'no tax total carries a VAT breakdown',
    () => invoiceXml({ ...standardInvoice, breakdown: [] }),
  ],
  [
    'PEPPOL-EN16931-R054',
    'a tax currency is given without a tax total in it',
    () =>
      change(
        valid,
        '</cbc:DocumentCurrencyCode>',
        '</cbc:DocumentCurrencyCode><cbc:TaxCurrencyCode>USD</cbc:TaxCurrencyCode>',
      ),
  ],
  [
    'PEPPOL-EN16931-R055',
    'the VAT total in accounting currency has the other sign',
    () =>
      change(
        change(
          valid,
          '</cbc:DocumentCurrencyCode>',
          '</cbc:DocumentCurrencyCode><cbc:TaxCurrencyCode>USD</cbc:TaxCurrencyCode>',
        ),
        '<cac:LegalMonetaryTotal>',
        '<cac:TaxTotal><cbc:TaxAmount currencyID="USD">-10.00</cbc:TaxAmount></cac:TaxTotal><cac:LegalMonetaryTotal>',
      ),
  ],
  [
    'PEPPOL-EN16931-R061',
    'a direct debit has no mandate reference',
    () => change(valid, '<cbc:PaymentMeansCode>30<', '<cbc:PaymentMeansCode>49<'),
  ],
  [
    'PEPPOL-EN16931-R080',
    'a credit note gives two project references',
    () => beforeSupplier(creditNoteXml(), projectReference.repeat(2)),
  ],
  [
    'PEPPOL-EN16931-R100',
    'a line has two invoiced objects',
    () => inFirstLine(valid, objectReference('130').repeat(2)),
  ],
  [
    'PEPPOL-EN16931-R101',
    'a line document reference is not an invoiced object',
    () => inFirstLine(valid, objectReference('50')),
  ],
  [
    'PEPPOL-EN16931-R110',
    'a line period starts before the invoice period',
    () =>
      inFirstLine(
        change(
          valid,
          '<cbc:BuyerReference>PO-77</cbc:BuyerReference>',
          '<cbc:BuyerReference>PO-77</cbc:BuyerReference><cac:InvoicePeriod><cbc:StartDate>2026-10-01</cbc:StartDate><cbc:EndDate>2026-10-31</cbc:EndDate></cac:InvoicePeriod>',
        ),
        '<cac:InvoicePeriod><cbc:StartDate>2026-09-15</cbc:StartDate><cbc:EndDate>2026-10-15</cbc:EndDate></cac:InvoicePeriod>',
      ),
  ],
  [
    'PEPPOL-EN16931-R111',
    'a line period ends after the invoice period',
    () =>
      inFirstLine(
        change(
          valid,
          '<cbc:BuyerReference>PO-77</cbc:BuyerReference>',
          '<cbc:BuyerReference>PO-77</cbc:BuyerReference><cac:InvoicePeriod><cbc:StartDate>2026-10-01</cbc:StartDate><cbc:EndDate>2026-10-31</cbc:EndDate></cac:InvoicePeriod>',
        ),
        '<cac:InvoicePeriod><cbc:StartDate>2026-10-15</cbc:StartDate><cbc:EndDate>2026-11-15</cbc:EndDate></cac:InvoicePeriod>',
      ),
  ],
  [
    'PEPPOL-EN16931-R120',
    'the line net amount is not quantity times price',
    () =>
      change(
        valid,
        '<cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount>',
        '<cbc:PriceAmount currencyID="EUR">90.00</cbc:PriceAmount>',
      ),
  ],
  [
    'PEPPOL-EN16931-R121',
    'the price base quantity is zero',
    () =>
      change(
        valid,
        firstPrice,
        firstPrice.replace('</cac:Price>', '<cbc:BaseQuantity unitCode="C62">0</cbc:BaseQuantity></cac:Price>'),
      ),
  ],
  [
    'PEPPOL-EN16931-R130',
    'the price base quantity is in hours and the invoiced quantity in units',
    () =>
      change(
        valid,
        firstPrice,
        firstPrice.replace('</cac:Price>', '<cbc:BaseQuantity unitCode="HUR">1</cbc:BaseQuantity></cac:Price>'),
      ),
  ],
  [
    'PEPPOL-EN16931-P0100',
    'an invoice carries a credit note type code',
    () => change(valid, '<cbc:InvoiceTypeCode>380<', '<cbc:InvoiceTypeCode>381<'),
  ],
  [
    'PEPPOL-EN16931-P0101',
    'a credit note carries an invoice type code',
    () => change(creditNoteXml(), '<cbc:CreditNoteTypeCode>381<', '<cbc:CreditNoteTypeCode>380<'),
  ],
  [
    'PEPPOL-EN16931-CL008',
    'the buyer electronic address has an unknown scheme',
    () => change(valid, 'schemeID="0208">0123456749', 'schemeID="9999">0123456749'),
  ],
];

/** The buyer's electronic address under `scheme`. */
const buyerId = (scheme: string, value: string) =>
  change(
    valid,
    '<cbc:EndpointID schemeID="0208">0123456749</cbc:EndpointID>',
    `<cbc:EndpointID schemeID="${scheme}">${value}</cbc:EndpointID>`,
  );

/** Rule, scheme, a well-formed identifier, a malformed one, the flag. */
const identifierCases: [string, string, string, string, Finding['flag']][] = [
  ['PEPPOL-COMMON-R040', '0088', '5412345000013', '5412345000014', 'fatal'],
  ['PEPPOL-COMMON-R041', '0192', '974760673', '974760674', 'fatal'],
  ['PEPPOL-COMMON-R040', '0088', '4000001000005', '4000001000006', 'fatal'],
  ['PEPPOL-COMMON-R042', '0184', 'DK12345678', 'DK1234567', 'fatal'],
  ['PEPPOL-COMMON-R042', '0184', '12345678', '1234567A', 'fatal'],
  ['PEPPOL-COMMON-R052', '0096', '1234567890', '123456789', 'fatal'],
  ['PEPPOL-COMMON-R053', '0198', 'DK12345678', '12345678', 'fatal'],
  ['PEPPOL-COMMON-R043', '0208', '0123456749', '0123456748', 'fatal'],
  ['PEPPOL-COMMON-R044', '0201', 'UFY9MH', 'UFY9M', 'warning'],
  ['PEPPOL-COMMON-R045', '0210', 'RSSMRA85T10A562S', 'RSSMRA85T10A562', 'warning'],
  ['PEPPOL-COMMON-R046', '9907', 'RSSMRA85T10A562S', 'RSSMRA85', 'warning'],
  ['PEPPOL-COMMON-R047', '0211', 'IT12345678903', 'IT12345678901', 'warning'],
  ['PEPPOL-COMMON-R049', '0007', '5560360793', '5560360794', 'fatal'],
  ['PEPPOL-COMMON-R050', '0151', '51824753556', '51824753557', 'fatal'],
  ['PEPPOL-COMMON-R054', '0106', '12345678', '1234567', 'warning'],
  ['PEPPOL-COMMON-R055', '0190', '00000001234567890000', '0000000123456789000', 'warning'],
  ['PEPPOL-COMMON-R056-1', '9944', 'NL123456789B01', 'NL123456789', 'warning'],
  ['PEPPOL-COMMON-R057', '0217', '123456789012', '12345678901', 'warning'],
];

const dutchBuyer = change(
  valid,
  '<cbc:IdentificationCode>BE</cbc:IdentificationCode>',
  '<cbc:IdentificationCode>NL</cbc:IdentificationCode>',
);

/** One document per Dutch national rule (the seller of the standard invoice is Dutch). */
const netherlandsCases: [string, string, () => string][] = [
  ['NL-R-001', 'a credit note does not reference the invoice it credits', () => creditNoteXml()],
  [
    'NL-R-002',
    'the supplier address has no street',
    () => change(valid, '<cbc:StreetName>Damrak 1</cbc:StreetName>', ''),
  ],
  [
    'NL-R-003',
    'the supplier legal registration is not KvK or OIN',
    () => change(valid, '<cbc:CompanyID schemeID="0106">', '<cbc:CompanyID schemeID="0007">'),
  ],
  ['NL-R-004', 'a Dutch customer address has no street or post code', () => dutchBuyer],
  [
    'NL-R-005',
    "a Dutch customer's legal registration is neither KvK nor OIN",
    () =>
      change(
        dutchBuyer,
        '<cbc:RegistrationName>Klant NV</cbc:RegistrationName>',
        '<cbc:RegistrationName>Klant NV</cbc:RegistrationName><cbc:CompanyID schemeID="0208">0123456749</cbc:CompanyID>',
      ),
  ],
  [
    'NL-R-006',
    'a Dutch fiscal representative address has no street',
    () =>
      change(
        valid,
        '<cac:PaymentMeans>',
        '<cac:TaxRepresentativeParty><cac:PartyName><cbc:Name>Vertegenwoordiger</cbc:Name></cac:PartyName><cac:PostalAddress><cbc:CityName>Utrecht</cbc:CityName><cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyTaxScheme><cbc:CompanyID>NL999999999B01</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme></cac:TaxRepresentativeParty><cac:PaymentMeans>',
      ),
  ],
  [
    'NL-R-007',
    'an invoice with an amount due has no payment means',
    () => change(valid, /<cac:PaymentMeans>[\s\S]*<\/cac:PaymentMeans>/, ''),
  ],
  [
    'NL-R-008',
    'a Dutch customer is asked to pay with code 31',
    () => change(dutchBuyer, '<cbc:PaymentMeansCode>30<', '<cbc:PaymentMeansCode>31<'),
  ],
  [
    'NL-R-009',
    'a line references an order line without an order reference',
    () => inFirstLine(valid, '<cac:OrderLineReference><cbc:LineID>1</cbc:LineID></cac:OrderLineReference>'),
  ],
];

describe('validateInvoice with the Peppol BIS Billing 3.0 rules', () => {
  it('finds nothing wrong with the valid BIS 3.0 invoice from the builder', () => {
    expect(findings(valid)).toEqual([]);
  });

  it.each(peppolCases)('reports %s as fatal when %s', (id, _, broken) => {
    expect(fired(broken(), id)).toEqual([expect.objectContaining({ id, flag: 'fatal' })]);
    expect(fired(valid, id)).toEqual([]);
  });

  it.each(identifierCases)(
    'reports %s for a malformed %s identifier and not for a well-formed one',
    (id, scheme, good, bad, flag) => {
      expect(fired(buyerId(scheme, bad), id)).toEqual([expect.objectContaining({ id, flag })]);
      expect(fired(buyerId(scheme, good), id)).toEqual([]);
    },
  );

  it.each(netherlandsCases)('reports %s as fatal when %s', (id, _, broken) => {
    expect(fired(broken(), id)).toEqual([expect.objectContaining({ id, flag: 'fatal' })]);
    expect(fired(valid, id)).toEqual([]);
  });

  it('accepts a credit note that references the invoice it credits under NL-R-001', () => {
    const credited = change(
      creditNoteXml(),
      '<cac:AccountingSupplierParty>',
      '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>INV-2026-000</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference><cac:AccountingSupplierParty>',
    );

    expect(findings(credited)).toEqual([]);
  });

  it('leaves NL-R-005 out when a Dutch customer gives no legal registration number at all', () => {
    expect(fired(dutchBuyer, 'NL-R-005')).toEqual([]);
  });

  it('leaves NL-R-008 out when the customer is not Dutch', () => {
    const code31 = change(valid, '<cbc:PaymentMeansCode>30<', '<cbc:PaymentMeansCode>31<');

    expect(fired(code31, 'NL-R-008')).toEqual([]);
  });

  it('takes a supplier street of blanks as present under NL-R-002, as the Schematron tests presence', () => {
    const blank = change(valid, '<cbc:StreetName>Damrak 1</cbc:StreetName>', '<cbc:StreetName>   </cbc:StreetName>');

    expect(fired(blank, 'NL-R-002')).toEqual([]);
    expect(fired(blank, 'PEPPOL-EN16931-R008')).toHaveLength(1);
  });

  it('leaves the Dutch rules out when the supplier is Belgian', () => {
    const belgian = change(
      change(
        valid,
        '<cbc:IdentificationCode>NL</cbc:IdentificationCode>',
        '<cbc:IdentificationCode>BE</cbc:IdentificationCode>',
      ),
      '<cbc:StreetName>Damrak 1</cbc:StreetName>',
      '',
    );

    expect(findings(belgian).filter((f) => f.id.startsWith('NL-R-'))).toEqual([]);
  });

  it('runs no Peppol rule on a document whose CustomizationID is plain EN 16931', () => {
    const plain = change(
      change(valid, /<cbc:CustomizationID>[^<]*</, '<cbc:CustomizationID>urn:cen.eu:en16931:2017<'),
      '<cbc:BuyerReference>PO-77</cbc:BuyerReference>',
      '',
    );

    expect(findings(plain)).toEqual([]);
    expect(findings(plain, { peppol: true }).map((f) => f.id)).toEqual(['PEPPOL-EN16931-R003', 'PEPPOL-EN16931-R004']);
  });

  it('runs the NLCIUS rules (BR-NL) but not the Peppol rules, NL-R among them, on an NLCIUS document', () => {
    const nlcius = change(
      change(
        valid,
        /<cbc:CustomizationID>[^<]*</,
        '<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0<',
      ),
      '<cbc:StreetName>Damrak 1</cbc:StreetName>',
      '',
    );

    // A Dutch supplier without a street: BR-NL-3 (SI-UBL 2.0) says so; NL-R-002 belongs to the Peppol rules.
    expect(findings(nlcius).map((f) => f.id)).toEqual(['BR-NL-3']);
  });

  it('runs only the EN 16931 rules when told peppol: false', () => {
    const broken = change(valid, /<cbc:ProfileID>[^<]*<\/cbc:ProfileID>/, '');

    expect(findings(broken, { peppol: false })).toEqual([]);
  });
});
