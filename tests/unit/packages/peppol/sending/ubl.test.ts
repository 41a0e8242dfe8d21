import { describe, expect, it } from 'vitest';
import type { Country } from '#packages/kernel';
import {
  buyerParticipant,
  deriveParticipantId,
  salesInvoiceMessage,
  salesInvoiceToUbl,
  sellerParticipant,
  UblBuildError,
  validateInvoice,
} from '#packages/peppol';
import { buyers, type LineSpec, salesInvoice, sellers } from './fixtures.ts';

const iban = 'NL91ABNA0417164300';
const credited = { number: 'F2026-0001', invoiceDate: '2026-10-01' };

const multiRate: Record<Country, LineSpec[]> = {
  NL: [
    { quantity: '2', unitPrice: 10050, vatCode: 'NL-V21' },
    { quantity: '1.5', unitPrice: 333, vatCode: 'NL-V9' },
    { quantity: '3', unitPrice: 1999, vatCode: 'NL-V21-PRIVATE' },
    { quantity: '1', unitPrice: 1200, vatCode: 'NL-V0' },
  ],
  BE: [
    { quantity: '3', unitPrice: 1999, vatCode: 'BE-V21' },
    { quantity: '0.25', unitPrice: 12345, vatCode: 'BE-V6' },
    { quantity: '1', unitPrice: 777, vatCode: 'BE-V12' },
    { quantity: '-1', unitPrice: 500, vatCode: 'BE-V21' },
  ],
};
const reverseCharge: Record<Country, LineSpec[]> = {
  NL: [{ quantity: '8', unitPrice: 6500, vatCode: 'NL-V-RC' }],
  BE: [{ quantity: '8', unitPrice: 6500, vatCode: 'BE-V-COCONTRACTOR' }],
};

const cases = (['NL', 'BE'] as const).flatMap((country) =>
  (['invoice', 'credit-note'] as const).flatMap((kind) => [
    { country, kind, what: 'multi-rate', lines: multiRate[country] },
    { country, kind, what: 'reverse charge', lines: reverseCharge[country] },
  ]),
);

describe('salesInvoiceToUbl', () => {
  it.each(cases)(
    'builds a $country $what $kind that our Peppol validator finds nothing wrong with',
    ({ country, kind, lines }) => {
      const invoice = salesInvoice(country, lines, kind);
      const ubl = salesInvoiceToUbl(invoice, sellers[country], buyers[country], {
        iban,
        ...(kind === 'credit-note' ? { creditedInvoice: credited } : {}),
      });
      expect(ubl.root).toBe(kind === 'credit-note' ? 'CreditNote' : 'Invoice');
      expect(validateInvoice(ubl.xml, { peppol: true }).findings).toEqual([]);
    },
  );

  it('writes a credit note with positive amounts, type 381 and the credited invoice', () => {
    const note = salesInvoice('BE', multiRate.BE.slice(0, 3), 'credit-note');
    expect(note.totals.gross).toBeLessThan(0);
    const { xml } = salesInvoiceToUbl(note, sellers.BE, buyers.BE, { creditedInvoice: credited });
    expect(xml).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
    expect(xml).toContain(
      `<cbc:PayableAmount currencyID="EUR">${(-note.totals.gross / 100).toFixed(2)}</cbc:PayableAmount>`,
    );
    expect(xml).toContain('<cac:InvoiceDocumentReference><cbc:ID>F2026-0001</cbc:ID>');
    expect(xml).not.toMatch(/currencyID="EUR">-/);
  });

  it('merges codes of one category and rate into one VAT breakdown line', () => {
    const { xml } = salesInvoiceToUbl(salesInvoice('NL', multiRate.NL), sellers.NL, buyers.NL, { iban });
    expect(xml.match(/<cac:TaxSubtotal>/g)).toHaveLength(3);
    expect(xml).toContain('<cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent>');
    expect(xml).toContain('<cbc:ID>S</cbc:ID><cbc:Percent>9</cbc:Percent>');
    expect(xml).toContain('<cbc:ID>Z</cbc:ID><cbc:Percent>0</cbc:Percent>');
  });

  it('marks reverse charge AE with an exemption reason and zero VAT', () => {
    const { xml } = salesInvoiceToUbl(salesInvoice('BE', reverseCharge.BE), sellers.BE, buyers.BE);
    expect(xml).toMatch(/<cbc:ID>AE<\/cbc:ID><cbc:Percent>0<\/cbc:Percent><cbc:TaxExemptionReasonCode>VATEX-EU-AE/);
    expect(xml).toContain('<cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>');
  });

  it.each([
    ['NL', 'NL-V-EU-GOODS', 'K'],
    ['BE', 'BE-V-EU-SERVICES', 'K'],
    ['NL', 'NL-V-EXEMPT', 'E'],
    ['BE', 'BE-V-EXPORT', 'G'],
  ] as const)('passes the validator for a %s invoice with %s (category %s)', (country, vatCode, category) => {
    const invoice = salesInvoice(country, [
      { quantity: '2', unitPrice: 10000, vatCode },
      { quantity: '1', unitPrice: 4000, vatCode: country === 'NL' ? 'NL-V21' : 'BE-V21' },
    ]);
    const { xml } = salesInvoiceToUbl(invoice, sellers[country], buyers[country], { iban });
    expect(xml).toContain(`<cbc:ID>${category}</cbc:ID>`);
    expect(validateInvoice(xml, { peppol: true }).findings).toEqual([]);
  });

  it('leaves payment means out without an IBAN, which a Belgian seller may', () => {
    const { xml } = salesInvoiceToUbl(salesInvoice('BE', multiRate.BE), sellers.BE, buyers.BE);
    expect(xml).not.toContain('PaymentMeans');
    expect(validateInvoice(xml, { peppol: true }).findings).toEqual([]);
  });

  it('pays by SEPA credit transfer (58) to the IBAN with the payment reference', () => {
    const invoice = salesInvoice('BE', multiRate.BE);
    const { xml } = salesInvoiceToUbl(invoice, sellers.BE, buyers.BE, { iban: 'BE68 5390 0754 7034' });
    expect(xml).toContain('<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>');
    expect(xml).toContain(`<cbc:PaymentID>${invoice.paymentReference}</cbc:PaymentID>`);
    expect(xml).toContain('<cbc:ID>BE68539007547034</cbc:ID>');
  });

  it('does not invent payment means for a Dutch seller without an IBAN: the validator reports NL-R-007', () => {
    const { xml } = salesInvoiceToUbl(salesInvoice('NL', multiRate.NL), sellers.NL, buyers.NL);
    expect(validateInvoice(xml, { peppol: true }).findings.map((f) => f.id)).toEqual(['NL-R-007']);
  });

  it('escapes markup in names and descriptions', () => {
    const invoice = { ...salesInvoice('BE', multiRate.BE), description: 'Werk <tuin> & "terras"' };
    const { xml } = salesInvoiceToUbl(invoice, sellers.BE, { ...buyers.BE, name: 'A & B <NV>' });
    expect(xml).toContain('A &amp; B &lt;NV&gt;');
    expect(validateInvoice(xml, { peppol: true }).findings).toEqual([]);
  });

  it('refuses a purchase invoice and a buyer it cannot reach', () => {
    const purchase = { ...salesInvoice('BE', multiRate.BE), side: 'purchase' as const };
    expect(() => salesInvoiceToUbl(purchase, sellers.BE, buyers.BE)).toThrow(UblBuildError);
    const unreachable = { name: 'Particulier', number: 9, address: { country: 'BE' } };
    expect(() => salesInvoiceToUbl(salesInvoice('BE', multiRate.BE), sellers.BE, unreachable)).toThrow(/no Peppol id/);
  });
});

describe('participant ids', () => {
  it('takes the seller registered id first, else the company number (0208 BE, 0106 NL)', () => {
    expect(sellerParticipant(sellers.NL)).toEqual({ scheme: '0106', id: '12345678' });
    expect(sellerParticipant(sellers.BE)).toEqual({ scheme: '0208', id: '0403170701' });
  });

  it('takes a relation external id with source peppol before deriving one', () => {
    const buyer = { ...buyers.BE, externalIds: [{ source: 'peppol', id: '9925:BE0202239951' }] };
    expect(buyerParticipant(buyer)).toEqual({ scheme: '9925', id: 'BE0202239951' });
  });

  it('falls back to the VAT number (9944 NL, 9925 BE) when there is no valid company number', () => {
    expect(deriveParticipantId({ country: 'NL', vatNumber: 'NL123456782B01' })).toEqual({
      scheme: '9944',
      id: 'NL123456782B01',
    });
    expect(deriveParticipantId({ country: 'BE', vatNumber: 'BE0403.170.701', companyNumber: '123' })).toEqual({
      scheme: '9925',
      id: 'BE0403170701',
    });
    expect(deriveParticipantId({ country: 'DE', vatNumber: 'DE123456789' })).toBeUndefined();
  });
});

describe('salesInvoiceMessage', () => {
  it('wraps the invoice in an SBDH addressed to the buyer with the BIS 3.0 document type', () => {
    const ubl = salesInvoiceToUbl(salesInvoice('BE', multiRate.BE), sellers.BE, buyers.BE);
    const message = salesInvoiceMessage(ubl, { instanceId: 'inst-1', createdAt: '2026-11-01T10:00:00Z' });
    expect(message.receiver).toBe('0208:0202239951');
    expect(message.documentType).toBe(
      'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1',
    );
    expect(message.process).toBe('urn:fdc:peppol.eu:2017:poacc:billing:01:1.0');
    expect(message.sbdh).toContain('<InstanceIdentifier>inst-1</InstanceIdentifier>');
    expect(message.sbdh).toContain('0208:0403170701');
    expect(message.sbdh).not.toContain('<?xml version="1.0" encoding="UTF-8"?>\n<Invoice');
  });
});
