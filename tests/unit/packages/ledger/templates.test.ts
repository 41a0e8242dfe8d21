import { describe, expect, it } from 'vitest';
import { countries } from '#packages/kernel';
import { accountCategories, accountRoles, ChartTemplate, VatCode } from '#packages/ledger';
import { chartTemplates, roleAccountCode, vatBoxes, vatCode, vatCodes } from '#packages/ledger/templates';
import { vatReturnField, vatReturnFields } from '#packages/ledger/vat-return';

describe.each(countries)('chart template %s', (country) => {
  const template = chartTemplates[country];

  it('is a valid chart template of its own country', () => {
    expect(ChartTemplate.parse(template)).toEqual(template);
    expect(template.country).toBe(country);
  });

  it.each(accountRoles)('names exactly one account for the %s role', (role) => {
    const holders = template.accounts.filter((account) => account.role === role);
    expect(holders).toHaveLength(1);
    expect(roleAccountCode(template, role)).toBe(holders[0]?.code);
  });

  it('has unique account codes and a usable size (60–90 accounts)', () => {
    const codes = template.accounts.map((account) => account.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThanOrEqual(60);
    expect(codes.length).toBeLessThanOrEqual(90);
  });

  it('gives every account a known category and every category at least one account', () => {
    for (const account of template.accounts) expect(accountCategories).toContain(account.category);
    for (const category of accountCategories) {
      expect(template.accounts.some((account) => account.category === category)).toBe(true);
    }
  });

  it('puts the role accounts in the category their bookings need', () => {
    const categoryOf = (role: (typeof accountRoles)[number]) =>
      template.accounts.find((account) => account.role === role)?.category;
    expect((['receivables', 'bank', 'vat-receivable'] as const).map(categoryOf)).toEqual(['asset', 'asset', 'asset']);
    expect(
      (['payables', 'vat-payable', 'vat-reverse-charge-payable', 'vat-settlement', 'suspense'] as const).map(
        categoryOf,
      ),
    ).toEqual(['liability', 'liability', 'liability', 'liability', 'liability']);
    expect(categoryOf('retained-earnings')).toBe('equity');
    expect([categoryOf('rounding'), categoryOf('payment-differences')]).toEqual(['expense', 'expense']);
  });
});

describe('Dutch chart of accounts', () => {
  const accounts = chartTemplates.NL.accounts;

  it('uses four-digit account codes', () => {
    for (const account of accounts) expect(account.code).toMatch(/^\d{4}$/);
  });

  it('gives every account a well-formed RGS code, B for the balance sheet and W for profit and loss', () => {
    for (const account of accounts) {
      expect(account.rgsCode, account.code).toMatch(/^[BW][A-Z][a-z]{2}([A-Z][a-z0-9]{2}){1,3}$/);
      const balanceSheet = ['asset', 'liability', 'equity'].includes(account.category);
      expect(account.rgsCode?.[0], account.code).toBe(balanceSheet ? 'B' : 'W');
    }
  });

  it('maps the ledger roles to their RGS accounts', () => {
    const rgsOf = (role: string) => accounts.find((account) => account.role === role)?.rgsCode;
    expect(rgsOf('bank')).toBe('BLimBanRba');
    expect(rgsOf('receivables')).toBe('BVorDebHad');
    expect(rgsOf('payables')).toBe('BSchCreHac');
    expect(rgsOf('vat-receivable')).toBe('BSchBepBtwVoo');
    expect(rgsOf('vat-payable')?.startsWith('BSchBepBtw')).toBe(true);
    expect(rgsOf('vat-reverse-charge-payable')?.startsWith('BSchBepBtw')).toBe(true);
  });

  it('keeps revenue in 8xxx and cost of sales in 7xxx', () => {
    for (const account of accounts.filter((a) => a.code.startsWith('8'))) expect(account.category).toBe('revenue');
    for (const account of accounts.filter((a) => a.code.startsWith('7'))) expect(account.category).toBe('expense');
  });
});

describe('Belgian chart of accounts', () => {
  it('uses six-digit codes in MAR classes 1 to 7 with the category of their class', () => {
    const classCategories: Record<string, string[]> = {
      '1': ['equity', 'liability'],
      '2': ['asset'],
      '3': ['asset'],
      '4': ['asset', 'liability'],
      '5': ['asset'],
      '6': ['expense'],
      '7': ['revenue'],
    };
    for (const account of chartTemplates.BE.accounts) {
      expect(account.code).toMatch(/^[1-7]\d{5}$/);
      expect(classCategories[account.code.charAt(0)], account.code).toContain(account.category);
    }
  });

  it('holds the MAR accounts for customers, suppliers, VAT and bank', () => {
    const role = (code: string) => chartTemplates.BE.accounts.find((account) => account.code === code)?.role;
    expect([role('400000'), role('440000'), role('411000'), role('451000'), role('550000')]).toEqual([
      'receivables',
      'payables',
      'vat-receivable',
      'vat-payable',
      'bank',
    ]);
  });
});

describe.each(countries)('VAT codes %s', (country) => {
  const codes = vatCodes[country];
  const derived = country === 'NL' ? ['5a', '5c', '5d', '5e', '5f', '5g'] : ['61', '62', '71', '72'];

  it('are valid VAT codes of the country with unique ids carrying the country prefix', () => {
    for (const code of codes) {
      expect(VatCode.parse(code)).toEqual(code);
      expect(code.country).toBe(country);
      expect(code.code.startsWith(`${country}-`)).toBe(true);
    }
    expect(new Set(codes.map((code) => code.code)).size).toBe(codes.length);
  });

  it("map only to posted boxes of the country's return, each resolving to a field of the return", () => {
    for (const code of codes) {
      const mappings = [code.boxes, ...(code.creditNoteBoxes ? [code.creditNoteBoxes] : [])];
      for (const boxes of mappings) {
        for (const [part, list] of [
          ['base', boxes.base],
          ['vat', boxes.vat],
          ['vat', boxes.deductible],
        ] as const) {
          for (const box of list) {
            expect(vatBoxes[country], `${code.code} ${box}`).toContain(box);
            expect(derived, `${code.code} ${box}`).not.toContain(box);
            expect(vatReturnFields[country]).toContain(vatReturnField(country, box, part));
          }
        }
      }
    }
  });

  it('carry VAT boxes exactly when they carry a VAT rate', () => {
    for (const code of codes) {
      const hasVatBoxes = code.boxes.vat.length + code.boxes.deductible.length > 0;
      expect(hasVatBoxes, code.code).toBe(code.rateBasisPoints > 0);
    }
  });

  it('are found by id within their own country only', () => {
    const other = country === 'NL' ? 'BE' : 'NL';
    for (const code of codes) {
      expect(vatCode(country, code.code)).toBe(code);
      expect(vatCode(other, code.code)).toBeUndefined();
    }
    expect(vatCode(country, `${country}-NOPE`)).toBeUndefined();
  });
});

describe('VAT code catalogue', () => {
  it('has the standard sales and purchase codes other parts of the ledger rely on', () => {
    expect(vatCode('NL', 'NL-V21')).toMatchObject({ direction: 'sales', kind: 'standard', rateBasisPoints: 2100 });
    expect(vatCode('NL', 'NL-I21')).toMatchObject({ direction: 'purchase', boxes: { deductible: ['5b'] } });
    expect(vatCode('BE', 'BE-V21')).toMatchObject({ boxes: { base: ['03'], vat: ['54'] } });
    expect(vatCode('BE', 'BE-I21-GOODS')?.boxes.base).toEqual(['81']);
    expect(vatCode('BE', 'BE-I21-SERVICES')?.boxes.base).toEqual(['82']);
    expect(vatCode('BE', 'BE-I21-INVEST')?.boxes.base).toEqual(['83']);
  });

  it('reports Dutch domestic reverse charge at the supplier in 1e and at the buyer in 2a with deduction in 5b', () => {
    expect(vatCode('NL', 'NL-V-RC')?.boxes).toEqual({ base: ['1e'], vat: [], deductible: [] });
    expect(vatCode('NL', 'NL-I-RC21')?.boxes).toEqual({ base: ['2a'], vat: ['2a'], deductible: ['5b'] });
  });

  it('gives every Belgian code credit-note boxes', () => {
    for (const code of vatCodes.BE) expect(code.creditNoteBoxes, code.code).toBeDefined();
  });
});
