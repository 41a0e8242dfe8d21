import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { planUpload, type UploadRequest } from '#packages/intake';
import { s3 } from './clients.js';
import { documentBucket } from './intake.js';

const EXPIRES_SECONDS = 900;

/**
 * A presigned PUT for one file, with the id its document will have. Type and exact size are
 * signed: S3 refuses a PUT of anything else.
 */
export async function signUpload(firmId: string, administrationId: string, file: UploadRequest) {
  const { uploadId, key, documentId } = planUpload(firmId, administrationId, file);
  const url = await getSignedUrl(
    s3(),
    new PutObjectCommand({ Bucket: documentBucket, Key: key, ContentType: file.contentType, ContentLength: file.size }),
    { expiresIn: EXPIRES_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) },
  );
  return {
    uploadId,
    documentId,
    fileName: file.fileName,
    method: 'PUT' as const,
    url,
    headers: { 'content-type': file.contentType, 'content-length': String(file.size) },
    expiresIn: EXPIRES_SECONDS,
  };
}
