import { approvals } from '#functions/shared/approvals.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath, pageQuery } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { listAnnualAccounts, presentAnnualAccounts } from '#packages/approvals';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute(
  { params: administrationPath, query: pageQuery },
  async ({ tenant, params, query }) => {
    const page = await listAnnualAccounts(
      approvals.table,
      tenant,
      await getAdministration(tenancy, tenant, params.administrationId),
      query.cursor,
    );
    return { ...page, items: page.items.map(presentAnnualAccounts) };
  },
);
