import { approvals, sessionOf, VatApprovalRequest } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { vatReturnPath } from '#functions/shared/schemas.ts';
import { requestVatApproval } from '#packages/approvals';

export const handler = httpRoute(
  { params: vatReturnPath, body: VatApprovalRequest, idempotency: 'request-vat-approval' },
  async ({ tenant, params, body, headers }) =>
    result(
      201,
      await requestVatApproval(
        approvals,
        tenant,
        await booksOf(tenant, params.administrationId),
        params.returnId,
        body.deadline ? { deadline: new Date(body.deadline) } : {},
        sessionOf(headers),
      ),
    ),
);
