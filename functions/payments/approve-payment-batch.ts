import { etag, httpRoute, result, versionFromIfMatch } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { approvePaymentBatch, PaymentBatchPath, presentBatch } from '#packages/payments';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute(
  { params: PaymentBatchPath, idempotency: 'payment-batches.approve' },
  async ({ tenant, params, headers }) => {
    const adm = await getAdministration(tenancy, tenant, params.administrationId);
    const batch = await approvePaymentBatch(invoicing, tenant, adm, params.batchId, versionFromIfMatch(headers));
    return result(200, presentBatch(batch), etag(batch.version));
  },
);
