import { httpSmp } from '#functions/shared/adapters/smp-http.ts';
import { staticSmp } from '#functions/shared/adapters/smp-static.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { logger } from '#functions/shared/observability.ts';
import { queuePeppolMessage } from '#functions/shared/peppol-outbound.ts';
import { invoicePath } from '#functions/shared/schemas.ts';
import { peppolAccessPoint } from '#functions/shared/secrets.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { newId } from '#packages/kernel';
import { type SendSalesInvoiceDeps, type Smp, sendSalesInvoice } from '#packages/peppol';
import { getAdministration } from '#packages/tenancy';

const deps: Omit<SendSalesInvoiceDeps, 'smp'> = { table, clock: tenancy.clock, newId, enqueue: queuePeppolMessage };

/**
 * The provider's participant lookup (`smpUrl`, `apiToken` of the `peppol-access-point` secret);
 * without it the capability check is left to the sending consumer.
 */
async function smp(): Promise<Smp> {
  const settings = await peppolAccessPoint();
  return settings?.smpUrl && settings.apiToken
    ? httpSmp({ url: settings.smpUrl, token: settings.apiToken })
    : staticSmp();
}

export const handler = httpRoute({ params: invoicePath }, async ({ tenant, params }) => {
  const adm = await getAdministration(tenancy, tenant, params.administrationId);
  const sent = await sendSalesInvoice({ ...deps, smp: await smp() }, tenant, adm, params.invoiceId);
  logger.appendKeys({ administrationId: adm.id, invoiceId: sent.invoiceId });
  logger.info('Sales invoice queued for Peppol', { messageId: sent.messageId, outcome: sent.outcome });
  return result(sent.outcome === 'queued' ? 202 : 200, sent);
});
