import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { signUpload } from '#functions/shared/uploads.ts';
import { UploadBatchRequest } from '#packages/intake';

export const handler = httpRoute(
  { params: administrationPath, body: UploadBatchRequest, idempotency: 'uploads.batch' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const uploads = await Promise.all(body.files.map((file) => signUpload(adm.firmId, adm.id, file)));
    return result(201, { uploads });
  },
);
