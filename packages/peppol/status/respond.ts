import { type Clock, ConflictError } from '#packages/kernel';
import { getItem, type Item, stripKeys, type Table, transactWrite } from '#packages/table';
import { type Clarification, type InvoiceResponseCode, invoiceResponseMessage } from '../responses/invoice-response.js';
import type { OutboundPeppolMessage } from '../responses/outbound.js';
import { parseParticipantId } from '../responses/participant.js';
import { deterministicUuid } from '../responses/xml.js';
import { PeppolConversation, type PeppolStatusEvent, peppolStatusKeys } from './model.js';

/** The Invoice Response status an event stands for, with what the BIS asks to go with it. */
export function invoiceResponseStatusOf(event: PeppolStatusEvent): {
  code: InvoiceResponseCode;
  clarifications: Clarification[];
  effectiveDate?: string;
} {
  switch (event.kind) {
    case 'proposal-accepted':
      return { code: 'AP', clarifications: [], effectiveDate: event.at.slice(0, 10) };
    case 'proposal-rejected':
      // The accountant's reason is free text: OTH carries it as the status reason.
      return { code: 'RE', clarifications: [{ kind: 'reason', code: 'OTH', text: event.reason.slice(0, 500) }] };
    case 'status-update':
      return { code: event.code, clarifications: [...event.clarifications] };
    case 'open-item-paid':
      return { code: 'PD', clarifications: [], effectiveDate: event.at.slice(0, 10) };
  }
}

/**
 * Every status is answered once per message, except under query: each distinct query (its
 * reasons, actions and note) is its own answer, so a seller can be asked a second question.
 */
function variantOf(event: PeppolStatusEvent): string | undefined {
  if (event.kind !== 'status-update' || event.code !== 'UQ') return undefined;
  return deterministicUuid(JSON.stringify(event.clarifications), event.note ?? '');
}

/**
 * The Invoice Response that tells the seller of a Peppol invoice about `event` (AP when the
 * proposal made from it is accepted, RE with the reason when rejected, PD when its open item
 * is paid in full), as the `peppol-outbound` queue carries it. Its id is derived from the
 * message and the status, so the same status of the same message is always the same message.
 */
export function invoiceResponseFor(
  conversation: PeppolConversation,
  event: PeppolStatusEvent,
  issuedAt: string,
): OutboundPeppolMessage {
  const sender = parseParticipantId(conversation.receiver);
  const receiver = parseParticipantId(conversation.sender);
  if (!sender || !receiver) {
    throw new Error(`Peppol conversation of ${conversation.documentId} holds no participant ids.`);
  }
  const status = invoiceResponseStatusOf(event);
  const variant = variantOf(event);
  const id = deterministicUuid(
    'invoice-response',
    conversation.sender,
    conversation.instanceId,
    status.code,
    ...(variant ? [variant] : []),
  );
  return {
    version: 1,
    messageId: id,
    kind: 'invoice-response',
    responseCode: status.code,
    ...invoiceResponseMessage(
      {
        id,
        issuedAt,
        code: status.code,
        sender: { participant: sender, name: conversation.buyerName },
        receiver: { participant: receiver, name: conversation.sellerName },
        document: conversation.invoice,
        clarifications: status.clarifications,
        effectiveDate: status.effectiveDate,
        note: event.kind === 'status-update' ? event.note : undefined,
      },
      conversation.countryC1,
    ),
  };
}

export interface PeppolStatusDeps {
  readonly table: Table;
  readonly clock: Clock;
  /** Queues an answer for the access point (the `peppol-outbound` queue). */
  readonly respond: (message: OutboundPeppolMessage) => Promise<void>;
}

export type PeppolStatusOutcome =
  | { readonly outcome: 'queued'; readonly message: OutboundPeppolMessage }
  /** The document did not arrive by Peppol (or predates the recorded conversation). */
  | { readonly outcome: 'not-peppol' }
  | { readonly outcome: 'already-answered'; readonly code: InvoiceResponseCode };

/** The Peppol conversation a document belongs to, if it arrived by Peppol. */
export async function getPeppolConversation(
  table: Table,
  firmId: string,
  administrationId: string,
  documentId: string,
): Promise<PeppolConversation | undefined> {
  const item = await getItem<Item>(table, peppolStatusKeys.conversation(firmId, administrationId, documentId));
  return item ? PeppolConversation.parse(stripKeys(item)) : undefined;
}

async function conversationOf(table: Table, event: PeppolStatusEvent) {
  if (event.kind !== 'open-item-paid') {
    return getPeppolConversation(table, event.firmId, event.administrationId, event.documentId);
  }
  const link = await getItem<Item & { documentId: string }>(
    table,
    peppolStatusKeys.openItem(event.firmId, event.administrationId, event.openItemId),
  );
  return link && getPeppolConversation(table, event.firmId, event.administrationId, link.documentId);
}

/**
 * Answers the seller of a Peppol invoice when its status changes: finds the Peppol message the
 * event's document came from and queues the Invoice Response for it, once per message and
 * status. The claim is written after queueing, so a failure in between queues the same message
 * again (same id: the sender sends it once); an accepted proposal also links its open item to
 * the document, for the PD when it is paid. A document that did not arrive by Peppol: nothing.
 */
export async function answerPeppolStatus(
  deps: PeppolStatusDeps,
  event: PeppolStatusEvent,
): Promise<PeppolStatusOutcome> {
  const conversation = await conversationOf(deps.table, event);
  if (!conversation) return { outcome: 'not-peppol' };
  const { code } = invoiceResponseStatusOf(event);
  const claim = peppolStatusKeys.answered(conversation.sender, conversation.instanceId, code, variantOf(event));
  if (await getItem(deps.table, claim)) return { outcome: 'already-answered', code };
  const message = invoiceResponseFor(conversation, event, deps.clock().toISOString());
  await deps.respond(message);
  const writes = [
    {
      Put: {
        Item: {
          ...claim,
          code,
          messageId: message.messageId,
          documentId: conversation.documentId,
          queuedAt: deps.clock().toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...(event.kind === 'proposal-accepted' && event.openItemId
      ? [
          {
            Put: {
              Item: {
                ...peppolStatusKeys.openItem(event.firmId, event.administrationId, event.openItemId),
                documentId: conversation.documentId,
              },
            },
          },
        ]
      : []),
  ];
  try {
    await transactWrite(
      deps.table,
      writes,
      () => new ConflictError('PEPPOL_STATUS_ANSWERED', `${code} was sent for ${conversation.instanceId} before.`),
    );
  } catch (error) {
    // A concurrent answer of the same status queued the same message id: the sender sends it once.
    if (!(error instanceof ConflictError && error.code === 'PEPPOL_STATUS_ANSWERED')) throw error;
    return { outcome: 'already-answered', code };
  }
  return { outcome: 'queued', message };
}
