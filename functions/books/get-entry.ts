import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { entryPath } from '#functions/shared/schemas.ts';
import { getEntry, presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: entryPath }, async ({ tenant, params }) =>
  presentMoney(await getEntry(ledger, await booksOf(tenant, params.administrationId), params.entryId)),
);
