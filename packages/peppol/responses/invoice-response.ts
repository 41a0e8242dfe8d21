import { type ParticipantId, participantValue } from './participant.js';
import { type EnvelopeSpec, wrapInSbdh } from './sbdh.js';
import { escapeXml, ublNamespaces } from './xml.js';

export const invoiceResponseCustomization = 'urn:fdc:peppol.eu:poacc:trns:invoice_response:3';
export const invoiceResponseProfile = 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3';
export const applicationResponseStandard = 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2';
export const invoiceResponseDocumentType = `${applicationResponseStandard}::ApplicationResponse##${invoiceResponseCustomization}::2.1`;

/**
 * Invoice Response status codes (UNCL4343 subset): acknowledged, in process, under query,
 * conditionally accepted, rejected, accepted, paid.
 */
export const invoiceResponseCodes = ['AB', 'IP', 'UQ', 'CA', 'RE', 'AP', 'PD'] as const;
export type InvoiceResponseCode = (typeof invoiceResponseCodes)[number];

/** Clarification reasons (OPStatusReason). */
export const statusReasons = [
  'NON',
  'REF',
  'LEG',
  'REC',
  'QUA',
  'DEL',
  'PRI',
  'QTY',
  'ITM',
  'PAY',
  'UNR',
  'FIN',
  'PPD',
  'OTH',
] as const;
/** Actions asked of the seller (OPStatusAction). */
export const statusActions = ['NOA', 'PIN', 'NIN', 'CNF', 'CNP', 'CNA', 'OTH'] as const;

export interface Clarification {
  readonly kind: 'reason' | 'action';
  readonly code: (typeof statusReasons)[number] | (typeof statusActions)[number];
  readonly text?: string | undefined;
}

export interface ResponseParty {
  readonly participant: ParticipantId;
  /** Legal name (mandatory in the Invoice Response for both parties). */
  readonly name: string;
}

export interface InvoiceResponseSpec {
  readonly id: string;
  /** ISO date-time of issue. */
  readonly issuedAt: string;
  readonly code: InvoiceResponseCode;
  /** The buyer answering (us). */
  readonly sender: ResponseParty;
  /** The seller that sent the invoice. */
  readonly receiver: ResponseParty;
  /** The invoice or credit note answered. */
  readonly document: { readonly id: string; readonly issueDate?: string | undefined; readonly typeCode: string };
  readonly clarifications?: readonly Clarification[];
  readonly note?: string | undefined;
  /** AP, PD: when the status took effect (YYYY-MM-DD). */
  readonly effectiveDate?: string | undefined;
}

/** UQ and RE must say why; CA should. */
const needsReason: ReadonlySet<InvoiceResponseCode> = new Set(['UQ', 'RE', 'CA']);

export class InvoiceResponseError extends Error {
  override name = 'InvoiceResponseError';
}

const party = (tag: string, p: ResponseParty) =>
  [
    `  <cac:${tag}>`,
    `    <cbc:EndpointID schemeID="${escapeXml(p.participant.scheme)}">${escapeXml(p.participant.id)}</cbc:EndpointID>`,
    `    <cac:PartyLegalEntity><cbc:RegistrationName>${escapeXml(p.name)}</cbc:RegistrationName></cac:PartyLegalEntity>`,
    `  </cac:${tag}>`,
  ].join('\n');

/**
 * A Peppol BIS Invoice Response 3.0 (UBL ApplicationResponse). UQ and RE carry at least one
 * clarification reason, as the BIS rules demand.
 */
export function buildInvoiceResponse(spec: InvoiceResponseSpec): string {
  const clarifications = spec.clarifications ?? [];
  if (needsReason.has(spec.code) && !clarifications.some((c) => c.kind === 'reason')) {
    throw new InvoiceResponseError(`An Invoice Response with status ${spec.code} needs a clarification reason.`);
  }
  const statuses = clarifications.map((c) =>
    [
      '        <cac:Status>',
      `          <cbc:StatusReasonCode listID="${c.kind === 'reason' ? 'OPStatusReason' : 'OPStatusAction'}">${c.code}</cbc:StatusReasonCode>`,
      c.text ? `          <cbc:StatusReason>${escapeXml(c.text)}</cbc:StatusReason>` : '',
      '        </cac:Status>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ApplicationResponse ${ublNamespaces}>`,
    `  <cbc:CustomizationID>${invoiceResponseCustomization}</cbc:CustomizationID>`,
    `  <cbc:ProfileID>${invoiceResponseProfile}</cbc:ProfileID>`,
    `  <cbc:ID>${escapeXml(spec.id)}</cbc:ID>`,
    `  <cbc:IssueDate>${spec.issuedAt.slice(0, 10)}</cbc:IssueDate>`,
    `  <cbc:IssueTime>${spec.issuedAt.slice(11, 19)}</cbc:IssueTime>`,
    spec.note ? `  <cbc:Note>${escapeXml(spec.note)}</cbc:Note>` : '',
    party('SenderParty', spec.sender),
    party('ReceiverParty', spec.receiver),
    '  <cac:DocumentResponse>',
    '    <cac:Response>',
    `      <cbc:ResponseCode listID="UNCL4343OpSubset">${spec.code}</cbc:ResponseCode>`,
    spec.effectiveDate ? `      <cbc:EffectiveDate>${spec.effectiveDate}</cbc:EffectiveDate>` : '',
    ...statuses,
    '    </cac:Response>',
    '    <cac:DocumentReference>',
    `      <cbc:ID>${escapeXml(spec.document.id)}</cbc:ID>`,
    spec.document.issueDate ? `      <cbc:IssueDate>${spec.document.issueDate}</cbc:IssueDate>` : '',
    `      <cbc:DocumentTypeCode>${escapeXml(spec.document.typeCode)}</cbc:DocumentTypeCode>`,
    '    </cac:DocumentReference>',
    '  </cac:DocumentResponse>',
    '</ApplicationResponse>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** The Invoice Response in its SBDH, addressed back to the seller, ready for the access point. */
export function invoiceResponseMessage(spec: InvoiceResponseSpec, countryC1?: string) {
  const envelope: EnvelopeSpec = {
    sender: spec.sender.participant,
    receiver: spec.receiver.participant,
    documentType: invoiceResponseDocumentType,
    process: invoiceResponseProfile,
    instanceId: spec.id,
    createdAt: spec.issuedAt,
    type: 'ApplicationResponse',
    standard: applicationResponseStandard,
    countryC1,
  };
  return {
    sbdh: wrapInSbdh(envelope, buildInvoiceResponse(spec)),
    receiver: participantValue(spec.receiver.participant),
    documentType: invoiceResponseDocumentType,
    process: invoiceResponseProfile,
  };
}
