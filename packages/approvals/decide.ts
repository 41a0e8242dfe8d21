import { ConflictError, ForbiddenError, type TenantContext } from '#packages/kernel';
import { auditPut, getItem, type Item, type TransactWrite, transactWrite } from '#packages/table';
import { linkSession, onAnnualAccountsDecision } from './annual-accounts.js';
import { type ApprovalDeps, directory } from './context.js';
import { approvalKeys } from './keys.js';
import type { ApprovalTask, DecisionInput, DecisionRecord, Session, TaskStatus } from './model.js';
import { onPurchaseInvoiceDecision, type SubjectOutcome } from './purchase-invoices.js';
import { changeTaskWrites, historyWrite, readTask, workflowInput } from './tasks.js';
import { onVatReturnDecision } from './vat.js';

/** Who decides: a signed-in user, or the holder of a one-time link's viewing session. */
export type Actor =
  | { readonly kind: 'user'; readonly tenant: TenantContext }
  | { readonly kind: 'link'; readonly firmId: string; readonly linkId: string };

export interface DecisionResult {
  readonly task: ApprovalTask;
  readonly decision: DecisionRecord;
  /** The task that opened next (the following step of a purchase-invoice flow). */
  readonly next?: ApprovalTask;
  /** The same decision by the same person was already recorded (a double click): nothing changed. */
  readonly replayed: boolean;
}

const actorId = (actor: Actor) => (actor.kind === 'user' ? actor.tenant.userId : `link:${actor.linkId}`);
const actorType = (actor: Actor) => (actor.kind === 'user' ? actor.tenant.userType : ('link' as const));
/** The audit trail's tenant: a link holder acts as the administration's client. */
const auditTenant = (actor: Actor): TenantContext =>
  actor.kind === 'user' ? actor.tenant : { firmId: actor.firmId, userId: `link:${actor.linkId}`, userType: 'client' };

const closedConflict = (task: ApprovalTask) =>
  new ConflictError(
    'TASK_CLOSED',
    `This task was already ${task.status}${task.decision ? ` by ${task.decision.by.userId}` : ''}.`,
  );

/** Conflicts of a lost race (the task's guard, the subject's version, DynamoDB's transaction conflict). */
const raceCodes = new Set(['TASK_CLOSED', 'CONCURRENT_UPDATE', 'VERSION_CONFLICT']);

/** A decision on a closed task: the same one by the same person is a replay, anything else a conflict. */
function replayOrConflict(task: ApprovalTask, actor: Actor, input: DecisionInput): DecisionResult {
  if (task.decision && task.decision.by.userId === actorId(actor) && task.decision.kind === input.decision) {
    return { task, decision: task.decision, replayed: true };
  }
  throw closedConflict(task);
}

async function outcomeOf(
  deps: ApprovalDeps,
  task: ApprovalTask,
  decision: 'approve' | 'reject',
  comment: string | undefined,
  actor: Actor,
): Promise<SubjectOutcome> {
  switch (task.subject.kind) {
    case 'purchase-invoice':
      return onPurchaseInvoiceDecision(deps, task, decision);
    case 'vat-return':
      return onVatReturnDecision(deps, task, decision, comment, auditTenant(actor));
    case 'annual-accounts':
      return onAnnualAccountsDecision(deps, task, decision, comment);
  }
}

/**
 * Records a decision on a task: approve, reject (with a reason), ask a question or delegate.
 * Only an assignee decides (a one-time link's session decides the link's task); the task's
 * status and version guard the write, so of two deciders at once one wins and the other gets
 * 409 TASK_CLOSED, while the same decision by the same person again (a double click) replays the
 * first. Approve and reject close the task together with their effect on the subject, append
 * the history line (who, when, session, before and after) and the audit line in one
 * transaction, then answer the waiting workflow (SendTaskSuccess) and start the next task's.
 */
export async function decideTask(
  deps: ApprovalDeps,
  actor: Actor,
  where: { readonly firmId: string; readonly administrationId: string },
  taskId: string,
  input: DecisionInput,
  session: Session,
): Promise<DecisionResult> {
  const { task } = await readTask(deps.table, where.firmId, where.administrationId, taskId);
  // A task of the link type is decided only through its link; any other only by its assignees.
  const allowed =
    actor.kind === 'link' ? task.viaLink === true : !task.viaLink && task.assignees.includes(actor.tenant.userId);
  if (!allowed) throw new ForbiddenError('This task is not assigned to you.');
  if (task.status !== 'open') return replayOrConflict(task, actor, input);

  const now = deps.clock();
  const at = now.toISOString();
  const closes = input.decision === 'approve' || input.decision === 'reject';
  let outcome: SubjectOutcome | undefined;
  let after: ApprovalTask;
  if (input.decision === 'approve' || input.decision === 'reject') {
    outcome = await outcomeOf(deps, task, input.decision, input.comment, actor);
  }
  const statusAfter: TaskStatus =
    input.decision === 'approve' ? 'approved' : input.decision === 'reject' ? 'rejected' : 'open';
  const record: DecisionRecord = {
    id: deps.newId(),
    taskId: task.id,
    approvalId: task.approvalId,
    subject: task.subject,
    kind: input.decision,
    by: { userId: actorId(actor), userType: actorType(actor) },
    at,
    session,
    ...(input.comment ? { comment: input.comment } : {}),
    ...(input.decision === 'delegate' ? { delegateTo: input.delegateTo } : {}),
    before: { task: task.status, subject: outcome?.subjectBefore ?? 'pending' },
    after: { task: statusAfter, subject: outcome?.subjectAfter ?? 'pending' },
  };
  if (input.decision === 'delegate') {
    if (actor.kind !== 'user') throw new ForbiddenError('A link cannot be delegated.');
    const delegate = await directory(deps.table).decider(where.firmId, where.administrationId, input.delegateTo);
    after = {
      ...task,
      assignees: [delegate.id],
      notify: [delegate.email],
      version: task.version + 1,
    };
  } else if (input.decision === 'question') {
    after = {
      ...task,
      questions: [...(task.questions ?? []), { by: actorId(actor), at, text: input.comment }],
      version: task.version + 1,
    };
  } else {
    after = { ...task, status: statusAfter, decision: record, version: task.version + 1 };
  }

  const writes: TransactWrite[] = [
    ...changeTaskWrites(task, after),
    historyWrite(where.firmId, where.administrationId, record),
    auditPut(auditTenant(actor), now, {
      action: `approval-task.${input.decision}`,
      entityType: 'ApprovalTask',
      entityId: task.id,
      administrationId: where.administrationId,
      before: { status: task.status, assignees: task.assignees, subject: record.before.subject },
      after: {
        status: after.status,
        assignees: after.assignees,
        subject: record.after.subject,
        ...(input.comment ? { comment: input.comment } : {}),
      },
    }),
    ...(outcome?.writes ?? []),
  ];
  const explain = (index: number) =>
    index === 0
      ? closedConflict(task)
      : new ConflictError('CONCURRENT_UPDATE', `${task.subject.title} changed meanwhile; read it again.`);
  try {
    if (outcome?.commit) await outcome.commit(writes, explain);
    else await transactWrite(deps.table, writes, explain);
  } catch (error) {
    if (error instanceof ConflictError && raceCodes.has(error.code)) {
      // Lost a race: a double click of the same decision replays it, anything else is a conflict.
      const { task: now } = await readTask(deps.table, where.firmId, where.administrationId, taskId);
      if (now.status !== 'open') return replayOrConflict(now, actor, input);
    }
    throw error;
  }

  if (closes) {
    // Read after the write: a token recorded before the close is on the item; one the workflow
    // tries to record after it is refused there (the execution then ends by itself).
    const stored = await getItem<Item>(deps.table, approvalKeys(where.firmId, where.administrationId).task(taskId));
    const token = stored?.taskToken;
    if (typeof token === 'string') await deps.workflow.succeed(token, { decision: input.decision, taskId });
  }
  if (outcome?.next) await deps.workflow.start(workflowInput(outcome.next));
  return { task: after, decision: record, ...(outcome?.next ? { next: outcome.next } : {}), replayed: false };
}

/**
 * A decision through a one-time link's viewing session (no login): the link must be unused by
 * anyone else, unexpired and undecided, and the session the one its opening started.
 */
export async function decideByLink(
  deps: ApprovalDeps,
  token: string,
  input: { readonly session: string; readonly decision: 'approve' | 'reject'; readonly comment?: string },
  session: Session,
): Promise<DecisionResult> {
  const link = await linkSession(deps.table, token, input.session, deps.clock());
  const decision: DecisionInput =
    input.decision === 'approve'
      ? { decision: 'approve', ...(input.comment ? { comment: input.comment } : {}) }
      : { decision: 'reject', comment: input.comment ?? '' };
  return decideTask(
    deps,
    { kind: 'link', firmId: link.firmId, linkId: link.linkId },
    { firmId: link.firmId, administrationId: link.administrationId },
    link.taskId,
    decision,
    session,
  );
}
