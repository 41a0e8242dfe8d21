import { describe, expect, it } from 'vitest';
import { validateInvoice } from '#packages/peppol';
import { ciiInvoiceXml, invoiceXml, standardInvoice } from './invoice-builder.ts';

const ids = (xml: string | Buffer) => validateInvoice(xml).findings.map((f) => f.id);

describe('validateInvoice', () => {
  it('finds nothing wrong with a valid Peppol BIS 3.0 invoice', () => {
    const report = validateInvoice(invoiceXml());

    expect(report.findings).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('reports BR-02 as an error at the root when the invoice number is missing', () => {
    const report = validateInvoice(invoiceXml({ ...standardInvoice, id: undefined }));

    expect(report.valid).toBe(false);
    expect(report.findings).toEqual([
      // cbc:ID is mandatory in the UBL 2.1 schema too; the structure check runs before the rules.
      expect.objectContaining({ id: 'UBL-XSD-MISSING', flag: 'fatal', location: '/Invoice' }),
      expect.objectContaining({ id: 'BR-02', flag: 'error', location: '/Invoice' }),
    ]);
  });

  it('reports BR-CO-10, BR-CO-13 and BR-CO-15 when the totals do not add up', () => {
    const totals = {
      ...standardInvoice.totals,
      lineExtension: '260.00',
      taxExclusive: '240.00',
      taxInclusive: '300.00',
    };

    const found = ids(invoiceXml({ ...standardInvoice, totals }));

    expect(found).toEqual(expect.arrayContaining(['BR-CO-10', 'BR-CO-13', 'BR-CO-15', 'BR-CO-16']));
  });

  it('points BR-CO-10 at the stated sum of line net amounts', () => {
    const totals = { ...standardInvoice.totals, lineExtension: '250.01' };

    const finding = validateInvoice(invoiceXml({ ...standardInvoice, totals })).findings.find(
      (f) => f.id === 'BR-CO-10',
    );

    expect(finding?.location).toBe('/Invoice/cac:LegalMonetaryTotal/cbc:LineExtensionAmount');
  });

  it('adds amounts exactly, so 0.10 + 0.20 equals 0.30 without a BR-CO-10', () => {
    const spec = {
      ...standardInvoice,
      lines: [
        { quantity: '1', net: '0.10', price: '0.10', percent: '21' },
        { quantity: '1', net: '0.20', price: '0.20', percent: '21' },
      ],
      breakdown: [{ category: 'S', percent: '21', taxable: '0.30', tax: '0.06' }],
      totals: { lineExtension: '0.30', taxExclusive: '0.30', taxInclusive: '0.36', payable: '0.36', vat: '0.06' },
    };

    expect(ids(invoiceXml(spec))).toEqual([]);
  });

  it('reports BR-S-01 and BR-S-08 when a standard-rated line has no standard-rated VAT breakdown', () => {
    const spec = {
      ...standardInvoice,
      breakdown: [{ category: 'E', percent: '0', taxable: '250.00', tax: '0.00', reason: 'Exempt' }],
      totals: { ...standardInvoice.totals, taxInclusive: '250.00', payable: '250.00', vat: '0.00' },
    };

    const found = ids(invoiceXml(spec));

    expect(found).toContain('BR-S-01');
    expect(found).toContain('BR-E-08');
  });

  it('reports BR-S-05 when a standard-rated line has a zero rate', () => {
    const spec = {
      ...standardInvoice,
      lines: [{ ...(standardInvoice.lines[0] as (typeof standardInvoice.lines)[0]), percent: '0' }],
    };

    expect(ids(invoiceXml(spec))).toContain('BR-S-05');
  });

  it('reports BR-CO-17 and BR-S-09 when the VAT of a category is a currency unit or more from its rate times the taxable amount', () => {
    const spec = { ...standardInvoice, breakdown: [{ category: 'S', percent: '21', taxable: '250.00', tax: '51.50' }] };

    const found = ids(invoiceXml(spec));

    expect(found).toEqual(expect.arrayContaining(['BR-CO-17', 'BR-S-09', 'BR-CO-14']));
  });

  it('accepts under BR-CO-17 and BR-S-09 a category VAT less than a currency unit off, as the official rules do, while BR-CO-14 still sees the total differ', () => {
    const spec = { ...standardInvoice, breakdown: [{ category: 'S', percent: '21', taxable: '250.00', tax: '52.49' }] };

    const found = ids(invoiceXml(spec));

    expect(found).toContain('BR-CO-14');
    expect(found).not.toContain('BR-CO-17');
    expect(found).not.toContain('BR-S-09');
  });

  it('refuses a DOCTYPE with external entities as XML-HOSTILE before any rule runs', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Invoice>&e;</Invoice>';

    const report = validateInvoice(xml);

    expect(report).toEqual({
      valid: false,
      findings: [expect.objectContaining({ id: 'XML-HOSTILE', flag: 'fatal' })],
      release: expect.any(String),
    });
  });

  it('refuses a billion-laughs entity expansion as XML-HOSTILE', () => {
    const xml = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Invoice>&lol2;</Invoice>`;

    expect(ids(xml)).toEqual(['XML-HOSTILE']);
  });

  it('refuses elements nested thousands deep as XML-HOSTILE instead of overflowing the stack', () => {
    const xml = `<Invoice>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</Invoice>`;

    expect(ids(xml)).toEqual(['XML-HOSTILE']);
  });

  it('refuses a start tag with a huge attribute as XML-HOSTILE', () => {
    const xml = `<Invoice note="${'x'.repeat(100_000)}"><ID>1</ID></Invoice>`;

    expect(ids(xml)).toEqual(['XML-HOSTILE']);
  });

  it('reports XML that is not well-formed as XML-MALFORMED', () => {
    expect(ids('<Invoice><ID>1</Invoice>')).toEqual(['XML-MALFORMED']);
  });

  it('refuses a root that is not a UBL invoice unless only the rules are asked for', () => {
    expect(ids('<Order><ID>1</ID></Order>')).toEqual(['SYNTAX-UNSUPPORTED']);
    expect(validateInvoice('<Order><ID>1</ID></Order>', { rulesOnly: true }).findings.map((f) => f.id)).toContain(
      'BR-01',
    );
  });

  it('finds nothing wrong with a valid CII CrossIndustryInvoice', () => {
    expect(validateInvoice(ciiInvoiceXml()).findings).toEqual([]);
  });

  it('reports BR-CO-15 on a CII invoice whose grand total is not net plus VAT', () => {
    const report = validateInvoice(ciiInvoiceXml({ grandTotal: '120.00' }));

    expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['BR-CO-15', 'BR-CO-16']));
    expect(report.findings.find((f) => f.id === 'BR-CO-15')?.location).toBe(
      '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount',
    );
  });

  it('finds nothing wrong in a valid 5 000-line invoice', () => {
    const lines = Array.from({ length: 5000 }, () => ({ quantity: '1', net: '10.00', price: '10.00', percent: '21' }));
    const spec = {
      ...standardInvoice,
      lines,
      breakdown: [{ category: 'S', percent: '21', taxable: '50000.00', tax: '10500.00' }],
      totals: {
        lineExtension: '50000.00',
        taxExclusive: '50000.00',
        taxInclusive: '60500.00',
        payable: '60500.00',
        vat: '10500.00',
      },
    };
    const xml = invoiceXml(spec);

    const report = validateInvoice(xml);

    // Its speed is measured by `npm run bench -- peppol`, not asserted here.
    expect(report.findings).toEqual([]);
  });
});
