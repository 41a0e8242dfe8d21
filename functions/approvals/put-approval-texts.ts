import { approvals } from '#functions/shared/approvals.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { putTexts, TextsInput } from '#packages/approvals';

export const handler = httpRoute({ body: TextsInput }, async ({ tenant, body }) => putTexts(approvals, tenant, body));
