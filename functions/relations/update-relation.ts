import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result, versionFromIfMatch } from '#functions/shared/http.ts';
import { relations } from '#functions/shared/relations.ts';
import { relationPath } from '#functions/shared/schemas.ts';
import { UpdateRelationInput, updateRelation } from '#packages/relations';

export const handler = httpRoute(
  { params: relationPath, body: UpdateRelationInput },
  async ({ tenant, params, body, headers }) => {
    const relation = await updateRelation(
      relations,
      tenant,
      (await booksOf(tenant, params.administrationId)).id,
      params.relationId,
      body,
      versionFromIfMatch(headers),
    );
    return result(200, relation, etag(relation.version));
  },
);
