import { ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { vatReturnPath } from '#functions/shared/schemas.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { getAdministration } from '#packages/tenancy';
import { exportReturn } from '#packages/vat';

export const handler = httpRoute({ params: vatReturnPath }, async ({ tenant, params }) => {
  const administration = await getAdministration(tenancy, tenant, params.administrationId);
  const file = await exportReturn(
    ledger,
    { firmId: administration.firmId, id: administration.id, country: administration.country },
    params.returnId,
    { vatNumber: administration.vatNumber ?? '', name: administration.legalName },
  );
  return {
    status: 200,
    text: file.content,
    headers: { 'content-type': file.mediaType, 'content-disposition': `attachment; filename="${file.fileName}"` },
  };
});
