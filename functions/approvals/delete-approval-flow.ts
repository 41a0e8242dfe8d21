import { approvals, flowPath } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { deleteFlow } from '#packages/approvals';

export const handler = httpRoute({ params: flowPath }, async ({ tenant, params }) => {
  await deleteFlow(approvals, tenant, await booksOf(tenant, params.administrationId), params.flowId);
  return result(204);
});
