import { describe, expect, it } from 'vitest';
import { validateInvoice } from '#packages/peppol';
import { generateInvoiceSpec, renderCii, renderUbl } from '../../../helpers/invoices/index.ts';
import { cii } from './cii-document.ts';

const syntaxFindings = (xml: string) =>
  validateInvoice(xml)
    .findings.filter((f) => /^CII-(SR|DT)-/.test(f.id))
    .map(({ id, flag, location }) => ({ id, flag, location }));

describe('the CII binding syntax rules (CII-SR, CII-DT)', () => {
  it('find nothing on a CII invoice that uses only what EN 16931 maps', () => {
    expect(syntaxFindings(cii())).toEqual([]);
  });

  it.each([3, 6, 9, 12])('find nothing on the generated CII invoice of seed %i', (seed) => {
    expect(syntaxFindings(renderCii(generateInvoiceSpec(seed)))).toEqual([]);
  });

  it('never run on a UBL invoice', () => {
    const ubl = renderUbl(generateInvoiceSpec(3));

    expect(validateInvoice(ubl).findings.filter((f) => f.id.startsWith('CII-'))).toEqual([]);
  });

  it('warn with CII-SR-001 on a SpecifiedTransactionID in the document context', () => {
    const xml = cii({ context: '<ram:SpecifiedTransactionID>T1</ram:SpecifiedTransactionID>' });

    expect(syntaxFindings(xml)).toEqual([
      { id: 'CII-SR-001', flag: 'warning', location: '/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext' },
    ]);
  });

  it('check the document TypeCode by the first context that matches it: CII-DT-008, never CII-DT-010', () => {
    const xml = cii({ document: '<ram:TypeCode name="invoice" listID="1001">380</ram:TypeCode>' });

    expect(syntaxFindings(xml).map((f) => f.id)).toEqual(['CII-DT-008']);
  });

  it('fail CII-DT-037 on a tax TypeCode that is VAT only after trimming, as XPath compares it', () => {
    const xml = cii({
      line: '<ram:ApplicableTradeTax><ram:TypeCode> VAT </ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>21</ram:RateApplicablePercent></ram:ApplicableTradeTax>',
    });

    expect(syntaxFindings(xml)).toContainEqual({
      id: 'CII-DT-037',
      flag: 'fatal',
      location:
        '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax',
    });
  });

  it('warn with CII-SR-454 on a line with two ApplicableTradeTax', () => {
    const tax =
      '<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>21</ram:RateApplicablePercent></ram:ApplicableTradeTax>';

    expect(syntaxFindings(cii({ line: tax + tax })).map((f) => f.id)).toEqual(['CII-SR-454']);
  });

  it('fail CII-DT-097 on a format 102 date that is not YYYYMMDD', () => {
    const xml = cii().replace('>20250208<', '>2025-02-08<');

    expect(syntaxFindings(xml).map((f) => f.id)).toEqual(['CII-DT-097']);
  });

  it('warn with CII-SR-450 on a buyer with both an ID and a GlobalID, not on either alone', () => {
    const id = '<ram:ID>K1</ram:ID>';
    const globalId = '<ram:GlobalID schemeID="0088">5790000436101</ram:GlobalID>';

    expect(syntaxFindings(cii({ agreement: id + globalId })).map((f) => f.id)).toEqual(['CII-SR-450']);
    expect(syntaxFindings(cii({ agreement: globalId }))).toEqual([]);
  });

  it('fail CII-SR-470 on a credit transfer without an IBAN or proprietary account id', () => {
    const means =
      '<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:AccountName>Verkoper</ram:AccountName></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>';

    expect(syntaxFindings(cii({ settlement: means })).map((f) => f.id)).toEqual(['CII-SR-470']);
  });

  it('fail CII-SR-467 when payment means disagree on their type code', () => {
    const means = (code: string) =>
      `<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>${code}</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>`;

    expect(syntaxFindings(cii({ settlement: means('10') + means('10') }))).toEqual([]);
    expect(syntaxFindings(cii({ settlement: means('10') + means('48') })).map((f) => f.id)).toEqual(['CII-SR-467']);
  });

  it('fail CII-DT-031 on a currencyID on any amount but the tax total', () => {
    const xml = cii().replace('<ram:GrandTotalAmount>', '<ram:GrandTotalAmount currencyID="EUR">');

    expect(syntaxFindings(xml).map((f) => f.id)).toEqual(['CII-DT-031']);
  });

  it('fail CII-SR-469 on a second payment reference anywhere in the document, counted from the root', () => {
    const reference = '<ram:PaymentReference>R-1</ram:PaymentReference>';

    expect(syntaxFindings(cii({ settlement: reference }))).toEqual([]);
    expect(syntaxFindings(cii({ settlement: reference + reference }))).toEqual([
      { id: 'CII-SR-469', flag: 'fatal', location: '/rsm:CrossIndustryInvoice' },
    ]);
  });

  it('allow a unitCode on any quantity when some line bills its quantity with one, and fail CII-DT-033 otherwise', () => {
    const withBasis = cii().replace(
      '<ram:ChargeAmount>100.00</ram:ChargeAmount>',
      '<ram:ChargeAmount>100.00</ram:ChargeAmount><ram:BasisQuantity unitCode="C62">1</ram:BasisQuantity>',
    );
    const billedWithout = withBasis.replace('<ram:BilledQuantity unitCode="C62">', '<ram:BilledQuantity>');

    expect(syntaxFindings(withBasis)).toEqual([]);
    expect(syntaxFindings(billedWithout).map((f) => f.id)).toEqual(['CII-DT-033']);
  });
});
