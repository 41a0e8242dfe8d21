import { workflowSteps } from '#functions/shared/approvals.ts';
import { workflowTask } from '#functions/shared/task.ts';
import { sendReminder, TaskWorkflowInputSchema } from '#packages/approvals';

export const handler = workflowTask(TaskWorkflowInputSchema, (input) => sendReminder(workflowSteps, input));
