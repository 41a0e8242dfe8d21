import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, type TenantContext, ValidationError } from '#packages/kernel';
import {
  type BooksOf,
  computeVatReturn,
  exportVatReturn,
  type LedgerDeps,
  setPeriodStatus,
  type VatDeclarant,
  type VatPeriod,
  type VatReturn,
  type VatReturnFile,
  vatCodeTotals,
} from '#packages/ledger';
import { auditPut, getItem, type Item, queryPage, stripKeys, type TransactWrite, transactWrite } from '#packages/table';

/** `2026-Q1` (quarter) or `2026-03` (month). */
export const vatReturnIdPattern = /^(\d{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))$/;

export const vatReturnStatuses = ['draft', 'sent', 'approved', 'rejected', 'filed'] as const;
export type VatReturnStatus = (typeof vatReturnStatuses)[number];

export const vatReturnActions = ['send', 'approve', 'reject', 'file'] as const;
export type VatReturnAction = (typeof vatReturnActions)[number];

export const VatReturnRecord = z
  .object({
    id: z.string(),
    administrationId: z.string(),
    from: z.string(),
    to: z.string(),
    status: z.enum(vatReturnStatuses),
    vatReturn: z.object({
      country: z.enum(['NL', 'BE']),
      boxes: z.record(z.string(), z.number()),
      payable: z.number(),
      refundable: z.number(),
    }),
    computedAt: z.string(),
    version: z.number().int(),
    history: z.array(
      z.object({ status: z.enum(vatReturnStatuses), at: z.string(), by: z.string(), comment: z.string().optional() }),
    ),
  })
  .meta({ id: 'VatReturnRecord' });
export type VatReturnRecord = z.infer<typeof VatReturnRecord>;

/** Which action moves which status where, and who may take it. */
const transitions: Record<
  VatReturnAction,
  { from: readonly VatReturnStatus[]; to: VatReturnStatus; by: 'firm' | 'client' | 'any' }
> = {
  send: { from: ['draft', 'rejected'], to: 'sent', by: 'firm' },
  approve: { from: ['sent'], to: 'approved', by: 'any' },
  reject: { from: ['sent'], to: 'rejected', by: 'any' },
  file: { from: ['approved'], to: 'filed', by: 'firm' },
};

export function parseVatReturnId(id: string): { period: VatPeriod; from: string; to: string } {
  const m = vatReturnIdPattern.exec(id);
  if (!m) throw new ValidationError([{ path: 'period', message: 'A VAT period as YYYY-Qn or YYYY-MM.' }]);
  const year = Number(m[1]);
  if (m[2]) {
    const quarter = Number(m[2]);
    const first = (quarter - 1) * 3 + 1;
    const pad = (n: number) => String(n).padStart(2, '0');
    return { period: { year, quarter }, from: `${year}-${pad(first)}`, to: `${year}-${pad(first + 2)}` };
  }
  return { period: { year, month: Number(m[3]) }, from: `${year}-${m[3]}`, to: `${year}-${m[3]}` };
}

const key = (adm: BooksOf, id: string) => ({ pk: `FIRM#${adm.firmId}#ADM#${adm.id}#VATRETURN`, sk: id });

export async function getVatReturn(deps: LedgerDeps, adm: BooksOf, id: string): Promise<VatReturnRecord> {
  parseVatReturnId(id);
  const item = await getItem<Item>(deps.table, key(adm, id));
  if (!item) throw new NotFoundError(`VAT return ${id}`);
  return stripKeys<VatReturnRecord>(item);
}

export async function listVatReturns(deps: LedgerDeps, adm: BooksOf): Promise<VatReturnRecord[]> {
  const pk = key(adm, '').pk;
  const page = await queryPage<Item>(deps.table, { pk, newestFirst: true, limit: 100, cursorScope: pk });
  return page.items.map((i) => stripKeys<VatReturnRecord>(i));
}

/**
 * Computes the return of a period from the ledger's VAT totals. Recomputing a draft (or a
 * rejected return) gives the same boxes for the same postings; once sent it is frozen until
 * the client rejects it.
 */
export async function computeReturn(
  deps: LedgerDeps,
  tenant: TenantContext,
  adm: BooksOf,
  id: string,
): Promise<{ record: VatReturnRecord; created: boolean }> {
  if (tenant.userType !== 'firm') throw new ForbiddenError('Only the firm prepares VAT returns.');
  const { from, to } = parseVatReturnId(id);
  const existing = await getItem<Item>(deps.table, key(adm, id));
  const before = existing ? stripKeys<VatReturnRecord>(existing) : undefined;
  if (before && before.status !== 'draft' && before.status !== 'rejected') {
    throw new ConflictError(
      'VAT_RETURN_FROZEN',
      `VAT return ${id} is ${before.status}; it can no longer be recomputed.`,
    );
  }
  const vatReturn: VatReturn = computeVatReturn(adm.country, await vatCodeTotals(deps, adm, from, to));
  const at = deps.clock();
  const record: VatReturnRecord = {
    id,
    administrationId: adm.id,
    from,
    to,
    status: 'draft',
    vatReturn: { ...vatReturn, boxes: { ...vatReturn.boxes } },
    computedAt: at.toISOString(),
    version: (before?.version ?? 0) + 1,
    history: [...(before?.history ?? []), { status: 'draft', at: at.toISOString(), by: tenant.userId }],
  };
  await transactWrite(
    deps.table,
    [
      {
        Put: {
          Item: { ...key(adm, id), ...record },
          ConditionExpression: before ? '#version = :v' : 'attribute_not_exists(pk)',
          ...(before
            ? {
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':v': before.version },
              }
            : {}),
        },
      },
      auditPut(tenant, at, {
        action: before ? 'vat-return.recomputed' : 'vat-return.computed',
        entityType: 'VatReturn',
        entityId: id,
        administrationId: adm.id,
        ...(before ? { before: before.vatReturn } : {}),
        after: record.vatReturn,
      }),
    ],
    () => new ConflictError('VERSION_CONFLICT', `VAT return ${id} changed meanwhile; read it again.`),
  );
  return { record, created: !before };
}

/**
 * Moves a return along draft → sent → approved (or rejected, back to the firm) → filed.
 * Filing closes the months of the return, so nothing more can be posted into them.
 * `options.also` joins the transaction (the client's approval task closing with the return);
 * a failed condition among them is explained by `options.explainAlso` with its index there.
 */
export async function transitionReturn(
  deps: LedgerDeps,
  tenant: TenantContext,
  adm: BooksOf,
  id: string,
  action: VatReturnAction,
  comment?: string,
  options: { also?: readonly TransactWrite[]; explainAlso?: (index: number) => ConflictError } = {},
): Promise<VatReturnRecord> {
  const rule = transitions[action];
  if (rule.by === 'firm' && tenant.userType !== 'firm')
    throw new ForbiddenError(`Only the firm may ${action} a VAT return.`);
  if (action === 'reject' && !comment) {
    throw new ValidationError([{ path: 'comment', message: 'Say why the return is rejected.' }]);
  }
  const before = await getVatReturn(deps, adm, id);
  if (!rule.from.includes(before.status)) {
    throw new ConflictError('VAT_RETURN_STATUS', `A ${before.status} VAT return cannot be ${rule.to}.`);
  }
  const at = deps.clock();
  const after: VatReturnRecord = {
    ...before,
    status: rule.to,
    version: before.version + 1,
    history: [
      ...before.history,
      { status: rule.to, at: at.toISOString(), by: tenant.userId, ...(comment ? { comment } : {}) },
    ],
  };
  await transactWrite(
    deps.table,
    [
      {
        Put: {
          Item: { ...key(adm, id), ...after },
          ConditionExpression: '#version = :v',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':v': before.version },
        },
      },
      auditPut(tenant, at, {
        action: `vat-return.${rule.to}`,
        entityType: 'VatReturn',
        entityId: id,
        administrationId: adm.id,
        before: { status: before.status },
        after: { status: after.status, ...(comment ? { comment } : {}) },
      }),
      ...(options.also ?? []),
    ],
    (index) =>
      index >= 2 && options.explainAlso
        ? options.explainAlso(index - 2)
        : new ConflictError('VERSION_CONFLICT', `VAT return ${id} changed meanwhile; read it again.`),
  );
  if (rule.to === 'filed') {
    const { from, to } = parseVatReturnId(id);
    for (let m = Number(from.slice(5)); m <= Number(to.slice(5)); m++) {
      await setPeriodStatus(deps, tenant, adm, `${from.slice(0, 4)}-${String(m).padStart(2, '0')}`, 'closed');
    }
  }
  return after;
}

/** The country's machine-readable return: NL Omzetbelasting XBRL, BE Intervat XML. */
export async function exportReturn(
  deps: LedgerDeps,
  adm: BooksOf,
  id: string,
  declarant: VatDeclarant,
): Promise<VatReturnFile> {
  const record = await getVatReturn(deps, adm, id);
  return exportVatReturn({
    vatReturn: record.vatReturn,
    declarant,
    period: parseVatReturnId(id).period,
    createdAt: deps.clock(),
  });
}

export const VatReturnTransition = z
  .object({ action: z.enum(vatReturnActions), comment: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .meta({ id: 'VatReturnTransition' });
