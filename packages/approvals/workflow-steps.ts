import { ConflictError } from '#packages/kernel';
import { type Table, type TransactWrite, transactWrite } from '#packages/table';
import { issueLink } from './annual-accounts.js';
import { type ApprovalDeps, directory, type TaskWorkflowInput } from './context.js';
import { getTexts } from './flows.js';
import { approvalKeys } from './keys.js';
import type { ApprovalTask, DecisionRecord } from './model.js';
import { historyWrite, readTask } from './tasks.js';
import { dutchDateTime, renderText } from './texts.js';

/** An e-mail out (SES on AWS, the outbox locally). */
export interface MailPort {
  send(mail: { readonly to: readonly string[]; readonly subject: string; readonly text: string }): Promise<void>;
}

export interface WorkflowStepDeps extends Pick<ApprovalDeps, 'table' | 'clock' | 'newId'> {
  readonly mail: MailPort;
  /** The address of the one-time link page for a token. */
  readonly linkUrl: (token: string) => string;
}

type Moment = 'notifiedAt' | 'reminderSentAt' | 'deadlinePassedAt';

/**
 * Claims a moment of an open task once (`notifiedAt`, …) with its history line; false when the
 * task is decided or the moment was already claimed (a retried or redriven step sends nothing twice).
 */
async function claim(
  deps: WorkflowStepDeps,
  task: ApprovalTask,
  moment: Moment,
  record?: DecisionRecord,
): Promise<boolean> {
  const writes: TransactWrite[] = [
    {
      Update: {
        Key: approvalKeys(task.firmId, task.administrationId).task(task.id),
        UpdateExpression: 'SET #m = :at',
        ConditionExpression: '#status = :open AND attribute_not_exists(#m)',
        ExpressionAttributeNames: { '#m': moment, '#status': 'status' },
        ExpressionAttributeValues: { ':at': deps.clock().toISOString(), ':open': 'open' },
      },
    },
    ...(record ? [historyWrite(task.firmId, task.administrationId, record)] : []),
  ];
  try {
    await transactWrite(deps.table, writes, () => new ConflictError('ALREADY_DONE', moment));
    return true;
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'ALREADY_DONE') return false;
    throw error;
  }
}

/** Gives a claim back when the e-mail could not go out, so the step's retry sends it. */
async function release(table: Table, task: ApprovalTask, moment: Moment): Promise<void> {
  await transactWrite(
    table,
    [
      {
        Update: {
          Key: approvalKeys(task.firmId, task.administrationId).task(task.id),
          UpdateExpression: 'REMOVE #m',
          ExpressionAttributeNames: { '#m': moment },
        },
      },
    ],
    () => new ConflictError('CONCURRENT_UPDATE', moment),
  );
}

async function values(deps: WorkflowStepDeps, task: ApprovalTask) {
  const dir = directory(deps.table);
  const [firm, administration, texts] = await Promise.all([
    dir.firmName(task.firmId),
    dir.administration(task.firmId, task.administrationId),
    getTexts(deps.table, task.firmId),
  ]);
  return {
    texts,
    values: {
      firm,
      administration: administration.legalName,
      task: task.subject.title,
      deadline: dutchDateTime(task.deadlineAt),
    },
  };
}

const systemRecord = (
  deps: WorkflowStepDeps,
  task: ApprovalTask,
  kind: 'reminder-sent' | 'deadline-passed',
): DecisionRecord => ({
  id: deps.newId(),
  taskId: task.id,
  approvalId: task.approvalId,
  subject: task.subject,
  kind,
  by: { userId: 'system', userType: 'system' },
  at: deps.clock().toISOString(),
  session: {},
  before: { task: task.status, subject: 'pending' },
  after: { task: task.status, subject: 'pending' },
});

async function once(
  deps: WorkflowStepDeps,
  input: TaskWorkflowInput,
  moment: Moment,
  compose: (task: ApprovalTask) => Promise<{ to: readonly string[]; subject: string; text: string } | undefined>,
  record?: (task: ApprovalTask) => DecisionRecord,
): Promise<{ sent: boolean }> {
  const { task } = await readTask(deps.table, input.firmId, input.administrationId, input.taskId);
  if (task.status !== 'open' || task[moment]) return { sent: false };
  if (!(await claim(deps, task, moment, record?.(task)))) return { sent: false };
  try {
    const mail = await compose(task);
    if (mail && mail.to.length > 0) await deps.mail.send(mail);
    return { sent: Boolean(mail && mail.to.length > 0) };
  } catch (error) {
    await release(deps.table, task, moment);
    throw error;
  }
}

/**
 * The first step of a task's workflow: tells the assignees a task waits for them, in the firm's
 * texts. A task decided through a link gets its one-time link here, so the token exists only
 * in this e-mail and never in the execution's input or history.
 */
export function notifyTask(deps: WorkflowStepDeps, input: TaskWorkflowInput) {
  return once(deps, input, 'notifiedAt', async (task) => {
    const { texts, values: v } = await values(deps, task);
    if (task.viaLink) {
      const link = deps.linkUrl(await issueLink(deps.table, task));
      return {
        to: task.notify,
        subject: renderText(texts.linkSubject, v),
        text: renderText(texts.linkBody, { ...v, link }),
      };
    }
    return { to: task.notify, subject: renderText(texts.taskSubject, v), text: renderText(texts.taskBody, v) };
  });
}

/** At `remindAt`: a reminder to whoever the task waits for, unless it was decided. */
export function sendReminder(deps: WorkflowStepDeps, input: TaskWorkflowInput) {
  return once(
    deps,
    input,
    'reminderSentAt',
    async (task) => {
      const { texts, values: v } = await values(deps, task);
      return {
        to: task.notify,
        subject: renderText(texts.reminderSubject, v),
        text: renderText(texts.reminderBody, v),
      };
    },
    (task) => systemRecord(deps, task, 'reminder-sent'),
  );
}

/** At the deadline: a notice to the firm that the client has not decided. The task stays open. */
export function passDeadline(deps: WorkflowStepDeps, input: TaskWorkflowInput) {
  return once(
    deps,
    input,
    'deadlinePassedAt',
    async (task) => {
      const { texts, values: v } = await values(deps, task);
      return {
        to: task.firmNotify,
        subject: renderText(texts.deadlineSubject, v),
        text: renderText(texts.deadlineBody, v),
      };
    },
    (task) => systemRecord(deps, task, 'deadline-passed'),
  );
}
