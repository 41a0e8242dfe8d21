import { approvals, sessionOf, taskPath } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { DecisionInput, decideTask } from '#packages/approvals';

/** Approve, reject (with a reason), ask a question or delegate; a double click replays, a closed task is 409. */
export const handler = httpRoute(
  { params: taskPath, body: DecisionInput, idempotency: 'decide-approval-task' },
  async ({ tenant, params, body, headers }) => {
    const adm = await booksOf(tenant, params.administrationId);
    return decideTask(
      approvals,
      { kind: 'user', tenant },
      { firmId: adm.firmId, administrationId: adm.id },
      params.taskId,
      body,
      sessionOf(headers),
    );
  },
);
