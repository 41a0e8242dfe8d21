import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '#packages/kernel';
import type { PdfReading } from '#packages/recognition';
import { getItem, type Item, stripKeys, type Table, type TransactWrite, transactWrite } from '#packages/table';
import { type DocumentStatus, documentItem, type IntakeDocument, intakeKeys, safeName } from './model.js';

/** What names one document: the body of the pipeline's `documents` queue messages. */
export const DocumentRef = z.object({
  firmId: z.string().min(1),
  administrationId: z.string().min(1),
  documentId: z.string().min(1),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

export async function readDocument(table: Table, ref: DocumentRef): Promise<IntakeDocument> {
  const item = await getItem<Item>(table, {
    pk: intakeKeys.documents(ref.firmId, ref.administrationId),
    sk: ref.documentId,
  });
  if (!item) throw new NotFoundError(`document ${ref.documentId}`);
  return stripKeys<IntakeDocument>(item);
}

const moved = (from: DocumentStatus) =>
  new ConflictError('DOCUMENT_MOVED_ON', `The document is no longer ${from}; someone else handled it.`);

/** The write that moves a document on from `from`, with what changes; guarded by its status. */
function changeWrite(firmId: string, document: IntakeDocument, from: DocumentStatus): TransactWrite {
  return {
    Put: {
      Item: documentItem(firmId, document),
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':from': from },
    },
  };
}

/**
 * Moves a document on from status `from` (its status index moves with it). A document that is
 * no longer in `from` was handled by a concurrent delivery: a 409 `DOCUMENT_MOVED_ON`.
 */
export async function changeDocument(
  table: Table,
  firmId: string,
  document: IntakeDocument,
  from: DocumentStatus,
  change: Partial<Omit<IntakeDocument, 'id' | 'administrationId'>>,
  now: Date,
  also: readonly TransactWrite[] = [],
): Promise<IntakeDocument> {
  const next: IntakeDocument = { ...document, ...change, updatedAt: now.toISOString() };
  await transactWrite(table, [changeWrite(firmId, next, from), ...also], (index) =>
    index === 0 ? moved(from) : new ConflictError('ALREADY_STORED', 'Already recorded.'),
  );
  return next;
}

/** One invoice cut out of a bulk PDF. */
export interface DocumentPart {
  readonly fromPage: number;
  readonly toPage: number;
  readonly bytes: Uint8Array;
  /** The pages as read while splitting, when the part is the whole PDF: not read again. */
  readonly reading?: PdfReading;
}

/**
 * Divides a bulk PDF into one document per invoice: each part is stored in the bucket and
 * recorded as a `received` document pointing to its parent, and the parent becomes `split`,
 * in one transaction. Part ids derive from the parent's, so doing it again writes nothing new.
 */
export async function splitDocument(
  deps: { table: Table; putObject: (key: string, body: Buffer, contentType: string) => Promise<void> },
  firmId: string,
  parent: IntakeDocument,
  parts: readonly DocumentPart[],
  now: Date,
): Promise<{ parent: IntakeDocument; children: IntakeDocument[] }> {
  const base = parent.fileName.replace(/\.pdf$/i, '');
  const children: IntakeDocument[] = [];
  for (const part of parts) {
    const bytes = Buffer.from(part.bytes);
    const id = createHash('sha256').update(`${parent.id}\u0000part\u0000${part.fromPage}`).digest('hex').slice(0, 26);
    const fileName = `${base}-p${part.fromPage}-${part.toPage}.pdf`;
    const objectKey = `documents/${firmId}/${parent.administrationId}/${id}/${safeName(fileName)}`;
    await deps.putObject(objectKey, bytes, 'application/pdf');
    children.push({
      id,
      administrationId: parent.administrationId,
      source: parent.source,
      kind: 'pdf',
      fileName,
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      objectKey,
      rawKey: parent.rawKey,
      status: 'received',
      parentId: parent.id,
      pages: { from: part.fromPage, to: part.toPage },
      receivedAt: parent.receivedAt,
    });
  }
  const updated = await changeDocument(
    deps.table,
    firmId,
    parent,
    'received',
    { status: 'split', children: children.map((c) => c.id) },
    now,
    children.map((c) => ({ Put: { Item: documentItem(firmId, c), ConditionExpression: 'attribute_not_exists(pk)' } })),
  );
  return { parent: updated, children };
}

/** Remembers which document an asynchronous analysis job reads, for its completion notice. */
export function analysisJobWrite(jobId: string, ref: DocumentRef, now: Date): TransactWrite {
  return {
    Put: {
      Item: { ...intakeKeys.analysisJob(jobId), ...ref, jobId, startedAt: now.toISOString() },
    },
  };
}

export async function documentOfJob(table: Table, jobId: string): Promise<DocumentRef | undefined> {
  const item = await getItem<Item & DocumentRef>(table, intakeKeys.analysisJob(jobId));
  return item && { firmId: item.firmId, administrationId: item.administrationId, documentId: item.documentId };
}
