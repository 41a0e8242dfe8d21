import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { entryPath, ReverseEntryBody } from '#functions/shared/schemas.ts';
import { presentMoney, reverseEntry } from '#packages/ledger';

export const handler = httpRoute(
  { params: entryPath, body: ReverseEntryBody, idempotency: 'entries.reverse' },
  async ({ tenant, params, body }) =>
    result(
      201,
      presentMoney(
        await reverseEntry(ledger, tenant, await booksOf(tenant, params.administrationId), params.entryId, body),
      ),
    ),
);
