import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { relations } from '#functions/shared/relations.ts';
import { relationPath } from '#functions/shared/schemas.ts';
import { getRelation } from '#packages/relations';

export const handler = httpRoute({ params: relationPath }, async ({ tenant, params }) => {
  const relation = await getRelation(
    relations,
    tenant,
    (await booksOf(tenant, params.administrationId)).id,
    params.relationId,
  );
  return result(200, relation, etag(relation.version));
});
