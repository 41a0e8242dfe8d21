import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result, versionFromIfMatch } from '#functions/shared/http.ts';
import { relations } from '#functions/shared/relations.ts';
import { RelationStatusBody, relationPath } from '#functions/shared/schemas.ts';
import { archiveRelation, restoreRelation } from '#packages/relations';

export const handler = httpRoute(
  { params: relationPath, body: RelationStatusBody },
  async ({ tenant, params, body, headers }) => {
    const change = body.status === 'archived' ? archiveRelation : restoreRelation;
    const relation = await change(
      relations,
      tenant,
      (await booksOf(tenant, params.administrationId)).id,
      params.relationId,
      versionFromIfMatch(headers),
    );
    return result(200, relation, etag(relation.version));
  },
);
