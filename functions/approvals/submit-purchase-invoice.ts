import { approvals, sessionOf } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { invoicePath } from '#functions/shared/schemas.ts';
import { presentApproval, submitPurchaseInvoice } from '#packages/approvals';

/** 201 with the round and its first task, or 200 `required: false` when no flow takes the invoice. */
export const handler = httpRoute(
  { params: invoicePath, idempotency: 'submit-purchase-invoice' },
  async ({ tenant, params, headers }) => {
    const submitted = await submitPurchaseInvoice(
      approvals,
      tenant,
      await booksOf(tenant, params.administrationId),
      params.invoiceId,
      sessionOf(headers),
    );
    return submitted.required
      ? result(201, { required: true, approval: presentApproval(submitted.approval), task: submitted.task })
      : result(200, submitted);
  },
);
