import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { vatReturnPath } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { getVatReturn } from '#packages/vat';

export const handler = httpRoute({ params: vatReturnPath }, async ({ tenant, params }) =>
  presentMoney(await getVatReturn(ledger, await booksOf(tenant, params.administrationId), params.returnId)),
);
