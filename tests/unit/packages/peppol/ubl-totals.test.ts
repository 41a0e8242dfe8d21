import { describe, expect, it } from 'vitest';
import { validateInvoice } from '#packages/peppol';
import { invoiceXml } from './invoice-builder.ts';

const ids = (xml: string) => validateInvoice(xml).findings.map((f) => f.id);
const change = (xml: string, from: string | RegExp, to: string) => {
  const changed = xml.replace(from, to);
  if (changed === xml) throw new Error(`'${from}' is not in the document`);
  return changed;
};

describe('the EN 16931 totals of the UBL binding, as the official XPath reads them', () => {
  it('reports BR-CO-10 when the monetary total states no sum of line net amounts at all', () => {
    const xml = change(
      invoiceXml(),
      /<cbc:LineExtensionAmount currencyID="EUR">[^<]*<\/cbc:LineExtensionAmount>(?=\s*<cbc:TaxExclusiveAmount)/,
      '',
    );

    expect(ids(xml)).toContain('BR-CO-10');
  });

  it('reports BR-26 and BR-27 when a line has a price without an amount', () => {
    const xml = change(invoiceXml(), /<cbc:PriceAmount currencyID="EUR">[^<]*<\/cbc:PriceAmount>/, '');

    expect(ids(xml)).toEqual(expect.arrayContaining(['BR-26', 'BR-27']));
  });

  it('reports BR-23 for a line whose quantity has no unit code attribute, not for an empty one', () => {
    const without = change(invoiceXml(), / unitCode="[^"]*"/, '');
    const empty = change(invoiceXml(), / unitCode="[^"]*"/, ' unitCode=""');

    expect(ids(without)).toContain('BR-23');
    expect(ids(empty)).not.toContain('BR-23');
  });
});
