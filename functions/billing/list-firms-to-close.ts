import { z } from 'zod';
import { table } from '#functions/shared/clients.ts';
import { workflowTask } from '#functions/shared/task.ts';
import { addMonths, Month, monthOf } from '#packages/billing';
import { tenancyRepository } from '#packages/tenancy';

const repo = tenancyRepository(table);

/** Input from the schedule: empty (close last month) or a month to close again. */
const Input = z.object({ month: Month.optional() });

export const handler = workflowTask(Input, async ({ month }) => {
  const firms: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.listFirms(cursor);
    firms.push(...page.items.map((f) => f.id));
    cursor = page.nextCursor;
  } while (cursor);
  return { month: month ?? addMonths(monthOf(new Date()), -1), firms };
});
