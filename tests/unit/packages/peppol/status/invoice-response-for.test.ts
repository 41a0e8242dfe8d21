import { describe, expect, it } from 'vitest';
import { invoiceResponseFor, type PeppolConversation, type PeppolStatusEvent, parseSbdh } from '#packages/peppol';
import type { XmlElement } from '#packages/recognition';

const conversation: PeppolConversation = {
  documentId: 'doc-1',
  sender: '0106:12345678',
  instanceId: 'msg-1',
  receiver: '0208:0403170701',
  buyerName: 'Bakkerij Jansen BV',
  sellerName: 'Installatie & Zonen B.V.',
  invoice: { id: 'F-2026-17', issueDate: '2026-11-02', typeCode: '380' },
  countryC1: 'NL',
};
const where = { firmId: 'firm-1', administrationId: 'adm-1' };
const issuedAt = '2026-11-23T10:15:00.000Z';

const at = (element: XmlElement | undefined, ...path: string[]) =>
  path.reduce<XmlElement | undefined>((e, name) => e?.children.find((c) => c.name === name), element);
const read = (event: PeppolStatusEvent) => {
  const message = invoiceResponseFor(conversation, event, issuedAt);
  return { message, sbdh: parseSbdh(Buffer.from(message.sbdh)) };
};

describe('invoiceResponseFor', () => {
  it('answers an accepted proposal with AP, effective on the day of the decision, to the seller', () => {
    const { message, sbdh } = read({
      kind: 'proposal-accepted',
      ...where,
      documentId: 'doc-1',
      at: '2026-11-20T08:00:00.000Z',
    });

    expect(message).toMatchObject({
      version: 1,
      kind: 'invoice-response',
      responseCode: 'AP',
      receiver: '0106:12345678',
    });
    expect(sbdh.header.sender).toEqual({ scheme: '0208', id: '0403170701' });
    expect(sbdh.header.receiver).toEqual({ scheme: '0106', id: '12345678' });
    expect(sbdh.header.countryC1).toBe('NL');
    expect(at(sbdh.root, 'DocumentResponse', 'Response', 'ResponseCode')?.text).toBe('AP');
    expect(at(sbdh.root, 'DocumentResponse', 'Response', 'EffectiveDate')?.text).toBe('2026-11-20');
    expect(at(sbdh.root, 'DocumentResponse', 'DocumentReference', 'ID')?.text).toBe('F-2026-17');
    expect(at(sbdh.root, 'ReceiverParty', 'PartyLegalEntity', 'RegistrationName')?.text).toBe(
      'Installatie & Zonen B.V.',
    );
  });

  it('answers a rejected proposal with RE and the reason as an OTH status reason', () => {
    const { message, sbdh } = read({
      kind: 'proposal-rejected',
      ...where,
      documentId: 'doc-1',
      reason: 'Wrong purchase order number',
      at: issuedAt,
    });

    expect(message.responseCode).toBe('RE');
    const status = at(sbdh.root, 'DocumentResponse', 'Response', 'Status');
    expect(at(status, 'StatusReasonCode')?.text).toBe('OTH');
    expect(at(status, 'StatusReason')?.text).toBe('Wrong purchase order number');
  });

  it('answers a purchase open item paid in full with PD on the payment date', () => {
    const { message, sbdh } = read({ kind: 'open-item-paid', ...where, openItemId: 'oi-1', at: '2026-11-22' });

    expect(message.responseCode).toBe('PD');
    expect(at(sbdh.root, 'DocumentResponse', 'Response', 'EffectiveDate')?.text).toBe('2026-11-22');
  });

  it('gives the same status of the same message the same id, and each status its own', () => {
    const accepted = { kind: 'proposal-accepted', ...where, documentId: 'doc-1', at: issuedAt } as const;
    const paid = { kind: 'open-item-paid', ...where, openItemId: 'oi-1', at: '2026-11-22' } as const;

    const first = invoiceResponseFor(conversation, accepted, issuedAt);
    const again = invoiceResponseFor(conversation, accepted, '2026-11-24T00:00:00.000Z');
    const other = invoiceResponseFor(conversation, paid, issuedAt);

    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
  });
});
