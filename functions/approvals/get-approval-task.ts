import { approvals, taskPath } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { etag, httpRoute, result } from '#functions/shared/http.ts';
import { readTask } from '#packages/approvals';

export const handler = httpRoute({ params: taskPath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  const { task } = await readTask(approvals.table, adm.firmId, adm.id, params.taskId);
  return result(200, task, etag(task.version));
});
