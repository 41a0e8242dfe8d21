import { createHash } from 'node:crypto';
import { RecognitionResult, readStructuredInvoice, StructuredDocumentError } from '#packages/recognition';
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
  const kept = read?.recognition
    ? await keepRecognition(deps, { firmId: a.firmId, administrationId: a.administrationId, id }, read.recognition)
    : undefined;
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
    ...kept,
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

/**
 * A reading's lines take this many bytes (as JSON) at most on the document's item; a longer list
 * (a 5 000-line invoice reads to about 500 KB, past DynamoDB's 400 KB item limit) is kept beside
 * the document in the bucket.
 */
export const recognitionLinesMaxBytes = 100_000;
/** How many lines the item keeps of a list kept beside it. */
export const recognitionLinesKept = 50;

/** Where a document's whole list of read lines is kept, beside its stored file. */
export function recognitionLinesKey(firmId: string, administrationId: string, documentId: string): string {
  return `documents/${firmId}/${administrationId}/${documentId}/recognition-lines.json`;
}

/**
 * The reading as a document's item stores it: whole, or, when its lines are too many for an
 * item, with the first {@link recognitionLinesKept} lines and the whole list written beside the
 * document in the bucket (`recognitionLines`).
 */
export async function keepRecognition(
  deps: { readonly putObject: (key: string, body: Buffer, contentType: string) => Promise<void> },
  document: { readonly firmId: string; readonly administrationId: string; readonly id: string },
  recognition: RecognitionResult,
): Promise<Pick<IntakeDocument, 'recognition' | 'recognitionLines'>> {
  const body = Buffer.from(JSON.stringify(recognition.lines));
  if (body.length <= recognitionLinesMaxBytes) return { recognition };
  const key = recognitionLinesKey(document.firmId, document.administrationId, document.id);
  await deps.putObject(key, body, 'application/json');
  return {
    recognition: { ...recognition, lines: recognition.lines.slice(0, recognitionLinesKept) },
    recognitionLines: { key, count: recognition.lines.length },
  };
}

/** The document's reading with every line, read back from the bucket when the item holds the first ones only. */
export async function fullRecognition(
  deps: { readonly readObject: (key: string) => Promise<Uint8Array> },
  document: Pick<IntakeDocument, 'recognition' | 'recognitionLines'>,
): Promise<RecognitionResult | undefined> {
  const { recognition, recognitionLines } = document;
  if (!recognition || !recognitionLines) return recognition;
  const lines = JSON.parse(Buffer.from(await deps.readObject(recognitionLines.key)).toString('utf8'));
  return { ...recognition, lines: RecognitionResult.shape.lines.parse(lines) };
}

/** The document as the API shows it: its reading with every line. */
export async function documentWithAllLines(
  deps: { readonly readObject: (key: string) => Promise<Uint8Array> },
  document: IntakeDocument,
): Promise<IntakeDocument> {
  if (!document.recognitionLines) return document;
  const { recognitionLines: _beside, ...rest } = document;
  const recognition = await fullRecognition(deps, document);
  return { ...rest, ...(recognition ? { recognition } : {}) };
}
