import { newId, type Page, type TenantContext } from '#packages/kernel';
import { queryPage, stripKeys, type Table, type TransactWrite } from './table.js';

/** What a change records: the action and the entity, with its state before and after. */
export interface AuditInput {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly administrationId?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** One line of the append-only audit trail: who, when, what, before and after. */
export interface AuditEntry extends AuditInput {
  readonly id: string;
  readonly at: string;
  readonly actor: { readonly userId: string; readonly userType: string };
}

export const auditKeys = {
  firm: (firmId: string) => `FIRM#${firmId}#AUDIT`,
  administration: (firmId: string, administrationId: string) => `FIRM#${firmId}#ADM#${administrationId}#AUDIT`,
};

/**
 * The audit Put to include in the same transaction as the change it records, so a change
 * without its trail cannot happen. `attribute_not_exists` makes the trail append-only.
 */
export function auditPut(tenant: TenantContext, at: Date, input: AuditInput): TransactWrite {
  const id = newId();
  const sk = `${at.toISOString()}#${id}`;
  const entry: AuditEntry = {
    id,
    at: at.toISOString(),
    actor: { userId: tenant.userId, userType: tenant.userType },
    ...input,
  };
  const item = {
    pk: auditKeys.firm(tenant.firmId),
    sk,
    ...(input.administrationId
      ? { gsi1pk: auditKeys.administration(tenant.firmId, input.administrationId), gsi1sk: sk }
      : {}),
    ...entry,
  };
  return { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Newest first; one Query on gsi1. */
export async function listAdministrationAudit(
  table: Table,
  firmId: string,
  administrationId: string,
  cursor?: string,
  limit = 50,
): Promise<Page<AuditEntry>> {
  const pk = auditKeys.administration(firmId, administrationId);
  const page = await queryPage<Record<string, unknown>>(table, {
    index: 'gsi1',
    pk,
    newestFirst: true,
    limit,
    cursor,
    cursorScope: pk,
  });
  return { ...page, items: page.items.map((i) => stripKeys<AuditEntry>(i)) };
}

/** A firm's trail for one calendar month (`2026-10`), oldest first; one Query per page. */
export async function listFirmAuditForMonth(
  table: Table,
  firmId: string,
  month: string,
  cursor?: string,
  limit = 500,
): Promise<Page<AuditEntry>> {
  const pk = auditKeys.firm(firmId);
  const page = await queryPage<Record<string, unknown>>(table, {
    pk,
    skBetween: [`${month}-`, `${month}-~`],
    limit,
    cursor,
    cursorScope: `${pk}#${month}`,
  });
  return { ...page, items: page.items.map((i) => stripKeys<AuditEntry>(i)) };
}
