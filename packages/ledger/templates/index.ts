import type { Country } from '#packages/kernel';
import type { AccountRole, ChartTemplate, VatCode } from '../model.js';
import { chartBe } from './chart-be.js';
import { chartNl } from './chart-nl.js';
import { vatBoxesBe, vatCodesBe } from './vat-codes-be.js';
import { vatBoxesNl, vatCodesNl } from './vat-codes-nl.js';

export { chartBe, chartNl, vatBoxesBe, vatBoxesNl, vatCodesBe, vatCodesNl };

/** The chart of accounts a new administration starts from, per country. */
export const chartTemplates: Record<Country, ChartTemplate> = { NL: chartNl, BE: chartBe };

/** The VAT codes of each country, each mapped to the boxes of that country's VAT return. */
export const vatCodes: Record<Country, readonly VatCode[]> = { NL: vatCodesNl, BE: vatCodesBe };

/** The boxes of each country's VAT return (rubrieken, roosters), in form order. */
export const vatBoxes: Record<Country, readonly string[]> = { NL: vatBoxesNl, BE: vatBoxesBe };

const vatCodeIndex: Record<Country, ReadonlyMap<string, VatCode>> = {
  NL: new Map(vatCodesNl.map((c) => [c.code, c])),
  BE: new Map(vatCodesBe.map((c) => [c.code, c])),
};

/** The VAT code `code` of `country`, or `undefined` when the country has no such code. */
export function vatCode(country: Country, code: string): VatCode | undefined {
  return vatCodeIndex[country].get(code);
}

/** The code of the account a chart template assigns to `role`, or `undefined` when none does. */
export function roleAccountCode(template: ChartTemplate, role: AccountRole): string | undefined {
  return template.accounts.find((account) => account.role === role)?.code;
}
