import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { PaymentBatchPath, PaymentFileQuery, paymentBatchFile } from '#packages/payments';
import { getAdministration } from '#packages/tenancy';

export const handler = httpRoute(
  { params: PaymentBatchPath, query: PaymentFileQuery },
  async ({ tenant, params, query }) => {
    const adm = await getAdministration(tenancy, tenant, params.administrationId);
    const file = await paymentBatchFile(invoicing, tenant, adm, params.batchId, query.version);
    return {
      status: 200,
      text: file.xml,
      headers: {
        'content-type': 'application/xml; charset=utf-8',
        'content-disposition': `attachment; filename="${file.fileName}"`,
      },
    };
  },
);
