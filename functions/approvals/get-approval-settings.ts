import { approvals } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { getSettings, presentSettings } from '#packages/approvals';

export const handler = httpRoute({ params: administrationPath }, async ({ tenant, params }) =>
  presentSettings(await getSettings(approvals.table, await booksOf(tenant, params.administrationId))),
);
