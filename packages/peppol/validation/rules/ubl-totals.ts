import { add, type Decimal, equals, multiply, parseDecimal, subtract, sum, xpathRound } from '../decimal.js';
import type { InvoiceModel, Rule } from '../model.js';
import { childrenNamed, type XmlElement } from '../xml.js';
import { elementsNamed, elementsOf } from './paths.js';

/**
 * The EN 16931 line and total rules of the UBL binding, read from the document as written, as
 * the official XPath computes them: an absent amount makes a comparison false (the rule fires),
 * sums run over every line wherever it sits, and results are rounded with XPath's round(),
 * halves towards positive infinity.
 */
const present = (e: XmlElement, name: string) => e.children.some((c) => c.name === name);

/** xs:decimal(child): the one child's value; undefined when absent or more than one (left to the schema). */
function decimalChild(e: XmlElement, name: string): Decimal | undefined {
  const found = childrenNamed(e, name);
  return found.length === 1 ? parseDecimal((found[0] as XmlElement).raw) : undefined;
}

/** round(x * 10 * 10) div 100, kept exact. */
function cents(value: Decimal): Decimal {
  return { ...xpathRound(multiply(value, { units: 100n, scale: 0 })), scale: 2 };
}

const same = (a: Decimal | undefined, b: Decimal | undefined) => a !== undefined && b !== undefined && equals(a, b);

/** `cbc:ChargeIndicator = false()` / `true()`: the value cast to xs:boolean. */
function indicator(e: XmlElement): boolean | undefined {
  const values = childrenNamed(e, 'ChargeIndicator').map((c) => c.raw.trim());
  if (values.some((v) => v === 'true' || v === '1')) return true;
  if (values.some((v) => v === 'false' || v === '0')) return false;
  return undefined;
}

/** Every element with one of the names, from the document's shared index. */
function named(m: InvoiceModel, names: readonly string[]): readonly XmlElement[] {
  if (!m.tree || m.syntax !== 'ubl') return [];
  const root = m.tree;
  return names.length === 1 ? elementsNamed(root, names[0] as string) : names.flatMap((n) => elementsNamed(root, n));
}

const locations = new WeakMap<XmlElement, Map<XmlElement, string>>();

/** XPath-like paths of every element, as the readers write them (`cac:` for aggregates, `cbc:` for values). */
function pathsOf(root: XmlElement): Map<XmlElement, string> {
  const cached = locations.get(root);
  if (cached) return cached;
  const known = new Map<XmlElement, string>([[root, `/${root.name}`]]);
  const walk = (e: XmlElement, at: string) => {
    const counts = new Map<string, number>();
    for (const c of e.children) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const c of e.children) {
      const index = (seen.get(c.name) ?? 0) + 1;
      seen.set(c.name, index);
      const prefix = c.children.length > 0 || c.name.endsWith('Party') ? 'cac' : 'cbc';
      const path = `${at}/${prefix}:${c.name}${(counts.get(c.name) ?? 0) > 1 ? `[${index}]` : ''}`;
      known.set(c, path);
      walk(c, path);
    }
  };
  walk(root, `/${root.name}`);
  locations.set(root, known);
  return known;
}

/**
 * A rule over each element whose name `context` accepts, wherever it sits in a UBL document;
 * a finding points at the descendant `at` (names joined by /) when there is one, else at the element. Flagged
 * 'error' as the EN 16931 unit tests expect (the 2026.5 stylesheets say 'fatal', the same level).
 */
function over(
  id: string,
  text: string,
  context: readonly string[],
  passes: (e: XmlElement, m: InvoiceModel) => boolean,
  at?: string,
): Rule {
  return {
    id,
    flag: 'error',
    text,
    check(model, report) {
      for (const e of named(model, context)) {
        if (passes(e, model)) continue;
        const target =
          at === undefined
            ? e
            : (at.split('/').reduce<XmlElement | undefined>((n, name) => childrenNamed(n, name)[0], e) ?? e);
        report(pathsOf(model.tree as XmlElement).get(target) ?? model.path);
      }
    },
  };
}

const isLine = ['InvoiceLine', 'CreditNoteLine'];
const isTotal = ['LegalMonetaryTotal'];

/** The document-level allowances (false) or charges (true) beside the monetary total: `../cac:AllowanceCharge[…]`. */
function siblingsCharged(total: XmlElement, root: XmlElement, charge: boolean): XmlElement[] {
  const parent = root.children.includes(total) ? root : elementsOf(root).find((e) => e.children.includes(total));
  return childrenNamed(parent, 'AllowanceCharge').filter((ac) => indicator(ac) === charge);
}

function totalOf(elements: readonly XmlElement[]): Decimal {
  return sum(
    elements.flatMap((ac) =>
      childrenNamed(ac, 'Amount')
        .map((a) => parseDecimal(a.raw))
        .filter((d): d is Decimal => d !== undefined),
    ),
  );
}

/** BR-CO-15 for each document currency: one tax total in it, and the total with VAT = round(without VAT + that VAT). */
function vatTotalAddsUp(root: XmlElement): boolean {
  const total = childrenNamed(root, 'LegalMonetaryTotal')[0];
  for (const currency of childrenNamed(root, 'DocumentCurrencyCode')) {
    const taxes = childrenNamed(root, 'TaxTotal').flatMap((t) =>
      childrenNamed(t, 'TaxAmount').filter((a) => a.attributes.currencyID === currency.raw),
    );
    if (taxes.length !== 1 || !total) return false;
    const tax = parseDecimal((taxes[0] as XmlElement).raw);
    const inclusive = decimalChild(total, 'TaxInclusiveAmount');
    const exclusive = decimalChild(total, 'TaxExclusiveAmount');
    if (tax === undefined || exclusive === undefined || !same(inclusive, cents(add(exclusive, tax)))) return false;
  }
  return true;
}

export const ublTotalsRules: readonly Rule[] = [
  over('BR-12', 'An Invoice shall have the Sum of Invoice line net amount (BT-106).', isTotal, (t) =>
    present(t, 'LineExtensionAmount'),
  ),
  over('BR-13', 'An Invoice shall have the Invoice total amount without VAT (BT-109).', isTotal, (t) =>
    present(t, 'TaxExclusiveAmount'),
  ),
  over('BR-14', 'An Invoice shall have the Invoice total amount with VAT (BT-112).', isTotal, (t) =>
    present(t, 'TaxInclusiveAmount'),
  ),
  over('BR-15', 'An Invoice shall have the Amount due for payment (BT-115).', isTotal, (t) =>
    present(t, 'PayableAmount'),
  ),
  over('BR-21', 'Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).', isLine, (l) =>
    // normalize-space() of the one identifier; several are a schema matter.
    childrenNamed(l, 'ID').some((id) => id.text !== ''),
  ),
  over(
    'BR-22',
    'Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).',
    isLine,
    (l) => present(l, 'InvoicedQuantity') || present(l, 'CreditedQuantity'),
  ),
  over('BR-24', 'Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).', isLine, (l) =>
    present(l, 'LineExtensionAmount'),
  ),
  over('BR-25', 'Each Invoice line (BG-25) shall contain the Item name (BT-153).', isLine, (l) =>
    childrenNamed(l, 'Item').some((item) => childrenNamed(item, 'Name').some((n) => n.text !== '')),
  ),
  over('BR-23', 'An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).', isLine, (l) =>
    [...childrenNamed(l, 'InvoicedQuantity'), ...childrenNamed(l, 'CreditedQuantity')].some(
      (q) => q.attributes.unitCode !== undefined,
    ),
  ),
  over('BR-26', 'Each Invoice line (BG-25) shall contain the Item net price (BT-146).', isLine, (l) =>
    childrenNamed(l, 'Price').some((p) => present(p, 'PriceAmount')),
  ),
  over('BR-27', 'The Item net price (BT-146) shall NOT be negative.', isLine, (l) =>
    childrenNamed(l, 'Price')
      .flatMap((p) => childrenNamed(p, 'PriceAmount'))
      .some((a) => {
        const value = Number(a.raw.trim());
        return a.raw.trim() !== '' && !Number.isNaN(value) && value >= 0;
      }),
  ),
  over(
    'BR-CO-10',
    'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).',
    isTotal,
    (t, m) => {
      const lines = named(m, isLine).flatMap((l) => childrenNamed(l, 'LineExtensionAmount'));
      const total = sum(lines.map((a) => parseDecimal(a.raw)).filter((d): d is Decimal => d !== undefined));
      return same(decimalChild(t, 'LineExtensionAmount'), cents(total));
    },
    'LineExtensionAmount',
  ),
  over(
    'BR-CO-11',
    'Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).',
    isTotal,
    (t, m) => {
      const allowances = siblingsCharged(t, m.tree as XmlElement, false);
      if (!present(t, 'AllowanceTotalAmount') && allowances.length === 0) return true;
      return same(decimalChild(t, 'AllowanceTotalAmount'), cents(totalOf(allowances)));
    },
    'AllowanceTotalAmount',
  ),
  over(
    'BR-CO-12',
    'Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).',
    isTotal,
    (t, m) => {
      const charges = siblingsCharged(t, m.tree as XmlElement, true);
      if (!present(t, 'ChargeTotalAmount') && charges.length === 0) return true;
      return same(decimalChild(t, 'ChargeTotalAmount'), cents(totalOf(charges)));
    },
    'ChargeTotalAmount',
  ),
  over(
    'BR-CO-13',
    'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).',
    isTotal,
    (t) => {
      const exclusive = decimalChild(t, 'TaxExclusiveAmount');
      const lines = decimalChild(t, 'LineExtensionAmount');
      const charges = present(t, 'ChargeTotalAmount') ? decimalChild(t, 'ChargeTotalAmount') : null;
      const allowances = present(t, 'AllowanceTotalAmount') ? decimalChild(t, 'AllowanceTotalAmount') : null;
      if (exclusive === undefined || lines === undefined || charges === undefined || allowances === undefined)
        return false;
      if (charges === null && allowances === null) return equals(exclusive, lines);
      const expected = subtract(add(lines, charges ?? { units: 0n, scale: 0 }), allowances ?? { units: 0n, scale: 0 });
      return equals(exclusive, cents(expected));
    },
    'TaxExclusiveAmount',
  ),
  over(
    'BR-CO-15',
    'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).',
    ['Invoice', 'CreditNote'],
    (root, m) => root !== m.tree || vatTotalAddsUp(root),
    'LegalMonetaryTotal/TaxInclusiveAmount',
  ),
  over(
    'BR-CO-14',
    'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).',
    ['TaxTotal'],
    (t, m) => {
      // The context is /*/cac:TaxTotal: a tax total elsewhere is not checked.
      if (!(m.tree as XmlElement).children.includes(t)) return true;
      const subtotals = childrenNamed(t, 'TaxSubtotal');
      if (subtotals.length === 0) return true;
      const amounts = subtotals.flatMap((s) => childrenNamed(s, 'TaxAmount')).map((a) => parseDecimal(a.raw));
      if (amounts.some((a) => a === undefined)) return true;
      return same(decimalChild(t, 'TaxAmount'), cents(sum(amounts as Decimal[])));
    },
    'TaxAmount',
  ),
  over(
    'BR-CO-16',
    'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) - Paid amount (BT-113) + Rounding amount (BT-114).',
    isTotal,
    (t) => {
      const payable = decimalChild(t, 'PayableAmount');
      const inclusive = decimalChild(t, 'TaxInclusiveAmount');
      const prepaid = present(t, 'PrepaidAmount') ? decimalChild(t, 'PrepaidAmount') : null;
      const rounding = present(t, 'PayableRoundingAmount') ? decimalChild(t, 'PayableRoundingAmount') : null;
      if (payable === undefined || inclusive === undefined || prepaid === undefined || rounding === undefined)
        return false;
      if (prepaid !== null && rounding === null) return equals(payable, cents(subtract(inclusive, prepaid)));
      if (prepaid === null && rounding === null) return equals(payable, inclusive);
      if (prepaid !== null && rounding !== null) {
        return equals(cents(subtract(payable, rounding)), cents(subtract(inclusive, prepaid)));
      }
      return equals(cents(subtract(payable, rounding as Decimal)), inclusive);
    },
    'PayableAmount',
  ),
];

/** The ids above: the model-based versions of these rules serve the CII binding only. */
export const ublTotalsIds = new Set(ublTotalsRules.map((r) => r.id));
