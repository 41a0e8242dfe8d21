import { etag, httpRoute, requireIfMatch, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { asSent } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { changePaymentBatch, PaymentBatchChange, PaymentBatchPath, presentBatch } from '#packages/payments';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute(
  { params: PaymentBatchPath, body: asSent(PaymentBatchChange) },
  async ({ tenant, params, body, headers }) => {
    const adm = await getAdministration(tenancy, tenant, params.administrationId);
    const batch = await changePaymentBatch(invoicing, tenant, adm, params.batchId, body, requireIfMatch(headers));
    return result(200, presentBatch(batch), etag(batch.version));
  },
);
