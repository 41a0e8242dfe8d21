import { startPurchaseApproval } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result, versionFromIfMatch } from '#functions/shared/http.ts';
import { answerProposalDecision } from '#functions/shared/peppol-status.ts';
import { proposals } from '#functions/shared/proposals.ts';
import { proposalPath } from '#functions/shared/schemas.ts';
import { presentMoney } from '#packages/ledger';
import { acceptProposal } from '#packages/proposals';

export const handler = httpRoute(
  { params: proposalPath, idempotency: 'proposals.accept' },
  async ({ tenant, params, headers }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const proposal = await acceptProposal(proposals, tenant, adm, params.proposalId, versionFromIfMatch(headers));
    await answerProposalDecision(adm, proposal);
    const posted = proposal.posted?.invoiceId;
    if (proposal.side === 'purchase' && proposal.kind === 'invoice' && posted) {
      await startPurchaseApproval(tenant, adm, posted, headers);
    }
    return result(201, presentMoney(proposal), etag(proposal.version));
  },
);
