import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { readObject } from '#functions/shared/intake.ts';
import { documentPath } from '#functions/shared/schemas.ts';
import { documentWithAllLines, getDocument } from '#packages/intake';
import { NotFoundError } from '#packages/kernel';

export const handler = httpRoute({ params: documentPath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  const document = await getDocument(table, adm.firmId, adm.id, params.documentId);
  if (!document) throw new NotFoundError(`Document ${params.documentId}`);
  return documentWithAllLines({ readObject: async (key) => (await readObject(key)).raw }, document);
});
