import { approvals } from '#functions/shared/approvals.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { pageQuery } from '#functions/shared/schemas.ts';
import { listInbox } from '#packages/approvals';

/** Everything waiting for the caller across administrations, soonest deadline first, with counts per kind. */
export const handler = httpRoute({ query: pageQuery }, async ({ tenant, query }) =>
  listInbox(approvals.table, tenant, { cursor: query.cursor, limit: query.limit }),
);
