import { ConflictError, NotFoundError, type Page, type TenantContext } from '#packages/kernel';
import {
  getItem,
  type Item,
  queryPage,
  stripKeys,
  type Table,
  type TransactWrite,
  transactWrite,
} from '#packages/table';
import type { ApprovalDeps, TaskWorkflowInput } from './context.js';
import { deadlineAfterDays, reminderTime } from './deadlines.js';
import { approvalKeys, firmKeys } from './keys.js';
import type { ApprovalSettings, ApprovalTask, DecisionRecord, SubjectKind, SubjectRef } from './model.js';

/** A task as the API shows it: never its task token. */
export function presentTask(item: Record<string, unknown>): ApprovalTask {
  const { taskToken: _token, ...task } = stripKeys<ApprovalTask & { taskToken?: string }>(item);
  return task;
}

export async function readTask(table: Table, firmId: string, administrationId: string, taskId: string) {
  const item = await getItem<Item>(table, approvalKeys(firmId, administrationId).task(taskId));
  if (!item) throw new NotFoundError(`Approval task ${taskId}`);
  return { task: presentTask(item), taskToken: item.taskToken as string | undefined };
}

/** A new open task with its deadline and reminder time from the administration's settings. */
export function newTask(
  deps: Pick<ApprovalDeps, 'clock' | 'newId'>,
  input: {
    readonly firmId: string;
    readonly administrationId: string;
    readonly approvalId: string;
    readonly subject: SubjectRef;
    readonly assignees: readonly string[];
    readonly notify: readonly string[];
    readonly firmNotify: readonly string[];
    readonly viaLink?: boolean;
    readonly step?: number;
    readonly stepName?: string;
    /** An explicit deadline (VAT: the filing deadline); otherwise `deadlineDays` from now. */
    readonly deadline?: Date;
    readonly deadlineDays?: number;
  },
  settings: ApprovalSettings,
): ApprovalTask {
  const now = deps.clock();
  const deadline = input.deadline ?? deadlineAfterDays(now, input.deadlineDays ?? settings.deadlineDays);
  return {
    id: deps.newId(),
    firmId: input.firmId,
    administrationId: input.administrationId,
    approvalId: input.approvalId,
    subject: input.subject,
    ...(input.step !== undefined ? { step: input.step, stepName: input.stepName } : {}),
    status: 'open',
    assignees: [...new Set(input.assignees)],
    notify: [...new Set(input.notify)],
    firmNotify: [...new Set(input.firmNotify)],
    ...(input.viaLink ? { viaLink: true } : {}),
    createdAt: now.toISOString(),
    deadlineAt: deadline.toISOString(),
    remindAt: reminderTime(now, deadline, settings.reminderLeadSeconds * 1000).toISOString(),
    version: 1,
  };
}

export const workflowInput = (task: ApprovalTask): TaskWorkflowInput => ({
  firmId: task.firmId,
  administrationId: task.administrationId,
  taskId: task.id,
  remindAt: task.remindAt,
  deadlineAt: task.deadlineAt,
});

function inboxWrites(task: ApprovalTask, assignees: readonly string[], delta: 1 | -1): TransactWrite[] {
  return assignees.flatMap((userId): TransactWrite[] => [
    delta === 1
      ? {
          Put: {
            Item: {
              ...firmKeys.inboxEntry(task.firmId, userId, task.deadlineAt, task.id),
              taskId: task.id,
              administrationId: task.administrationId,
              kind: task.subject.kind,
              title: task.subject.title,
              ...(task.stepName ? { stepName: task.stepName } : {}),
              deadlineAt: task.deadlineAt,
              createdAt: task.createdAt,
            },
          },
        }
      : { Delete: { Key: firmKeys.inboxEntry(task.firmId, userId, task.deadlineAt, task.id) } },
    {
      Update: {
        Key: firmKeys.inboxCounts(task.firmId, userId),
        UpdateExpression: 'ADD #kind :d, #total :d',
        ExpressionAttributeNames: { '#kind': task.subject.kind, '#total': 'total' },
        ExpressionAttributeValues: { ':d': delta },
      },
    },
  ]);
}

/** The writes that open a task: the task and, per assignee, an inbox entry and its count. */
export function openTaskWrites(task: ApprovalTask): TransactWrite[] {
  const k = approvalKeys(task.firmId, task.administrationId);
  return [
    { Put: { Item: { ...k.task(task.id), ...task }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...inboxWrites(task, task.assignees, 1),
  ];
}

/**
 * The writes that change an open task into `after`, guarded by its status and version so two
 * deciders at once give one change; inbox entries follow the assignees.
 */
export function changeTaskWrites(before: ApprovalTask, after: ApprovalTask): TransactWrite[] {
  const k = approvalKeys(before.firmId, before.administrationId);
  const stillOpen = after.status === 'open';
  const removed = stillOpen ? before.assignees.filter((u) => !after.assignees.includes(u)) : before.assignees;
  const added = stillOpen ? after.assignees.filter((u) => !before.assignees.includes(u)) : [];
  const { id: _id, firmId: _f, administrationId: _a, ...fields } = after;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':open': 'open', ':v': before.version };
  const sets = Object.entries(fields).map(([name, value], i) => {
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  names['#status'] = 'status';
  names['#version'] = 'version';
  return [
    {
      Update: {
        Key: k.task(before.id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: '#status = :open AND #version = :v',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...inboxWrites(before, removed, -1),
    ...inboxWrites(after, added, 1),
  ];
}

/** The history line of a subject: one Put, append-only. */
export function historyWrite(firmId: string, administrationId: string, record: DecisionRecord): TransactWrite {
  return {
    Put: {
      Item: {
        pk: approvalKeys(firmId, administrationId).history(record.subject.kind, record.subject.id),
        sk: `${record.at}#${record.id}`,
        ...record,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** History of a subject across its approval rounds, oldest first; one Query per page. */
export async function listHistory(
  table: Table,
  firmId: string,
  administrationId: string,
  kind: SubjectKind,
  subjectId: string,
  cursor?: string,
): Promise<Page<DecisionRecord>> {
  const pk = approvalKeys(firmId, administrationId).history(kind, subjectId);
  const page = await queryPage<Item>(table, { pk, limit: 100, cursorScope: pk, cursor });
  return { ...page, items: page.items.map((i) => stripKeys<DecisionRecord>(i)) };
}

/** An entry of a user's inbox. */
export interface InboxEntry {
  readonly taskId: string;
  readonly administrationId: string;
  readonly kind: SubjectKind;
  readonly title: string;
  readonly stepName?: string;
  readonly deadlineAt: string;
  readonly createdAt: string;
}

/**
 * Everything waiting for the caller across administrations, soonest deadline first (one Query
 * per page), with the open counts per kind (one GetItem).
 */
export async function listInbox(
  table: Table,
  tenant: TenantContext,
  options: { cursor?: string; limit?: number } = {},
): Promise<Page<InboxEntry> & { counts: Record<SubjectKind | 'total', number> }> {
  const pk = firmKeys.inbox(tenant.firmId, tenant.userId);
  const [page, counts] = await Promise.all([
    queryPage<Item>(table, { pk, limit: options.limit ?? 50, cursorScope: pk, cursor: options.cursor }),
    getItem<Item>(table, firmKeys.inboxCounts(tenant.firmId, tenant.userId)),
  ]);
  const count = (name: string) => Math.max(0, Number(counts?.[name] ?? 0));
  return {
    ...page,
    items: page.items.map((i) => stripKeys<InboxEntry>(i)),
    counts: {
      'purchase-invoice': count('purchase-invoice'),
      'vat-return': count('vat-return'),
      'annual-accounts': count('annual-accounts'),
      total: count('total'),
    },
  };
}

/** The task closed meanwhile (a decision was taken): the waiting workflow ends. */
export class TaskClosedError extends ConflictError {
  override name = 'TaskClosed';
  constructor(taskId: string) {
    super('TASK_CLOSED', `Approval task ${taskId} is already decided.`);
  }
}

/**
 * Stores the task token of the execution waiting for the task's decision. A task that was
 * decided before its execution got here throws {@link TaskClosedError}, which the state machine
 * catches to end.
 */
export async function recordTaskToken(
  table: Table,
  input: { firmId: string; administrationId: string; taskId: string },
  taskToken: string,
): Promise<void> {
  const k = approvalKeys(input.firmId, input.administrationId);
  await transactWrite(
    table,
    [
      {
        Update: {
          Key: k.task(input.taskId),
          UpdateExpression: 'SET taskToken = :t',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':t': taskToken, ':open': 'open' },
        },
      },
    ],
    () => new TaskClosedError(input.taskId),
  );
}
