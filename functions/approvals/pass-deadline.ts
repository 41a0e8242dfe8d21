import { workflowSteps } from '#functions/shared/approvals.ts';
import { workflowTask } from '#functions/shared/task.ts';
import { passDeadline, TaskWorkflowInputSchema } from '#packages/approvals';

export const handler = workflowTask(TaskWorkflowInputSchema, (input) => passDeadline(workflowSteps, input));
