import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, newId, systemClock, type TenantContext, ValidationError } from '#packages/kernel';
import {
  type accountForRole,
  addAccount,
  type BooksOf,
  balanceSheet,
  deleteAccount,
  getEntry,
  type LedgerDeps,
  listAccounts,
  postEntry,
  profitAndLoss,
  reverseEntry,
  setPeriodStatus,
  setUpBooks,
  trialBalance,
  updateAccount,
  vatCodeTotals,
} from '#packages/ledger';
import { listAdministrationAudit } from '#packages/table';
import { freshTable } from '../../helpers/table.ts';

let deps: LedgerDeps;
const tenant: TenantContext = { userId: 'accountant-1', firmId: 'firm-ledger', userType: 'firm' };
const books = (country: 'NL' | 'BE' = 'NL'): BooksOf => ({ firmId: tenant.firmId, id: `adm-${newId()}`, country });

beforeAll(async () => {
  const { table } = await freshTable();
  deps = { table, clock: systemClock };
});

async function ready(country: 'NL' | 'BE' = 'NL') {
  const adm = books(country);
  await setUpBooks(deps, tenant, adm);
  const accounts = await listAccounts(deps, adm);
  const code = (role: Parameters<typeof accountForRole>[2]) => accounts.find((a) => a.role === role)?.code as string;
  const revenue = accounts.find((a) => a.category === 'revenue')?.code as string;
  const expense = accounts.find((a) => a.category === 'expense')?.code as string;
  return { adm, code, revenue, expense, accounts };
}

describe('setUpBooks', () => {
  it('creates the chart and journals once; a second call changes nothing', async () => {
    const adm = books('BE');
    expect(await setUpBooks(deps, tenant, adm)).toEqual({ created: true });
    expect(await setUpBooks(deps, tenant, adm)).toEqual({ created: false });
    expect((await listAccounts(deps, adm)).length).toBeGreaterThan(40);
  });
});

describe('postEntry', () => {
  it('numbers entries per journal per year without gaps, also when posted concurrently', async () => {
    const { adm, code, revenue } = await ready();
    const posts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        postEntry(deps, tenant, adm, {
          journalCode: 'MEM',
          date: '2026-03-15',
          description: `Concurrent ${i}`,
          lines: [
            { accountCode: code('bank'), amount: 100 + i },
            { accountCode: revenue, amount: -(100 + i) },
          ],
        }),
      ),
    );
    expect(posts.map((e) => e.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const next = await postEntry(deps, tenant, adm, {
      journalCode: 'MEM',
      date: '2027-01-02',
      description: 'New year',
      lines: [
        { accountCode: code('bank'), amount: 1 },
        { accountCode: revenue, amount: -1 },
      ],
    });
    expect(next.id).toBe('MEM-2027-1');
  });

  it('refuses an entry that does not balance to the cent, saying by how much', async () => {
    const { adm, code, revenue } = await ready();
    const attempt = postEntry(deps, tenant, adm, {
      journalCode: 'MEM',
      date: '2026-03-15',
      description: 'Off by a cent',
      lines: [
        { accountCode: code('bank'), amount: 12100 },
        { accountCode: revenue, amount: -12099 },
      ],
    });
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      issues: [{ path: 'lines', message: expect.stringContaining('121.00') }],
    });
  });

  it('refuses postings into a closed period, and accepts them again after reopening', async () => {
    const { adm, code, revenue } = await ready();
    const input = {
      journalCode: 'MEM',
      date: '2026-01-31',
      description: 'Late',
      lines: [
        { accountCode: code('bank'), amount: 500 },
        { accountCode: revenue, amount: -500 },
      ],
    };
    await setPeriodStatus(deps, tenant, adm, '2026-01', 'closed');
    await expect(postEntry(deps, tenant, adm, input)).rejects.toMatchObject({ code: 'PERIOD_CLOSED' });
    await setPeriodStatus(deps, tenant, adm, '2026-01', 'open');
    await expect(postEntry(deps, tenant, adm, input)).resolves.toMatchObject({ number: 1 });
  });

  it('refuses a blocked account; an account in use cannot be deleted, only blocked', async () => {
    const { adm, code, expense } = await ready();
    await postEntry(deps, tenant, adm, {
      journalCode: 'MEM',
      date: '2026-02-01',
      description: 'Use it',
      lines: [
        { accountCode: expense, amount: 700 },
        { accountCode: code('bank'), amount: -700 },
      ],
    });
    await expect(deleteAccount(deps, tenant, adm, expense)).rejects.toMatchObject({ code: 'ACCOUNT_IN_USE' });
    await updateAccount(deps, tenant, adm, expense, { status: 'blocked' });
    await expect(
      postEntry(deps, tenant, adm, {
        journalCode: 'MEM',
        date: '2026-02-02',
        description: 'Blocked',
        lines: [
          { accountCode: expense, amount: 1 },
          { accountCode: code('bank'), amount: -1 },
        ],
      }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_NOT_POSTABLE' });
    await addAccount(deps, tenant, adm, { code: '4999', name: 'Nooit gebruikt', category: 'expense' });
    await expect(deleteAccount(deps, tenant, adm, '4999')).resolves.toBeUndefined();
  });

  it('audits every posting in the same transaction', async () => {
    const { adm, code, revenue } = await ready();
    const entry = await postEntry(deps, tenant, adm, {
      journalCode: 'MEM',
      date: '2026-04-01',
      description: 'Audited',
      lines: [
        { accountCode: code('bank'), amount: 250 },
        { accountCode: revenue, amount: -250 },
      ],
    });
    const trail = await listAdministrationAudit(deps.table, tenant.firmId, adm.id);
    expect(trail.items.find((e) => e.entityId === entry.id)).toMatchObject({
      action: 'entry.posted',
      actor: { userId: 'accountant-1' },
    });
  });
});

describe('reverseEntry', () => {
  it('posts the negated entry, links both ways, and refuses a second reversal', async () => {
    const { adm, code, revenue } = await ready();
    const original = await postEntry(deps, tenant, adm, {
      journalCode: 'MEM',
      date: '2026-05-05',
      description: 'Wrong',
      lines: [
        { accountCode: code('bank'), amount: 4200 },
        { accountCode: revenue, amount: -4200 },
      ],
    });
    const reversal = await reverseEntry(deps, tenant, adm, original.id);
    expect(reversal.reverses).toBe(original.id);
    expect((await getEntry(deps, adm, original.id)).reversedBy).toBe(reversal.id);
    await expect(reverseEntry(deps, tenant, adm, original.id)).rejects.toBeInstanceOf(ConflictError);
    const tb = await trialBalance(deps, adm, '2026-12');
    expect(tb.accounts.find((a) => a.accountCode === revenue)?.balance).toBe(0);
  });
});

describe('ledger invariants (property-based)', () => {
  it('keeps the trial balance equal to the sum of postings, balanced, with reversals netting to zero', async () => {
    const { adm, accounts } = await ready();
    const postable = accounts.filter((a) => !a.role || a.role === 'bank').map((a) => a.code);
    const entryArb = fc
      .record({
        month: fc.integer({ min: 1, max: 12 }),
        amounts: fc.array(
          fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((n) => n !== 0),
          { minLength: 1, maxLength: 6 },
        ),
        accounts: fc.array(fc.constantFrom(...postable), { minLength: 7, maxLength: 7 }),
        reverse: fc.boolean(),
      })
      .filter((e) => e.amounts.reduce((s, a) => s + a, 0) !== 0);
    const expected = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(entryArb, async (e) => {
        const total = e.amounts.reduce((s, a) => s + a, 0);
        const lines = [
          ...e.amounts.map((amount, i) => ({ accountCode: e.accounts[i] as string, amount })),
          { accountCode: e.accounts[6] as string, amount: -total },
        ];
        const entry = await postEntry(deps, tenant, adm, {
          journalCode: 'MEM',
          date: `2026-${String(e.month).padStart(2, '0')}-10`,
          description: 'Property',
          lines,
        });
        if (e.reverse) await reverseEntry(deps, tenant, adm, entry.id);
        else for (const l of lines) expected.set(l.accountCode, (expected.get(l.accountCode) ?? 0) + l.amount);
      }),
      { numRuns: 40 },
    );
    const tb = await trialBalance(deps, adm, '2026-12');
    expect(tb.totals.difference).toBe(0);
    for (const [code, amount] of expected) {
      expect(tb.accounts.find((a) => a.accountCode === code)?.balance ?? 0, code).toBe(amount);
    }
    const sheet = await balanceSheet(deps, adm, '2026-12');
    expect(sheet.balanced).toBe(true);
    const pl = await profitAndLoss(deps, adm, '2026-01', '2026-12');
    expect(pl.result).toBe(sheet.result);
  }, 120_000);

  it('keeps VAT totals equal to the sum of the VAT lines', async () => {
    const { adm, code, revenue } = await ready();
    const vatLine = fc.record({ base: fc.integer({ min: 100, max: 5_000_000 }), rate: fc.constantFrom(2100, 900) });
    const sums = new Map<string, { base: number; vat: number }>();
    await fc.assert(
      fc.asyncProperty(vatLine, async ({ base, rate }) => {
        const vatCodeId = rate === 2100 ? 'NL-V21' : 'NL-V9';
        const vat = Math.round((base * rate) / 10_000);
        await postEntry(deps, tenant, adm, {
          journalCode: 'VRK',
          date: '2026-02-14',
          description: 'Sale',
          lines: [
            { accountCode: code('receivables'), amount: base + vat },
            { accountCode: revenue, amount: -base, vat: { code: vatCodeId, part: 'base' } },
            { accountCode: code('vat-payable'), amount: -vat, vat: { code: vatCodeId, part: 'vat' } },
          ],
        });
        const s = sums.get(vatCodeId) ?? { base: 0, vat: 0 };
        sums.set(vatCodeId, { base: s.base + base, vat: s.vat + vat });
      }),
      { numRuns: 25 },
    );
    const totals = await vatCodeTotals(deps, adm, '2026-01', '2026-03');
    for (const [vatCodeId, s] of sums) {
      expect(totals.find((t) => t.code === vatCodeId && !t.creditNote)).toMatchObject(s);
    }
  }, 120_000);
});
