import { z } from 'zod';
import { table } from '#functions/shared/clients.ts';
import { workflowTask } from '#functions/shared/task.ts';
import { previousMonth } from '#packages/audit';
import { tenancyRepository } from '#packages/tenancy';

const repo = tenancyRepository(table);

/** Input from the schedule: empty (archive last month) or a month to redo. */
const Input = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
});

export const handler = workflowTask(Input, async ({ month }) => {
  const firms: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.listFirms(cursor);
    firms.push(...page.items.map((f) => f.id));
    cursor = page.nextCursor;
  } while (cursor);
  return { month: month ?? previousMonth(new Date()), firms };
});
