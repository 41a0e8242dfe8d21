import { booksOf, ledger } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { reportPath, reportQuery } from '#functions/shared/schemas.ts';
import { balanceSheet, kpis, presentMoney, profitAndLoss, trialBalance } from '#packages/ledger';

const reports = {
  'trial-balance': (b, q) => trialBalance(ledger, b, q.to),
  'profit-and-loss': (b, q) => profitAndLoss(ledger, b, q.from ?? `${q.to.slice(0, 4)}-01`, q.to),
  'balance-sheet': (b, q) => balanceSheet(ledger, b, q.to),
  kpis: (b, q) => kpis(ledger, b, q.from ?? `${q.to.slice(0, 4)}-01`, q.to),
} satisfies Record<
  string,
  (b: Awaited<ReturnType<typeof booksOf>>, q: { from?: string; to: string }) => Promise<unknown>
>;

export const handler = httpRoute({ params: reportPath, query: reportQuery }, async ({ tenant, params, query }) =>
  presentMoney(await reports[params.report](await booksOf(tenant, params.administrationId), query)),
);
