import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { vatCodes } from '#packages/ledger';

export const handler = httpRoute({ params: administrationPath }, async ({ tenant, params }) => ({
  items: vatCodes[(await booksOf(tenant, params.administrationId)).country],
}));
