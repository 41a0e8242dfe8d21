import { z } from 'zod';
import { httpSmp } from '#functions/shared/adapters/smp-http.ts';
import { staticSmp } from '#functions/shared/adapters/smp-static.ts';
import { table } from '#functions/shared/clients.ts';
import { loadConfig } from '#functions/shared/config.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { logger } from '#functions/shared/observability.ts';
import { queuePeppolMessage } from '#functions/shared/peppol-outbound.ts';
import { invoicePath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { newId } from '#packages/kernel';
import { type SendSalesInvoiceDeps, sendSalesInvoice } from '#packages/peppol';
import { getAdministration } from '#packages/tenancy';

const config = loadConfig({
  /** The provider's participant lookup; without it the capability check is left to the sending consumer. */
  AP_SMP_URL: z.url().optional(),
  AP_API_TOKEN: z.string().min(1).optional(),
});

const deps: SendSalesInvoiceDeps = {
  table,
  clock: tenancy.clock,
  newId,
  smp:
    config.AP_SMP_URL && config.AP_API_TOKEN
      ? httpSmp({ url: config.AP_SMP_URL, token: config.AP_API_TOKEN })
      : staticSmp(),
  enqueue: queuePeppolMessage,
};

export const handler = httpRoute({ params: invoicePath }, async ({ tenant, params }) => {
  const adm = await getAdministration(tenancy, tenant, params.administrationId);
  const sent = await sendSalesInvoice(deps, tenant, adm, params.invoiceId);
  logger.appendKeys({ administrationId: adm.id, invoiceId: sent.invoiceId });
  logger.info('Sales invoice queued for Peppol', { messageId: sent.messageId, outcome: sent.outcome });
  return result(sent.outcome === 'queued' ? 202 : 200, sent);
});
