import { type Cents, ValidationError } from '#packages/kernel';
import { type Item, queryAll } from '#packages/table';
import { type BooksOf, type LedgerDeps, listAccounts } from './books.js';
import { ledgerKeys } from './keys.js';
import type { Account, AccountCategory } from './model.js';

/**
 * Reports read the maintained per-account-per-period balances (and VAT totals), never the
 * entries, so their cost depends on the size of the chart and the number of periods, not on
 * the number of postings.
 */

const periodPattern = /^(\d{4})-(0\d|1[0-2])$/;

function checkPeriod(path: string, period: string): number {
  const m = periodPattern.exec(period);
  if (!m) throw new ValidationError([{ path, location: 'query', message: 'A period as YYYY-MM (YYYY-00: opening).' }]);
  return Number(m[1]);
}

export interface AccountBalance {
  readonly accountCode: string;
  readonly name: string;
  readonly category: AccountCategory;
  readonly rgsCode?: string;
  readonly debit: Cents;
  readonly credit: Cents;
  /** Debit minus credit. */
  readonly balance: Cents;
}

/** The balance items of `from`..`to` (periods of one year, inclusive): one Query, paged. */
async function balanceItems(deps: LedgerDeps, adm: BooksOf, from: string, to: string): Promise<Item[]> {
  const year = checkPeriod('from', from);
  if (checkPeriod('to', to) !== year || to < from) {
    throw new ValidationError([{ path: 'to', location: 'query', message: 'From and to lie in one year, from first.' }]);
  }
  return queryAll<Item>(deps.table, {
    pk: ledgerKeys(adm.firmId, adm.id).balances(year),
    skBetween: [`${from}#`, `${to}#~`],
  });
}

/** Sums balance items per account and names them from the chart. */
function totalsPerAccount(items: readonly Item[], accounts: readonly Account[]): AccountBalance[] {
  const byCode = new Map<string, { debit: number; credit: number }>();
  for (const item of items) {
    const code = String(item.accountCode);
    const t = byCode.get(code) ?? { debit: 0, credit: 0 };
    t.debit += Number(item.debit ?? 0);
    t.credit += Number(item.credit ?? 0);
    byCode.set(code, t);
  }
  const chart = new Map<string, Account>(accounts.map((a) => [a.code, a]));
  return [...byCode]
    .map(([code, t]) => {
      const account = chart.get(code);
      return {
        accountCode: code,
        name: account?.name ?? code,
        category: account?.category ?? 'asset',
        ...(account?.rgsCode ? { rgsCode: account.rgsCode } : {}),
        debit: t.debit,
        credit: t.credit,
        balance: t.debit - t.credit,
      };
    })
    .filter((a) => a.debit !== 0 || a.credit !== 0)
    .sort((a, b) => a.accountCode.localeCompare(b.accountCode));
}

/** Per-account debit and credit totals over `from`..`to` (periods of one year, inclusive). */
export async function accountTotals(
  deps: LedgerDeps,
  adm: BooksOf,
  from: string,
  to: string,
): Promise<AccountBalance[]> {
  const [items, accounts] = await Promise.all([balanceItems(deps, adm, from, to), listAccounts(deps, adm)]);
  return totalsPerAccount(items, accounts);
}

/** Trial balance of a year up to and including `through`, opening balances included. */
export async function trialBalance(deps: LedgerDeps, adm: BooksOf, through: string) {
  const year = checkPeriod('through', through);
  const accounts = await accountTotals(deps, adm, `${year}-00`, through);
  const debit = accounts.reduce((s, a) => s + a.debit, 0);
  const credit = accounts.reduce((s, a) => s + a.credit, 0);
  return { through, accounts, totals: { debit, credit, difference: debit - credit } };
}

const sum = (accounts: readonly AccountBalance[], categories: readonly AccountCategory[]) =>
  accounts.filter((a) => categories.includes(a.category)).reduce((s, a) => s + a.balance, 0);

/** Revenue and expenses over `from`..`to`; result positive is profit. */
export async function profitAndLoss(deps: LedgerDeps, adm: BooksOf, from: string, to: string) {
  const accounts = (await accountTotals(deps, adm, from, to)).filter(
    (a) => a.category === 'revenue' || a.category === 'expense',
  );
  const revenue = -sum(accounts, ['revenue']);
  const expenses = sum(accounts, ['expense']);
  return { from, to, accounts, revenue, expenses, result: revenue - expenses };
}

/** Assets against liabilities and equity at the end of `through`, with the year's result so far. */
export async function balanceSheet(deps: LedgerDeps, adm: BooksOf, through: string) {
  const year = checkPeriod('through', through);
  const all = await accountTotals(deps, adm, `${year}-00`, through);
  const accounts = all.filter((a) => a.category === 'asset' || a.category === 'liability' || a.category === 'equity');
  const assets = sum(accounts, ['asset']);
  const liabilities = -sum(accounts, ['liability']);
  const equity = -sum(accounts, ['equity']);
  const result = -sum(all, ['revenue', 'expense']);
  return { through, accounts, assets, liabilities, equity, result, balanced: assets === liabilities + equity + result };
}

export interface VatCodeTotal {
  readonly code: string;
  readonly creditNote: boolean;
  readonly base: Cents;
  readonly vat: Cents;
}

/** Base and VAT per VAT code over `from`..`to` (one year), credit notes apart, in code order. */
export async function vatCodeTotals(deps: LedgerDeps, adm: BooksOf, from: string, to: string): Promise<VatCodeTotal[]> {
  const year = checkPeriod('from', from);
  const k = ledgerKeys(adm.firmId, adm.id);
  const items = await queryAll<Item>(deps.table, { pk: k.vatTotals(year), skBetween: [`${from}#`, `${to}#~`] });
  const byKey = new Map<string, { code: string; creditNote: boolean; base: number; vat: number }>();
  for (const item of items) {
    const key = `${item.code}#${item.creditNote}`;
    const t = byKey.get(key) ?? { code: String(item.code), creditNote: item.creditNote === true, base: 0, vat: 0 };
    t.base += Number(item.base ?? 0);
    t.vat += Number(item.vat ?? 0);
    byKey.set(key, t);
  }
  return [...byKey.values()].sort(
    (a, b) => a.code.localeCompare(b.code) || Number(a.creditNote) - Number(b.creditNote),
  );
}

/** The cockpit's figures for a period range: revenue, costs, result, bank, receivables, payables, VAT position. */
export async function kpis(deps: LedgerDeps, adm: BooksOf, from: string, to: string) {
  const year = checkPeriod('from', from);
  // One read of the year so far serves both the range and the cumulative figures.
  const [items, accounts] = await Promise.all([balanceItems(deps, adm, `${year}-00`, to), listAccounts(deps, adm)]);
  const range = totalsPerAccount(
    items.filter((i) => String(i.period) >= from),
    accounts,
  );
  const cumulative = totalsPerAccount(items, accounts);
  const roleOf = new Map(accounts.map((a) => [a.code, a.role]));
  const byRole = (...roles: string[]) =>
    cumulative.filter((a) => roles.includes(roleOf.get(a.accountCode) ?? '')).reduce((s, a) => s + a.balance, 0);
  const revenue = -sum(range, ['revenue']);
  const costs = sum(range, ['expense']);
  return {
    from,
    to,
    revenue,
    costs,
    result: revenue - costs,
    bankBalance: byRole('bank'),
    receivables: byRole('receivables'),
    payables: -byRole('payables'),
    /** Positive: VAT to pay; negative: VAT to reclaim. */
    vatPosition: -byRole('vat-payable', 'vat-receivable', 'vat-reverse-charge-payable', 'vat-settlement'),
  };
}
