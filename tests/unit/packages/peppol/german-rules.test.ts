import { describe, expect, it } from 'vitest';
import { type Finding, validateInvoice } from '#packages/peppol';
import { change, invoiceXml } from './invoice-builder.ts';

const fired = (xml: string, id: string): Finding[] => validateInvoice(xml).findings.filter((f) => f.id === id);
const germanFindings = (xml: string) => validateInvoice(xml).findings.filter((f) => f.id.startsWith('DE-R-'));

/** The builder's invoice between a German seller and a German buyer, complete under the DE-R rules. */
const german = [
  ['<cbc:IdentificationCode>NL</cbc:IdentificationCode>', '<cbc:IdentificationCode>DE</cbc:IdentificationCode>'],
  ['<cbc:IdentificationCode>BE</cbc:IdentificationCode>', '<cbc:IdentificationCode>DE</cbc:IdentificationCode>'],
  ['<cbc:CompanyID>NL123456789B01</cbc:CompanyID>', '<cbc:CompanyID>DE123456789</cbc:CompanyID>'],
  ['<cbc:CityName>Gent</cbc:CityName>', '<cbc:CityName>Köln</cbc:CityName><cbc:PostalZone>50667</cbc:PostalZone>'],
  [
    '</cac:PartyTaxScheme>',
    '</cac:PartyTaxScheme><cac:Contact><cbc:Name>Frau Weber</cbc:Name><cbc:Telephone>+49 221 123456</cbc:Telephone><cbc:ElectronicMail>weber@example.de</cbc:ElectronicMail></cac:Contact>',
  ],
  ['<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>', '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>'],
  ['NL91ABNA0417164300', 'DE89370400440532013000'],
].reduce((xml, [from, to]) => change(xml, from as string, to as string), invoiceXml());

const withPaymentTerms = (note: string) =>
  change(german, '<cac:TaxTotal>', `<cac:PaymentTerms><cbc:Note>${note}</cbc:Note></cac:PaymentTerms><cac:TaxTotal>`);

describe('validateInvoice with the German national rules (DE-R-*)', () => {
  it('finds nothing German to report on a complete invoice between German parties', () => {
    expect(germanFindings(german)).toEqual([]);
  });

  it('checks the IBAN of DE-R-019 in exact arithmetic: a valid IBAN whose number exceeds 2^53 passes', () => {
    const large = change(german, 'DE89370400440532013000', 'DE91100000000123456789');

    expect(fired(large, 'DE-R-019')).toEqual([]);
  });

  it('reports DE-R-019 as a warning for an IBAN whose check digits are wrong, however large the number', () => {
    const wrong = change(german, 'DE89370400440532013000', 'DE12123456781234567890');

    expect(fired(wrong, 'DE-R-019')).toEqual([expect.objectContaining({ id: 'DE-R-019', flag: 'warning' })]);
  });

  it('reports DE-R-020 as a warning when the debited account of a direct debit is no valid IBAN', () => {
    const debit = change(
      change(
        german,
        '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>',
        '<cbc:PaymentMeansCode>59</cbc:PaymentMeansCode>',
      ),
      /<cac:PayeeFinancialAccount>.*<\/cac:PayeeFinancialAccount>/,
      '<cac:PaymentMandate><cbc:ID>M-1</cbc:ID><cac:PayerFinancialAccount><cbc:ID>DE00370400440532013000</cbc:ID></cac:PayerFinancialAccount></cac:PaymentMandate>',
    );

    expect(fired(debit, 'DE-R-020')).toEqual([expect.objectContaining({ id: 'DE-R-020', flag: 'warning' })]);
    expect(fired(debit, 'DE-R-030')).toEqual([expect.objectContaining({ id: 'DE-R-030', flag: 'fatal' })]);
  });

  it('reports DE-R-016 when a standard-rated invoice names neither seller VAT identifier nor tax representative', () => {
    const untaxed = change(german, /<cac:PartyTaxScheme>.*?<\/cac:PartyTaxScheme>/s, '');

    expect(fired(untaxed, 'DE-R-016')).toEqual([expect.objectContaining({ id: 'DE-R-016', flag: 'fatal' })]);
  });

  it('accepts a well-formed Skonto line ending in a line break and reports DE-R-018 for a malformed one', () => {
    const good = withPaymentTerms('#SKONTO#TAGE=14#PROZENT=2.00#\n');
    const bad = withPaymentTerms('#SKONTO#TAGE=14#PROZENT=2#\n');

    expect(fired(good, 'DE-R-018')).toEqual([]);
    expect(fired(bad, 'DE-R-018')).toEqual([expect.objectContaining({ id: 'DE-R-018', flag: 'fatal' })]);
  });

  it('reports DE-R-022 when two attachments carry the same filename', () => {
    const attachment =
      '<cac:AdditionalDocumentReference><cbc:ID>A</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="bon.pdf">QUJD</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>';
    const twice = change(
      german,
      '<cac:AccountingSupplierParty>',
      `${attachment.repeat(2)}<cac:AccountingSupplierParty>`,
    );

    expect(fired(twice, 'DE-R-022')).toEqual([expect.objectContaining({ id: 'DE-R-022', flag: 'fatal' })]);
  });

  it('reports DE-R-T02 as a warning when an external document location is no absolute URL', () => {
    const external =
      '<cac:AdditionalDocumentReference><cbc:ID>A</cbc:ID><cac:Attachment><cac:ExternalReference><cbc:URI>www.example.de/bon.pdf</cbc:URI></cac:ExternalReference></cac:Attachment></cac:AdditionalDocumentReference>';
    const relative = change(german, '<cac:AccountingSupplierParty>', `${external}<cac:AccountingSupplierParty>`);

    expect(fired(relative, 'DE-R-T02')).toEqual([expect.objectContaining({ id: 'DE-R-T02', flag: 'warning' })]);
  });
});
