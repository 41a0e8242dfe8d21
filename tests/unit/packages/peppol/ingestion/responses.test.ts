import { describe, expect, it } from 'vitest';
import {
  buildInvoiceResponse,
  buildMlr,
  InvoiceResponseError,
  invoiceResponseCodes,
  invoiceResponseMessage,
  mlrMessage,
  parseSbdh,
} from '#packages/peppol';
import { parseXml, type XmlElement } from '#packages/recognition';

const buyer = { participant: { scheme: '0208', id: '0403170701' }, name: 'Bakkerij Jansen BV' };
const seller = { participant: { scheme: '0106', id: '12345678' }, name: 'Leverancier & Zn B.V.' };
const invoice = { id: 'F-2026-17', issueDate: '2026-11-01', typeCode: '380' };

const at = (element: XmlElement | undefined, ...path: string[]) =>
  path.reduce<XmlElement | undefined>((e, name) => e?.children.find((c) => c.name === name), element);
const all = (element: XmlElement | undefined, name: string) => element?.children.filter((c) => c.name === name) ?? [];

describe('buildInvoiceResponse', () => {
  it('builds a BIS Invoice Response 3.0 for every status', () => {
    for (const code of invoiceResponseCodes) {
      const xml = buildInvoiceResponse({
        id: `r-${code}`,
        issuedAt: '2026-11-23T10:15:00.000Z',
        code,
        sender: buyer,
        receiver: seller,
        document: invoice,
        clarifications: [{ kind: 'reason', code: 'NON' }],
      });
      const root = parseXml(xml);
      expect(root.name).toBe('ApplicationResponse');
      expect(at(root, 'CustomizationID')?.text).toBe('urn:fdc:peppol.eu:poacc:trns:invoice_response:3');
      expect(at(root, 'ProfileID')?.text).toBe('urn:fdc:peppol.eu:poacc:bis:invoice_response:3');
      expect(at(root, 'IssueDate')?.text).toBe('2026-11-23');
      expect(at(root, 'DocumentResponse', 'Response', 'ResponseCode')?.text).toBe(code);
      expect(at(root, 'DocumentResponse', 'DocumentReference', 'ID')?.text).toBe('F-2026-17');
      expect(at(root, 'ReceiverParty', 'PartyLegalEntity', 'RegistrationName')?.text).toBe('Leverancier & Zn B.V.');
      expect(at(root, 'SenderParty', 'EndpointID')?.attributes.schemeID).toBe('0208');
    }
  });

  it('carries clarification reasons and actions with their texts for UQ', () => {
    const root = parseXml(
      buildInvoiceResponse({
        id: 'r',
        issuedAt: '2026-11-23T10:15:00Z',
        code: 'UQ',
        sender: buyer,
        receiver: seller,
        document: invoice,
        clarifications: [
          { kind: 'reason', code: 'REF', text: 'Ordernummer ontbreekt' },
          { kind: 'action', code: 'PIN' },
        ],
      }),
    );
    const statuses = all(at(root, 'DocumentResponse', 'Response'), 'Status');
    expect(
      statuses.map((s) => [at(s, 'StatusReasonCode')?.attributes.listID, at(s, 'StatusReasonCode')?.text]),
    ).toEqual([
      ['OPStatusReason', 'REF'],
      ['OPStatusAction', 'PIN'],
    ]);
    expect(at(statuses[0], 'StatusReason')?.text).toBe('Ordernummer ontbreekt');
  });

  it('refuses UQ and RE without a clarification reason', () => {
    for (const code of ['UQ', 'RE'] as const) {
      expect(() =>
        buildInvoiceResponse({
          id: 'r',
          issuedAt: '2026-11-23T10:15:00Z',
          code,
          sender: buyer,
          receiver: seller,
          document: invoice,
          clarifications: [{ kind: 'action', code: 'NIN' }],
        }),
      ).toThrow(InvoiceResponseError);
    }
  });

  it('wraps the response in an SBDH addressed back to the seller', () => {
    const message = invoiceResponseMessage({
      id: 'r-1',
      issuedAt: '2026-11-23T10:15:00Z',
      code: 'AP',
      sender: buyer,
      receiver: seller,
      document: invoice,
      effectiveDate: '2026-11-23',
    });
    expect(message.receiver).toBe('0106:12345678');
    const { header, root } = parseSbdh(message.sbdh);
    expect(header.sender).toEqual(buyer.participant);
    expect(header.receiver).toEqual(seller.participant);
    expect(header.instanceId).toBe('r-1');
    expect(header.documentType).toBe(message.documentType);
    expect(header.process).toBe('urn:fdc:peppol.eu:poacc:bis:invoice_response:3');
    expect(at(root, 'DocumentResponse', 'Response', 'EffectiveDate')?.text).toBe('2026-11-23');
  });
});

describe('buildMlr', () => {
  it('builds a rejecting MLR 3.0 with one line response per rule, the rule id in the description', () => {
    const root = parseXml(
      buildMlr({
        id: 'm-1',
        issuedAt: '2026-11-23T10:15:00Z',
        code: 'RE',
        sender: buyer.participant,
        receiver: seller.participant,
        messageId: 'sbdh-instance-1',
        lines: [
          {
            location: '/Invoice/cac:LegalMonetaryTotal',
            ruleId: 'BR-CO-16',
            text: 'Payable amount wrong',
            reason: 'BV',
          },
          { location: '/', ruleId: 'XML-MALFORMED', text: 'Not XML', reason: 'SV' },
        ],
      }),
    );
    expect(at(root, 'CustomizationID')?.text).toBe('urn:fdc:peppol.eu:poacc:trns:mlr:3');
    expect(at(root, 'DocumentResponse', 'Response', 'ResponseCode')?.text).toBe('RE');
    expect(at(root, 'DocumentResponse', 'DocumentReference', 'ID')?.text).toBe('sbdh-instance-1');
    const lines = all(at(root, 'DocumentResponse'), 'LineResponse');
    expect(lines.map((l) => at(l, 'Response', 'Description')?.text)).toEqual([
      '[BR-CO-16] Payable amount wrong',
      '[XML-MALFORMED] Not XML',
    ]);
    expect(lines.map((l) => at(l, 'Response', 'Status', 'StatusReasonCode')?.text)).toEqual(['BV', 'SV']);
    expect(at(lines[0], 'LineReference', 'LineID')?.text).toBe('/Invoice/cac:LegalMonetaryTotal');
  });

  it('travels in the process of the message it answers', () => {
    const message = mlrMessage(
      {
        id: 'm',
        issuedAt: '2026-11-23T10:15:00Z',
        code: 'RE',
        sender: buyer.participant,
        receiver: seller.participant,
        messageId: 'x',
      },
      'urn:some:process',
    );
    expect(parseSbdh(message.sbdh).header.process).toBe('urn:some:process');
    expect(message.documentType).toContain('urn:fdc:peppol.eu:poacc:trns:mlr:3');
  });
});
