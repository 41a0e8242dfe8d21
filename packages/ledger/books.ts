import {
  type Clock,
  ConflictError,
  type Country,
  ForbiddenError,
  NotFoundError,
  type TenantContext,
} from '#packages/kernel';
import {
  auditPut,
  batchPut,
  getItem,
  type Item,
  queryAll,
  queryPage,
  stripKeys,
  type Table,
  transactWrite,
} from '#packages/table';
import { ledgerKeys } from './keys.js';
import { Account, type AccountRole, type Journal } from './model.js';
import { chartTemplates } from './templates/index.js';

export interface LedgerDeps {
  readonly table: Table;
  readonly clock: Clock;
}

/** The administration whose books are kept; the caller has checked the user may reach it. */
export interface BooksOf {
  readonly firmId: string;
  readonly id: string;
  readonly country: Country;
}

/** Default journals per country, in the words bookkeepers there use. */
export const defaultJournals: Readonly<Record<Country, readonly Journal[]>> = {
  NL: [
    { code: 'INK', name: 'Inkoopboek', kind: 'purchase' },
    { code: 'VRK', name: 'Verkoopboek', kind: 'sales' },
    { code: 'BNK', name: 'Bank', kind: 'bank' },
    { code: 'MEM', name: 'Memoriaal', kind: 'memorial' },
  ],
  BE: [
    { code: 'AAN', name: 'Aankopen', kind: 'purchase' },
    { code: 'VKP', name: 'Verkopen', kind: 'sales' },
    { code: 'FIN', name: 'Financiële verrichtingen', kind: 'bank' },
    { code: 'DIV', name: 'Diverse verrichtingen', kind: 'memorial' },
  ],
};

/**
 * Sets up the books of an administration from its country's chart template: accounts and the
 * default journals (the bank journal on the chart's bank account). Idempotent: once the books
 * exist it changes nothing.
 */
export async function setUpBooks(deps: LedgerDeps, tenant: TenantContext, adm: BooksOf): Promise<{ created: boolean }> {
  requireFirm(tenant);
  const k = ledgerKeys(adm.firmId, adm.id);
  if (await getItem(deps.table, k.books())) return { created: false };
  const template = chartTemplates[adm.country];
  const bank = template.accounts.find((a) => a.role === 'bank');
  const accounts: Item[] = template.accounts.map((a) => ({ ...k.account(a.code), ...a, status: 'active' }));
  const journals: Item[] = defaultJournals[adm.country].map((j) => ({
    ...k.journal(j.code),
    ...j,
    ...(j.kind === 'bank' && bank ? { accountCode: bank.code } : {}),
  }));
  await batchPut(deps.table, [...accounts, ...journals]);
  const at = deps.clock();
  await transactWrite(
    deps.table,
    [
      {
        Put: {
          Item: { ...k.books(), country: adm.country, template: template.name, createdAt: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditPut(tenant, at, {
        action: 'books.set-up',
        entityType: 'Books',
        entityId: adm.id,
        administrationId: adm.id,
        after: { template: template.name, accounts: accounts.length, journals: journals.length },
      }),
    ],
    () => new ConflictError('BOOKS_EXIST', 'The books of this administration are already set up.'),
  );
  return { created: true };
}

async function requireBooks(deps: LedgerDeps, adm: BooksOf): Promise<void> {
  if (!(await getItem(deps.table, ledgerKeys(adm.firmId, adm.id).books(), false))) {
    throw new NotFoundError(`The books of administration ${adm.id}`);
  }
}

/** The chart of accounts, in code order (one Query). */
export async function listAccounts(deps: LedgerDeps, adm: BooksOf): Promise<Account[]> {
  const items = await queryAll<Item>(deps.table, { pk: ledgerKeys(adm.firmId, adm.id).accounts });
  return items.map((i) => stripKeys<Account & { inUse?: boolean }>(i)).map(({ inUse: _u, ...a }) => a);
}

/** The account the chart names for `role` (receivables, VAT payable, …). */
export async function accountForRole(deps: LedgerDeps, adm: BooksOf, role: AccountRole): Promise<Account> {
  const found = (await listAccounts(deps, adm)).find((a) => a.role === role);
  if (!found) throw new NotFoundError(`An account with role ${role}`);
  return found;
}

export async function addAccount(
  deps: LedgerDeps,
  tenant: TenantContext,
  adm: BooksOf,
  input: Omit<Account, 'status' | 'role'>,
): Promise<Account> {
  requireFirm(tenant);
  await requireBooks(deps, adm);
  const account: Account = Account.parse({ ...input, status: 'active' });
  const k = ledgerKeys(adm.firmId, adm.id);
  await transactWrite(
    deps.table,
    [
      { Put: { Item: { ...k.account(account.code), ...account }, ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut(tenant, deps.clock(), {
        action: 'account.added',
        entityType: 'Account',
        entityId: account.code,
        administrationId: adm.id,
        after: account,
      }),
    ],
    () => new ConflictError('ACCOUNT_EXISTS', `Account ${account.code} already exists.`),
  );
  return account;
}

/** Renames, re-codes to RGS, blocks or unblocks an account. */
export async function updateAccount(
  deps: LedgerDeps,
  tenant: TenantContext,
  adm: BooksOf,
  code: string,
  change: { name?: string; rgsCode?: string; status?: Account['status'] },
): Promise<Account> {
  requireFirm(tenant);
  const k = ledgerKeys(adm.firmId, adm.id);
  const before = await getItem<Item>(deps.table, k.account(code));
  if (!before) throw new NotFoundError(`Account ${code}`);
  const { inUse: _inUse, ...beforeAccount } = stripKeys<Account & { inUse?: boolean }>(before);
  const after: Account = Account.parse({ ...beforeAccount, ...change });
  if (after.status === 'blocked' && after.role) {
    throw new ConflictError('ACCOUNT_HAS_ROLE', `Account ${code} is the ${after.role} account and cannot be blocked.`);
  }
  const names: Record<string, string> = { '#name': 'name', '#status': 'status' };
  const values: Record<string, unknown> = { ':name': after.name, ':status': after.status };
  let set = 'SET #name = :name, #status = :status';
  if (after.rgsCode !== undefined) {
    set += ', rgsCode = :rgs';
    values[':rgs'] = after.rgsCode;
  }
  await transactWrite(
    deps.table,
    [
      {
        Update: {
          Key: k.account(code),
          UpdateExpression: set,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      auditPut(tenant, deps.clock(), {
        action: 'account.updated',
        entityType: 'Account',
        entityId: code,
        administrationId: adm.id,
        before: beforeAccount,
        after,
      }),
    ],
    () => new NotFoundError(`Account ${code}`),
  );
  return after;
}

/** Deletes an account that never took a posting; one in use can only be blocked. */
export async function deleteAccount(
  deps: LedgerDeps,
  tenant: TenantContext,
  adm: BooksOf,
  code: string,
): Promise<void> {
  requireFirm(tenant);
  const k = ledgerKeys(adm.firmId, adm.id);
  const before = await getItem<Item>(deps.table, k.account(code));
  if (!before) throw new NotFoundError(`Account ${code}`);
  if (before.role)
    throw new ConflictError('ACCOUNT_HAS_ROLE', `Account ${code} is the ${String(before.role)} account.`);
  await transactWrite(
    deps.table,
    [
      { Delete: { Key: k.account(code), ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(inUse)' } },
      auditPut(tenant, deps.clock(), {
        action: 'account.deleted',
        entityType: 'Account',
        entityId: code,
        administrationId: adm.id,
        before: stripKeys(before),
      }),
    ],
    () => new ConflictError('ACCOUNT_IN_USE', `Account ${code} has postings; block it instead of deleting it.`),
  );
}

export async function listJournals(deps: LedgerDeps, adm: BooksOf): Promise<Journal[]> {
  const k = ledgerKeys(adm.firmId, adm.id);
  const page = await queryPage<Item>(deps.table, {
    pk: k.journals,
    skPrefix: 'J#',
    limit: 1000,
    cursorScope: k.journals,
  });
  return page.items.map((i) => stripKeys<Journal>(i));
}

export interface PeriodState {
  readonly period: string;
  readonly status: 'open' | 'closed';
  readonly changedAt?: string;
  readonly changedBy?: string;
}

/** Closes or reopens a period. Closing makes every later posting into it fail. */
export async function setPeriodStatus(
  deps: LedgerDeps,
  tenant: TenantContext,
  adm: BooksOf,
  period: string,
  status: 'open' | 'closed',
): Promise<PeriodState> {
  requireFirm(tenant);
  await requireBooks(deps, adm);
  const k = ledgerKeys(adm.firmId, adm.id);
  const at = deps.clock();
  const state: PeriodState = { period, status, changedAt: at.toISOString(), changedBy: tenant.userId };
  await transactWrite(
    deps.table,
    [
      { Put: { Item: { ...k.period(period), ...state } } },
      auditPut(tenant, at, {
        action: status === 'closed' ? 'period.closed' : 'period.reopened',
        entityType: 'Period',
        entityId: period,
        administrationId: adm.id,
        after: state,
      }),
    ],
    () => new ConflictError('CONCURRENT_UPDATE', 'The period changed at the same time; try again.'),
  );
  return state;
}

export async function listPeriods(deps: LedgerDeps, adm: BooksOf): Promise<PeriodState[]> {
  const k = ledgerKeys(adm.firmId, adm.id);
  const page = await queryPage<Item>(deps.table, { pk: k.periods, limit: 1000, cursorScope: k.periods });
  return page.items.map((i) => stripKeys<PeriodState>(i));
}

function requireFirm(tenant: TenantContext): void {
  if (tenant.userType !== 'firm') throw new ForbiddenError('Only firm users may change the books.');
}
