import { ConflictError } from '#packages/kernel';
import type { XmlElement } from '#packages/recognition';
import { getItem, type Item, type Table, transactWrite } from '#packages/table';
import { invoiceResponseCodes, invoiceResponseCustomization } from '../responses/invoice-response.js';
import { peppolSendKeys } from '../sending/send.js';

/** Whether a Peppol document type is the Invoice Response (an ApplicationResponse of that customization). */
export const isInvoiceResponseType = (documentType: string) =>
  documentType.includes('ApplicationResponse') && documentType.includes(invoiceResponseCustomization);

/** What a buyer's Invoice Response says about one of our invoices. */
export interface ReceivedInvoiceResponse {
  readonly code: string;
  readonly issuedAt: string;
  /** The invoice (or credit note) number it answers. */
  readonly invoiceNumber: string | undefined;
  readonly reasons: { code: string; text?: string }[];
  readonly note?: string;
}

const child = (e: XmlElement | undefined, name: string) => e?.children.find((c) => c.name === name);
const path = (e: XmlElement | undefined, ...names: string[]) =>
  names.reduce<XmlElement | undefined>((at, name) => child(at, name), e);

/**
 * Reads an Invoice Response (Peppol BIS Invoice Response 3.0): its status code, when it was
 * issued, the document it answers and the clarifications. `undefined` when it has no known
 * status code.
 */
export function readInvoiceResponse(root: XmlElement): ReceivedInvoiceResponse | undefined {
  const response = path(root, 'DocumentResponse', 'Response');
  const code = child(response, 'ResponseCode')?.text?.trim() ?? '';
  if (!(invoiceResponseCodes as readonly string[]).includes(code)) return undefined;
  const date = child(root, 'IssueDate')?.text?.trim() ?? '';
  const time = child(root, 'IssueTime')?.text?.trim();
  const reasons = (response?.children ?? [])
    .filter((c) => c.name === 'Status')
    .map((s) => {
      const text = child(s, 'StatusReason')?.text?.trim();
      return { code: child(s, 'StatusReasonCode')?.text?.trim() ?? '', ...(text ? { text: text.slice(0, 500) } : {}) };
    })
    .slice(0, 20);
  const note = child(root, 'Note')?.text?.trim();
  return {
    code,
    issuedAt: time ? `${date}T${time}` : date,
    invoiceNumber: path(root, 'DocumentResponse', 'DocumentReference', 'ID')?.text?.trim() || undefined,
    reasons,
    ...(note ? { note: note.slice(0, 1000) } : {}),
  };
}

/** The sent invoice an Invoice Response names, by its number, in the administration it was addressed to. */
export async function sentInvoiceByNumber(
  table: Table,
  firmId: string,
  administrationId: string,
  invoiceNumber: string,
): Promise<string | undefined> {
  const item = await getItem<Item & { invoiceId: string }>(
    table,
    peppolSendKeys.byNumber(firmId, administrationId, invoiceNumber),
  );
  return item?.invoiceId;
}

/**
 * Records a buyer's Invoice Response on the invoice we sent: appended to its answers once per
 * message, and its status when it is the latest the buyer issued (answers may arrive out of order).
 */
export async function applyInvoiceResponse(
  table: Table,
  target: { firmId: string; administrationId: string; invoiceId: string },
  response: ReceivedInvoiceResponse & { messageId: string; receivedAt: string },
): Promise<void> {
  const key = peppolSendKeys.send(target.firmId, target.administrationId, target.invoiceId);
  const entry = {
    code: response.code,
    issuedAt: response.issuedAt,
    receivedAt: response.receivedAt,
    messageId: response.messageId,
    reasons: response.reasons,
    ...(response.note ? { note: response.note } : {}),
  };
  try {
    await transactWrite(
      table,
      [
        {
          Update: {
            Key: key,
            UpdateExpression:
              'SET responses = list_append(if_not_exists(responses, :none), :entry) ADD responseIds :ids',
            ConditionExpression: 'attribute_exists(pk) AND NOT contains(responseIds, :id)',
            ExpressionAttributeValues: {
              ':none': [],
              ':entry': [entry],
              ':ids': new Set([response.messageId]),
              ':id': response.messageId,
            },
          },
        },
      ],
      () => new ConflictError('PEPPOL_RESPONSE_RECORDED', `${response.messageId} was recorded before.`),
    );
  } catch (error) {
    if (!(error instanceof ConflictError && error.code === 'PEPPOL_RESPONSE_RECORDED')) throw error;
  }
  try {
    await transactWrite(
      table,
      [
        {
          Update: {
            Key: key,
            UpdateExpression: 'SET #status = :code, statusAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(statusAt) OR statusAt <= :at)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':code': response.code, ':at': response.issuedAt },
          },
        },
      ],
      () => new ConflictError('PEPPOL_STATUS_OLDER', 'A later answer was recorded.'),
    );
  } catch (error) {
    if (!(error instanceof ConflictError && error.code === 'PEPPOL_STATUS_OLDER')) throw error;
  }
}
