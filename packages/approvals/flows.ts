import {
  ConflictError,
  ForbiddenError,
  formatCents,
  NotFoundError,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import { auditPut, getItem, type Item, queryAll, stripKeys, type Table, transactWrite } from '#packages/table';
import { flowIssues } from './conditions.js';
import type { ApprovalDeps } from './context.js';
import { directory } from './context.js';
import { approvalKeys, firmKeys } from './keys.js';
import {
  type ApprovalSettings,
  type ApprovalTexts,
  type ApprovalTextsInput,
  type Condition,
  defaultSettings,
  type FlowInput,
  type StoredFlow,
} from './model.js';
import { defaultTexts } from './texts.js';

/** The administration as approvals address it. */
export interface AdmRef {
  readonly firmId: string;
  readonly id: string;
}

const firmOnly = (tenant: TenantContext, what: string) => {
  if (tenant.userType !== 'firm') throw new ForbiddenError(`Only the firm ${what}.`);
};

const conflict = (what: string) => () =>
  new ConflictError('VERSION_CONFLICT', `${what} changed meanwhile; read it again and retry.`);

export async function listFlows(table: Table, adm: AdmRef): Promise<StoredFlow[]> {
  const items = await queryAll<Item>(table, { pk: approvalKeys(adm.firmId, adm.id).flows });
  return items.map((i) => stripKeys<StoredFlow>(i));
}

export async function getFlow(table: Table, adm: AdmRef, flowId: string): Promise<StoredFlow> {
  const item = await getItem<Item>(table, approvalKeys(adm.firmId, adm.id).flow(flowId));
  if (!item) throw new NotFoundError(`Approval flow ${flowId}`);
  return stripKeys<StoredFlow>(item);
}

/** Named approvers must be able to decide tasks of this administration. */
async function checkApprovers(table: Table, adm: AdmRef, userIds: readonly string[], path: string): Promise<void> {
  const dir = directory(table);
  const issues = [];
  for (const userId of new Set(userIds)) {
    try {
      await dir.decider(adm.firmId, adm.id, userId);
    } catch {
      issues.push({ path, message: `User ${userId} is not an active firm user or member of the administration.` });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

function namedApprovers(flow: FlowInput): string[] {
  return flow.steps.flatMap((s) =>
    s.approver.kind === 'user' ? [s.approver.userId] : s.approver.kind === 'by-limit' ? s.approver.userIds : [],
  );
}

/**
 * Saves a flow (new when `flowId` is not stored yet, else a change at `expectedVersion`). A flow
 * whose `appliesTo` overlaps another flow of the administration is refused with the other named.
 */
export async function saveFlow(
  deps: ApprovalDeps,
  tenant: TenantContext,
  adm: AdmRef,
  input: FlowInput,
  existing?: { flowId: string; expectedVersion?: number },
): Promise<StoredFlow> {
  firmOnly(tenant, 'defines approval flows');
  const flows = await listFlows(deps.table, adm);
  const before = existing ? flows.find((f) => f.id === existing.flowId) : undefined;
  if (existing && !before) throw new NotFoundError(`Approval flow ${existing.flowId}`);
  if (before && existing?.expectedVersion !== undefined && existing.expectedVersion !== before.version) {
    throw conflict(`Approval flow ${before.id}`)();
  }
  const issues = flowIssues(
    input,
    flows.filter((f) => f.id !== before?.id),
  );
  if (issues.length > 0) throw new ValidationError(issues, 'The flow overlaps another flow of the administration.');
  await checkApprovers(deps.table, adm, namedApprovers(input), 'steps');
  const at = deps.clock().toISOString();
  const flow: StoredFlow = {
    ...input,
    id: before?.id ?? deps.newId(),
    administrationId: adm.id,
    version: (before?.version ?? 0) + 1,
    createdAt: before?.createdAt ?? at,
    updatedAt: at,
  };
  const k = approvalKeys(adm.firmId, adm.id);
  await transactWrite(
    deps.table,
    [
      {
        Put: {
          Item: { ...k.flow(flow.id), ...flow },
          ...(before
            ? {
                ConditionExpression: '#version = :v',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':v': before.version },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      auditPut(tenant, deps.clock(), {
        action: before ? 'approval-flow.changed' : 'approval-flow.created',
        entityType: 'ApprovalFlow',
        entityId: flow.id,
        administrationId: adm.id,
        ...(before ? { before } : {}),
        after: flow,
      }),
    ],
    conflict(`Approval flow ${flow.id}`),
  );
  return flow;
}

export async function deleteFlow(
  deps: ApprovalDeps,
  tenant: TenantContext,
  adm: AdmRef,
  flowId: string,
): Promise<void> {
  firmOnly(tenant, 'defines approval flows');
  const before = await getFlow(deps.table, adm, flowId);
  await transactWrite(
    deps.table,
    [
      {
        Delete: {
          Key: approvalKeys(adm.firmId, adm.id).flow(flowId),
          ConditionExpression: '#version = :v',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':v': before.version },
        },
      },
      auditPut(tenant, deps.clock(), {
        action: 'approval-flow.deleted',
        entityType: 'ApprovalFlow',
        entityId: flowId,
        administrationId: adm.id,
        before,
      }),
    ],
    conflict(`Approval flow ${flowId}`),
  );
}

export async function getSettings(table: Table, adm: AdmRef): Promise<ApprovalSettings> {
  const item = await getItem<Item>(table, approvalKeys(adm.firmId, adm.id).settings());
  return item ? { ...defaultSettings, ...stripKeys<ApprovalSettings>(item) } : defaultSettings;
}

export async function putSettings(
  deps: ApprovalDeps,
  tenant: TenantContext,
  adm: AdmRef,
  input: ApprovalSettings,
): Promise<ApprovalSettings> {
  firmOnly(tenant, 'sets approvers, limits and deadlines');
  await checkApprovers(
    deps.table,
    adm,
    [
      ...Object.values(input.costCentreApprovers),
      ...Object.values(input.supplierApprovers),
      ...Object.values(input.projectManagers),
      ...Object.keys(input.approverLimits),
    ],
    'approvers',
  );
  const before = await getSettings(deps.table, adm);
  const at = deps.clock();
  await transactWrite(
    deps.table,
    [
      { Put: { Item: { ...approvalKeys(adm.firmId, adm.id).settings(), ...input } } },
      auditPut(tenant, at, {
        action: 'approval-settings.changed',
        entityType: 'ApprovalSettings',
        entityId: adm.id,
        administrationId: adm.id,
        before,
        after: input,
      }),
    ],
    conflict('The approval settings'),
  );
  return input;
}

/** The firm's e-mail texts for its own users. */
export async function readFirmTexts(table: Table, tenant: TenantContext): Promise<ApprovalTexts> {
  firmOnly(tenant, 'reads its e-mail texts');
  return getTexts(table, tenant.firmId);
}

/** The firm's e-mail texts, the Dutch defaults filling what it has not set. */
export async function getTexts(table: Table, firmId: string): Promise<ApprovalTexts> {
  const item = await getItem<Item>(table, firmKeys.texts(firmId));
  return { ...defaultTexts, ...(item ? stripKeys<Partial<ApprovalTexts>>(item) : {}) };
}

export async function putTexts(
  deps: ApprovalDeps,
  tenant: TenantContext,
  input: ApprovalTextsInput,
): Promise<ApprovalTexts> {
  firmOnly(tenant, 'sets its e-mail texts');
  const before = await getTexts(deps.table, tenant.firmId);
  await transactWrite(
    deps.table,
    [
      { Put: { Item: { ...firmKeys.texts(tenant.firmId), ...input } } },
      auditPut(tenant, deps.clock(), {
        action: 'approval-texts.changed',
        entityType: 'ApprovalTexts',
        entityId: tenant.firmId,
        before,
        after: input,
      }),
    ],
    conflict('The approval texts'),
  );
  return { ...defaultTexts, ...input };
}

const presentCondition = (c: Condition) => ({
  ...c,
  ...(c.minAmount !== undefined ? { minAmount: formatCents(c.minAmount) } : {}),
  ...(c.maxAmount !== undefined ? { maxAmount: formatCents(c.maxAmount) } : {}),
});

/** A flow for the API: amounts as decimal strings. */
export const presentFlow = (flow: StoredFlow) => ({
  ...flow,
  appliesTo: presentCondition(flow.appliesTo),
  steps: flow.steps.map((s) => ({ ...s, condition: presentCondition(s.condition) })),
});

export const presentSettings = (s: ApprovalSettings) => ({
  ...s,
  approverLimits: Object.fromEntries(Object.entries(s.approverLimits).map(([u, c]) => [u, formatCents(c)])),
});
