import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { administrationPath, asSent } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { createPaymentBatch, PaymentBatchInput, presentBatch } from '#packages/payments';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute(
  { params: administrationPath, body: asSent(PaymentBatchInput), idempotency: 'payment-batches.create' },
  async ({ tenant, params, body }) => {
    const adm = await getAdministration(tenancy, tenant, params.administrationId);
    const batch = await createPaymentBatch(invoicing, tenant, adm, body);
    return result(201, presentBatch(batch), {
      location: `/administrations/${adm.id}/payment-batches/${batch.id}`,
      ...etag(batch.version),
    });
  },
);
