import { z } from 'zod';
import { newId, ValidationError } from '#packages/kernel';
import type { EmailIntakeDeps } from './email.js';
import { documentIdFor, type IntakeDocument, kindOf, MAX_DOCUMENT_BYTES, recordDocument, safeName } from './model.js';
import { storeDocument } from './store.js';

/** Types a portal may upload: PDFs, scans and photos, and UBL/CII XML. */
export const uploadContentTypes = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'application/xml',
  'text/xml',
] as const;

export const UploadRequest = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    contentType: z.enum(uploadContentTypes),
    size: z.number().int().min(1).max(MAX_DOCUMENT_BYTES),
  })
  .strict()
  .meta({ id: 'UploadRequest' });
export type UploadRequest = z.infer<typeof UploadRequest>;

export const UploadBatchRequest = z
  .object({ files: z.array(UploadRequest).min(1).max(100) })
  .strict()
  .meta({ id: 'UploadBatchRequest' });
export type UploadBatchRequest = z.infer<typeof UploadBatchRequest>;

/**
 * Where a portal upload lands: under `raw/upload/` with its tenant path, so the pipeline knows
 * whose it is; and the id the document will have, so a portal can follow it from the start.
 */
export function planUpload(firmId: string, administrationId: string, request: UploadRequest) {
  const uploadId = newId();
  const key = `raw/upload/${firmId}/${administrationId}/${uploadId}/${safeName(request.fileName)}`;
  return { uploadId, key, documentId: documentIdFor(key, administrationId, 0) };
}

/**
 * Takes an uploaded object in as a document. The key says whose it is; the bytes say whether
 * it is a duplicate. What the upload URL should have prevented (another type, an empty or
 * oversized file) becomes a rejected document with its reason; the raw object stays stored.
 */
export async function ingestUpload(
  deps: Pick<EmailIntakeDeps, 'table' | 'putObject'>,
  input: { rawKey: string; raw: Buffer; contentType: string; arrivedAt: string },
): Promise<IntakeDocument> {
  const [, door, firmId, administrationId, uploadId, fileName] = input.rawKey.split('/');
  if (door !== 'upload' || !firmId || !administrationId || !uploadId || !fileName) {
    throw new ValidationError([{ path: 'key', message: `${input.rawKey} is not an upload key.` }]);
  }
  const kind = kindOf(input.contentType, fileName);
  const reject = async (reason: string, detail: string): Promise<IntakeDocument> => {
    const document: IntakeDocument = {
      id: documentIdFor(input.rawKey, administrationId, 0),
      administrationId,
      source: 'upload',
      kind: kind ?? 'pdf',
      fileName,
      contentType: input.contentType,
      size: input.raw.length,
      sha256: '',
      objectKey: input.rawKey,
      rawKey: input.rawKey,
      status: 'rejected',
      rejection: { reason, detail },
      receivedAt: input.arrivedAt,
    };
    await recordDocument(deps.table, firmId, document);
    return document;
  };
  if (!kind) return reject('UNSUPPORTED_TYPE', `${input.contentType} is not a PDF, image or XML invoice.`);
  if (input.raw.length === 0) return reject('EMPTY_FILE', `${fileName} is empty.`);
  if (input.raw.length > MAX_DOCUMENT_BYTES) return reject('FILE_TOO_LARGE', `${fileName} is larger than 20 MB.`);
  return storeDocument(deps, {
    source: 'upload',
    firmId,
    administrationId,
    kind,
    fileName,
    contentType: input.contentType,
    content: input.raw,
    rawKey: input.rawKey,
    index: 0,
    receivedAt: input.arrivedAt,
  });
}
