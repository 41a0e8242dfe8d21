import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { invoicing } from '#functions/shared/invoicing.ts';
import { openItemPath } from '#functions/shared/schemas.ts';
import { getOpenItem } from '#packages/invoicing';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute({ params: openItemPath }, async ({ tenant, params }) =>
  presentMoney(await getOpenItem(invoicing, await booksOf(tenant, params.administrationId), params.openItemId)),
);
