import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { relations } from '#functions/shared/relations.ts';
import { externalIdPath } from '#functions/shared/schemas.ts';
import { UpsertRelationInput, upsertRelationByExternalId } from '#packages/relations';

export const handler = httpRoute(
  { params: externalIdPath, body: UpsertRelationInput },
  async ({ tenant, params, body }) => {
    const { relation, created } = await upsertRelationByExternalId(
      relations,
      tenant,
      (await booksOf(tenant, params.administrationId)).id,
      params.source,
      params.externalId,
      body,
    );
    return result(created ? 201 : 200, relation, etag(relation.version));
  },
);
