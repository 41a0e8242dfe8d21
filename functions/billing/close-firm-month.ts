import { z } from 'zod';
import { billing } from '#functions/shared/billing.ts';
import { workflowTask } from '#functions/shared/task.ts';
import { closeMonth, Month } from '#packages/billing';

const Input = z.object({ firmId: z.string().min(1), month: Month });

/** Closes one firm's month; returns a summary (the invoice itself can outgrow a state's payload). */
export const handler = workflowTask(Input, async ({ firmId, month }) => {
  const invoice = await closeMonth(billing, firmId, month);
  return { firmId, month, invoiceId: invoice.id, total: invoice.total, lines: invoice.lines.length };
});
