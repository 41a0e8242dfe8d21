import { documentIdFor, type IntakeDocument, idFrom, intakeKeys, safeName, storeDocument } from '#packages/intake';
import { type Clock, ConflictError } from '#packages/kernel';
import type { XmlElement } from '#packages/recognition';
import { getItem, type Item, stripKeys, type Table, transactWrite } from '#packages/table';
import { invoiceResponseMessage } from '../responses/invoice-response.js';
import { type MlrLine, mlrMessage } from '../responses/mlr.js';
import type { OutboundPeppolMessage } from '../responses/outbound.js';
import { participantValue } from '../responses/participant.js';
import { deterministicUuid } from '../responses/xml.js';
import { type PeppolConversation, peppolStatusKeys } from '../status/model.js';
import { type Finding, validateInvoice } from '../validation/index.js';
import { embeddedAttachments } from './attachments.js';
import { EnvelopeError } from './errors.js';
import { clearPeppolFailure } from './failures.js';
import { findingsForMlr, ruleCounts, summariseFindings } from './findings.js';
import {
  applyInvoiceResponse,
  isInvoiceResponseType,
  type ReceivedInvoiceResponse,
  readInvoiceResponse,
  sentInvoiceByNumber,
} from './invoice-responses.js';
import { type PeppolMessage, peppolKeys } from './model.js';
import { parseSbdh, type SbdhMessage } from './sbdh.js';

/** The administration a receiver participant id routes to. */
export interface PeppolRoute {
  readonly firmId: string;
  readonly administrationId: string;
  readonly legalName: string;
}

export interface PeppolIngestionDeps {
  readonly table: Table;
  readonly clock: Clock;
  /** The administration with this participant id (`scheme:id`, the id compared case-insensitively). */
  readonly route: (participantId: string) => Promise<PeppolRoute | undefined>;
  /** Stores bytes in the document bucket. */
  readonly putObject: (key: string, body: Buffer, contentType: string) => Promise<void>;
  /** Sends documents taken in to recognition (the `documents` queue). */
  readonly recognise: (firmId: string, administrationId: string, documentIds: readonly string[]) => Promise<void>;
  /** Queues an answer for the access point (the `peppol-outbound` queue). */
  readonly respond: (message: OutboundPeppolMessage) => Promise<void>;
}

export type IngestOutcome =
  | { readonly outcome: 'accepted'; readonly message: PeppolMessage; readonly document: IntakeDocument }
  | { readonly outcome: 'rejected'; readonly message: PeppolMessage }
  /** A buyer's Invoice Response to an invoice we sent, recorded on that invoice. */
  | { readonly outcome: 'response-recorded'; readonly message: PeppolMessage }
  /** The same sender and instance identifier arrived before under another raw key. */
  | { readonly outcome: 'duplicate'; readonly message: PeppolMessage };

type Plan =
  | {
      kind: 'accepted';
      record: PeppolMessage;
      route: PeppolRoute;
      sbdh: SbdhMessage;
      response: OutboundPeppolMessage;
      conversation: PeppolConversation;
    }
  | {
      kind: 'response';
      record: PeppolMessage;
      target: { firmId: string; administrationId: string; invoiceId: string };
      answer: ReceivedInvoiceResponse;
    }
  | {
      kind: 'rejected';
      record: PeppolMessage;
      response?: OutboundPeppolMessage;
      /** The whole findings list, stored beside the record before it is claimed. */
      findingsObject?: { key: string; body: Buffer };
    };

/** Where the whole findings list of a rejected message is kept: under the administration, per raw message. */
export const peppolFindingsKey = (firmId: string, administrationId: string, rawKey: string) =>
  `documents/${firmId}/${administrationId}/peppol-findings/${deterministicUuid('peppol-findings', rawKey)}.json`;

/** An MLR description stays readable however many rules a document breaks. */
const clip = (text: string, max = 2000) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const blocking = (f: Finding) => f.flag === 'fatal' || f.flag === 'error';
const text = (root: XmlElement, ...path: string[]) =>
  path.reduce<XmlElement | undefined>((at, name) => at?.children.find((c) => c.name === name), root)?.text || undefined;

/**
 * Takes one Peppol message in, as delivered by the access point (SBDH, stored under
 * `raw/peppol/`). The sender and SBDH instance identifier are claimed once, so the same message
 * again is a duplicate and never a second document. The receiver's participant id routes it
 * to an administration; an unknown receiver or an invoice with fatal or error findings is not
 * taken in: recorded with its reason, and a Message Level Response (RE, the rule ids as line
 * responses) is queued for the sender. A valid invoice or credit note is stored as a `peppol`
 * document (read on arrival, then recognised like any other door), its embedded attachments
 * stored and linked, and an Invoice Response AB queued for the sender. A buyer's Invoice
 * Response (AB, IP, UQ, CA, RE, AP, PD) to an invoice the administration sent is recorded on that
 * invoice (its status, and the answer with its reasons); one about an invoice we never sent is
 * rejected with an MLR. Findings past the first few are kept beside the record in the bucket and
 * the MLR lists at most a few hundred, saying how many there were. Running it again for
 * the same raw key finishes what a failed run left undone.
 */
export async function ingestPeppolMessage(
  deps: PeppolIngestionDeps,
  input: { rawKey: string; raw: Buffer; arrivedAt: string },
): Promise<IngestOutcome> {
  const plan = await planIngestion(deps, input);
  if (plan.kind === 'rejected' && plan.findingsObject) {
    await deps.putObject(plan.findingsObject.key, plan.findingsObject.body, 'application/json');
  }
  const key = peppolKeys.message(plan.record.sender ?? 'unknown', plan.record.instanceId);
  const conversation = plan.kind === 'accepted' ? conversationItem(plan) : undefined;
  const existing = await claim(deps.table, key, plan.record, conversation);
  if (existing && existing.rawKey !== input.rawKey) return { outcome: 'duplicate', message: existing };
  if (plan.kind === 'response') {
    await applyInvoiceResponse(deps.table, plan.target, {
      ...plan.answer,
      messageId: plan.record.instanceId,
      receivedAt: plan.record.receivedAt,
    });
    await clearPeppolFailure(deps.table, input.rawKey);
    return { outcome: 'response-recorded', message: plan.record };
  }
  if (plan.kind === 'rejected') {
    if (plan.response) await deps.respond(plan.response);
    await clearPeppolFailure(deps.table, input.rawKey);
    return { outcome: 'rejected', message: plan.record };
  }
  const document = await takeIn(deps, plan, input);
  // The AB goes out once the document is safe; the queue's consumer sends each id once.
  await deps.respond(plan.response);
  await clearPeppolFailure(deps.table, input.rawKey);
  return { outcome: 'accepted', message: plan.record, document };
}

async function planIngestion(
  deps: PeppolIngestionDeps,
  input: { rawKey: string; raw: Buffer; arrivedAt: string },
): Promise<Plan> {
  const receivedAt = input.arrivedAt;
  let sbdh: SbdhMessage;
  try {
    sbdh = parseSbdh(input.raw);
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    // Without a readable header there is no one to answer: recorded for the operator only.
    return {
      kind: 'rejected',
      record: {
        instanceId: idFrom('peppol-raw', input.rawKey),
        rawKey: input.rawKey,
        receivedAt,
        outcome: 'rejected',
        rejection: { reason: error.code, detail: error.message },
        responses: [],
      },
    };
  }
  const h = sbdh.header;
  const base = {
    instanceId: h.instanceId,
    sender: participantValue(h.sender),
    receiver: participantValue(h.receiver),
    documentType: h.documentType,
    ...(h.process ? { process: h.process } : {}),
    ...(h.createdAt ? { createdAt: h.createdAt } : {}),
    rawKey: input.rawKey,
    receivedAt,
  };
  const issuedAt = deps.clock().toISOString();
  const mlr = (lines: MlrLine[], description: string): OutboundPeppolMessage => {
    const id = deterministicUuid('mlr', base.sender, h.instanceId);
    const message = mlrMessage(
      { id, issuedAt, code: 'RE', sender: h.receiver, receiver: h.sender, messageId: h.instanceId, description, lines },
      h.process,
    );
    return { version: 1, messageId: id, kind: 'mlr', responseCode: 'RE', ...message };
  };
  const route = await deps.route(base.receiver);
  if (!route) {
    const detail = `No administration receives Peppol messages as ${base.receiver}.`;
    const response = mlr([{ location: 'NA', ruleId: 'RECEIVER-UNKNOWN', text: detail, reason: 'FD' }], detail);
    return {
      kind: 'rejected',
      record: {
        ...base,
        outcome: 'rejected',
        rejection: { reason: 'UNKNOWN_RECEIVER', detail },
        responses: [{ kind: 'mlr', code: 'RE', messageId: response.messageId }],
      },
      response,
    };
  }
  const tenant = { firmId: route.firmId, administrationId: route.administrationId };
  if (isInvoiceResponseType(h.documentType)) {
    const answer = readInvoiceResponse(sbdh.root);
    const invoiceId =
      answer?.invoiceNumber &&
      (await sentInvoiceByNumber(deps.table, route.firmId, route.administrationId, answer.invoiceNumber));
    if (!answer || !invoiceId) {
      const detail = answer
        ? `No invoice ${answer.invoiceNumber ?? '(no number)'} was sent over Peppol to you by ${route.legalName}.`
        : 'The Invoice Response carries no known status code.';
      const response = mlr([{ location: 'NA', ruleId: 'UNKNOWN-INVOICE', text: detail, reason: 'BV' }], detail);
      return {
        kind: 'rejected',
        record: {
          ...base,
          ...tenant,
          outcome: 'rejected',
          rejection: { reason: 'UNKNOWN_INVOICE', detail },
          responses: [{ kind: 'mlr', code: 'RE', messageId: response.messageId }],
        },
        response,
      };
    }
    return {
      kind: 'response',
      record: { ...base, ...tenant, outcome: 'accepted', invoiceId, responseCode: answer.code, responses: [] },
      target: { ...tenant, invoiceId },
      answer,
    };
  }
  // The rule release in force on the day the message arrived decides the verdict, and is named in the answer.
  const validation = validateInvoice(sbdh.document, { on: receivedAt });
  const findings = validation.findings.filter(blocking);
  if (findings.length > 0) {
    const summary = summariseFindings(findings);
    const detail = `The document fails validation (${validation.release}): ${Object.keys(summary.findingsByRule).join(', ')}.`;
    const listed = findingsForMlr(findings);
    const response = mlr(
      listed.map((f) => ({
        location: f.location,
        ruleId: f.id,
        text: f.text,
        reason: /^(XML|SYNTAX|UBL-XSD)-/.test(f.id) ? 'SV' : 'BV',
      })),
      listed.length < findings.length
        ? clip(
            `The document fails validation (${validation.release}) with ${findings.length} findings (${ruleCounts(summary.findingsByRule)}); ` +
              `${listed.length} are listed as line responses, at least one of each rule.`,
          )
        : detail,
    );
    // The whole list beside the record, keyed by the raw message, once the record would not hold it.
    const findingsObject =
      findings.length > summary.findings.length
        ? {
            key: peppolFindingsKey(route.firmId, route.administrationId, input.rawKey),
            body: Buffer.from(JSON.stringify({ instanceId: h.instanceId, findings })),
          }
        : undefined;
    return {
      kind: 'rejected',
      record: {
        ...base,
        ...tenant,
        outcome: 'rejected',
        rejection: {
          reason: 'INVALID_DOCUMENT',
          detail,
          ...summary,
          ...(findingsObject ? { findingsKey: findingsObject.key } : {}),
        },
        responses: [{ kind: 'mlr', code: 'RE', messageId: response.messageId }],
      },
      response,
      ...(findingsObject ? { findingsObject } : {}),
    };
  }
  const root = sbdh.root;
  const id = deterministicUuid('invoice-response', base.sender, h.instanceId, 'AB');
  const seller =
    text(root, 'AccountingSupplierParty', 'Party', 'PartyLegalEntity', 'RegistrationName') ??
    text(root, 'AccountingSupplierParty', 'Party', 'PartyName', 'Name') ??
    base.sender;
  const invoice = {
    id: text(root, 'ID') ?? h.instanceId,
    issueDate: text(root, 'IssueDate'),
    typeCode: text(root, 'InvoiceTypeCode') ?? text(root, 'CreditNoteTypeCode') ?? '380',
  };
  const documentId = documentIdFor(input.rawKey, route.administrationId, 0);
  const response: OutboundPeppolMessage = {
    version: 1,
    messageId: id,
    kind: 'invoice-response',
    responseCode: 'AB',
    ...invoiceResponseMessage(
      {
        id,
        issuedAt,
        code: 'AB',
        sender: { participant: h.receiver, name: route.legalName },
        receiver: { participant: h.sender, name: seller },
        document: invoice,
      },
      h.countryC1,
    ),
  };
  return {
    kind: 'accepted',
    record: {
      ...base,
      ...tenant,
      outcome: 'accepted',
      documentId,
      responses: [{ kind: 'invoice-response', code: 'AB', messageId: id }],
    },
    route,
    sbdh,
    response,
    // What the later Invoice Responses (AP, RE, PD) need, kept under the document.
    conversation: {
      documentId,
      sender: base.sender,
      instanceId: h.instanceId,
      receiver: base.receiver,
      buyerName: route.legalName,
      sellerName: seller,
      invoice: invoice.issueDate ? invoice : { id: invoice.id, typeCode: invoice.typeCode },
      ...(h.countryC1 ? { countryC1: h.countryC1 } : {}),
    },
  };
}

const conversationItem = (plan: Extract<Plan, { kind: 'accepted' }>): Item => ({
  ...peppolStatusKeys.conversation(plan.route.firmId, plan.route.administrationId, plan.conversation.documentId),
  ...plan.conversation,
});

/** Claims the message (with the conversation of an accepted one); returns what was claimed before, if anything. */
async function claim(
  table: Table,
  key: { pk: string; sk: string },
  record: PeppolMessage,
  conversation?: Item,
): Promise<PeppolMessage | undefined> {
  const arrival = `${record.receivedAt}#${record.instanceId}`;
  const item: Item = {
    ...key,
    gsi1pk: peppolKeys.byDay(record.receivedAt.slice(0, 10)),
    gsi1sk: arrival,
    ...(record.firmId && record.administrationId
      ? { gsi2pk: peppolKeys.ofAdministration(record.firmId, record.administrationId), gsi2sk: arrival }
      : {}),
    ...record,
  };
  try {
    await transactWrite(
      table,
      [
        { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...(conversation ? [{ Put: { Item: conversation } }] : []),
      ],
      () => new ConflictError('PEPPOL_MESSAGE_CLAIMED', `Peppol message ${record.instanceId} arrived before.`),
    );
    return undefined;
  } catch (error) {
    if (!(error instanceof ConflictError && error.code === 'PEPPOL_MESSAGE_CLAIMED')) throw error;
    const existing = await getItem<Item>(table, key);
    if (!existing) throw error;
    return stripKeys<PeppolMessage>(existing);
  }
}

/** Stores the invoice as a document, its embedded files beside it, and sends it to recognition. */
async function takeIn(
  deps: PeppolIngestionDeps,
  plan: Extract<Plan, { kind: 'accepted' }>,
  input: { rawKey: string; arrivedAt: string },
): Promise<IntakeDocument> {
  const { firmId, administrationId } = plan.route;
  const invoiceNumber = text(plan.sbdh.root, 'ID');
  const document = await storeDocument(deps, {
    source: 'peppol',
    firmId,
    administrationId,
    kind: 'xml',
    fileName: `${safeName(invoiceNumber ?? plan.record.instanceId)}.xml`,
    contentType: 'application/xml',
    content: Buffer.from(plan.sbdh.document, 'utf8'),
    rawKey: input.rawKey,
    index: 0,
    receivedAt: input.arrivedAt,
  });
  const files = embeddedAttachments(plan.sbdh.root);
  const attachments: NonNullable<IntakeDocument['attachments']> = [];
  for (const [n, file] of files.entries()) {
    const objectKey = `documents/${firmId}/${administrationId}/${document.id}/attachments/${n + 1}-${safeName(file.fileName)}`;
    await deps.putObject(objectKey, file.content, file.contentType);
    attachments.push({ fileName: file.fileName, contentType: file.contentType, objectKey });
  }
  if (attachments.length > 0) {
    await transactWrite(
      deps.table,
      [
        {
          Update: {
            Key: { pk: intakeKeys.documents(firmId, administrationId), sk: document.id },
            UpdateExpression: 'SET attachments = :attachments',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':attachments': attachments },
          },
        },
      ],
      () => new ConflictError('DOCUMENT_MISSING', `Document ${document.id} is not stored.`),
    );
  }
  if (document.status === 'received') await deps.recognise(firmId, administrationId, [document.id]);
  return attachments.length > 0 ? { ...document, attachments } : document;
}
