import { describe, expect, it } from 'vitest';
import { validateInvoice } from '#packages/peppol';
import { change, ciiInvoiceXml, creditNoteXml, invoiceXml } from './invoice-builder.ts';

const valid = invoiceXml();
/** The ids of the UBL-* and BR-CL-* findings, each once, sorted. */
const ids = (xml: string) =>
  [
    ...new Set(
      validateInvoice(xml)
        .findings.map((f) => f.id)
        .filter((id) => /^(UBL-SR|UBL-DT|BR-CL)-/.test(id)),
    ),
  ].sort();
const seller = '<cac:AccountingSupplierParty>\n    <cac:Party>';
const buyerEntity =
  '<cac:PartyLegalEntity><cbc:RegistrationName>Klant NV</cbc:RegistrationName></cac:PartyLegalEntity>';

describe('the UBL syntax rules (UBL-SR-*, UBL-DT-*) on an invoice', () => {
  it('find nothing on the valid invoice', () => {
    expect(ids(valid)).toEqual([]);
  });

  it('report UBL-SR-48 on a line whose item has no classified tax category', () => {
    const xml = change(valid, /<cac:ClassifiedTaxCategory>[\s\S]*?<\/cac:ClassifiedTaxCategory>/, '');

    expect(ids(xml)).toContain('UBL-SR-48');
  });

  it('report UBL-SR-48 on a line whose item has two classified tax categories', () => {
    const xml = change(
      valid,
      /(<cac:ClassifiedTaxCategory>[\s\S]*?<\/cac:ClassifiedTaxCategory>)/,
      '$1<cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>',
    );

    expect(ids(xml)).toEqual(['UBL-SR-48']);
  });

  it('report UBL-SR-53 on a party tax scheme without its company identifier', () => {
    const xml = change(valid, '<cbc:CompanyID>NL123456789B01</cbc:CompanyID>', '');

    expect(ids(xml)).toEqual(['UBL-SR-53']);
  });

  it('report UBL-SR-10 when the seller has two trading names, counting every party name as written', () => {
    const xml = change(
      valid,
      seller,
      `${seller}<cac:PartyName><cbc:Name>A</cbc:Name></cac:PartyName><cac:PartyName><cbc:Name>A</cbc:Name></cac:PartyName>`,
    );

    expect(ids(xml)).toEqual(['UBL-SR-10']);
  });

  it('report UBL-SR-17 on a buyer with two legal registration identifiers', () => {
    const xml = change(
      valid,
      buyerEntity,
      '<cac:PartyLegalEntity><cbc:RegistrationName>Klant NV</cbc:RegistrationName><cbc:CompanyID>1</cbc:CompanyID><cbc:CompanyID>1</cbc:CompanyID></cac:PartyLegalEntity>',
    );

    expect(ids(xml)).toContain('UBL-SR-17');
  });

  it('report UBL-SR-05 on two payment terms notes, each in its own payment terms', () => {
    const terms = '<cac:PaymentTerms><cbc:Note>30 days</cbc:Note></cac:PaymentTerms>';
    const xml = change(valid, '<cac:TaxTotal>', `${terms}${terms}<cac:TaxTotal>`);

    expect(ids(xml)).toEqual(['UBL-SR-05']);
  });

  it('report UBL-SR-26 on payment means with two payment identifiers of the same value', () => {
    const xml = change(
      valid,
      '<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>',
      '<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentID>R1</cbc:PaymentID><cbc:PaymentID>R1</cbc:PaymentID>',
    );

    expect(ids(xml)).toEqual(['UBL-SR-26']);
  });

  it('report UBL-SR-47 and not UBL-SR-44 when two payment means differ in code only', () => {
    const xml = change(
      valid,
      '<cac:TaxTotal>',
      '<cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode></cac:PaymentMeans><cac:TaxTotal>',
    );

    expect(ids(xml)).toEqual(['UBL-SR-47']);
  });

  it('report UBL-DT-01 on an amount whose fraction, as written with spaces, is longer than two characters', () => {
    const xml = change(valid, '<cbc:TaxAmount currencyID="EUR">52.50<', '<cbc:TaxAmount currencyID="EUR"> 52.50 <');

    expect(ids(xml)).toEqual(['UBL-DT-01']);
  });

  it('leave the amounts of an item price allowance out of UBL-DT-01', () => {
    const xml = change(
      valid,
      /<cbc:PriceAmount currencyID="EUR">100.00<\/cbc:PriceAmount>/,
      '<cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount><cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">1.125</cbc:Amount><cbc:BaseAmount currencyID="EUR">101.125</cbc:BaseAmount></cac:AllowanceCharge>',
    );

    expect(ids(xml)).not.toContain('UBL-DT-01');
  });

  it('report UBL-SR-19, 20 and 21 on a payee party without a name, as the official comparison with the seller name fails', () => {
    const xml = change(
      valid,
      '<cac:PaymentMeans>',
      '<cac:PayeeParty><cac:PartyIdentification><cbc:ID>P1</cbc:ID></cac:PartyIdentification></cac:PayeeParty><cac:PaymentMeans>',
    );

    expect(ids(xml)).toEqual(['UBL-SR-19', 'UBL-SR-20', 'UBL-SR-21']);
  });

  it('find nothing on a payee party named otherwise than the seller', () => {
    const xml = change(
      valid,
      '<cac:PaymentMeans>',
      '<cac:PayeeParty><cac:PartyName><cbc:Name>Factor BV</cbc:Name></cac:PartyName></cac:PayeeParty><cac:PaymentMeans>',
    );

    expect(ids(xml)).toEqual([]);
  });

  it('warn UBL-DT-08 on a schemeName attribute anywhere and UBL-DT-18 on a name attribute outside the payment means code', () => {
    const xml = change(
      change(valid, '<cbc:CompanyID schemeID="0106">', '<cbc:CompanyID schemeID="0106" schemeName="KvK">'),
      '<cbc:InvoicedQuantity unitCode="C62">',
      '<cbc:InvoicedQuantity unitCode="C62" name="x">',
    );

    const warnings = validateInvoice(xml).findings.filter((f) => f.flag === 'warning');
    expect(warnings.map((f) => f.id)).toEqual(expect.arrayContaining(['UBL-DT-08', 'UBL-DT-18']));
  });

  it('report UBL-SR-43 on a credit note reference typed 51, and accept 50 on a credit note', () => {
    const reference = (type: string) =>
      `<cac:AdditionalDocumentReference><cbc:ID schemeID="AAA">X</cbc:ID><cbc:DocumentTypeCode>${type}</cbc:DocumentTypeCode></cac:AdditionalDocumentReference><cac:AccountingSupplierParty>`;
    const note = creditNoteXml();

    expect(ids(change(note, '<cac:AccountingSupplierParty>', reference('51')))).toContain('UBL-SR-43');
    expect(ids(change(note, '<cac:AccountingSupplierParty>', reference('50')))).not.toContain('UBL-SR-43');
  });
});

describe('the code list rules (BR-CL-*) on a UBL invoice', () => {
  it('report BR-CL-03 on an amount whose currencyID is empty, lower case, or missing', () => {
    for (const written of ['currencyID=""', 'currencyID="eur"', '']) {
      const xml = change(valid, '<cbc:PayableAmount currencyID="EUR">', `<cbc:PayableAmount ${written}>`);

      expect(ids(xml)).toEqual(['BR-CL-03']);
    }
  });

  it('accept a currencyID with spaces around it, as normalize-space reads it', () => {
    const xml = change(valid, '<cbc:PayableAmount currencyID="EUR">', '<cbc:PayableAmount currencyID=" EUR ">');

    expect(ids(xml)).toEqual([]);
  });

  it('report BR-CL-18 on an empty line category and BR-CL-17 on an empty breakdown category', () => {
    const line = change(valid, /(<cac:ClassifiedTaxCategory>\s*<cbc:ID>)S</, '$1<');
    const breakdown = change(valid, /(<cac:TaxCategory>\s*<cbc:ID>)S</, '$1<');

    expect(ids(line)).toEqual(['BR-CL-18']);
    expect(ids(breakdown)).toEqual(['BR-CL-17']);
  });

  it('report BR-CL-14 on an empty country code', () => {
    const xml = change(valid, '<cbc:IdentificationCode>BE</cbc:IdentificationCode>', '<cbc:IdentificationCode/>');

    expect(ids(xml)).toEqual(['BR-CL-14']);
  });

  it('report BR-CL-01 on a credit note type code in an invoice', () => {
    const xml = change(valid, '<cbc:InvoiceTypeCode>380<', '<cbc:InvoiceTypeCode>381<');

    expect(ids(xml)).toEqual(['BR-CL-01']);
  });

  it('report BR-CL-16 on a payment means code of spaces and on 71, which UNCL 4461 as published leaves out', () => {
    for (const code of ['   ', '71']) {
      const xml = change(valid, '<cbc:PaymentMeansCode>30<', `<cbc:PaymentMeansCode>${code}<`);

      expect(ids(xml)).toEqual(['BR-CL-16']);
    }
  });

  it('report BR-CL-08 on a note subject #XYZ# outside UNCL 4451, and on a lower case one too', () => {
    const note = (text: string) =>
      change(valid, '<cbc:DocumentCurrencyCode>', `<cbc:Note>${text}</cbc:Note><cbc:DocumentCurrencyCode>`);

    expect(ids(note('#XYZ#text'))).toEqual(['BR-CL-08']);
    expect(ids(note('#AAI#text'))).toEqual([]);
    expect(ids(note('#reg#text'))).toEqual(['BR-CL-08']);
    expect(ids(note('#ab#text'))).toEqual([]);
  });

  it('accept a SEPA creditor identifier of the seller and refuse one of the buyer (BR-CL-10)', () => {
    const sepa = '<cac:PartyIdentification><cbc:ID schemeID="SEPA">NL00ZZZ123</cbc:ID></cac:PartyIdentification>';
    const sellers = change(valid, seller, `${seller}${sepa}`);
    const buyers = change(
      valid,
      '<cac:AccountingCustomerParty>\n    <cac:Party>',
      `<cac:AccountingCustomerParty><cac:Party>${sepa}`,
    );

    expect(ids(sellers)).toEqual([]);
    expect(ids(buyers)).toEqual(['BR-CL-10']);
  });
});

describe('the code list rules (BR-CL-*) on a CII invoice', () => {
  const cii = ciiInvoiceXml();

  it('find nothing on the valid CII invoice', () => {
    expect(ids(cii)).toEqual([]);
  });

  it('report BR-CL-18 on an empty or lower case category code of a line or the VAT breakdown', () => {
    for (const code of ['', 's']) {
      const xml = change(cii, /<ram:CategoryCode>S</, `<ram:CategoryCode>${code}<`);

      expect(ids(xml)).toEqual(['BR-CL-18']);
    }
  });
});
