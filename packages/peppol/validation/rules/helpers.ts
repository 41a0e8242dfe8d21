import { type Decimal, parseDecimal } from '../decimal.js';
import type { AllowanceCharge, Field, InvoiceModel, Rule, VatCategory } from '../model.js';

/** Present and not blank. */
export function has(value: Field | undefined): value is Field {
  return value !== undefined && value.text !== '';
}

export function decimalOf(value: Field | undefined): Decimal | undefined {
  return parseDecimal(value?.text);
}

export function categoryCode(category: { readonly id?: Field } | undefined): string | undefined {
  const text = category?.id?.text;
  return text ? text : undefined;
}

/** Something that carries a VAT category and a net amount: a line or a document allowance or charge. */
export interface Taxed {
  readonly path: string;
  readonly kind: 'line' | 'allowance' | 'charge';
  readonly category?: VatCategory;
  readonly amount?: Field;
}

export function taxedItems(model: InvoiceModel): Taxed[] {
  const documentLevel = (ac: AllowanceCharge): Taxed => ({
    path: ac.path,
    kind: ac.isCharge ? 'charge' : 'allowance',
    category: ac.category,
    amount: ac.amount,
  });
  return [
    ...model.lines.map(
      (line): Taxed => ({
        path: line.path,
        kind: 'line',
        category: line.item?.category,
        amount: line.netAmount,
      }),
    ),
    ...model.allowanceCharges.map(documentLevel),
  ];
}

/** Builds a rule; `check` reports each offending location. */
export function rule(id: string, flag: Rule['flag'], text: string, check: Rule['check']): Rule {
  return { id, flag, text, check };
}

/** A rule that fires at each location `offending` returns. */
export function each(
  id: string,
  text: string,
  offending: (model: InvoiceModel) => Iterable<string>,
  flag: Rule['flag'] = 'error',
): Rule {
  return rule(id, flag, text, (model, report) => {
    for (const location of offending(model)) report(location);
  });
}

/** A document-level rule: fires once at the root when `holds` is false. */
export function document(
  id: string,
  text: string,
  holds: (model: InvoiceModel) => boolean,
  flag: Rule['flag'] = 'error',
): Rule {
  return rule(id, flag, text, (model, report) => {
    if (!holds(model)) report(model.path);
  });
}

export function paths<T extends { path: string }>(items: readonly T[], offends: (item: T) => boolean): string[] {
  return items.filter(offends).map((item) => item.path);
}

/**
 * The category when it is of the VAT scheme, as the official rules filter it: UBL
 * `cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT'`, CII `upper-case(ram:TypeCode) = 'VAT'`
 * (as written, no trimming).
 */
export function vatCategory<T extends VatCategory>(m: InvoiceModel, category: T | undefined): T | undefined {
  const scheme = category?.schemeId;
  if (!scheme) return undefined;
  const value = m.syntax === 'cii' ? (scheme.raw ?? scheme.text) : scheme.text;
  return value.toUpperCase() === 'VAT' ? category : undefined;
}
