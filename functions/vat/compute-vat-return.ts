import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { vatReturnPath } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { computeReturn } from '#packages/vat';

export const handler = httpRoute({ params: vatReturnPath }, async ({ tenant, params }) => {
  const { record, created } = await computeReturn(
    ledger,
    tenant,
    await booksOf(tenant, params.administrationId),
    params.returnId,
  );
  return result(created ? 201 : 200, presentMoney(record));
});
