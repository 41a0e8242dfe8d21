import { booksOf } from '#functions/shared/books.ts';
import { table } from '#functions/shared/clients.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicePath } from '#functions/shared/schemas.ts';
import { getPeppolSend } from '#packages/peppol';

export const handler = httpRoute({ params: invoicePath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  return getPeppolSend({ table }, adm, params.invoiceId);
});
