import { approvals } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { administrationPath } from '#functions/shared/schemas.ts';
import { FlowInput, presentFlow, saveFlow } from '#packages/approvals';

export const handler = httpRoute(
  { params: administrationPath, body: FlowInput, idempotency: 'create-approval-flow' },
  async ({ tenant, params, body }) => {
    const flow = await saveFlow(approvals, tenant, await booksOf(tenant, params.administrationId), body);
    return result(201, presentFlow(flow), etag(flow.version));
  },
);
