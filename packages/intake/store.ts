import { createHash } from 'node:crypto';
import { type RecognitionResult, readStructuredInvoice, StructuredDocumentError } from '#packages/recognition';
import { getItem, type Item, stripKeys, type TransactWrite, transactWrite } from '#packages/table';
import type { EmailIntakeDeps } from './email.js';
import {
  alreadyStored,
  documentIdFor,
  documentItem,
  type documentKinds,
  type IntakeDocument,
  intakeKeys,
  isAlreadyStored,
  safeName,
} from './model.js';

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
