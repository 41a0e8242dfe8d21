import { approvals, linkRoute, reportStorage } from '#functions/shared/approvals.ts';
import { openLink } from '#packages/approvals';

/** Opens a one-time link's only viewing session: the report and a session token; used, expired or decided is 410. */
export const handler = linkRoute({}, async ({ token, session }) =>
  openLink({ ...approvals, storage: reportStorage }, token, session),
);
