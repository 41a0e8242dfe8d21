import { describe, expect, it } from 'vitest';
import { addressForDelivery, parseSbdh, selectForValidation, validateInvoice } from '#packages/peppol';
import { renderUbl } from '../../../../helpers/invoices/index.ts';
import { dutchInvoice, peppolMessage } from './messages.ts';

const message = peppolMessage({ sender: '0106:12345678', receiver: '0106:27312152', instanceId: 'sel-1' });

describe('selectForValidation', () => {
  it('unwraps an SBDH when no path is given, and keeps anything else whole', () => {
    expect(selectForValidation(message)?.startsWith('<Invoice')).toBe(true);
    const bare = renderUbl(dutchInvoice(3));
    expect(selectForValidation(bare)).toBe(bare);
  });

  it("selects by //*[local-name()='…'], //Name and /Root/Child, giving XML the validator reads", () => {
    for (const path of ["//*[local-name()='Invoice']", '//Invoice', '/StandardBusinessDocument/Invoice']) {
      const xml = selectForValidation(message, path);
      expect(xml && validateInvoice(xml).valid, path).toBe(true);
    }
    expect(selectForValidation(message, '//cbc:PayableAmount')).toMatch(
      /^<cbc:PayableAmount [^>]*xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"[^>]* currencyID="EUR">[\d.]+<\/cbc:PayableAmount>$/,
    );
  });

  it('finds nothing for a path that matches no element, and refuses other XPath forms', () => {
    expect(selectForValidation(message, '//Nothing')).toBeUndefined();
    expect(selectForValidation(message, '/Invoice')).toBeUndefined();
    expect(() => selectForValidation(message, '//Invoice[1]')).toThrow(/--select supports/);
  });
});

describe('addressForDelivery', () => {
  it('wraps a bare invoice in an SBDH from the seller to the buyer endpoint, or to --to', () => {
    const invoice = dutchInvoice(3);
    const xml = renderUbl(invoice);
    const wrapped = parseSbdh(addressForDelivery(xml, { now: new Date('2026-11-23T10:00:00Z') }));
    expect(wrapped.header.sender).toEqual({ scheme: '0106', id: invoice.supplier.companyNumber });
    expect(wrapped.header.receiver.id).toBe(invoice.customer.companyNumber);
    expect(wrapped.header.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    const to = parseSbdh(addressForDelivery(xml, { to: '0208:0403170701', now: new Date() }));
    expect(to.header.receiver).toEqual({ scheme: '0208', id: '0403170701' });
  });

  it('keeps an SBDH as it is, replacing only the receiver when told', () => {
    expect(addressForDelivery(message, { now: new Date() })).toBe(message);
    const readdressed = parseSbdh(addressForDelivery(message, { to: '9944:NL123456782B90', now: new Date() }));
    expect(readdressed.header.receiver).toEqual({ scheme: '9944', id: 'NL123456782B90' });
    expect(readdressed.header.instanceId).toBe('sel-1');
  });
});
