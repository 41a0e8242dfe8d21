import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { z } from 'zod';
import { booksOf } from '#functions/shared/books.ts';
import { s3 } from '#functions/shared/clients.ts';
import { loadConfig } from '#functions/shared/config.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { planUpload, UploadRequest } from '#packages/intake';

const config = loadConfig({ BUCKET_NAME: z.string().min(1) });
const EXPIRES_SECONDS = 900;

export const handler = httpRoute(
  { params: administrationPath, body: UploadRequest, idempotency: 'uploads.create' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const { uploadId, key } = planUpload(adm.firmId, adm.id, body);
    // Type and exact size are signed: S3 refuses a PUT of anything else.
    const url = await getSignedUrl(
      s3(),
      new PutObjectCommand({
        Bucket: config.BUCKET_NAME,
        Key: key,
        ContentType: body.contentType,
        ContentLength: body.size,
      }),
      { expiresIn: EXPIRES_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    return result(201, {
      uploadId,
      method: 'PUT',
      url,
      headers: { 'content-type': body.contentType, 'content-length': String(body.size) },
      expiresIn: EXPIRES_SECONDS,
    });
  },
);
