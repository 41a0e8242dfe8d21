import type { Key } from '#packages/table';

/** Key builders for the books of one administration; every key starts with its tenant path. */
export function ledgerKeys(firmId: string, administrationId: string) {
  const p = `FIRM#${firmId}#ADM#${administrationId}`;
  return {
    prefix: p,
    books: (): Key => ({ pk: `${p}#BOOKS`, sk: 'BOOKS' }),
    accounts: `${p}#ACCOUNTS`,
    account: (code: string): Key => ({ pk: `${p}#ACCOUNTS`, sk: code }),
    journals: `${p}#JOURNALS`,
    journal: (code: string): Key => ({ pk: `${p}#JOURNALS`, sk: `J#${code}` }),
    /** Last entry number of a journal in a year: the gapless counter. */
    counter: (journal: string, year: number): Key => ({ pk: `${p}#JOURNALS`, sk: `N#${journal}#${year}` }),
    periods: `${p}#PERIODS`,
    period: (period: string): Key => ({ pk: `${p}#PERIODS`, sk: period }),
    entries: (year: number) => `${p}#ENTRIES#${year}`,
    entry: (journal: string, year: number, number: number): Key => ({
      pk: `${p}#ENTRIES#${year}`,
      sk: `${journal}#${String(number).padStart(7, '0')}`,
    }),
    entriesByPeriod: (period: string) => `${p}#ENTRIES-BY-PERIOD#${period}`,
    /** Debit and credit totals of one account in one period. */
    balances: (year: number) => `${p}#BAL#${year}`,
    balance: (period: string, account: string): Key => ({
      pk: `${p}#BAL#${period.slice(0, 4)}`,
      sk: `${period}#${account}`,
    }),
    /** Base and VAT totals of one VAT code in one period, credit notes apart. */
    vatTotals: (year: number) => `${p}#VAT#${year}`,
    vatTotal: (period: string, code: string, creditNote: boolean): Key => ({
      pk: `${p}#VAT#${period.slice(0, 4)}`,
      sk: `${period}#${code}#${creditNote ? 'C' : 'N'}`,
    }),
  };
}

export type LedgerKeys = ReturnType<typeof ledgerKeys>;

/** `VRK-2026-123`: journal, year and number identify an entry and are readable. */
export function entryId(journal: string, year: number, number: number): string {
  return `${journal}-${year}-${number}`;
}

export function parseEntryId(id: string): { journal: string; year: number; number: number } | undefined {
  const m = /^([A-Z0-9]{1,10})-(\d{4})-(\d{1,7})$/.exec(id);
  return m ? { journal: m[1] as string, year: Number(m[2]), number: Number(m[3]) } : undefined;
}
