import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath, pageQuery } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { listAdministrationAuditTrail } from '#packages/tenancy';

export const handler = httpRoute({ params: administrationPath, query: pageQuery }, ({ tenant, params, query }) =>
  listAdministrationAuditTrail(tenancy, tenant, params.administrationId, query),
);
