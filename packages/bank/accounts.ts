import { z } from 'zod';
import {
  ConflictError,
  compactIdentifier,
  ForbiddenError,
  isValidIban,
  NotFoundError,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import { type BooksOf, type LedgerDeps, listAccounts } from '#packages/ledger';
import { auditPut, getItem, type Item, queryAll, stripKeys, type Table, transactWrite } from '#packages/table';
import { bankKeys } from './keys.js';

/** One of the administration's own bank accounts and the GL account its lines are booked through. */
export const BankAccount = z
  .object({
    iban: z.string(),
    name: z.string(),
    currency: z.string(),
    glAccount: z.string().describe('The ledger account of this bank account (an asset account with the bank role).'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'BankAccount' });
export type BankAccount = z.infer<typeof BankAccount>;

export const BankAccountInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('EUR'),
    glAccount: z.string().trim().min(1).max(20),
  })
  .strict()
  .meta({ id: 'BankAccountInput' });
export type BankAccountInput = z.input<typeof BankAccountInput>;

/** An IBAN in electronic format, or a clear 400. */
export function ibanOf(value: string): string {
  const iban = compactIdentifier(value);
  if (!isValidIban(iban)) throw new ValidationError([{ path: 'iban', message: `${value} is not a valid IBAN.` }]);
  return iban;
}

/** The bank is the firm's to set up: client users read the accounts but do not change them. */
export function requireFirmUser(tenant: TenantContext, adm: BooksOf, what: string): void {
  if (tenant.firmId !== adm.firmId || tenant.userType !== 'firm') throw new ForbiddenError(`Only the firm ${what}.`);
}

/**
 * Registers (or changes) one of the administration's bank accounts. Lines are only taken in for
 * registered accounts, so a statement of someone else's account cannot land in these books.
 */
export async function putBankAccount(
  deps: LedgerDeps,
  tenant: TenantContext,
  adm: BooksOf,
  iban: string,
  input: BankAccountInput,
): Promise<BankAccount> {
  requireFirmUser(tenant, adm, 'sets up bank accounts');
  const parsed = BankAccountInput.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const account = ibanOf(iban);
  const gl = (await listAccounts(deps, adm)).find((a) => a.code === parsed.data.glAccount);
  if (gl?.category !== 'asset' || (gl.role && gl.role !== 'bank') || gl.status !== 'active') {
    throw new ValidationError([
      { path: 'glAccount', message: `Account ${parsed.data.glAccount} is not an active bank or cash account.` },
    ]);
  }
  const k = bankKeys(adm.firmId, adm.id);
  const before = await getItem<Item>(deps.table, k.account(account));
  const at = deps.clock();
  const after: BankAccount = {
    iban: account,
    ...parsed.data,
    createdAt: (before?.createdAt as string | undefined) ?? at.toISOString(),
    updatedAt: at.toISOString(),
  };
  await transactWrite(
    deps.table,
    [
      { Put: { Item: { ...k.account(account), ...after } } },
      auditPut(tenant, at, {
        action: before ? 'bank-account.updated' : 'bank-account.registered',
        entityType: 'BankAccount',
        entityId: account,
        administrationId: adm.id,
        before: before ? stripKeys(before) : undefined,
        after,
      }),
    ],
    () => new ConflictError('CONCURRENT_UPDATE', 'The bank account changed at the same time; try again.'),
  );
  return after;
}

export async function listBankAccounts(table: Table, adm: BooksOf): Promise<BankAccount[]> {
  const items = await queryAll<Item>(table, { pk: bankKeys(adm.firmId, adm.id).accounts });
  return items.map((i) => stripKeys<BankAccount>(i));
}

export async function getBankAccount(table: Table, adm: BooksOf, iban: string): Promise<BankAccount> {
  const item = await getItem<Item>(table, bankKeys(adm.firmId, adm.id).account(ibanOf(iban)));
  if (!item) throw new NotFoundError(`Bank account ${iban}`);
  return stripKeys<BankAccount>(item);
}
