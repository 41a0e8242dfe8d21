import { type ParticipantId, participantAuthority, participantValue } from './participant.js';
import { escapeXml } from './xml.js';

/** What the header of an outgoing Peppol message says: who to whom, which document in which process. */
export interface EnvelopeSpec {
  readonly sender: ParticipantId;
  readonly receiver: ParticipantId;
  /** Peppol document type identifier (busdox-docid-qns). */
  readonly documentType: string;
  /** Peppol process identifier (cenbii-procid-ubl). */
  readonly process: string;
  readonly instanceId: string;
  /** ISO date-time. */
  readonly createdAt: string;
  /** `ApplicationResponse`, `Invoice`, … */
  readonly type: string;
  /** Root namespace of the business document. */
  readonly standard: string;
  /** Country of the sender (COUNTRY_C1), when known. */
  readonly countryC1?: string | undefined;
}

/**
 * Wraps a business document (without its XML declaration) in the StandardBusinessDocument
 * envelope Peppol access points exchange (Peppol Envelope Specification 2.0).
 */
export function wrapInSbdh(spec: EnvelopeSpec, document: string): string {
  const body = document.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">',
    '  <StandardBusinessDocumentHeader>',
    '    <HeaderVersion>1.0</HeaderVersion>',
    `    <Sender><Identifier Authority="${participantAuthority}">${escapeXml(participantValue(spec.sender))}</Identifier></Sender>`,
    `    <Receiver><Identifier Authority="${participantAuthority}">${escapeXml(participantValue(spec.receiver))}</Identifier></Receiver>`,
    '    <DocumentIdentification>',
    `      <Standard>${escapeXml(spec.standard)}</Standard>`,
    '      <TypeVersion>2.1</TypeVersion>',
    `      <InstanceIdentifier>${escapeXml(spec.instanceId)}</InstanceIdentifier>`,
    `      <Type>${escapeXml(spec.type)}</Type>`,
    `      <CreationDateAndTime>${escapeXml(spec.createdAt)}</CreationDateAndTime>`,
    '    </DocumentIdentification>',
    '    <BusinessScope>',
    `      <Scope><Type>DOCUMENTID</Type><InstanceIdentifier>${escapeXml(spec.documentType)}</InstanceIdentifier><Identifier>busdox-docid-qns</Identifier></Scope>`,
    `      <Scope><Type>PROCESSID</Type><InstanceIdentifier>${escapeXml(spec.process)}</InstanceIdentifier><Identifier>cenbii-procid-ubl</Identifier></Scope>`,
    spec.countryC1
      ? `      <Scope><Type>COUNTRY_C1</Type><InstanceIdentifier>${escapeXml(spec.countryC1)}</InstanceIdentifier></Scope>`
      : '',
    '    </BusinessScope>',
    '  </StandardBusinessDocumentHeader>',
    body.trim(),
    '</StandardBusinessDocument>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
