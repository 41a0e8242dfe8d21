import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { vatReturnPath } from '#functions/shared/schemas.ts';
import { currentApproval } from '#packages/approvals';
import { ConflictError } from '#packages/kernel';
import { presentMoney } from '#packages/ledger';
import { transitionReturn, VatReturnTransition } from '#packages/vat';

export const handler = httpRoute(
  { params: vatReturnPath, body: VatReturnTransition },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    if (body.action === 'approve' || body.action === 'reject') {
      // A return sent for the client's approval is decided on its task, so the task, its reminders
      // and the trail close with it.
      const approval = await currentApproval(ledger.table, adm, 'vat-return', params.returnId);
      if (approval?.status === 'pending') {
        throw new ConflictError(
          'APPROVAL_PENDING',
          `VAT return ${params.returnId} waits for the client's decision on its approval task (POST …/approval-tasks/{taskId}/decisions).`,
        );
      }
    }
    return presentMoney(await transitionReturn(ledger, tenant, adm, params.returnId, body.action, body.comment));
  },
);
