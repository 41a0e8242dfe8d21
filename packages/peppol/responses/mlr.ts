import { applicationResponseStandard } from './invoice-response.js';
import { type ParticipantId, participantValue } from './participant.js';
import { wrapInSbdh } from './sbdh.js';
import { escapeXml, ublNamespaces } from './xml.js';

export const mlrCustomization = 'urn:fdc:peppol.eu:poacc:trns:mlr:3';
export const mlrProfile = 'urn:fdc:peppol.eu:poacc:bis:mlr:3';
export const mlrDocumentType = `${applicationResponseStandard}::ApplicationResponse##${mlrCustomization}::2.1`;
/** The billing process, for an MLR answering a message whose process could not be read. */
export const billingProcess = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

/** AB: received; AP: accepted; RE: rejected. */
export type MlrCode = 'AB' | 'AP' | 'RE';

/**
 * One problem found in the message. `reason`: BV business rule violation (fatal), BW business
 * rule warning, SV syntax violation, FD failure of delivery (e.g. receiver unknown).
 */
export interface MlrLine {
  /** Where in the message: an XPath, or `NA`. */
  readonly location: string;
  /** The rule id (`BR-CO-10`, `PEPPOL-EN16931-R001`), shown in the description. */
  readonly ruleId: string;
  readonly text: string;
  readonly reason: 'BV' | 'BW' | 'SV' | 'FD';
  readonly code?: 'RE' | 'AB';
}

export interface MlrSpec {
  readonly id: string;
  readonly issuedAt: string;
  readonly code: MlrCode;
  /** The party answering: the receiver of the original message. */
  readonly sender: ParticipantId;
  /** The original sender. */
  readonly receiver: ParticipantId;
  /** The SBDH instance identifier of the message answered. */
  readonly messageId: string;
  readonly description?: string | undefined;
  readonly lines?: readonly MlrLine[];
}

/** A Peppol Message Level Response 3.0 (UBL ApplicationResponse). */
export function buildMlr(spec: MlrSpec): string {
  const lines = (spec.lines ?? []).map((line) =>
    [
      '    <cac:LineResponse>',
      `      <cac:LineReference><cbc:LineID>${escapeXml(line.location || 'NA')}</cbc:LineID></cac:LineReference>`,
      '      <cac:Response>',
      `        <cbc:ResponseCode listID="UNCL4343OpSubset">${line.code ?? (line.reason === 'BW' ? 'AB' : 'RE')}</cbc:ResponseCode>`,
      `        <cbc:Description>[${escapeXml(line.ruleId)}] ${escapeXml(line.text)}</cbc:Description>`,
      `        <cac:Status><cbc:StatusReasonCode listID="SVC">${line.reason}</cbc:StatusReasonCode></cac:Status>`,
      '      </cac:Response>',
      '    </cac:LineResponse>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ApplicationResponse ${ublNamespaces}>`,
    `  <cbc:CustomizationID>${mlrCustomization}</cbc:CustomizationID>`,
    `  <cbc:ProfileID>${mlrProfile}</cbc:ProfileID>`,
    `  <cbc:ID>${escapeXml(spec.id)}</cbc:ID>`,
    `  <cbc:IssueDate>${spec.issuedAt.slice(0, 10)}</cbc:IssueDate>`,
    `  <cbc:IssueTime>${spec.issuedAt.slice(11, 19)}</cbc:IssueTime>`,
    `  <cac:SenderParty><cbc:EndpointID schemeID="${escapeXml(spec.sender.scheme)}">${escapeXml(spec.sender.id)}</cbc:EndpointID></cac:SenderParty>`,
    `  <cac:ReceiverParty><cbc:EndpointID schemeID="${escapeXml(spec.receiver.scheme)}">${escapeXml(spec.receiver.id)}</cbc:EndpointID></cac:ReceiverParty>`,
    '  <cac:DocumentResponse>',
    '    <cac:Response>',
    `      <cbc:ResponseCode>${spec.code}</cbc:ResponseCode>`,
    spec.description ? `      <cbc:Description>${escapeXml(spec.description)}</cbc:Description>` : '',
    '    </cac:Response>',
    `    <cac:DocumentReference><cbc:ID>${escapeXml(spec.messageId)}</cbc:ID></cac:DocumentReference>`,
    ...lines,
    '  </cac:DocumentResponse>',
    '</ApplicationResponse>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The MLR in its SBDH, addressed back to the original sender. It travels in the process of the
 * message it answers (the billing process when that could not be read).
 */
export function mlrMessage(spec: MlrSpec, process = billingProcess) {
  return {
    sbdh: wrapInSbdh(
      {
        sender: spec.sender,
        receiver: spec.receiver,
        documentType: mlrDocumentType,
        process,
        instanceId: spec.id,
        createdAt: spec.issuedAt,
        type: 'ApplicationResponse',
        standard: applicationResponseStandard,
      },
      buildMlr(spec),
    ),
    receiver: participantValue(spec.receiver),
    documentType: mlrDocumentType,
    process,
  };
}
