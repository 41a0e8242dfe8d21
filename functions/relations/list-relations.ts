import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { relations } from '#functions/shared/relations.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { listRelations, RelationListQuery } from '#packages/relations';

export const handler = httpRoute(
  { params: administrationPath, query: RelationListQuery },
  async ({ tenant, params, query }) =>
    listRelations(relations, tenant, (await booksOf(tenant, params.administrationId)).id, query),
);
