import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { peppolFailurePath, requeueRawObject } from '#functions/shared/peppol-intake.ts';
import { retryPeppolFailure } from '#packages/peppol';

export const handler = httpRoute({ params: peppolFailurePath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  return result(202, await retryPeppolFailure({ table, requeue: requeueRawObject }, tenant, adm, params.failureId));
});
