import { describe, expect, it } from 'vitest';
import { EnvelopeError, parseSbdh, validateInvoice } from '#packages/peppol';
import { billingInvoiceType, billingProcessId, dutchInvoice, peppolMessage } from './messages.ts';

describe('parseSbdh', () => {
  it('reads sender, receiver, document type, process, instance id and creation time from the header', () => {
    const { header } = parseSbdh(
      peppolMessage({ sender: '0106:12345678', receiver: '0208:0403170701', instanceId: 'a-1' }),
    );
    expect(header).toEqual({
      sender: { scheme: '0106', id: '12345678' },
      receiver: { scheme: '0208', id: '0403170701' },
      documentType: billingInvoiceType,
      process: billingProcessId,
      instanceId: 'a-1',
      createdAt: '2026-11-20T09:00:00Z',
      countryC1: 'NL',
    });
  });

  it('gives the business document as XML that stands on its own and validates', () => {
    const invoice = dutchInvoice(11);
    const { document, root } = parseSbdh(
      peppolMessage({ sender: '0106:1', receiver: '0106:2', instanceId: 'x', invoice }),
    );
    expect(root.name).toBe('Invoice');
    expect(document.startsWith('<Invoice')).toBe(true);
    expect(document.endsWith('</Invoice>')).toBe(true);
    expect(validateInvoice(document).valid).toBe(true);
  });

  it('carries prefixed namespace declarations of the envelope onto the document root', () => {
    const xml = `<sh:StandardBusinessDocument xmlns:sh="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader" xmlns:cbc="urn:cbc">
  <sh:StandardBusinessDocumentHeader>
    <sh:Sender><sh:Identifier>iso6523-actorid-upis::9925:BE0403170701</sh:Identifier></sh:Sender>
    <sh:Receiver><sh:Identifier>0190:00000000000000000001</sh:Identifier></sh:Receiver>
    <sh:DocumentIdentification><sh:Standard>urn:x</sh:Standard><sh:InstanceIdentifier>i</sh:InstanceIdentifier><sh:Type>Invoice</sh:Type></sh:DocumentIdentification>
  </sh:StandardBusinessDocumentHeader>
  <Invoice xmlns="urn:inv"><cbc:ID>1</cbc:ID></Invoice>
</sh:StandardBusinessDocument>`;
    const { header, document } = parseSbdh(xml);
    expect(header.sender).toEqual({ scheme: '9925', id: 'BE0403170701' });
    expect(header.documentType).toBe('urn:x::Invoice');
    expect(header.process).toBeUndefined();
    expect(document).toBe('<Invoice xmlns="urn:inv" xmlns:cbc="urn:cbc"><cbc:ID>1</cbc:ID></Invoice>');
  });

  it('refuses a bare invoice with ENVELOPE_INVALID', () => {
    const error = (() => {
      try {
        parseSbdh('<Invoice><ID>1</ID></Invoice>');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EnvelopeError);
    expect((error as EnvelopeError).code).toBe('ENVELOPE_INVALID');
  });

  it('refuses an envelope without a receiver, naming what is missing', () => {
    const xml = peppolMessage({ sender: '0106:1', receiver: '0106:2', instanceId: 'x' }).replace(
      /<Receiver>.*<\/Receiver>/,
      '',
    );
    expect(() => parseSbdh(xml)).toThrow(/Receiver\/Identifier/);
  });

  it('refuses hostile XML (a DOCTYPE with entities) with ENVELOPE_UNREADABLE', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><StandardBusinessDocument>&a;</StandardBusinessDocument>`;
    expect(() => parseSbdh(xml)).toThrow(expect.objectContaining({ code: 'ENVELOPE_UNREADABLE' }));
  });
});
