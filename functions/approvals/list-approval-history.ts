import { approvals, historyPath } from '#functions/shared/approvals.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { pageQuery } from '#functions/shared/schemas.ts';
import { listHistory } from '#packages/approvals';

/** Every start, view, reminder, deadline and decision on a subject, across its approval rounds. */
export const handler = httpRoute({ params: historyPath, query: pageQuery }, async ({ tenant, params, query }) => {
  const adm = await booksOf(tenant, params.administrationId);
  return listHistory(approvals.table, adm.firmId, adm.id, params.subjectKind, params.subjectId, query.cursor);
});
