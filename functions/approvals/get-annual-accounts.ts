import { annualAccountsPath, approvals, reportStorage } from '#functions/shared/approvals.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { presentAnnualAccounts, viewAnnualAccounts } from '#packages/approvals';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute({ params: annualAccountsPath }, async ({ tenant, params }) => {
  const view = await viewAnnualAccounts(
    approvals.table,
    reportStorage,
    tenant,
    await getAdministration(tenancy, tenant, params.administrationId),
    params.annualAccountsId,
  );
  return { ...view, annualAccounts: presentAnnualAccounts(view.annualAccounts) };
});
