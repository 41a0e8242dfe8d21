import { createHash } from 'node:crypto';
import { type ParsedMail, simpleParser } from 'mailparser';
import { z } from 'zod';
import { ConflictError } from '#packages/kernel';
import { RecognitionResult, readStructuredInvoice, StructuredDocumentError } from '#packages/recognition';
import {
  getItem,
  type Item,
  queryPage,
  stripKeys,
  type Table,
  type TransactWrite,
  transactWrite,
} from '#packages/table';

/** Largest attachment taken in as a document. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export const documentKinds = ['pdf', 'image', 'xml'] as const;
/**
 * `received`: taken in, waiting for recognition; `recognising`: an asynchronous analysis runs;
 * `proposed`: a booking proposal was made from it; `split`: a bulk PDF divided into one document
 * per invoice; `filed`: kept without recognition (the plan has none); `duplicate`: the same bytes
 * arrived before; `rejected`: unusable, with the reason (the raw input stays stored).
 */
export const documentStatuses = [
  'received',
  'recognising',
  'proposed',
  'split',
  'filed',
  'duplicate',
  'rejected',
] as const;
export type DocumentStatus = (typeof documentStatuses)[number];
export const documentSources = ['email', 'upload', 'peppol', 'scan'] as const;

export const IntakeDocument = z
  .object({
    id: z.string(),
    administrationId: z.string(),
    source: z.enum(documentSources),
    kind: z.enum(documentKinds),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    /** Where the bytes are kept in the document bucket. */
    objectKey: z.string(),
    /** The raw input it came from (for e-mail: the stored MIME message). */
    rawKey: z.string(),
    status: z.enum(documentStatuses),
    duplicateOf: z.string().optional(),
    /** Why a rejected document was not taken in; its raw input stays stored. */
    rejection: z.object({ reason: z.string(), detail: z.string() }).optional(),
    /** What was read from it: structured XML on arrival; other kinds once recognised. */
    recognition: RecognitionResult.optional(),
    /** The bulk PDF this document was split from, and its pages there (1-based, inclusive). */
    parentId: z.string().optional(),
    pages: z.object({ from: z.number().int(), to: z.number().int() }).optional(),
    /** The documents a bulk PDF was split into. */
    children: z.array(z.string()).optional(),
    /** The booking proposal made from it. */
    proposalId: z.string().optional(),
    /** Why it was filed without recognition. */
    note: z.string().optional(),
    receivedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'Document' });
export type IntakeDocument = z.infer<typeof IntakeDocument>;

export const rejectionReasons = [
  'UNKNOWN_ADDRESS',
  'SENDER_NOT_ALLOWED',
  'NO_ATTACHMENT',
  'UNSUPPORTED_TYPE',
  'EMPTY_FILE',
  'FILE_TOO_LARGE',
  'MALFORMED_MIME',
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

export const InboundEmail = z
  .object({
    id: z.string(),
    administrationId: z.string().optional(),
    recipient: z.string(),
    from: z.string().optional(),
    subject: z.string().optional(),
    messageId: z.string().optional(),
    rawKey: z.string(),
    receivedAt: z.iso.datetime(),
    outcome: z.enum(['accepted', 'rejected']),
    documents: z.array(z.string()),
    rejections: z.array(z.object({ reason: z.enum(rejectionReasons), detail: z.string() })),
  })
  .meta({ id: 'InboundEmail' });
export type InboundEmail = z.infer<typeof InboundEmail>;

export interface EmailIntakeDeps {
  readonly table: Table;
  /** The administration an inbound address belongs to, with its sender restriction. */
  readonly route: (
    address: string,
  ) => Promise<{ firmId: string; administrationId: string; allowedSenders: readonly string[] } | undefined>;
  /** Stores a document's bytes in the document bucket. */
  readonly putObject: (key: string, body: Buffer, contentType: string) => Promise<void>;
}

const prefix = (firmId: string, administrationId: string) => `FIRM#${firmId}#ADM#${administrationId}`;
export const intakeKeys = {
  documents: (firmId: string, administrationId: string) => `${prefix(firmId, administrationId)}#DOCS`,
  documentsByStatus: (firmId: string, administrationId: string, status: string) =>
    `${prefix(firmId, administrationId)}#DOCS#${status}`,
  /** Every document of an administration by arrival (gsi2). */
  documentsByDate: (firmId: string, administrationId: string) => `${prefix(firmId, administrationId)}#DOCS#BYDATE`,
  /** An asynchronous analysis job and the document it reads. */
  analysisJob: (jobId: string) => ({ pk: `SYS#ANALYSIS#${jobId}`, sk: 'JOB' }),
  hash: (firmId: string, administrationId: string, sha256: string) => ({
    pk: `${prefix(firmId, administrationId)}#DOCHASH`,
    sk: sha256,
  }),
  emails: (firmId: string, administrationId: string) => `${prefix(firmId, administrationId)}#EMAILIN`,
  /** Mail to no known address: a system log per day. */
  unrouted: (day: string) => `SYS#EMAILIN#${day}`,
};

export function kindOf(contentType: string, fileName: string): (typeof documentKinds)[number] | undefined {
  const type = contentType.toLowerCase();
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (type === 'application/pdf' || ext === 'pdf') return 'pdf';
  if (
    /^image\/(jpeg|png|tiff|heic|heif|webp)$/.test(type) ||
    ['jpg', 'jpeg', 'png', 'tif', 'tiff', 'heic', 'webp'].includes(ext)
  ) {
    return 'image';
  }
  if (/^(application|text)\/([\w.+-]*\+)?xml$/.test(type) || ext === 'xml') return 'xml';
  return undefined;
}

function senderAllowed(from: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  if (!from) return false;
  const sender = from.toLowerCase();
  return allowed.some((a) => (a.startsWith('@') ? sender.endsWith(a) : sender === a));
}

export const safeName = (name: string) => name.replace(/[^\w.-]+/g, '_').slice(-120) || 'document';
const idFrom = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 26);

/** The id of the `index`th document taken in from a raw input: known before the input arrives. */
export const documentIdFor = (rawKey: string, administrationId: string, index: number) =>
  idFrom(rawKey, administrationId, String(index));

function addressesOf(mail: ParsedMail, envelopeTo: readonly string[]): string[] {
  if (envelopeTo.length > 0) return envelopeTo.map((a) => a.toLowerCase());
  const lists = [mail.to, mail.cc].flat().filter((x) => x !== undefined);
  return lists.flatMap((l) => l.value.map((v) => v.address?.toLowerCase() ?? '')).filter((a) => a !== '');
}

/**
 * Takes one stored e-mail in: each recipient address routes it to an administration; each
 * usable attachment (PDF, image, UBL/CII XML) becomes a document, stored in the bucket; the
 * same bytes arriving again are kept as a duplicate of the first. Everything else is
 * recorded with its reason in the administration's e-mail log, or in the system log for
 * unknown addresses. Ids derive from the raw message, so running it again changes nothing.
 */
export async function ingestEmail(
  deps: EmailIntakeDeps,
  input: { rawKey: string; raw: Buffer; envelopeTo: readonly string[]; inboundDomain: string; arrivedAt: string },
): Promise<InboundEmail[]> {
  // The arrival time of the stored message, not now: taking the same message in again writes the same keys.
  const receivedAt = input.arrivedAt;
  let mail: ParsedMail;
  try {
    mail = await simpleParser(input.raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (error) {
    const log = await recordUnrouted(deps, input.rawKey, receivedAt, 'unknown', {
      reason: 'MALFORMED_MIME',
      detail: `The message could not be read: ${(error as Error).message}`,
    });
    return [log];
  }
  const from = mail.from?.value[0]?.address?.toLowerCase();
  const recipients = [...new Set(addressesOf(mail, input.envelopeTo))].filter((a) =>
    a.endsWith(`@${input.inboundDomain.toLowerCase()}`),
  );
  const outcomes: InboundEmail[] = [];
  for (const recipient of recipients) {
    const target = await deps.route(recipient);
    if (!target) {
      outcomes.push(
        await recordUnrouted(deps, input.rawKey, receivedAt, recipient, {
          reason: 'UNKNOWN_ADDRESS',
          detail: `${recipient} is not the inbound address of any administration.`,
        }),
      );
      continue;
    }
    outcomes.push(await ingestFor(deps, mail, from, recipient, target, input.rawKey, receivedAt));
  }
  return outcomes;
}

async function ingestFor(
  deps: EmailIntakeDeps,
  mail: ParsedMail,
  from: string | undefined,
  recipient: string,
  target: { firmId: string; administrationId: string; allowedSenders: readonly string[] },
  rawKey: string,
  receivedAt: string,
): Promise<InboundEmail> {
  const { firmId, administrationId } = target;
  const rejections: InboundEmail['rejections'] = [];
  const documents: string[] = [];
  if (!senderAllowed(from, target.allowedSenders)) {
    rejections.push({
      reason: 'SENDER_NOT_ALLOWED',
      detail: `${from ?? 'An unknown sender'} may not send documents here.`,
    });
  } else {
    for (const [index, attachment] of mail.attachments.entries()) {
      const fileName = attachment.filename ?? `attachment-${index + 1}`;
      const kind = kindOf(attachment.contentType, fileName);
      if (attachment.related && !kind) continue; // inline images of a signature, not documents
      if (!kind) {
        rejections.push({
          reason: 'UNSUPPORTED_TYPE',
          detail: `${fileName} (${attachment.contentType}) is not a PDF, image or XML invoice.`,
        });
      } else if (attachment.size === 0) {
        rejections.push({ reason: 'EMPTY_FILE', detail: `${fileName} is empty.` });
      } else if (attachment.size > MAX_DOCUMENT_BYTES) {
        rejections.push({
          reason: 'FILE_TOO_LARGE',
          detail: `${fileName} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`,
        });
      } else {
        const document = await storeDocument(deps, {
          source: 'email',
          firmId,
          administrationId,
          kind,
          fileName,
          contentType: attachment.contentType,
          content: attachment.content,
          rawKey,
          index,
          receivedAt,
        });
        documents.push(document.id);
      }
    }
    if (documents.length === 0 && rejections.length === 0) {
      rejections.push({ reason: 'NO_ATTACHMENT', detail: 'The message has no attachment to take in.' });
    }
  }
  const log: InboundEmail = {
    id: idFrom(rawKey, recipient),
    administrationId,
    recipient,
    ...(from ? { from } : {}),
    ...(mail.subject ? { subject: mail.subject.slice(0, 500) } : {}),
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    rawKey,
    receivedAt,
    outcome: documents.length > 0 ? 'accepted' : 'rejected',
    documents,
    rejections,
  };
  await putOnce(deps.table, { pk: intakeKeys.emails(firmId, administrationId), sk: `${receivedAt}#${log.id}`, ...log });
  return log;
}

export async function storeDocument(
  deps: Pick<EmailIntakeDeps, 'table' | 'putObject'>,
  a: {
    source: IntakeDocument['source'];
    firmId: string;
    administrationId: string;
    kind: (typeof documentKinds)[number];
    fileName: string;
    contentType: string;
    content: Buffer;
    rawKey: string;
    index: number;
    receivedAt: string;
  },
): Promise<IntakeDocument> {
  const sha256 = createHash('sha256').update(a.content).digest('hex');
  const id = documentIdFor(a.rawKey, a.administrationId, a.index);
  const objectKey = `documents/${a.firmId}/${a.administrationId}/${id}/${safeName(a.fileName)}`;
  await deps.putObject(objectKey, a.content, a.contentType);
  const hashKey = intakeKeys.hash(a.firmId, a.administrationId, sha256);
  const first = await getItem<Item & { documentId: string }>(deps.table, hashKey);
  const duplicateOf = first && first.documentId !== id ? first.documentId : undefined;
  const read = a.kind === 'xml' ? readStructured(a.content) : undefined;
  const document: IntakeDocument = {
    id,
    administrationId: a.administrationId,
    source: a.source,
    kind: a.kind,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.content.length,
    sha256,
    objectKey,
    rawKey: a.rawKey,
    status: read?.rejection ? 'rejected' : duplicateOf ? 'duplicate' : 'received',
    ...(duplicateOf ? { duplicateOf } : {}),
    ...(read?.rejection ? { rejection: read.rejection } : {}),
    ...(read?.recognition ? { recognition: read.recognition } : {}),
    receivedAt: a.receivedAt,
  };
  const writes: TransactWrite[] = [
    { Put: { Item: documentItem(a.firmId, document), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  // The first arrival of these bytes claims the hash; a concurrent twin finds it next time.
  if (!first)
    writes.push({ Put: { Item: { ...hashKey, documentId: id }, ConditionExpression: 'attribute_not_exists(pk)' } });
  try {
    await transactWrite(deps.table, writes, alreadyStored);
  } catch (error) {
    if (!isAlreadyStored(error)) throw error;
    const existing = await getItem<Item>(deps.table, {
      pk: intakeKeys.documents(a.firmId, a.administrationId),
      sk: id,
    });
    if (existing) return stripKeys<IntakeDocument>(existing);
    return storeDocument(deps, a);
  }
  return document;
}

const alreadyStored = () => new ConflictError('ALREADY_STORED', 'Already taken in.');
const isAlreadyStored = (error: unknown) => error instanceof ConflictError && error.code === 'ALREADY_STORED';

async function putOnce(table: Table, item: Item): Promise<void> {
  try {
    await transactWrite(
      table,
      [{ Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
      alreadyStored,
    );
  } catch (error) {
    if (!isAlreadyStored(error)) throw error;
  }
}

async function recordUnrouted(
  deps: EmailIntakeDeps,
  rawKey: string,
  receivedAt: string,
  recipient: string,
  rejection: InboundEmail['rejections'][number],
): Promise<InboundEmail> {
  const log: InboundEmail = {
    id: idFrom(rawKey, recipient),
    recipient,
    rawKey,
    receivedAt,
    outcome: 'rejected',
    documents: [],
    rejections: [rejection],
  };
  await putOnce(deps.table, {
    pk: intakeKeys.unrouted(receivedAt.slice(0, 10)),
    sk: `${receivedAt}#${log.id}`,
    ...log,
  });
  return log;
}

/**
 * Structured invoices need no OCR: the XML is read on arrival. Hostile or unreadable XML makes
 * the document rejected with the reader's code (XML_NOT_ALLOWED, XML_MALFORMED, …).
 */
function readStructured(content: Buffer): {
  recognition?: RecognitionResult;
  rejection?: { reason: string; detail: string };
} {
  try {
    return { recognition: readStructuredInvoice(content) };
  } catch (error) {
    if (error instanceof StructuredDocumentError) return { rejection: { reason: error.code, detail: error.message } };
    throw error;
  }
}

/** Records a document that holds no stored copy (a rejected one); once per id. */
export async function recordDocument(table: Table, firmId: string, document: IntakeDocument): Promise<void> {
  await putOnce(table, documentItem(firmId, document));
}

/** A document as stored: by id, by status and arrival (gsi1), and by arrival (gsi2). */
export function documentItem(firmId: string, document: IntakeDocument): Item {
  const arrival = `${document.receivedAt}#${document.id}`;
  return {
    pk: intakeKeys.documents(firmId, document.administrationId),
    sk: document.id,
    gsi1pk: intakeKeys.documentsByStatus(firmId, document.administrationId, document.status),
    gsi1sk: arrival,
    gsi2pk: intakeKeys.documentsByDate(firmId, document.administrationId),
    gsi2sk: arrival,
    ...document,
  };
}

export interface DocumentListQuery {
  readonly status?: DocumentStatus | undefined;
  readonly source?: (typeof documentSources)[number] | undefined;
  /** Arrival from this date (inclusive, `YYYY-MM-DD`). */
  readonly from?: string | undefined;
  /** Arrival up to this date (inclusive, `YYYY-MM-DD`). */
  readonly to?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/**
 * Documents of an administration, newest first: of one status (gsi1) or all (gsi2), within an
 * arrival date range (key condition) and of one source (filter, so a page may hold fewer).
 */
export async function listDocuments(table: Table, firmId: string, administrationId: string, query: DocumentListQuery) {
  const [index, pk] = query.status
    ? (['gsi1', intakeKeys.documentsByStatus(firmId, administrationId, query.status)] as const)
    : (['gsi2', intakeKeys.documentsByDate(firmId, administrationId)] as const);
  const range: [string, string] | undefined =
    query.from || query.to ? [query.from ?? '0000', `${query.to ?? '9999'}\uffff`] : undefined;
  const page = await queryPage<Item>(table, {
    index,
    pk,
    newestFirst: true,
    ...(range ? { skBetween: range } : {}),
    ...(query.source ? { filter: { source: query.source } } : {}),
    cursor: query.cursor,
    limit: query.limit,
    cursorScope: `${pk}#${query.source ?? ''}#${query.from ?? ''}#${query.to ?? ''}`,
  });
  return { ...page, items: page.items.map((i) => stripKeys<IntakeDocument>(i)) };
}

export async function getDocument(table: Table, firmId: string, administrationId: string, id: string) {
  const item = await getItem<Item>(table, { pk: intakeKeys.documents(firmId, administrationId), sk: id });
  return item && stripKeys<IntakeDocument>(item);
}

/** The e-mail intake log of an administration, newest first. */
export async function listInboundEmails(
  table: Table,
  firmId: string,
  administrationId: string,
  query: { cursor?: string; limit?: number },
) {
  const pk = intakeKeys.emails(firmId, administrationId);
  const page = await queryPage<Item>(table, {
    pk,
    newestFirst: true,
    cursor: query.cursor,
    limit: query.limit,
    cursorScope: pk,
  });
  return { ...page, items: page.items.map((i) => stripKeys<InboundEmail>(i)) };
}
