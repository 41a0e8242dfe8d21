import { approvals, reportStorage, sessionOf } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { presentAnnualAccounts, ShareAnnualAccountsInput, shareAnnualAccounts } from '#packages/approvals';

export const handler = httpRoute(
  { params: administrationPath, body: ShareAnnualAccountsInput, idempotency: 'share-annual-accounts' },
  async ({ tenant, params, body, headers }) =>
    result(
      201,
      presentAnnualAccounts(
        await shareAnnualAccounts(
          { ...approvals, storage: reportStorage },
          tenant,
          await booksOf(tenant, params.administrationId),
          body,
          sessionOf(headers),
        ),
      ),
    ),
);
