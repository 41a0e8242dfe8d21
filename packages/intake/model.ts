import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConflictError } from '#packages/kernel';
import { RecognitionResult } from '#packages/recognition';
import { getItem, type Item, queryPage, stripKeys, type Table, transactWrite } from '#packages/table';

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
    /**
     * Set when the reading has more lines than an item holds: `recognition.lines` keeps the first
     * ones, the whole list is in the bucket at `key`. The API answers with every line.
     */
    recognitionLines: z.object({ key: z.string(), count: z.number().int() }).optional(),
    /** The bulk PDF this document was split from, and its pages there (1-based, inclusive). */
    parentId: z.string().optional(),
    pages: z.object({ from: z.number().int(), to: z.number().int() }).optional(),
    /** The documents a bulk PDF was split into. */
    children: z.array(z.string()).optional(),
    /** The booking proposal made from it. */
    proposalId: z.string().optional(),
    /** Why it was filed without recognition. */
    note: z.string().optional(),
    /** Files that came embedded in it (a Peppol invoice's PDF visual and supporting documents). */
    attachments: z.array(z.object({ fileName: z.string(), contentType: z.string(), objectKey: z.string() })).optional(),
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

export const safeName = (name: string) => name.replace(/[^\w.-]+/g, '_').slice(-120) || 'document';
export const idFrom = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 26);

/** The id of the `index`th document taken in from a raw input: known before the input arrives. */
export const documentIdFor = (rawKey: string, administrationId: string, index: number) =>
  idFrom(rawKey, administrationId, String(index));

export const alreadyStored = () => new ConflictError('ALREADY_STORED', 'Already taken in.');
export const isAlreadyStored = (error: unknown) => error instanceof ConflictError && error.code === 'ALREADY_STORED';

export async function putOnce(table: Table, item: Item): Promise<void> {
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
