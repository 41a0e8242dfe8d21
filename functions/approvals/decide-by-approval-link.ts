import { approvals, LinkDecisionInput, linkRoute } from '#functions/shared/approvals.ts';
import { decideByLink } from '#packages/approvals';

/** The client approves or rejects the report within the link's viewing session. */
export const handler = linkRoute({ body: LinkDecisionInput }, async ({ token, body, session }) =>
  decideByLink(approvals, token, body, session),
);
