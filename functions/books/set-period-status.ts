import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { periodPath } from '#functions/shared/schemas.ts';
import { PeriodBody, setPeriodStatus } from '#packages/ledger';

export const handler = httpRoute({ params: periodPath, body: PeriodBody }, async ({ tenant, params, body }) =>
  setPeriodStatus(ledger, tenant, await booksOf(tenant, params.administrationId), params.period, body.status),
);
