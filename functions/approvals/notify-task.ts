import { workflowSteps } from '#functions/shared/approvals.ts';
import { workflowTask } from '#functions/shared/task.ts';
import { notifyTask, TaskWorkflowInputSchema } from '#packages/approvals';

export const handler = workflowTask(TaskWorkflowInputSchema, (input) => notifyTask(workflowSteps, input));
