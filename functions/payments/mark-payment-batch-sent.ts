import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { markPaymentBatchSent, PaymentBatchPath, presentBatch } from '#packages/payments';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute(
  { params: PaymentBatchPath, idempotency: 'payment-batches.send' },
  async ({ tenant, params }) => {
    const adm = await getAdministration(tenancy, tenant, params.administrationId);
    const batch = await markPaymentBatchSent(invoicing, tenant, adm, params.batchId);
    return result(200, presentBatch(batch), etag(batch.version));
  },
);
