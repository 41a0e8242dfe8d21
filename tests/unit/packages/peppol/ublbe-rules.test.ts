import { describe, expect, it } from 'vitest';
import { validateInvoice } from '#packages/peppol';
import { change, invoiceXml } from './invoice-builder.ts';

const ublBe = 'urn:cen.eu:en16931:2017#conformant#urn:UBL.BE:1.0.0.20180214';
/** The builder's invoice claiming UBL.BE, with the two document references UBL.BE asks for. */
const references =
  '<cac:AdditionalDocumentReference><cbc:ID>UBL.BE</cbc:ID><cbc:DocumentDescription>BOB 2024</cbc:DocumentDescription></cac:AdditionalDocumentReference>' +
  '<cac:AdditionalDocumentReference><cbc:ID>INV-1.pdf</cbc:ID><cbc:DocumentDescription>CommercialInvoice</cbc:DocumentDescription></cac:AdditionalDocumentReference>';
const claimUblBe = (xml: string) => change(xml, /<cbc:CustomizationID>[^<]*</, `<cbc:CustomizationID>${ublBe}<`);
const withReferences = (xml: string, refs = references) =>
  change(xml, '<cac:AccountingSupplierParty>', `${refs}<cac:AccountingSupplierParty>`);
const belgian = withReferences(claimUblBe(invoiceXml()));
const ids = (xml: string) => validateInvoice(xml).findings.map((f) => `${f.id} ${f.flag}`);

describe('validateInvoice on a UBL.BE 1.31 document', () => {
  it('reports ubl-BE-01 when fewer than two additional document references are given', () => {
    const one = withReferences(
      claimUblBe(invoiceXml()),
      `${references.split('</cac:AdditionalDocumentReference>')[0]}</cac:AdditionalDocumentReference>`,
    );

    expect(ids(one)).toContain('ubl-BE-01 fatal');
    expect(ids(belgian)).not.toContain('ubl-BE-01 fatal');
  });

  it('reports ubl-BE-02 and ubl-BE-03 when no reference says CommercialInvoice and none is UBL.BE', () => {
    const xml = change(
      change(belgian, 'CommercialInvoice', 'Timesheet'),
      '<cbc:ID>UBL.BE</cbc:ID>',
      '<cbc:ID>X</cbc:ID>',
    );

    expect(ids(xml)).toEqual(expect.arrayContaining(['ubl-BE-02 fatal', 'ubl-BE-03 fatal']));
    expect(ids(belgian)).not.toContain('ubl-BE-02 fatal');
  });

  it('reports ubl-BE-10 at a VAT breakdown category named by no Belgian tax category code', () => {
    const named = (name: string) =>
      change(
        belgian,
        /<cac:TaxCategory>\s*<cbc:ID>S<\/cbc:ID>/,
        `<cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Name>${name}</cbc:Name>`,
      );

    expect(ids(named('99'))).toContain('ubl-BE-10 fatal');
    expect(ids(named('03'))).not.toContain('ubl-BE-10 fatal');
  });

  it('reports ubl-BE-07 for a settlement discount of 100 percent, not of 2 percent', () => {
    const terms = (percent: string) =>
      change(
        belgian,
        '<cac:TaxTotal>',
        `<cac:PaymentTerms><cbc:Note>2% within 8 days</cbc:Note><cbc:SettlementDiscountPercent>${percent}</cbc:SettlementDiscountPercent><cbc:Amount currencyID="EUR">2.42</cbc:Amount><cbc:PaymentDueDate>2024-02-10</cbc:PaymentDueDate></cac:PaymentTerms><cac:TaxTotal>`,
      );

    expect(ids(terms('100'))).toContain('ubl-BE-07 fatal');
    expect(ids(terms('2'))).not.toContain('ubl-BE-07 fatal');
    expect(ids(terms('2'))).not.toContain('ubl-BE-09 fatal');
  });

  it('warns ubl-DT-08 for a schemeName attribute anywhere in the document', () => {
    const xml = change(belgian, '<cbc:ID>UBL.BE</cbc:ID>', '<cbc:ID schemeName="x">UBL.BE</cbc:ID>');

    expect(ids(xml)).toContain('ubl-DT-08 warning');
  });

  it('applies the Peppol rules UBL.BE carries: an empty element is PEPPOL-EN16931-R008, a missing profile only a warning', () => {
    const empty = change(
      belgian,
      '<cbc:DocumentCurrencyCode>',
      '<cbc:AccountingCost></cbc:AccountingCost><cbc:DocumentCurrencyCode>',
    );
    const noProfile = change(belgian, /<cbc:ProfileID>[^<]*<\/cbc:ProfileID>/, '');

    expect(ids(empty)).toContain('PEPPOL-EN16931-R008 fatal');
    expect(ids(noProfile)).toContain('PEPPOL-EN16931-R001 warning');
    expect(ids(noProfile)).not.toContain('PEPPOL-EN16931-R001 fatal');
  });

  it('reports PEPPOL-EN16931-R004 for a document claiming UBL.BE under a different version', () => {
    const other = change(belgian, ublBe, 'urn:cen.eu:en16931:2017#conformant#urn:UBL.BE:1.0.0.20170101');

    expect(ids(other)).toContain('PEPPOL-EN16931-R004 fatal');
    expect(ids(belgian)).not.toContain('PEPPOL-EN16931-R004 fatal');
  });

  it('runs no UBL.BE rule on a document that does not claim UBL.BE', () => {
    const peppol = withReferences(invoiceXml(), '');

    expect(ids(peppol).filter((id) => id.startsWith('ubl-'))).toEqual([]);
  });
});
