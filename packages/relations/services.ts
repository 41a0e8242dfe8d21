import {
  type Clock,
  ConflictError,
  compactIdentifier,
  NotFoundError,
  type Page,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import type { Table } from '#packages/table';
import { numberRaceCode, type RelationsRepository, relationsRepository } from './repository.js';
import {
  type CreateRelationInput,
  ExternalId,
  normaliseCompanyNumber,
  type Relation,
  type RelationListQuery,
  relationIssues,
  relationRoles,
  type UpdateRelationInput,
  type UpsertRelationInput,
} from './schemas.js';

/**
 * What the relation services need. Callers have already checked that the tenant may reach the
 * administration; every key is still derived from `tenant.firmId`.
 */
export interface RelationsDeps {
  readonly table: Table;
  readonly clock: Clock;
  readonly newId: () => string;
}

/** The fields a caller controls; the rest (id, number, status, version, times) is ours. */
type Details = Omit<Relation, 'id' | 'administrationId' | 'number' | 'status' | 'version' | 'createdAt' | 'updatedAt'>;

const optionalFields = [
  'address',
  'vatNumber',
  'companyNumber',
  'defaultGlAccount',
  'defaultVatCode',
  'paymentTermDays',
] as const;

/** Conflicts that mean "read again and retry", not "the caller asked for something impossible". */
const retryableCodes = new Set([numberRaceCode, 'CONCURRENT_UPDATE']);
const maxAttempts = 30;

async function backoff(attempt: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
}

/** Runs `attempt` again while it loses races on the counter or the same items. */
async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConflictError) || !retryableCodes.has(error.code) || n >= maxAttempts) {
        if (error instanceof ConflictError && error.code === numberRaceCode) {
          throw new ConflictError('CONCURRENT_UPDATE', 'Too many relations were created at once; retry.', {
            cause: error,
          });
        }
        throw error;
      }
      await backoff(n);
    }
  }
}

/** Without the keys whose value is `undefined` (not every document client drops them). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The stored form: identifiers compact (IBANs in electronic format), roles in a fixed order,
 * absent optional fields left out. Safe to apply twice.
 */
function normalise(d: Details): Details {
  const out: Details = {
    roles: relationRoles.filter((r) => d.roles.includes(r)),
    name: d.name.trim(),
    ibans: d.ibans.map(compactIdentifier),
    contacts: d.contacts.map(defined),
    externalIds: d.externalIds.map((e) => ({ source: e.source.trim().toLowerCase(), id: e.id.trim() })),
  };
  if (d.address !== undefined) {
    out.address = defined({ ...d.address, country: d.address.country.toUpperCase() });
  }
  if (d.vatNumber !== undefined) out.vatNumber = compactIdentifier(d.vatNumber);
  if (d.companyNumber !== undefined) {
    out.companyNumber = normaliseCompanyNumber(d.address?.country.toUpperCase() ?? '', d.companyNumber);
  }
  for (const field of ['defaultGlAccount', 'defaultVatCode', 'paymentTermDays'] as const) {
    if (d[field] !== undefined) Object.assign(out, { [field]: d[field] });
  }
  return out;
}

/** Normalised details, or a ValidationError listing every cross-field problem. */
function checked(d: Details): Details {
  const details = normalise(d);
  const issues = relationIssues(details);
  if (details.roles.length === 0) issues.push({ path: 'roles', message: 'Give at least one role.' });
  if (issues.length > 0) throw new ValidationError(issues);
  return details;
}

function detailsOf(r: Relation): Details {
  const {
    id: _i,
    administrationId: _a,
    number: _n,
    status: _s,
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    ...rest
  } = r;
  return rest;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const kb = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

function repoOf(deps: RelationsDeps): RelationsRepository {
  return relationsRepository(deps.table);
}

/** Numbers the relation and writes it, retrying while concurrent creates take numbers first. */
async function insert(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  details: Details,
): Promise<Relation> {
  const repo = repoOf(deps);
  const id = deps.newId();
  return retrying(async () => {
    const last = await repo.lastRelationNumber(tenant.firmId, administrationId);
    const now = deps.clock();
    const relation: Relation = {
      id,
      administrationId,
      number: last + 1,
      ...details,
      status: 'active',
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await repo.createRelation(tenant, relation, last, now);
    return relation;
  });
}

/**
 * Creates a debtor and/or creditor with the next relation number of the administration (no
 * gaps: the number is taken in the same transaction as the relation). 409 with
 * `RELATION_VAT_TAKEN`, `RELATION_IBAN_TAKEN`, `RELATION_COMPANY_NUMBER_TAKEN` or
 * `RELATION_EXTERNAL_ID_TAKEN` when another active relation holds one of its identifiers.
 */
export async function createRelation(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  input: CreateRelationInput,
): Promise<Relation> {
  return insert(deps, tenant, administrationId, checked(input));
}

/**
 * Creates or updates the relation for an external system's record (`source` + `externalId`),
 * idempotently: the same record always maps to the same relation, also when upserted
 * concurrently, and an upsert that changes nothing writes nothing. Fields `input` leaves out
 * keep their value; the record's own external id is always kept.
 */
export async function upsertRelationByExternalId(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  source: string,
  externalId: string,
  input: UpsertRelationInput,
): Promise<{ relation: Relation; created: boolean }> {
  const parsed = ExternalId.safeParse({ source, id: externalId });
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ path: i.path[0] === 'id' ? 'externalId' : 'source', message: i.message })),
    );
  }
  const own = parsed.data;
  const withOwn = (ids: readonly ExternalId[]) =>
    ids.some((e) => e.source === own.source && e.id === own.id) ? [...ids] : [...ids, own];
  const repo = repoOf(deps);
  return retrying(async () => {
    const existing = await repo.findRelationByExternalId(tenant.firmId, administrationId, own.source, own.id);
    if (!existing) {
      const details = checked({
        ...input,
        ibans: input.ibans ?? [],
        contacts: input.contacts ?? [],
        externalIds: withOwn(input.externalIds ?? []),
      });
      try {
        return { relation: await insert(deps, tenant, administrationId, details), created: true };
      } catch (error) {
        // A concurrent upsert of the same record created it first: update that one instead.
        if (error instanceof ConflictError && error.code === 'RELATION_EXTERNAL_ID_TAKEN') {
          const winner = await repo.findRelationByExternalId(tenant.firmId, administrationId, own.source, own.id);
          if (winner) throw new ConflictError('CONCURRENT_UPDATE', 'The record was created concurrently.');
        }
        throw error;
      }
    }
    const before = detailsOf(existing);
    const merged: Details = { ...before };
    for (const [field, value] of Object.entries(input)) {
      if (value !== undefined) Object.assign(merged, { [field]: value });
    }
    merged.externalIds = withOwn(input.externalIds ?? before.externalIds);
    const after = checked(merged);
    if (deepEqual(after, normalise(before))) return { relation: existing, created: false };
    const updated = await replace(deps, tenant, existing, after, 'relation.upserted').catch((error: unknown) => {
      // Someone changed it between our read and write: read again and merge onto theirs.
      if (error instanceof ConflictError && error.code === 'VERSION_CONFLICT') {
        throw new ConflictError('CONCURRENT_UPDATE', 'The relation changed while it was being upserted.');
      }
      throw error;
    });
    return { relation: updated, created: false };
  });
}

async function replace(
  deps: RelationsDeps,
  tenant: TenantContext,
  before: Relation,
  details: Details,
  action: string,
  status: Relation['status'] = before.status,
): Promise<Relation> {
  const now = deps.clock();
  const after: Relation = {
    id: before.id,
    administrationId: before.administrationId,
    number: before.number,
    ...details,
    status,
    version: before.version + 1,
    createdAt: before.createdAt,
    updatedAt: now.toISOString(),
  };
  await repoOf(deps).replaceRelation(tenant, before, after, action, now);
  return after;
}

async function current(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  relationId: string,
  expectedVersion: number | undefined,
): Promise<Relation> {
  const relation = await getRelation(deps, tenant, administrationId, relationId);
  if (expectedVersion !== undefined && expectedVersion !== relation.version) {
    throw new ConflictError(
      'VERSION_CONFLICT',
      `The relation is at version ${relation.version}, not ${expectedVersion}; read it again and retry.`,
    );
  }
  return relation;
}

/**
 * Changes a relation. `expectedVersion` (from If-Match) makes a stale edit a 409
 * `VERSION_CONFLICT`; without it the version read here guards the write. Lookups by VAT
 * number, IBAN, company number and external id move with the change.
 */
export async function updateRelation(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  relationId: string,
  input: UpdateRelationInput,
  expectedVersion?: number,
): Promise<Relation> {
  const before = await current(deps, tenant, administrationId, relationId, expectedVersion);
  const details = detailsOf(before);
  for (const [field, value] of Object.entries(input)) {
    if (value === null && (optionalFields as readonly string[]).includes(field)) {
      delete details[field as (typeof optionalFields)[number]];
    } else if (value !== undefined && value !== null) {
      Object.assign(details, { [field]: value });
    }
  }
  return replace(deps, tenant, before, checked(details), 'relation.updated');
}

/**
 * Archives a relation: it leaves the active lists and releases its VAT number, IBANs and
 * company number to other relations; its external ids stay, so imports still find it.
 * Archiving an archived relation returns it unchanged.
 */
export async function archiveRelation(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  relationId: string,
  expectedVersion?: number,
): Promise<Relation> {
  const before = await current(deps, tenant, administrationId, relationId, expectedVersion);
  if (before.status === 'archived') return before;
  return replace(deps, tenant, before, detailsOf(before), 'relation.archived', 'archived');
}

/** Makes an archived relation active again, reclaiming its identifiers (409 if taken meanwhile). */
export async function restoreRelation(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  relationId: string,
  expectedVersion?: number,
): Promise<Relation> {
  const before = await current(deps, tenant, administrationId, relationId, expectedVersion);
  if (before.status === 'active') return before;
  return replace(deps, tenant, before, detailsOf(before), 'relation.restored', 'active');
}

/** One relation; 404 when the administration has no such relation. */
export async function getRelation(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  relationId: string,
): Promise<Relation> {
  const relation = await repoOf(deps).getRelation(tenant.firmId, administrationId, relationId);
  if (!relation) throw new NotFoundError(`Relation ${relationId}`);
  return relation;
}

/** Relations by name (active unless `status` says otherwise), optionally of one role or name prefix. */
export async function listRelations(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  query: Partial<RelationListQuery> = {},
): Promise<Page<Relation>> {
  return repoOf(deps).listRelations(tenant.firmId, administrationId, {
    role: query.role,
    status: query.status ?? 'active',
    namePrefix: query.name,
    cursor: query.cursor,
    limit: query.limit,
  });
}

/** The active relation with this VAT number (any spelling: `nl 0044.95445 b01`), if any. */
export async function findRelationByVatNumber(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  vatNumber: string,
): Promise<Relation | undefined> {
  return repoOf(deps).findRelationByVatNumber(tenant.firmId, administrationId, compactIdentifier(vatNumber));
}

/** The active relation with this IBAN (paper or electronic format), if any. */
export async function findRelationByIban(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  iban: string,
): Promise<Relation | undefined> {
  return repoOf(deps).findRelationByIban(tenant.firmId, administrationId, compactIdentifier(iban));
}

/** The active relation with this KvK number (NL), enterprise number (BE) or foreign register number. */
export async function findRelationByCompanyNumber(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  country: string,
  companyNumber: string,
): Promise<Relation | undefined> {
  const cc = country.trim().toUpperCase();
  return repoOf(deps).findRelationByCompanyNumber(
    tenant.firmId,
    administrationId,
    cc,
    normaliseCompanyNumber(cc, companyNumber),
  );
}

/** The relation (active or archived) an external system's record maps to, if any. */
export async function findRelationByExternalId(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  source: string,
  externalId: string,
): Promise<Relation | undefined> {
  return repoOf(deps).findRelationByExternalId(
    tenant.firmId,
    administrationId,
    source.trim().toLowerCase(),
    externalId.trim(),
  );
}
