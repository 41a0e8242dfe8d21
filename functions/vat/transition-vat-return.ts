import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { vatReturnPath } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { transitionReturn, VatReturnTransition } from '#packages/vat';

export const handler = httpRoute(
  { params: vatReturnPath, body: VatReturnTransition },
  async ({ tenant, params, body }) =>
    presentMoney(
      await transitionReturn(
        ledger,
        tenant,
        await booksOf(tenant, params.administrationId),
        params.returnId,
        body.action,
        body.comment,
      ),
    ),
);
