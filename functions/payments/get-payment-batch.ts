import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { getPaymentBatch, PaymentBatchPath, presentBatch } from '#packages/payments';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute({ params: PaymentBatchPath }, async ({ tenant, params }) => {
  const adm = await getAdministration(tenancy, tenant, params.administrationId);
  const batch = await getPaymentBatch(invoicing, tenant, adm, params.batchId);
  return result(200, presentBatch(batch), etag(batch.version));
});
