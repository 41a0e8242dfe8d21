import { describe, expect, it } from 'vitest';
import { validateInvoice } from '#packages/peppol';
import { generateInvoiceSpec, renderCii } from '../../../helpers/invoices/index.ts';
import { cii } from './cii-document.ts';

const valid = cii();
const edit = (from: string | RegExp, to: string) => {
  const changed = valid.replace(from, to);
  expect(changed).not.toBe(valid);
  return changed;
};
const structure = (xml: string) =>
  validateInvoice(xml)
    .findings.filter((f) => f.id.startsWith('CII-XSD-'))
    .map(({ id, flag, location }) => ({ id, flag, location }));

describe('the CII structure check', () => {
  it('refuses nothing in a small invoice that has the structure', () => {
    expect(structure(valid)).toEqual([]);
  });

  it.each([3, 6, 9, 12, 15, 18, 21, 24])('refuses nothing in the generated CII invoice of seed %i', (seed) => {
    const report = validateInvoice(renderCii(generateInvoiceSpec(seed)));

    expect(report.findings.filter((f) => f.id.startsWith('CII-XSD-'))).toEqual([]);
  });

  it('refuses a tax rate written with a decimal comma, which is no xs:decimal', () => {
    const xml = edit(
      '<ram:RateApplicablePercent>21</ram:RateApplicablePercent>',
      '<ram:RateApplicablePercent>21,0</ram:RateApplicablePercent>',
    );

    const report = validateInvoice(xml);

    expect(report.valid).toBe(false);
    expect(structure(xml)).toEqual([
      {
        id: 'CII-XSD-DATATYPE',
        flag: 'fatal',
        location:
          '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent',
      },
    ]);
  });

  it('accepts an amount with blanks around it, as the schema collapses whitespace', () => {
    const xml = edit(
      '<ram:LineTotalAmount>100.00</ram:LineTotalAmount>',
      '<ram:LineTotalAmount> 100.00 </ram:LineTotalAmount>',
    );

    expect(structure(xml)).toEqual([]);
  });

  it.each(['', '   ', 'NaN', '1e3', '100X'])('refuses the amount %j', (amount) => {
    const xml = edit(
      '<ram:LineTotalAmount>100.00</ram:LineTotalAmount>',
      `<ram:LineTotalAmount>${amount}</ram:LineTotalAmount>`,
    );

    expect(structure(xml).map((f) => f.id)).toEqual(['CII-XSD-DATATYPE']);
  });

  it('refuses an indicator that is no xs:boolean', () => {
    const xml = edit(
      '<ram:ApplicableHeaderTradeSettlement>',
      '<ram:ApplicableHeaderTradeSettlement><ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>EUR</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>1.00</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>',
    );

    expect(structure(xml).map((f) => f.id)).toEqual(['CII-XSD-DATATYPE']);
  });

  it('refuses a second seller name, a second line settlement and a second header total', () => {
    const seller = edit(
      '<ram:Name>Verkoper BV</ram:Name>',
      '<ram:Name>Verkoper BV</ram:Name><ram:Name>Verkoper</ram:Name>',
    );
    const settlement = edit(/(<ram:SpecifiedLineTradeSettlement>[\s\S]*?<\/ram:SpecifiedLineTradeSettlement>)/, '$1$1');
    const total = edit(/(<ram:DuePayableAmount>[^<]*<\/ram:DuePayableAmount>)/, '$1$1');

    expect(structure(seller)).toEqual([
      {
        id: 'CII-XSD-TOO-MANY',
        flag: 'fatal',
        location:
          '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty',
      },
    ]);
    expect(structure(settlement).map((f) => f.id)).toEqual(['CII-XSD-TOO-MANY']);
    expect(structure(total).map((f) => f.id)).toEqual(['CII-XSD-TOO-MANY']);
  });

  it('lets a party hold several identifiers and contacts, which the schema allows', () => {
    const xml = edit(
      '<ram:Name>Verkoper BV</ram:Name>',
      '<ram:ID>A</ram:ID><ram:ID>B</ram:ID><ram:Name>Verkoper BV</ram:Name>',
    );

    expect(structure(xml)).toEqual([]);
  });

  it('refuses a document without its header settlement', () => {
    const xml = edit(/<ram:ApplicableHeaderTradeSettlement>[\s\S]*<\/ram:ApplicableHeaderTradeSettlement>/, '');

    expect(structure(xml)).toEqual([
      {
        id: 'CII-XSD-MISSING',
        flag: 'fatal',
        location: '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction',
      },
    ]);
  });

  it('refuses an amount that holds an element', () => {
    const xml = edit(
      '<ram:LineTotalAmount>100.00</ram:LineTotalAmount>',
      '<ram:LineTotalAmount>100.00<ram:Name>x</ram:Name></ram:LineTotalAmount>',
    );

    expect(structure(xml).map((f) => f.id)).toEqual(['CII-XSD-CONTENT']);
  });

  it('still reports the business rules of a document it refuses', () => {
    const xml = edit(
      '<ram:RateApplicablePercent>21</ram:RateApplicablePercent>',
      '<ram:RateApplicablePercent>21,0</ram:RateApplicablePercent>',
    );

    expect(validateInvoice(xml).findings.some((f) => !f.id.startsWith('CII-XSD-'))).toBe(true);
  });

  it('refuses an allowance without its charge indicator, and an indicator without its value', () => {
    const withoutIndicator = edit(
      '<ram:ApplicableHeaderTradeSettlement>',
      '<ram:ApplicableHeaderTradeSettlement><ram:SpecifiedTradeAllowanceCharge><ram:ActualAmount>1.00</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>',
    );
    const withoutValue = edit(
      '<ram:ApplicableHeaderTradeSettlement>',
      '<ram:ApplicableHeaderTradeSettlement><ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator></ram:ChargeIndicator><ram:ActualAmount>1.00</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>',
    );

    expect(structure(withoutIndicator).map((f) => f.id)).toEqual(['CII-XSD-MISSING']);
    expect(structure(withoutValue).map((f) => f.id)).toEqual(['CII-XSD-MISSING']);
  });
});
