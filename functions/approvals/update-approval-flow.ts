import { approvals, flowPath } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, requireIfMatch, result } from '#functions/shared/http.ts';
import { FlowInput, presentFlow, saveFlow } from '#packages/approvals';

export const handler = httpRoute({ params: flowPath, body: FlowInput }, async ({ tenant, params, body, headers }) => {
  const flow = await saveFlow(approvals, tenant, await booksOf(tenant, params.administrationId), body, {
    flowId: params.flowId,
    expectedVersion: requireIfMatch(headers),
  });
  return result(200, presentFlow(flow), etag(flow.version));
});
