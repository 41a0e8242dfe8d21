import { describe, expect, it } from 'vitest';
import { type Finding, validateInvoice } from '#packages/peppol';
import { change, invoiceXml } from './invoice-builder.ts';

const fired = (xml: string, id: string): Finding[] => validateInvoice(xml).findings.filter((f) => f.id === id);
const supplierIn = (country: string, vat: string) =>
  change(
    change(
      invoiceXml(),
      '<cbc:IdentificationCode>NL</cbc:IdentificationCode>',
      `<cbc:IdentificationCode>${country}</cbc:IdentificationCode>`,
    ),
    '<cbc:CompanyID>NL123456789B01</cbc:CompanyID>',
    `<cbc:CompanyID>${vat}</cbc:CompanyID>`,
  );

describe('validateInvoice with the Norwegian, Danish, Swedish and Italian national rules', () => {
  it('reports NO-R-001 for a Norwegian VAT number whose organisation number fails its check digit', () => {
    expect(fired(supplierIn('NO', 'NO123456789MVA'), 'NO-R-001')).toEqual([
      expect.objectContaining({ id: 'NO-R-001', flag: 'fatal' }),
    ]);
    expect(fired(supplierIn('NO', 'NO974760673MVA'), 'NO-R-001')).toEqual([]);
  });

  it('reports DK-R-014 when a Danish supplier gives its legal registration under a scheme other than 0184', () => {
    expect(fired(supplierIn('DK', 'DK12345678'), 'DK-R-014')).toEqual([
      expect.objectContaining({ id: 'DK-R-014', flag: 'fatal' }),
    ]);
  });

  it('reports SE-R-001 for a Swedish VAT number that is not 14 characters long', () => {
    expect(fired(supplierIn('SE', 'SE55603607930'), 'SE-R-001')).toEqual([
      expect.objectContaining({ id: 'SE-R-001', flag: 'fatal' }),
    ]);
    expect(fired(supplierIn('SE', 'SE556036079301'), 'SE-R-001')).toEqual([]);
  });

  it('reports SE-R-006 when a Swedish supplier charges a standard rate other than 6, 12 or 25', () => {
    expect(fired(supplierIn('SE', 'SE556036079301'), 'SE-R-006').length).toBeGreaterThan(0);
  });

  it('reports IT-R-004 when an Italian supplier, known by its VAT prefix, gives no post code', () => {
    const italian = change(supplierIn('IT', 'IT12345678903'), '<cbc:PostalZone>1012 LG</cbc:PostalZone>', '');

    expect(fired(italian, 'IT-R-004')).toEqual([expect.objectContaining({ id: 'IT-R-004', flag: 'fatal' })]);
    expect(fired(supplierIn('IT', 'IT12345678903'), 'IT-R-004')).toEqual([]);
  });
});
