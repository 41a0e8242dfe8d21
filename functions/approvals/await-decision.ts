import { z } from 'zod';
import { approvals } from '#functions/shared/approvals.ts';
import { workflowTask } from '#functions/shared/task.ts';
import { recordTaskToken } from '#packages/approvals';

const Input = z.object({
  taskToken: z.string().min(1).max(2048),
  firmId: z.string().min(1),
  administrationId: z.string().min(1),
  taskId: z.string().min(1),
});

/** Stores the token the execution waits on; the decision's SendTaskSuccess answers it. */
export const handler = workflowTask(Input, async ({ taskToken, ...task }) => {
  await recordTaskToken(approvals.table, task, taskToken);
  return { waiting: true };
});
