import { ConflictError, NotFoundError, type Page, type TenantContext } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { auditPut, getItem, type Item, queryPage, stripKeys, type TransactWrite, transactWrite } from '#packages/table';
import { type InvoicingDeps, pageLimit, parseInput, retrying } from './context.js';
import { invoicingKeys } from './keys.js';
import { type CostCentre, CostCentreCode, CostCentreInput, type CostCentrePurchase } from './model.js';

const same = (a: CostCentre, b: CostCentre) =>
  a.name === b.name && a.externalId === b.externalId && a.status === b.status;

/**
 * Creates or updates the cost centre (project) `code`, idempotently: the same call twice writes
 * once. An `externalId` maps to one code for good; sending it with another code is a 409
 * `COST_CENTRE_EXTERNAL_ID_TAKEN`.
 */
export async function upsertCostCentre(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  code: string,
  input: CostCentreInput,
): Promise<{ costCentre: CostCentre; created: boolean }> {
  const ccCode = parseInput(CostCentreCode, code, 'path');
  const parsed = parseInput(CostCentreInput, input);
  const k = invoicingKeys(adm.firmId, adm.id);
  return retrying(async () => {
    if (parsed.externalId !== undefined) {
      const mapped = await getItem<Item & { code: string }>(deps.table, k.costCentreByExternalId(parsed.externalId));
      if (mapped && mapped.code !== ccCode) {
        throw new ConflictError(
          'COST_CENTRE_EXTERNAL_ID_TAKEN',
          `External id ${parsed.externalId} belongs to cost centre ${mapped.code}.`,
        );
      }
    }
    const item = await getItem<Item>(deps.table, k.costCentre(ccCode));
    const before = item && stripKeys<CostCentre>(item);
    const at = deps.clock().toISOString();
    const externalId = parsed.externalId ?? before?.externalId;
    const after: CostCentre = {
      code: ccCode,
      name: parsed.name,
      ...(externalId !== undefined ? { externalId } : {}),
      status: parsed.status ?? before?.status ?? 'active',
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
    };
    if (before && same(before, after)) return { costCentre: before, created: false };
    const writes: TransactWrite[] = [
      {
        Put: {
          Item: { ...k.costCentre(ccCode), ...after },
          ConditionExpression: before ? 'updatedAt = :prev' : 'attribute_not_exists(pk)',
          ...(before ? { ExpressionAttributeValues: { ':prev': before.updatedAt } } : {}),
        },
      },
    ];
    if (externalId !== undefined && externalId !== before?.externalId) {
      writes.push({
        Put: {
          Item: { ...k.costCentreByExternalId(externalId), code: ccCode },
          ConditionExpression: 'attribute_not_exists(pk) OR code = :code',
          ExpressionAttributeValues: { ':code': ccCode },
        },
      });
      if (before?.externalId !== undefined)
        writes.push({ Delete: { Key: k.costCentreByExternalId(before.externalId) } });
    }
    writes.push(
      auditPut(tenant, deps.clock(), {
        action: before ? 'cost-centre.updated' : 'cost-centre.created',
        entityType: 'CostCentre',
        entityId: ccCode,
        administrationId: adm.id,
        ...(before ? { before } : {}),
        after,
      }),
    );
    await transactWrite(deps.table, writes, (i) =>
      i === 1
        ? new ConflictError('CONCURRENT_UPDATE', `External id ${externalId} was just taken; checking again.`)
        : new ConflictError('CONCURRENT_UPDATE', `Cost centre ${ccCode} changed meanwhile.`),
    );
    return { costCentre: after, created: !before };
  });
}

export async function getCostCentre(deps: InvoicingDeps, adm: BooksOf, code: string): Promise<CostCentre> {
  const item = await getItem<Item>(deps.table, invoicingKeys(adm.firmId, adm.id).costCentre(code));
  if (!item) throw new NotFoundError(`Cost centre ${code}`);
  return stripKeys<CostCentre>(item);
}

/** Cost centres in code order (one Query). */
export async function listCostCentres(
  deps: InvoicingDeps,
  adm: BooksOf,
  query: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<Page<CostCentre>> {
  const pk = invoicingKeys(adm.firmId, adm.id).costCentres;
  const page = await queryPage<Item>(deps.table, {
    pk,
    skPrefix: 'CC#',
    limit: pageLimit(query.limit),
    cursor: query.cursor,
    cursorScope: pk,
  });
  return { ...page, items: page.items.map((i) => stripKeys<CostCentre>(i)) };
}

/**
 * Purchase invoices (and credit notes) booked on a cost centre, by invoice date, optionally
 * within `from`..`to`; each with the net of its lines on that cost centre (one Query).
 */
export async function listPurchasesByCostCentre(
  deps: InvoicingDeps,
  adm: BooksOf,
  code: string,
  query: {
    from?: string | undefined;
    to?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  } = {},
): Promise<Page<CostCentrePurchase>> {
  const pk = invoicingKeys(adm.firmId, adm.id).purchasesOfCostCentre(parseInput(CostCentreCode, code, 'path'));
  const page = await queryPage<Item>(deps.table, {
    pk,
    skBetween: [query.from ?? '0000', `${query.to ?? '9999'}#~`],
    limit: pageLimit(query.limit),
    cursor: query.cursor,
    cursorScope: `${pk}#${query.from ?? ''}#${query.to ?? ''}`,
  });
  return { ...page, items: page.items.map((i) => stripKeys<CostCentrePurchase>(i)) };
}
