import { z } from 'zod';
import { type Clock, ConflictError } from '#packages/kernel';
import { getItem, type Table, transactWrite } from '#packages/table';

/** A message for the Peppol network, as the access point takes it. */
export interface AccessPointMessage {
  /** The whole StandardBusinessDocument. */
  readonly sbdh: string;
  /** Receiver participant id, `scheme:id`. */
  readonly receiver: string;
  readonly documentType: string;
  readonly process: string;
}

/** Port: the access point (AS4 and the SMP/SML lookups live behind it). */
export interface AccessPoint {
  send(message: AccessPointMessage): Promise<{ messageId: string }>;
}

/** Port: may this participant receive this document type (SMP capability lookup)? */
export interface Smp {
  canReceive(participant: string, documentType: string): Promise<boolean>;
}

/**
 * What the `peppol-outbound` queue carries, version 1: one message to send, with the id it
 * was built with (the Invoice Response, MLR or sales document id), so redelivery sends it once.
 */
export const OutboundPeppolMessage = z
  .object({
    version: z.literal(1),
    messageId: z.string().min(1),
    kind: z.enum(['invoice-response', 'mlr', 'invoice', 'credit-note']),
    responseCode: z.string(),
    sbdh: z.string().min(1),
    receiver: z.string().min(3),
    documentType: z.string().min(1),
    process: z.string().min(1),
  })
  .meta({ id: 'OutboundPeppolMessage' });
export type OutboundPeppolMessage = z.infer<typeof OutboundPeppolMessage>;

export interface SendDeps {
  readonly table: Table;
  readonly clock: Clock;
  readonly accessPoint: AccessPoint;
  readonly smp: Smp;
}

export type SendOutcome =
  | { readonly outcome: 'sent'; readonly apMessageId: string }
  | { readonly outcome: 'not-capable' }
  | { readonly outcome: 'already-sent' };

const sentKey = (messageId: string) => ({ pk: `SYS#PEPPOL-OUT#${messageId}`, sk: 'SENT' });

/**
 * Sends one outgoing message through the access point, when the receiver's SMP says it can
 * take that document type (a seller without Invoice Response capability gets none). Each
 * message is recorded as sent once; a failing access point throws, so the queue retries it
 * and, in the end, keeps it in its DLQ.
 */
export async function sendPeppolMessage(deps: SendDeps, message: OutboundPeppolMessage): Promise<SendOutcome> {
  if (await getItem(deps.table, sentKey(message.messageId))) return { outcome: 'already-sent' };
  if (!(await deps.smp.canReceive(message.receiver, message.documentType))) return { outcome: 'not-capable' };
  const { messageId: apMessageId } = await deps.accessPoint.send({
    sbdh: message.sbdh,
    receiver: message.receiver,
    documentType: message.documentType,
    process: message.process,
  });
  try {
    await transactWrite(
      deps.table,
      [
        {
          Put: {
            Item: {
              ...sentKey(message.messageId),
              messageId: message.messageId,
              kind: message.kind,
              responseCode: message.responseCode,
              receiver: message.receiver,
              apMessageId,
              sentAt: deps.clock().toISOString(),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      () => new ConflictError('PEPPOL_ALREADY_SENT', `${message.messageId} was sent before.`),
    );
  } catch (error) {
    // A concurrent delivery sent it as well; the access point dedups on the SBDH instance id.
    if (error instanceof ConflictError && error.code === 'PEPPOL_ALREADY_SENT') return { outcome: 'already-sent' };
    throw error;
  }
  return { outcome: 'sent', apMessageId };
}
