import {
  add,
  type Decimal,
  equals,
  round,
  sign,
  subtract,
  sum,
  taxWithinOneUnit,
  xpathRound,
  zero,
} from '../decimal.js';
import type { AllowanceCharge, Field, InvoiceModel, Party, Period, Rule } from '../model.js';
import { countryCodes } from './code-lists.js';
import { decimalOf, document, each, has, paths, rule, vatCategory } from './helpers.js';

/** The decimals of the fields, or undefined when any of them is not a number. */
function amounts(values: readonly (Field | undefined)[]): Decimal[] | undefined {
  const result: Decimal[] = [];
  for (const value of values) {
    if (!has(value)) continue;
    const amount = decimalOf(value);
    if (amount === undefined) return undefined;
    result.push(amount);
  }
  return result;
}

/** `stated` equals `expected` rounded to cents; a stated value that is not a number is left to other rules. */
function matches(stated: Field, expected: Decimal | undefined): boolean {
  const value = decimalOf(stated);
  return value === undefined || expected === undefined || equals(value, round(expected));
}

function orZero(value: Field | undefined): Decimal | undefined {
  return has(value) ? decimalOf(value) : zero;
}

function documentLevel(model: InvoiceModel, charge: boolean): AllowanceCharge[] {
  return model.allowanceCharges.filter((ac) => ac.isCharge === charge);
}

function sumOf(values: readonly (Field | undefined)[]): Decimal | undefined {
  const list = amounts(values);
  return list && sum(list);
}

function combine(...values: (Decimal | undefined)[]): Decimal[] | undefined {
  return values.every((v) => v !== undefined) ? (values as Decimal[]) : undefined;
}

/** The Invoice total VAT amount (BT-110): the tax total stated in the document currency. */
function totalVat(model: InvoiceModel): Decimal | undefined {
  const inCurrency = model.taxTotals.filter((t) => t.taxAmount?.attributes.currencyID === model.currency?.text);
  return sumOf(inCurrency.map((t) => t.taxAmount));
}

const incompletePeriod = (p: Period) => !has(p.start) && !has(p.end) && !has(p.descriptionCode);

function vatIdPrefixWrong(id: Field): boolean {
  const prefix = id.text.slice(0, 2);
  return !(countryCodes.has(prefix) || prefix === 'EL' || prefix === 'XI');
}

function vatIds(party: Party | undefined): readonly Field[] {
  return party?.vatIds ?? [];
}

/** BR-CO-*: the calculation and co-occurrence rules. */
export const totalsRules: readonly Rule[] = [
  document(
    'BR-CO-03',
    'Value added tax point date (BT-7) and Value added tax point date code (BT-8) are mutually exclusive.',
    (m) => !(has(m.taxPointDate) && m.periods.some((p) => has(p.descriptionCode))),
  ),
  each(
    'BR-CO-04',
    'Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).',
    // The line's VAT category has an identifier element (present, whatever its content).
    (m) => paths(m.lines, (l) => vatCategory(m, l.item?.category)?.id === undefined),
  ),
  each(
    'BR-CO-09',
    'The Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) shall have a prefix in accordance with ISO code ISO 3166-1 alpha-2 (Greece may use EL).',
    (m) => paths([...vatIds(m.seller), ...vatIds(m.taxRepresentative), ...vatIds(m.buyer)], vatIdPrefixWrong),
  ),
  each('BR-CO-10', 'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).', (m) => {
    const stated = m.totals?.lineExtension;
    return stated && !matches(stated, sumOf(m.lines.map((l) => l.netAmount))) ? [stated.path] : [];
  }),
  each('BR-CO-11', 'Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).', (m) => {
    const stated = m.totals?.allowanceTotal;
    return stated && !matches(stated, sumOf(documentLevel(m, false).map((ac) => ac.amount))) ? [stated.path] : [];
  }),
  each('BR-CO-12', 'Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).', (m) => {
    const stated = m.totals?.chargeTotal;
    return stated && !matches(stated, sumOf(documentLevel(m, true).map((ac) => ac.amount))) ? [stated.path] : [];
  }),
  each(
    'BR-CO-13',
    'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).',
    (m) => {
      const t = m.totals;
      if (!t?.taxExclusive) return [];
      const parts = combine(orZero(t.lineExtension), orZero(t.chargeTotal), orZero(t.allowanceTotal));
      const expected = parts && subtract(add(parts[0] as Decimal, parts[1] as Decimal), parts[2] as Decimal);
      return matches(t.taxExclusive, expected) ? [] : [t.taxExclusive.path];
    },
  ),
  rule('BR-CO-14', 'error', 'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).', (m, report) => {
    for (const total of m.taxTotals) {
      if (total.subtotals.length === 0 || !total.taxAmount) continue;
      if (!matches(total.taxAmount, sumOf(total.subtotals.map((s) => s.taxAmount)))) report(total.path);
    }
  }),
  each(
    'BR-CO-15',
    'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).',
    (m) => {
      const t = m.totals;
      if (!t?.taxInclusive) return [];
      const parts = combine(orZero(t.taxExclusive), totalVat(m));
      return matches(t.taxInclusive, parts && sum(parts)) ? [] : [t.taxInclusive.path];
    },
  ),
  each(
    'BR-CO-16',
    'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) - Paid amount (BT-113) + Rounding amount (BT-114).',
    (m) => {
      const t = m.totals;
      if (!t?.payable) return [];
      const parts = combine(orZero(t.taxInclusive), orZero(t.prepaid), orZero(t.rounding));
      const expected = parts && add(subtract(parts[0] as Decimal, parts[1] as Decimal), parts[2] as Decimal);
      return matches(t.payable, expected) ? [] : [t.payable.path];
    },
  ),
  // Flagged 'error' as the EN 16931 1.3.16 unit tests expect; the 2026.5 stylesheets say 'fatal',
  // which is the same level (error/fatal) for a verdict.
  rule(
    'BR-CO-17',
    'error',
    'VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.',
    (m, report) => {
      for (const sub of m.taxTotals.flatMap((t) => t.subtotals)) {
        // The rate of the breakdown's VAT category (UBL: the TaxCategory of the VAT scheme; CII: the
        // trade tax itself when its type is VAT); absent values make the official comparisons false.
        const category = vatCategory(m, sub.category);
        const rate = decimalOf(category?.percent);
        const tax = decimalOf(sub.taxAmount);
        const taxable = decimalOf(sub.taxableAmount);
        const zeroRate = rate !== undefined && sign(xpathRound(rate)) === 0;
        const zeroTax = tax !== undefined && sign(xpathRound(tax)) === 0;
        const passes =
          (zeroRate && zeroTax) ||
          (rate !== undefined &&
            !zeroRate &&
            tax !== undefined &&
            taxable !== undefined &&
            taxWithinOneUnit(tax, taxable, rate, m.syntax === 'cii')) ||
          (rate === undefined && zeroTax);
        if (!passes) report(sub.path);
      }
    },
  ),
  document('BR-CO-18', 'An Invoice shall at least have one VAT breakdown group (BG-23).', (m) =>
    m.taxTotals.some((t) => t.subtotals.length > 0),
  ),
  each(
    'BR-CO-19',
    'If Invoicing period (BG-14) is used, the Invoicing period start date (BT-73) or the Invoicing period end date (BT-74) shall be filled, or both.',
    (m) => paths(m.periods, incompletePeriod),
  ),
  each(
    'BR-CO-20',
    'If Invoice line period (BG-26) is used, the Invoice line period start date (BT-134) or the Invoice line period end date (BT-135) shall be filled, or both.',
    (m) =>
      paths(
        m.lines.flatMap((l) => l.periods),
        (p) => !has(p.start) && !has(p.end),
      ),
  ),
  each(
    'BR-CO-21',
    'Each Document level allowance (BG-20) shall contain a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98), or both.',
    (m) => paths(documentLevel(m, false), (ac) => !has(ac.reason) && !has(ac.reasonCode)),
  ),
  each(
    'BR-CO-22',
    'Each Document level charge (BG-21) shall contain a Document level charge reason (BT-104) or a Document level charge reason code (BT-105), or both.',
    (m) => paths(documentLevel(m, true), (ac) => !has(ac.reason) && !has(ac.reasonCode)),
  ),
  each(
    'BR-CO-23',
    'Each Invoice line allowance (BG-27) shall contain an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140), or both.',
    (m) =>
      paths(
        m.lines.flatMap((l) => l.allowanceCharges.filter((ac) => !ac.isCharge)),
        (ac) => !has(ac.reason) && !has(ac.reasonCode),
      ),
  ),
  each(
    'BR-CO-24',
    'Each Invoice line charge (BG-28) shall contain an Invoice line charge reason (BT-144) or an Invoice line charge reason code (BT-145), or both.',
    (m) =>
      paths(
        m.lines.flatMap((l) => l.allowanceCharges.filter((ac) => ac.isCharge)),
        (ac) => !has(ac.reason) && !has(ac.reasonCode),
      ),
  ),
  document(
    'BR-CO-25',
    'In case the Amount due for payment (BT-115) is positive, either the Payment due date (BT-9) or the Payment terms (BT-20) shall be present.',
    (m) => {
      if (m.kind !== 'invoice') return true;
      const payable = decimalOf(m.totals?.payable);
      if (payable === undefined || sign(payable) <= 0) return true;
      return has(m.dueDate) || m.paymentTerms.some(has) || m.paymentMeans.some((p) => has(p.dueDate));
    },
  ),
  document(
    'BR-CO-26',
    'In order for the buyer to automatically identify a supplier, the Seller identifier (BT-29), the Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present.',
    (m) =>
      m.seller === undefined || m.seller.identifiers.some(has) || has(m.seller.legalId) || m.seller.vatIds.some(has),
  ),
];

const decimalFields: readonly [string, string, (m: InvoiceModel) => (Field | undefined)[]][] = [
  ['BR-DEC-01', 'Document level allowance amount (BT-92)', (m) => documentLevel(m, false).map((ac) => ac.amount)],
  [
    'BR-DEC-02',
    'Document level allowance base amount (BT-93)',
    (m) => documentLevel(m, false).map((ac) => ac.baseAmount),
  ],
  ['BR-DEC-05', 'Document level charge amount (BT-99)', (m) => documentLevel(m, true).map((ac) => ac.amount)],
  ['BR-DEC-06', 'Document level charge base amount (BT-100)', (m) => documentLevel(m, true).map((ac) => ac.baseAmount)],
  ['BR-DEC-09', 'Sum of Invoice line net amount (BT-106)', (m) => [m.totals?.lineExtension]],
  ['BR-DEC-10', 'Sum of allowances on document level (BT-107)', (m) => [m.totals?.allowanceTotal]],
  ['BR-DEC-11', 'Sum of charges on document level (BT-108)', (m) => [m.totals?.chargeTotal]],
  ['BR-DEC-12', 'Invoice total amount without VAT (BT-109)', (m) => [m.totals?.taxExclusive]],
  [
    'BR-DEC-13',
    'Invoice total VAT amount (BT-110)',
    (m) => m.taxTotals.filter((t) => t.subtotals.length > 0).map((t) => t.taxAmount),
  ],
  [
    'BR-DEC-15',
    'Invoice total VAT amount in accounting currency (BT-111)',
    (m) => m.taxTotals.filter((t) => t.subtotals.length === 0).map((t) => t.taxAmount),
  ],
  ['BR-DEC-14', 'Invoice total amount with VAT (BT-112)', (m) => [m.totals?.taxInclusive]],
  ['BR-DEC-16', 'Paid amount (BT-113)', (m) => [m.totals?.prepaid]],
  ['BR-DEC-17', 'Rounding amount (BT-114)', (m) => [m.totals?.rounding]],
  ['BR-DEC-18', 'Amount due for payment (BT-115)', (m) => [m.totals?.payable]],
  [
    'BR-DEC-19',
    'VAT category taxable amount (BT-116)',
    (m) => m.taxTotals.flatMap((t) => t.subtotals.map((s) => s.taxableAmount)),
  ],
  [
    'BR-DEC-20',
    'VAT category tax amount (BT-117)',
    (m) => m.taxTotals.flatMap((t) => t.subtotals.map((s) => s.taxAmount)),
  ],
  ['BR-DEC-23', 'Invoice line net amount (BT-131)', (m) => m.lines.map((l) => l.netAmount)],
  [
    'BR-DEC-24',
    'Invoice line allowance amount (BT-136)',
    (m) => m.lines.flatMap((l) => l.allowanceCharges.filter((ac) => !ac.isCharge).map((ac) => ac.amount)),
  ],
  [
    'BR-DEC-25',
    'Invoice line allowance base amount (BT-137)',
    (m) => m.lines.flatMap((l) => l.allowanceCharges.filter((ac) => !ac.isCharge).map((ac) => ac.baseAmount)),
  ],
  [
    'BR-DEC-27',
    'Invoice line charge amount (BT-141)',
    (m) => m.lines.flatMap((l) => l.allowanceCharges.filter((ac) => ac.isCharge).map((ac) => ac.amount)),
  ],
  [
    'BR-DEC-28',
    'Invoice line charge base amount (BT-142)',
    (m) => m.lines.flatMap((l) => l.allowanceCharges.filter((ac) => ac.isCharge).map((ac) => ac.baseAmount)),
  ],
];

/** BR-DEC-*: amounts have at most two fraction digits. */
export const decimalRules: readonly Rule[] = decimalFields.map(([id, name, select]) =>
  each(id, `The allowed maximum number of decimals for the ${name} is 2.`, (m) =>
    select(m).flatMap((value) => (value && digitsAfterDot(value.raw ?? value.text) > 2 ? [value.path] : [])),
  ),
);

/** string-length(substring-after(value, '.')): what follows the first dot as written, spaces included. */
function digitsAfterDot(raw: string): number {
  const dot = raw.indexOf('.');
  return dot < 0 ? 0 : [...raw.slice(dot + 1)].length;
}
