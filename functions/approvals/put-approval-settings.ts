import { approvals } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { presentSettings, putSettings, SettingsInput } from '#packages/approvals';

export const handler = httpRoute(
  { params: administrationPath, body: SettingsInput },
  async ({ tenant, params, body }) =>
    presentSettings(await putSettings(approvals, tenant, await booksOf(tenant, params.administrationId), body)),
);
