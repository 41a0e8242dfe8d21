import { ConflictError, type TenantContext, ValidationError } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import type { TransactWrite } from '#packages/table';
import { getVatReturn, transitionReturn } from '#packages/vat';
import { type ApprovalDeps, directory } from './context.js';
import { vatFilingDeadline } from './deadlines.js';
import { getSettings } from './flows.js';
import type { Approval, ApprovalTask, Session, SubjectRef } from './model.js';
import {
  closeRoundWrites,
  readApproval,
  requireClientApprovals,
  type SubjectOutcome,
  startApprovalWrites,
} from './purchase-invoices.js';
import { newTask, workflowInput } from './tasks.js';

/**
 * The accountant sends a computed VAT return to the client for approval: the return moves to
 * `sent` and, in the same transaction, a task opens for the administration's client users with
 * the filing deadline (or an earlier one given) as its deadline.
 */
export async function requestVatApproval(
  deps: ApprovalDeps,
  tenant: TenantContext,
  adm: BooksOf,
  returnId: string,
  input: { readonly deadline?: Date },
  session: Session,
): Promise<{ approval: Approval; task: ApprovalTask }> {
  const dir = directory(deps.table);
  const administration = await dir.administration(adm.firmId, adm.id);
  requireClientApprovals(administration.plan);
  const record = await getVatReturn(deps, adm, returnId);
  const clients = await dir.clientsOf(adm.firmId, adm.id);
  if (clients.length === 0) {
    throw new ValidationError([
      { path: 'administrationId', location: 'path', message: 'The administration has no client user to approve it.' },
    ]);
  }
  const now = deps.clock();
  const filing = vatFilingDeadline(adm.country, record.to);
  if (input.deadline && (input.deadline <= now || (filing > now && input.deadline > filing))) {
    throw new ValidationError([
      {
        path: 'deadline',
        message: `A deadline in the future and not after the filing deadline ${filing.toISOString()}.`,
      },
    ]);
  }
  // Past the filing deadline already (a late return), the accountant's deadline stands.
  const deadline = input.deadline ?? filing;
  const subject: SubjectRef = { kind: 'vat-return', id: returnId, title: `Btw-aangifte ${returnId}` };
  const approval: Approval = {
    id: deps.newId(),
    administrationId: adm.id,
    subject,
    status: 'pending',
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
      assignees: clients.map((c) => c.id),
      notify: clients.map((c) => c.email),
      firmNotify: await dir.firmContacts(adm.firmId, tenant.userId),
      deadline,
    },
    await getSettings(deps.table, adm),
  );
  await transitionReturn(deps, tenant, adm, returnId, 'send', undefined, {
    also: startApprovalWrites(approval, adm.firmId, tenant, session, task, { before: record.status, after: 'sent' }),
    explainAlso: (index) => roundConflictOf(subject, index),
  });
  await deps.workflow.start(workflowInput(task));
  return { approval, task };
}

function roundConflictOf(subject: SubjectRef, index: number): ConflictError {
  // Index 1 of the start writes is the subject's pointer: a round already runs.
  return index === 1
    ? new ConflictError('APPROVAL_PENDING', `${subject.title} already has an approval in progress.`)
    : new ConflictError('CONCURRENT_UPDATE', `${subject.title} changed meanwhile; read it again.`);
}

/** The client's decision on the return: approved (ready to file) or rejected with a comment, with the task. */
export async function onVatReturnDecision(
  deps: ApprovalDeps,
  task: ApprovalTask,
  decision: 'approve' | 'reject',
  comment: string | undefined,
  actor: TenantContext,
): Promise<SubjectOutcome> {
  const approval = await readApproval(deps.table, task.firmId, task.administrationId, task.approvalId);
  const administration = await directory(deps.table).administration(task.firmId, task.administrationId);
  const adm: BooksOf = { firmId: task.firmId, id: task.administrationId, country: administration.country };
  const at = deps.clock().toISOString();
  return {
    writes: closeRoundWrites(task.firmId, approval, decision === 'approve' ? 'approved' : 'rejected', at),
    subjectBefore: 'sent',
    subjectAfter: decision === 'approve' ? 'approved' : 'rejected',
    commit: async (writes: TransactWrite[], explainOurs: (index: number) => ConflictError) => {
      await transitionReturn(deps, actor, adm, task.subject.id, decision, comment, {
        also: writes,
        explainAlso: explainOurs,
      });
    },
  };
}
