import { getInvoice } from '#packages/invoicing';
import {
  ConflictError,
  formatCents,
  NotFoundError,
  PlanRestrictionError,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import {
  auditPut,
  getItem,
  type Item,
  stripKeys,
  type Table,
  type TransactWrite,
  transactWrite,
} from '#packages/table';
import { type Plan, planFeatures, planNames } from '#packages/tenancy';
import { invoiceFacts, lacksEscalationStep, matchesCondition, planSteps } from './conditions.js';
import { type ApprovalDeps, directory } from './context.js';
import { getSettings, listFlows } from './flows.js';
import { approvalKeys } from './keys.js';
import type { Approval, ApprovalTask, DecisionRecord, Session, SubjectKind, SubjectRef } from './model.js';
import { historyWrite, newTask, openTaskWrites, workflowInput } from './tasks.js';

export interface SubjectPointer {
  readonly approvalId: string;
  readonly status: Approval['status'];
}

export async function currentApproval(
  table: Table,
  adm: { firmId: string; id: string },
  kind: SubjectKind,
  subjectId: string,
): Promise<Approval | undefined> {
  const k = approvalKeys(adm.firmId, adm.id);
  const pointer = await getItem<Item>(table, k.subject(kind, subjectId));
  if (!pointer) return undefined;
  const item = await getItem<Item>(table, k.approval(String(pointer.approvalId)));
  return item ? stripKeys<Approval>(item) : undefined;
}

/** Client approvals need Samenwerken or higher (the plan's `clientApprovals`). */
export function requireClientApprovals(plan: Plan): void {
  if (!planFeatures[plan].clientApprovals) {
    throw new PlanRestrictionError(
      `Client approvals need the Samenwerken or Samenwerken Uitgebreid plan, not ${planNames[plan]}.`,
    );
  }
}

/** The writes that start a round of approval: the round, the subject's pointer to it, its first history line. */
export function startApprovalWrites(
  approval: Approval,
  firmId: string,
  tenant: TenantContext,
  session: Session,
  task: ApprovalTask,
  subjectStatus: { before: string; after: string },
): TransactWrite[] {
  const k = approvalKeys(firmId, approval.administrationId);
  const started: DecisionRecord = {
    id: `${task.id}-start`,
    taskId: task.id,
    approvalId: approval.id,
    subject: approval.subject,
    kind: 'started',
    by: { userId: tenant.userId, userType: tenant.userType },
    at: approval.createdAt,
    session,
    before: { task: 'open', subject: subjectStatus.before },
    after: { task: 'open', subject: subjectStatus.after },
  };
  return [
    { Put: { Item: { ...k.approval(approval.id), ...approval }, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        Item: { ...k.subject(approval.subject.kind, approval.subject.id), approvalId: approval.id, status: 'pending' },
        // A subject has one round at a time; a new round only after a rejection (or cancellation).
        ConditionExpression: 'attribute_not_exists(pk) OR #status IN (:rejected, :cancelled)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':rejected': 'rejected', ':cancelled': 'cancelled' },
      },
    },
    ...openTaskWrites(task),
    historyWrite(firmId, approval.administrationId, started),
  ];
}

const roundConflict = (subject: SubjectRef) =>
  new ConflictError('APPROVAL_PENDING', `${subject.title} already has an approval in progress or is approved.`);

/** Outcome of submitting a purchase invoice. */
export type SubmitResult =
  | { readonly required: false; readonly reason: 'NO_MATCHING_FLOW' | 'NO_STEP_APPLIES' }
  | { readonly required: true; readonly approval: Approval; readonly task: ApprovalTask };

/**
 * Submits a booked purchase invoice for approval (again, after a rejection): the one flow whose
 * `appliesTo` matches it plans the steps (conditions, approver rules, escalation above a
 * limit), the first task opens, and payment of the invoice's open item is blocked until the
 * last step approves. An invoice no flow matches needs no approval.
 */
export async function submitPurchaseInvoice(
  deps: ApprovalDeps,
  tenant: TenantContext,
  adm: BooksOf,
  invoiceId: string,
  session: Session,
): Promise<SubmitResult> {
  const dir = directory(deps.table);
  const administration = await dir.administration(adm.firmId, adm.id);
  requireClientApprovals(administration.plan);
  const invoice = await getInvoice(deps, adm, invoiceId);
  if (invoice.side !== 'purchase' || invoice.kind !== 'invoice') {
    throw new ValidationError([
      { path: 'invoiceId', location: 'path', message: 'Only purchase invoices are approved.' },
    ]);
  }
  const facts = invoiceFacts(invoice);
  const flow = (await listFlows(deps.table, adm)).find((f) => matchesCondition(f.appliesTo, facts));
  if (!flow) return { required: false, reason: 'NO_MATCHING_FLOW' };
  const settings = await getSettings(deps.table, adm);
  const { steps, unresolved } = planSteps(flow, facts, settings);
  if (unresolved.length > 0) {
    throw new ValidationError(
      unresolved.map((u) => ({
        path: `steps.${u.index}.approver`,
        message: `Step '${u.name}' (${u.rule}) finds no approver for this invoice; set one in the approval settings.`,
      })),
    );
  }
  if (steps.length === 0) return { required: false, reason: 'NO_STEP_APPLIES' };
  if (lacksEscalationStep(steps, facts.amount)) {
    throw new ValidationError([
      {
        path: 'steps',
        message: `The amount ${formatCents(facts.amount)} is above the last approver's limit and the flow has no step to escalate to.`,
      },
    ]);
  }
  const first = steps[0]!;
  const approver = await dir.decider(adm.firmId, adm.id, first.approver);
  const now = deps.clock();
  const subject: SubjectRef = {
    kind: 'purchase-invoice',
    id: invoice.id,
    title: `Inkoopfactuur ${invoice.number} van ${invoice.relationName} (EUR ${formatCents(invoice.totals.gross)})`,
  };
  const approval: Approval = {
    id: deps.newId(),
    administrationId: adm.id,
    subject,
    status: 'pending',
    flowId: flow.id,
    plan: steps,
    currentStep: 0,
    openItemId: invoice.openItemId,
    amount: facts.amount,
    createdAt: now.toISOString(),
    createdBy: tenant.userId,
    version: 1,
  };
  const task = newTask(
    deps,
    {
      firmId: adm.firmId,
      administrationId: adm.id,
      approvalId: approval.id,
      subject,
      assignees: [approver.id],
      notify: [approver.email],
      firmNotify: await dir.firmContacts(adm.firmId, tenant.userId),
      step: first.index,
      stepName: first.name,
      ...(flow.deadlineDays !== undefined ? { deadlineDays: flow.deadlineDays } : {}),
    },
    settings,
  );
  const k = approvalKeys(adm.firmId, adm.id);
  await transactWrite(
    deps.table,
    [
      ...startApprovalWrites(approval, adm.firmId, tenant, session, task, { before: 'booked', after: 'pending' }),
      {
        Update: {
          Key: k.openItem(invoice.openItemId),
          UpdateExpression: 'SET paymentBlock = :block',
          ConditionExpression: 'attribute_exists(pk) AND #status = :open AND paid = :zero',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':block': { approvalId: approval.id, since: approval.createdAt, reason: 'APPROVAL_PENDING' },
            ':open': 'open',
            ':zero': 0,
          },
        },
      },
      auditPut(tenant, now, {
        action: 'approval.started',
        entityType: 'PurchaseInvoice',
        entityId: invoice.id,
        administrationId: adm.id,
        after: { approvalId: approval.id, flowId: flow.id, plan: steps },
      }),
    ],
    (index) =>
      index === 1
        ? roundConflict(subject)
        : index === 0
          ? new ConflictError('CONCURRENT_UPDATE', 'The approval was started meanwhile.')
          : new ConflictError(
              'ALREADY_PAID',
              `Invoice ${invoice.number} is (partly) paid; it can no longer be approved first.`,
            ),
  );
  await deps.workflow.start(workflowInput(task));
  return { required: true, approval, task };
}

/** A round for the API: amounts as decimal strings. */
export const presentApproval = (a: Approval) => ({
  ...a,
  ...(a.amount !== undefined ? { amount: formatCents(a.amount) } : {}),
  ...(a.plan
    ? { plan: a.plan.map((p) => ({ ...p, ...(p.limit !== undefined ? { limit: formatCents(p.limit) } : {}) })) }
    : {}),
});

/** What a decision on a subject writes, and what opens next. */
export interface SubjectOutcome {
  readonly writes: TransactWrite[];
  readonly subjectBefore: string;
  readonly subjectAfter: string;
  readonly next?: ApprovalTask;
  /** Commits the task's writes together with the subject's (VAT goes through its own service). */
  readonly commit?: (writes: TransactWrite[], explainOurs: (index: number) => ConflictError) => Promise<void>;
}

function approvalUpdate(firmId: string, before: Approval, after: Approval): TransactWrite {
  const sets = ['#status = :status', 'version = :next'];
  const values: Record<string, unknown> = {
    ':status': after.status,
    ':next': before.version + 1,
    ':v': before.version,
  };
  if (after.currentStep !== undefined) {
    sets.push('currentStep = :step');
    values[':step'] = after.currentStep;
  }
  if (after.closedAt) {
    sets.push('closedAt = :closed');
    values[':closed'] = after.closedAt;
  }
  return {
    Update: {
      Key: approvalKeys(firmId, before.administrationId).approval(before.id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'version = :v',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  };
}

/** Closes a round: its status, and the subject's pointer with it. */
export function closeRoundWrites(firmId: string, before: Approval, status: 'approved' | 'rejected', at: string) {
  const k = approvalKeys(firmId, before.administrationId);
  return [
    approvalUpdate(firmId, before, { ...before, status, closedAt: at }),
    {
      Update: {
        Key: k.subject(before.subject.kind, before.subject.id),
        UpdateExpression: 'SET #status = :status',
        ConditionExpression: 'approvalId = :id',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':id': before.id },
      },
    },
  ] satisfies TransactWrite[];
}

export async function readApproval(table: Table, firmId: string, administrationId: string, approvalId: string) {
  const item = await getItem<Item>(table, approvalKeys(firmId, administrationId).approval(approvalId));
  if (!item) throw new NotFoundError(`Approval ${approvalId}`);
  return stripKeys<Approval>(item);
}

/**
 * A decision on a purchase-invoice step: approval moves to the next planned step (a new task)
 * or, at the last step, approves the invoice and lifts the payment block; a rejection ends the
 * round and leaves payment blocked until a resubmission is approved.
 */
export async function onPurchaseInvoiceDecision(
  deps: ApprovalDeps,
  task: ApprovalTask,
  decision: 'approve' | 'reject',
): Promise<SubjectOutcome> {
  const approval = await readApproval(deps.table, task.firmId, task.administrationId, task.approvalId);
  const at = deps.clock().toISOString();
  const k = approvalKeys(task.firmId, task.administrationId);
  if (decision === 'reject') {
    return {
      writes: closeRoundWrites(task.firmId, approval, 'rejected', at),
      subjectBefore: 'pending',
      subjectAfter: 'rejected',
    };
  }
  const nextIndex = (approval.currentStep ?? 0) + 1;
  const nextStep = approval.plan?.[nextIndex];
  if (!nextStep) {
    return {
      writes: [
        ...closeRoundWrites(task.firmId, approval, 'approved', at),
        {
          Update: {
            Key: k.openItem(approval.openItemId!),
            UpdateExpression: 'REMOVE paymentBlock',
            ConditionExpression: 'paymentBlock.approvalId = :id',
            ExpressionAttributeValues: { ':id': approval.id },
          },
        },
      ],
      subjectBefore: 'pending',
      subjectAfter: 'approved',
    };
  }
  const dir = directory(deps.table);
  const approver = await dir.decider(task.firmId, task.administrationId, nextStep.approver);
  const settings = await getSettings(deps.table, { firmId: task.firmId, id: task.administrationId });
  const next = newTask(
    deps,
    {
      firmId: task.firmId,
      administrationId: task.administrationId,
      approvalId: approval.id,
      subject: task.subject,
      assignees: [approver.id],
      notify: [approver.email],
      firmNotify: task.firmNotify,
      step: nextStep.index,
      stepName: nextStep.name,
    },
    settings,
  );
  return {
    writes: [approvalUpdate(task.firmId, approval, { ...approval, currentStep: nextIndex }), ...openTaskWrites(next)],
    subjectBefore: 'pending',
    subjectAfter: 'pending',
    next,
  };
}

/**
 * Whether payment of an open item waits for its approval: true while a purchase-invoice round
 * is pending or was rejected without an approved resubmission. Payments and bank bookings
 * refuse such an item (its `paymentBlock`, checked in the same transaction by invoicing).
 */
export async function isPaymentBlocked(
  table: Table,
  adm: { firmId: string; id: string },
  openItemId: string,
): Promise<boolean> {
  const item = await getItem<Item>(table, approvalKeys(adm.firmId, adm.id).openItem(openItemId));
  return item?.paymentBlock !== undefined;
}
