import { approvals, flowPath } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { getFlow, presentFlow } from '#packages/approvals';

export const handler = httpRoute({ params: flowPath }, async ({ tenant, params }) => {
  const flow = await getFlow(approvals.table, await booksOf(tenant, params.administrationId), params.flowId);
  return result(200, presentFlow(flow), etag(flow.version));
});
