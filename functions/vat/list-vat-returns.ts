import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { listVatReturns } from '#packages/vat';

export const handler = httpRoute({ params: administrationPath }, async ({ tenant, params }) => ({
  items: presentMoney(await listVatReturns(ledger, await booksOf(tenant, params.administrationId))),
}));
