import { ConflictError, type Page, type TenantContext } from '#packages/kernel';
import {
  auditPut,
  getItem,
  type Item,
  type Key,
  queryPage,
  stripKeys,
  type Table,
  type TransactWrite,
  transactWrite,
} from '#packages/table';
import { type RelationKeys, relationKeys, roleIndex } from './keys.js';
import { normaliseName, type Relation, type RelationRole, type RelationStatus } from './schemas.js';

/** What a lookup item says: which relation holds the VAT number, IBAN, company number or external id. */
interface LookupTarget {
  readonly relationId: string;
  readonly relationNumber: number;
}

type LookupKind = 'vat' | 'iban' | 'company' | 'external';

interface Lookup {
  readonly kind: LookupKind;
  readonly key: Key;
  readonly label: string;
}

const takenCodes: Record<LookupKind, string> = {
  vat: 'RELATION_VAT_TAKEN',
  iban: 'RELATION_IBAN_TAKEN',
  company: 'RELATION_COMPANY_NUMBER_TAKEN',
  external: 'RELATION_EXTERNAL_ID_TAKEN',
};

/** Raised when another create took the next number first; the service reads the counter again. */
export const numberRaceCode = 'RELATION_NUMBER_RACE';

const versionConflict = () =>
  new ConflictError('VERSION_CONFLICT', 'The relation was changed by someone else; read it again and retry.');

/**
 * The lookups a relation holds. An archived relation keeps only its external ids, so an import
 * still finds it; its VAT number, IBANs and company number are free for another relation.
 */
function lookupsOf(k: RelationKeys, r: Relation): Lookup[] {
  const lookups: Lookup[] = r.externalIds.map((e) => ({
    kind: 'external',
    key: k.externalId(e.source, e.id),
    label: `External id ${e.id} of ${e.source}`,
  }));
  if (r.status !== 'active') return lookups;
  if (r.vatNumber !== undefined)
    lookups.push({ kind: 'vat', key: k.vat(r.vatNumber), label: `VAT number ${r.vatNumber}` });
  if (r.companyNumber !== undefined && r.address !== undefined) {
    lookups.push({
      kind: 'company',
      key: k.companyNumber(r.address.country, r.companyNumber),
      label: `Company number ${r.companyNumber}`,
    });
  }
  for (const iban of r.ibans) lookups.push({ kind: 'iban', key: k.iban(iban), label: `IBAN ${iban}` });
  return lookups;
}

const sameKey = (a: Key, b: Key) => a.pk === b.pk && a.sk === b.sk;

function nameSortKey(r: Relation): string {
  return `${normaliseName(r.name)}#${r.id}`;
}

/** The relation item, with the role index keys of the roles it has. */
function relationItem(k: RelationKeys, r: Relation): Item {
  const sort = nameSortKey(r);
  return {
    ...k.relation(r.id),
    ...(r.roles.includes('customer') ? { gsi1pk: k.byRole('customer', r.status), gsi1sk: sort } : {}),
    ...(r.roles.includes('supplier') ? { gsi2pk: k.byRole('supplier', r.status), gsi2sk: sort } : {}),
    ...r,
  };
}

/** The copy in the by-name list of its status; carries no index keys, so it lists once. */
function nameEntryKey(k: RelationKeys, r: Relation): Key {
  return { pk: k.byName(r.status), sk: nameSortKey(r) };
}

function lookupPut(l: Lookup, r: Relation): TransactWrite {
  const target: LookupTarget = { relationId: r.id, relationNumber: r.number };
  return { Put: { Item: { ...l.key, ...target }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

function lookupDelete(l: Lookup, r: Relation): TransactWrite {
  return {
    Delete: {
      Key: l.key,
      ConditionExpression: 'attribute_not_exists(pk) OR relationId = :id',
      ExpressionAttributeValues: { ':id': r.id },
    },
  };
}

export interface RelationListFilter {
  readonly role?: RelationRole | undefined;
  readonly status: RelationStatus;
  /** Normalised with `normaliseName` before it is matched. */
  readonly namePrefix?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/** One function per access pattern; see the access-pattern table in the README. */
export function relationsRepository(table: Table) {
  /**
   * Writes all-or-nothing. A lookup that is taken becomes a 409 naming the relation that holds
   * it (one extra GetItem, only on that path).
   */
  async function write(
    writes: readonly TransactWrite[],
    lookupsAt: ReadonlyMap<number, Lookup>,
    explain: (index: number) => ConflictError,
  ): Promise<void> {
    let taken: Lookup | undefined;
    try {
      await transactWrite(table, writes, (index) => {
        taken = lookupsAt.get(index);
        return taken ? new ConflictError(takenCodes[taken.kind], `${taken.label} is already in use.`) : explain(index);
      });
    } catch (error) {
      if (taken && error instanceof ConflictError && error.code === takenCodes[taken.kind]) {
        const holder = await getItem<Item & LookupTarget>(table, taken.key);
        if (holder) {
          throw new ConflictError(error.code, `${taken.label} is already used by relation ${holder.relationNumber}.`, {
            cause: error,
          });
        }
      }
      throw error;
    }
  }

  async function byLookup(key: Key, k: RelationKeys): Promise<Relation | undefined> {
    const lookup = await getItem<Item & LookupTarget>(table, key);
    if (!lookup) return undefined;
    const item = await getItem<Item>(table, k.relation(lookup.relationId));
    return item && stripKeys<Relation>(item);
  }

  return {
    async getRelation(firmId: string, administrationId: string, relationId: string): Promise<Relation | undefined> {
      const item = await getItem<Item>(table, relationKeys(firmId, administrationId).relation(relationId));
      return item && stripKeys<Relation>(item);
    },

    /** The relation holding an active VAT number (compact, with prefix): two GetItems. */
    async findRelationByVatNumber(firmId: string, administrationId: string, vatNumber: string) {
      const k = relationKeys(firmId, administrationId);
      return byLookup(k.vat(vatNumber), k);
    },

    /** The relation holding an IBAN (electronic format): two GetItems. */
    async findRelationByIban(firmId: string, administrationId: string, iban: string) {
      const k = relationKeys(firmId, administrationId);
      return byLookup(k.iban(iban), k);
    },

    /** The relation holding a company number of a country: two GetItems. */
    async findRelationByCompanyNumber(firmId: string, administrationId: string, country: string, number: string) {
      const k = relationKeys(firmId, administrationId);
      return byLookup(k.companyNumber(country, number), k);
    },

    /** The relation an external system's record maps to (active or archived): two GetItems. */
    async findRelationByExternalId(firmId: string, administrationId: string, source: string, id: string) {
      const k = relationKeys(firmId, administrationId);
      return byLookup(k.externalId(source, id), k);
    },

    /** The last relation number handed out, 0 before the first. */
    async lastRelationNumber(firmId: string, administrationId: string): Promise<number> {
      const item = await getItem<Item & { last: number }>(table, relationKeys(firmId, administrationId).counter());
      return item?.last ?? 0;
    },

    /** By name; one Query on the by-name copies, or on gsi1 / gsi2 for one role. */
    async listRelations(firmId: string, administrationId: string, filter: RelationListFilter): Promise<Page<Relation>> {
      const k = relationKeys(firmId, administrationId);
      const prefix = filter.namePrefix === undefined ? '' : normaliseName(filter.namePrefix);
      const index = filter.role ? roleIndex[filter.role] : undefined;
      const pk = filter.role ? k.byRole(filter.role, filter.status) : k.byName(filter.status);
      const page = await queryPage<Item>(table, {
        ...(index ? { index } : {}),
        pk,
        ...(prefix === '' ? {} : { skPrefix: prefix }),
        cursor: filter.cursor,
        limit: filter.limit,
        cursorScope: `${index ?? 'table'}:${pk}:${prefix}`,
      });
      return { ...page, items: page.items.map((i) => stripKeys<Relation>(i)) };
    },

    /**
     * Creates the relation with number `lastNumber + 1`, moving the counter only if it still
     * says `lastNumber`, and claims its lookups; all in one transaction with the audit entry.
     */
    async createRelation(tenant: TenantContext, relation: Relation, lastNumber: number, at: Date): Promise<void> {
      const k = relationKeys(tenant.firmId, relation.administrationId);
      const lookups = lookupsOf(k, relation);
      const writes: TransactWrite[] = [
        {
          Update: {
            Key: k.counter(),
            UpdateExpression: 'SET #last = :next',
            ConditionExpression: lastNumber === 0 ? 'attribute_not_exists(#last)' : '#last = :last',
            ExpressionAttributeNames: { '#last': 'last' },
            ExpressionAttributeValues:
              lastNumber === 0 ? { ':next': relation.number } : { ':next': relation.number, ':last': lastNumber },
          },
        },
        { Put: { Item: relationItem(k, relation), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { Item: { ...nameEntryKey(k, relation), ...relation } } },
        ...lookups.map((l) => lookupPut(l, relation)),
        auditPut(tenant, at, {
          action: 'relation.created',
          entityType: 'Relation',
          entityId: relation.id,
          administrationId: relation.administrationId,
          after: relation,
        }),
      ];
      const lookupsAt = new Map(lookups.map((l, i) => [i + 3, l] as const));
      await write(writes, lookupsAt, (i) =>
        i === 0
          ? new ConflictError(numberRaceCode, 'Another relation took the next number first.')
          : new ConflictError('RELATION_EXISTS', `Relation ${relation.id} already exists.`),
      );
    },

    /**
     * Replaces the relation if it is still at `before.version`: moves its by-name copy, releases
     * the lookups it no longer holds and claims the new ones, with the audit entry.
     */
    async replaceRelation(
      tenant: TenantContext,
      before: Relation,
      after: Relation,
      action: string,
      at: Date,
    ): Promise<void> {
      const k = relationKeys(tenant.firmId, after.administrationId);
      const old = lookupsOf(k, before);
      const now = lookupsOf(k, after);
      const added = now.filter((l) => !old.some((o) => sameKey(o.key, l.key)));
      const removed = old.filter((o) => !now.some((l) => sameKey(o.key, l.key)));
      const oldEntry = nameEntryKey(k, before);
      const newEntry = nameEntryKey(k, after);
      const writes: TransactWrite[] = [
        {
          Put: {
            Item: relationItem(k, after),
            ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': before.version },
          },
        },
        ...added.map((l) => lookupPut(l, after)),
        ...removed.map((l) => lookupDelete(l, before)),
        { Put: { Item: { ...newEntry, ...after } } },
        ...(sameKey(oldEntry, newEntry) ? [] : [{ Delete: { Key: oldEntry } } satisfies TransactWrite]),
        auditPut(tenant, at, {
          action,
          entityType: 'Relation',
          entityId: after.id,
          administrationId: after.administrationId,
          before,
          after,
        }),
      ];
      const lookupsAt = new Map(added.map((l, i) => [i + 1, l] as const));
      await write(writes, lookupsAt, (i) =>
        i === 0
          ? versionConflict()
          : new ConflictError('CONCURRENT_UPDATE', 'Another change to the same relation happened at the same time.'),
      );
    },
  };
}

export type RelationsRepository = ReturnType<typeof relationsRepository>;
