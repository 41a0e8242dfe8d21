import { ConflictError } from '#packages/kernel';
import { getItem, type Item, type Key, type Table, transactWrite } from '#packages/table';
import { findIbans } from '../local/identifiers.js';
import type { PageText } from '../local/layout.js';
import { type SupplierKey, SupplierLayout, type SupplierLayoutLookup } from './model.js';

/**
 * Key builders for learnt supplier layouts: one item per administration and supplier
 * identifier, so a supplier is found by whichever of its VAT number, IBAN or company number the
 * engine read. Every key starts with the tenant path.
 */
export function supplierLayoutKeys(firmId: string, administrationId: string) {
  const pk = `FIRM#${firmId}#ADM#${administrationId}#SUPPLIER-LAYOUTS`;
  const kinds = { vat: 'VAT', iban: 'IBAN', company: 'COMPANY' } as const;
  return {
    layout: (key: SupplierKey): Key => ({ pk, sk: `${kinds[key.kind]}#${key.value}` }),
  };
}

/** A supplier's identifiers in their compact form, strongest first; empty ones left out. */
export function supplierKeysOf(ids: {
  vatNumber?: { value: string } | string | undefined;
  iban?: { value: string } | string | undefined;
  companyNumber?: { value: string } | string | undefined;
}): SupplierKey[] {
  const text = (v: { value: string } | string | undefined) => (typeof v === 'string' ? v : v?.value);
  const keys: SupplierKey[] = [];
  const vat = text(ids.vatNumber)
    ?.replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase();
  const iban = text(ids.iban)
    ?.replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase();
  const company = text(ids.companyNumber)
    ?.replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase();
  if (vat && vat.length >= 6) keys.push({ kind: 'vat', value: vat });
  if (iban && iban.length >= 10) keys.push({ kind: 'iban', value: iban });
  if (company && company.length >= 6) keys.push({ kind: 'company', value: company });
  return keys;
}

// A VAT number of an EU country: its prefix and eight to twelve letters and digits, mostly digits.
const vatLike =
  /\b(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK)(?:\s?[0-9A-Z]){8,12}\b/g;

/**
 * Every identifier printed on the pages that may name the supplier (IBANs with a valid check,
 * VAT-number shapes), for a supplier whose identifiers the reader did not attribute to it; at
 * most `limit`, in reading order.
 */
export function pageSupplierKeys(pages: readonly PageText[], limit = 8): SupplierKey[] {
  const keys = new Map<string, SupplierKey>();
  for (const line of pages.flatMap((p) => p.lines)) {
    const ibans = findIbans(line.text);
    for (const iban of ibans) keys.set(`iban#${iban.value}`, { kind: 'iban', value: iban.value });
    for (const m of line.text.toUpperCase().matchAll(vatLike)) {
      if (ibans.some((iban) => iban.start < m.index + m[0].length && m.index < iban.end)) continue;
      const value = m[0].replace(/\s/g, '');
      if ((value.match(/\d/g) ?? []).length >= 7) keys.set(`vat#${value}`, { kind: 'vat', value });
    }
  }
  return [...keys.values()].slice(0, limit);
}

/** The layout learnt for a supplier: by its first identifier that has one (one GetItem each, read together). */
export async function readSupplierLayout(
  table: Table,
  firmId: string,
  administrationId: string,
  keys: readonly SupplierKey[],
): Promise<SupplierLayout | undefined> {
  const builder = supplierLayoutKeys(firmId, administrationId);
  // Read side by side (most documents have no layout learnt, so every key is read); the first
  // key in order that holds one wins, as before.
  const items = await Promise.all(keys.map((key) => getItem<Item>(table, builder.layout(key), false)));
  for (const item of items) {
    const parsed = SupplierLayout.safeParse(item?.layout);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

/** Stores a supplier's layout under each of its identifiers, in one transaction. */
export async function saveSupplierLayout(
  table: Table,
  firmId: string,
  administrationId: string,
  keys: readonly SupplierKey[],
  layout: SupplierLayout,
  at: Date,
): Promise<void> {
  if (keys.length === 0) return;
  const builder = supplierLayoutKeys(firmId, administrationId);
  await transactWrite(
    table,
    keys.map((key) => ({
      Put: { Item: { ...builder.layout(key), layout, supplierKeys: keys, updatedAt: at.toISOString() } },
    })),
    () => new ConflictError('SUPPLIER_LAYOUT_CONFLICT', 'The supplier layout changed meanwhile; try again.'),
  );
}

/** The administration's learnt layouts, for the reader to look its supplier up in. */
export function supplierLayoutLookup(table: Table, firmId: string, administrationId: string): SupplierLayoutLookup {
  return (keys) => readSupplierLayout(table, firmId, administrationId, keys);
}
