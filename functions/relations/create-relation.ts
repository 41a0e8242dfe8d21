import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { relations } from '#functions/shared/relations.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { CreateRelationInput, createRelation } from '#packages/relations';

export const handler = httpRoute(
  { params: administrationPath, body: CreateRelationInput, idempotency: 'relations.create' },
  async ({ tenant, params, body }) => {
    const relation = await createRelation(relations, tenant, (await booksOf(tenant, params.administrationId)).id, body);
    return result(201, relation, {
      location: `/administrations/${params.administrationId}/relations/${relation.id}`,
      ...etag(relation.version),
    });
  },
);
