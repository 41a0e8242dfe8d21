import { z } from 'zod';
import { getDocument } from '#packages/intake';
import {
  type Clock,
  ConflictError,
  formatCents,
  NotFoundError,
  type Page,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import {
  auditPut,
  getItem,
  type Item,
  queryAll,
  queryPage,
  stripKeys,
  type Table,
  transactWrite,
} from '#packages/table';
import { requireFirmUser } from './accounts.js';
import { bankKeys } from './keys.js';
import { getBankLine, type StoredBankLine } from './lines.js';

export const requestStatuses = ['open', 'answered', 'closed'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/**
 * A missing-document request: the firm (or the robot) asks the client for the document behind
 * a bank line. The client replies or uploads; the document is linked to the line. open →
 * answered (the client replied) → closed (the firm is satisfied); a firm message on an answered
 * request opens it again.
 */
export const DocumentRequest = z
  .object({
    lineId: z.string(),
    administrationId: z.string(),
    status: z.enum(requestStatuses),
    /** The line as the client should recognise it. */
    subject: z.string(),
    bookingDate: z.string(),
    amount: z.number().int(),
    counterpartyName: z.string().optional(),
    documentIds: z.array(z.string()).describe('Documents the client linked to the line.'),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'DocumentRequest' });
export type DocumentRequest = z.infer<typeof DocumentRequest>;

export const RequestMessage = z
  .object({
    id: z.string(),
    lineId: z.string(),
    from: z.enum(['firm', 'client']),
    authorId: z.string(),
    text: z.string(),
    documentId: z.string().optional(),
    at: z.string(),
  })
  .meta({ id: 'RequestMessage' });
export type RequestMessage = z.infer<typeof RequestMessage>;

export const RequestMessageInput = z
  .object({
    text: z.string().trim().min(1).max(2000),
    /** A document already taken in (an upload), linked to the line with this message. */
    documentId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .meta({ id: 'RequestMessageInput' });
export type RequestMessageInput = z.input<typeof RequestMessageInput>;

export interface RequestDeps {
  readonly table: Table;
  readonly clock: Clock;
  readonly newId: () => string;
}

/** The question the client reads, in Dutch by default. */
export function requestText(line: Pick<StoredBankLine, 'amount' | 'bookingDate' | 'counterpartyName'>): string {
  const what = line.amount < 0 ? 'de betaling van' : 'de ontvangst van';
  const who = line.counterpartyName
    ? line.amount < 0
      ? ` aan ${line.counterpartyName}`
      : ` van ${line.counterpartyName}`
    : '';
  return `Wij missen het document bij ${what} € ${formatCents(Math.abs(line.amount)).replace('.', ',')}${who} op ${line.bookingDate}. Wilt u de factuur of bon uploaden, of laten weten waarvoor deze post is?`;
}

function requestWrite(
  adm: BooksOf,
  request: DocumentRequest,
  condition?: { expression: string; values?: Record<string, unknown> },
) {
  const k = bankKeys(adm.firmId, adm.id);
  return {
    Put: {
      Item: {
        ...k.request(request.lineId),
        gsi1pk: k.requestsOfStatus(request.status),
        gsi1sk: `${request.createdAt}#${request.lineId}`,
        ...request,
      },
      ...(condition
        ? {
            ConditionExpression: condition.expression,
            ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
          }
        : {}),
    },
  } as const;
}

/** The line shows the request's status; its state and indexes are not touched. */
function lineStatusWrite(adm: BooksOf, lineId: string, status: RequestStatus, at: string) {
  return {
    Update: {
      Key: bankKeys(adm.firmId, adm.id).line(lineId),
      UpdateExpression: 'SET requestStatus = :s, updatedAt = :at ADD version :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':s': status, ':at': at, ':one': 1 },
    },
  } as const;
}

async function readRequest(table: Table, adm: BooksOf, lineId: string): Promise<DocumentRequest | undefined> {
  const item = await getItem<Item>(table, bankKeys(adm.firmId, adm.id).request(lineId));
  return item ? stripKeys<DocumentRequest>(item) : undefined;
}

/**
 * Asks the client for the document behind a line, with the first message of the thread. Asking
 * again about the same line is a no-op that returns the request there is.
 */
export async function openDocumentRequest(
  deps: RequestDeps,
  tenant: TenantContext,
  adm: BooksOf,
  lineId: string,
  options: { automatic?: boolean; text?: string } = {},
): Promise<DocumentRequest> {
  if (!options.automatic) requireFirmUser(tenant, adm, 'asks clients for documents');
  const existing = await readRequest(deps.table, adm, lineId);
  if (existing) return existing;
  const line = await getBankLine(deps.table, adm, lineId);
  const at = deps.clock().toISOString();
  const request: DocumentRequest = {
    lineId,
    administrationId: adm.id,
    status: 'open',
    subject: `${line.bookingDate} ${line.counterpartyName ?? line.remittance ?? ''}`.trim().slice(0, 200),
    bookingDate: line.bookingDate,
    amount: line.amount,
    ...(line.counterpartyName ? { counterpartyName: line.counterpartyName } : {}),
    documentIds: [],
    createdBy: tenant.userId,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const message: RequestMessage = {
    id: deps.newId(),
    lineId,
    from: 'firm',
    authorId: tenant.userId,
    text: options.text ?? requestText(line),
    at,
  };
  try {
    await transactWrite(
      deps.table,
      [
        requestWrite(adm, request, { expression: 'attribute_not_exists(pk)' }),
        { Put: { Item: { ...bankKeys(adm.firmId, adm.id).message(lineId, at, message.id), ...message } } },
        lineStatusWrite(adm, lineId, 'open', at),
        auditPut(tenant, new Date(at), {
          action: 'bank.document-requested',
          entityType: 'DocumentRequest',
          entityId: lineId,
          administrationId: adm.id,
          after: request,
        }),
      ],
      () => new ConflictError('REQUEST_EXISTS', `A request about line ${lineId} exists already.`),
    );
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'REQUEST_EXISTS') {
      return (await readRequest(deps.table, adm, lineId)) as DocumentRequest;
    }
    throw error;
  }
  return request;
}

/**
 * A message on a request's thread. The client's reply (with or without a document) makes it
 * answered and links the document to the line; the firm's message on an answered request
 * opens it again. A closed request takes no more messages (409).
 */
export async function addRequestMessage(
  deps: RequestDeps,
  tenant: TenantContext,
  adm: BooksOf,
  lineId: string,
  input: z.output<typeof RequestMessageInput>,
): Promise<{ request: DocumentRequest; message: RequestMessage }> {
  const before = await readRequest(deps.table, adm, lineId);
  if (!before) throw new NotFoundError(`A document request on line ${lineId}`);
  if (before.status === 'closed') throw new ConflictError('REQUEST_CLOSED', 'The request is closed.');
  if (input.documentId && !(await getDocument(deps.table, adm.firmId, adm.id, input.documentId))) {
    throw new ValidationError([
      { path: 'documentId', message: `Document ${input.documentId} is not a document of this administration.` },
    ]);
  }
  const from = tenant.userType === 'client' ? 'client' : 'firm';
  const at = deps.clock().toISOString();
  const status: RequestStatus = from === 'client' ? 'answered' : 'open';
  const after: DocumentRequest = {
    ...before,
    status,
    documentIds: input.documentId ? [...new Set([...before.documentIds, input.documentId])] : before.documentIds,
    updatedAt: at,
    version: before.version + 1,
  };
  const message: RequestMessage = {
    id: deps.newId(),
    lineId,
    from,
    authorId: tenant.userId,
    text: input.text,
    ...(input.documentId ? { documentId: input.documentId } : {}),
    at,
  };
  await transactWrite(
    deps.table,
    [
      requestWrite(adm, after, { expression: 'version = :v', values: { ':v': before.version } }),
      { Put: { Item: { ...bankKeys(adm.firmId, adm.id).message(lineId, at, message.id), ...message } } },
      lineStatusWrite(adm, lineId, status, at),
    ],
    () => new ConflictError('REQUEST_CHANGED', 'The request changed at the same time; read it again.'),
  );
  return { request: after, message };
}

/** The firm closes a request (the document is there, or the line is explained otherwise). */
export async function closeDocumentRequest(
  deps: RequestDeps,
  tenant: TenantContext,
  adm: BooksOf,
  lineId: string,
): Promise<DocumentRequest> {
  requireFirmUser(tenant, adm, 'closes document requests');
  const before = await readRequest(deps.table, adm, lineId);
  if (!before) throw new NotFoundError(`A document request on line ${lineId}`);
  if (before.status === 'closed') return before;
  const at = deps.clock().toISOString();
  const after: DocumentRequest = { ...before, status: 'closed', updatedAt: at, version: before.version + 1 };
  await transactWrite(
    deps.table,
    [
      requestWrite(adm, after, { expression: 'version = :v', values: { ':v': before.version } }),
      lineStatusWrite(adm, lineId, 'closed', at),
      auditPut(tenant, new Date(at), {
        action: 'bank.document-request-closed',
        entityType: 'DocumentRequest',
        entityId: lineId,
        administrationId: adm.id,
        before,
        after,
      }),
    ],
    () => new ConflictError('REQUEST_CHANGED', 'The request changed at the same time; read it again.'),
  );
  return after;
}

/** A request with its messages, oldest first (one Query on the thread's partition). */
export async function getRequestThread(
  table: Table,
  adm: BooksOf,
  lineId: string,
): Promise<DocumentRequest & { messages: RequestMessage[] }> {
  const items = await queryAll<Item>(table, { pk: bankKeys(adm.firmId, adm.id).thread(lineId) });
  const head = items.find((i) => i.sk === 'REQUEST');
  if (!head) throw new NotFoundError(`A document request on line ${lineId}`);
  return {
    ...stripKeys<DocumentRequest>(head),
    messages: items.filter((i) => i.sk.startsWith('MSG#')).map((i) => stripKeys<RequestMessage>(i)),
  };
}

export async function listDocumentRequests(
  table: Table,
  adm: BooksOf,
  query: { status?: RequestStatus | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<DocumentRequest>> {
  const pk = bankKeys(adm.firmId, adm.id).requestsOfStatus(query.status ?? 'open');
  const page = await queryPage<Item>(table, {
    index: 'gsi1',
    pk,
    newestFirst: true,
    limit: query.limit ?? 50,
    cursor: query.cursor,
    cursorScope: pk,
  });
  return { ...page, items: page.items.map((i) => stripKeys<DocumentRequest>(i)) };
}
