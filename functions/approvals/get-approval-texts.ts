import { approvals } from '#functions/shared/approvals.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { readFirmTexts } from '#packages/approvals';

export const handler = httpRoute({}, async ({ tenant }) => readFirmTexts(approvals.table, tenant));
