import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { signUpload } from '#functions/shared/uploads.ts';
import { UploadRequest } from '#packages/intake';

export const handler = httpRoute(
  { params: administrationPath, body: UploadRequest, idempotency: 'uploads.create' },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    return result(201, await signUpload(adm.firmId, adm.id, body));
  },
);
