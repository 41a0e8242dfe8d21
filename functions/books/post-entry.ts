import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { PostEntryBody, postEntry, presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, body: PostEntryBody, idempotency: 'entries.post' },
  async ({ tenant, params, body }) => {
    const entry = await postEntry(ledger, tenant, await booksOf(tenant, params.administrationId), body);
    return result(201, presentMoney(entry), {
      location: `/administrations/${params.administrationId}/entries/${entry.id}`,
    });
  },
);
