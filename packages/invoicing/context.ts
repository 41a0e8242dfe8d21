import type { z } from 'zod';
import { ConflictError, type FieldIssue, NotFoundError, type TenantContext, ValidationError } from '#packages/kernel';
import {
  type Account,
  type AccountRole,
  type BooksOf,
  type Journal,
  type JournalKind,
  type LedgerDeps,
  listAccounts,
  listJournals,
} from '#packages/ledger';
import { getRelation, type Relation } from '#packages/relations';
import { batchGet, type Item } from '#packages/table';
import { invoicingKeys } from './keys.js';

/** What the invoicing services need: the ledger's table and clock, and an id generator. */
export interface InvoicingDeps extends LedgerDeps {
  readonly newId: () => string;
}

/** Parses `input` with `schema`; a failure becomes a ValidationError with field paths. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, location?: FieldIssue['location']) {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as z.output<S>;
  throw new ValidationError(
    parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      ...(location ? { location } : {}),
      message: i.message,
    })),
  );
}

/** The chart and journals of an administration, read once per operation. */
export interface BooksView {
  readonly accounts: ReadonlyMap<string, Account>;
  /** The account code the chart names for `role`. */
  role(role: AccountRole): string;
  /** The journal of `kind` (VRK/VKP, INK/AAN, BNK/FIN, MEM/DIV). */
  journal(kind: JournalKind): Journal;
  /** The first revenue account in code order: the default for sales lines. */
  readonly firstRevenue: string | undefined;
}

export async function readBooks(deps: LedgerDeps, adm: BooksOf): Promise<BooksView> {
  const [accounts, journals] = await Promise.all([listAccounts(deps, adm), listJournals(deps, adm)]);
  if (accounts.length === 0) throw new NotFoundError(`The books of administration ${adm.id}`);
  const byCode = new Map(accounts.map((a) => [a.code, a]));
  return {
    accounts: byCode,
    role(role) {
      const found = accounts.find((a) => a.role === role);
      if (!found) throw new NotFoundError(`An account with role ${role}`);
      return found.code;
    },
    journal(kind) {
      const found = journals.find((j) => j.kind === kind);
      if (!found) throw new NotFoundError(`A ${kind} journal`);
      return found;
    },
    firstRevenue: accounts
      .filter((a) => a.category === 'revenue' && a.status === 'active')
      .map((a) => a.code)
      .sort()[0],
  };
}

/**
 * The relation an invoice or time entry refers to: active and holding `role`. A missing or
 * unfit relation is a problem with the input (`relationId`), not a missing resource.
 */
export async function readRelation(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  relationId: string,
  role: 'customer' | 'supplier',
  path = 'relationId',
): Promise<Relation> {
  let relation: Relation;
  try {
    relation = await getRelation(deps, tenant, adm.id, relationId);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ValidationError([{ path, message: `No relation ${relationId} in this administration.` }]);
    }
    throw error;
  }
  if (relation.status !== 'active') {
    throw new ConflictError('RELATION_ARCHIVED', `Relation ${relation.number} (${relation.name}) is archived.`);
  }
  if (!relation.roles.includes(role)) {
    throw new ValidationError([
      { path, message: `Relation ${relation.number} (${relation.name}) is not a ${role}; add the role first.` },
    ]);
  }
  return relation;
}

/** Issues for cost-centre codes the administration does not have (or has blocked). */
export async function costCentreIssues(
  deps: LedgerDeps,
  adm: BooksOf,
  uses: readonly { path: string; code: string }[],
): Promise<FieldIssue[]> {
  const codes = [...new Set(uses.map((u) => u.code))];
  if (codes.length === 0) return [];
  const k = invoicingKeys(adm.firmId, adm.id);
  const found = new Map<string, Item>();
  for (let i = 0; i < codes.length; i += 100) {
    const items = await batchGet<Item>(
      deps.table,
      codes.slice(i, i + 100).map((c) => k.costCentre(c)),
    );
    for (const item of items) found.set(String(item.code), item);
  }
  return uses
    .filter((u) => found.get(u.code)?.status !== 'active')
    .map((u) => ({
      path: u.path,
      message: found.has(u.code) ? `Cost centre ${u.code} is blocked.` : `No cost centre ${u.code}; upsert it first.`,
    }));
}

/** Conflicts that mean "read again and try again", not "this cannot be done". */
const retryable = new Set(['ENTRY_PRECONDITION_FAILED', 'JOURNAL_BUSY', 'CONCURRENT_UPDATE', 'SERIES_MOVED']);
const MAX_ATTEMPTS = 25;

/**
 * Runs `attempt` (which reads what it needs, then writes in one transaction) again while it
 * loses races: a counter or item that moved between the read and the write. Each attempt
 * reads afresh, so a lost race that turns out to be a real conflict surfaces as that conflict.
 */
export async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConflictError) || !retryable.has(error.code) || n >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 5 * 2 ** n)));
    }
  }
}

/** DynamoDB's limit on the writes of one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

/** A page size within 1..200 (default 50). */
export const pageLimit = (limit: number | undefined) => Math.max(1, Math.min(limit ?? 50, 200));
