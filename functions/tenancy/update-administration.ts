import { withBilledTerms } from '#functions/shared/billing.ts';
import { etag, httpRoute, result, versionFromIfMatch } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { UpdateAdministrationInput, updateAdministration } from '#packages/tenancy';

export const handler = httpRoute(
  { params: administrationPath, body: UpdateAdministrationInput },
  async ({ tenant, params, body, headers }) => {
    const administration = await withBilledTerms(tenant, params.administrationId, () =>
      updateAdministration(tenancy, tenant, params.administrationId, body, versionFromIfMatch(headers)),
    );
    return result(200, administration, etag(administration.version));
  },
);
