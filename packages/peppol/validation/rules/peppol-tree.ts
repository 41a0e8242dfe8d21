import { type Decimal, parseDecimal } from '../decimal.js';
import type { InvoiceModel, Rule } from '../model.js';
import type { XmlElement } from '../xml.js';

/**
 * The document as the Peppol BIS Schematron reads it: every element in document order with its
 * parent, and the XPath values its rules compare (string values, `normalize-space`, casts to
 * xs:decimal and xs:date). Built once per document and shared by every Peppol rule.
 */
export interface Tree {
  readonly root: XmlElement;
  /** Every element, the root first, in document order. */
  readonly all: readonly XmlElement[];
  readonly parent: (element: XmlElement) => XmlElement | undefined;
  /** An XPath-like location of the element, for findings. */
  readonly location: (element: XmlElement) => string;
}

const trees = new WeakMap<XmlElement, Tree>();

/** The document's tree, indexed once. */
export function treeOf(root: XmlElement): Tree {
  const known = trees.get(root);
  if (known) return known;
  const all: XmlElement[] = [];
  const parents = new Map<XmlElement, XmlElement>();
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const element = stack.pop() as XmlElement;
    all.push(element);
    for (let i = element.children.length - 1; i >= 0; i--) {
      const child = element.children[i] as XmlElement;
      parents.set(child, element);
      stack.push(child);
    }
  }
  const parent = (element: XmlElement) => parents.get(element);
  const location = (element: XmlElement): string => {
    const steps: string[] = [];
    for (let e: XmlElement | undefined = element; e; e = parents.get(e)) {
      const up = parents.get(e);
      if (!up) steps.push(e.name);
      else {
        const same = up.children.filter((c) => c.name === e?.name);
        steps.push(same.length > 1 ? `${e.name}[${same.indexOf(e) + 1}]` : e.name);
      }
    }
    return `/${steps.reverse().join('/')}`;
  };
  const tree = { root, all, parent, location };
  trees.set(root, tree);
  return tree;
}

export const kids = (e: XmlElement | undefined, name: string): XmlElement[] =>
  e ? e.children.filter((c) => c.name === name) : [];
export const kid = (e: XmlElement | undefined, name: string): XmlElement | undefined =>
  e?.children.find((c) => c.name === name);
export const hasKid = (e: XmlElement | undefined, name: string): boolean =>
  e?.children.some((c) => c.name === name) ?? false;
/** A relative location path of child steps: every node it selects. */
export const path = (e: XmlElement | undefined, ...names: string[]): XmlElement[] =>
  names.reduce<XmlElement[]>((nodes, name) => nodes.flatMap((n) => kids(n, name)), e ? [e] : []);

/** XPath `string(.)`: the element's own text and its descendants' text. */
export function stringValue(e: XmlElement | undefined): string {
  if (!e) return '';
  if (e.children.length === 0) return e.raw;
  return e.raw + e.children.map(stringValue).join('');
}

/** XPath `normalize-space()`. */
export const normalize = (value: string): string => value.replace(/[ \t\r\n]+/g, ' ').trim();
/** `normalize-space(e)` of one node (or of no node: ''). */
export const ns = (e: XmlElement | undefined): string => normalize(stringValue(e));

/** `xs:decimal(e)`: undefined for no node or a value that is not a decimal (a dynamic error in XPath). */
export const decimal = (e: XmlElement | undefined): Decimal | undefined =>
  e ? parseDecimal(stringValue(e).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')) : undefined;

/** `number(e)` as XPath casts an untyped value to xs:double. */
export function double(value: string): number {
  const v = value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v)) return Number(v);
  if (v === 'INF' || v === '+INF') return Number.POSITIVE_INFINITY;
  if (v === '-INF') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

const dateLexical = /^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;

/** Whether the value is castable as xs:date (whitespace around it collapsed, as the cast does). */
export function isDate(value: string): boolean {
  return dateInstant(value) !== undefined;
}

/** The instant an xs:date starts at (milliseconds), with the implicit timezone UTC; undefined when no date. */
export function dateInstant(value: string): number | undefined {
  const m = dateLexical.exec(value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''));
  if (!m) return undefined;
  const [, y, mo, d, tz] = m as unknown as [string, string, string, string, string | undefined];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (y.length > 4 && y.startsWith('0')) return undefined;
  if (month < 1 || month > 12 || day < 1) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  if (day > days) return undefined;
  let offset = 0;
  if (tz && tz !== 'Z') {
    const hours = Number(tz.slice(1, 3));
    const minutes = Number(tz.slice(4, 6));
    if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return undefined;
    offset = (tz.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return utc.getTime() - offset * 60_000;
}

/**
 * A set of Schematron rules evaluated together over the document, once: `evaluate` reports rule
 * ids at elements; each returned Rule reads its own id's findings.
 */
export function ruleSet(
  definitions: readonly (readonly [id: string, flag: Rule['flag'], text: string])[],
  applies: (model: InvoiceModel) => boolean,
  evaluate: (tree: Tree, fire: (id: string, at: XmlElement) => void) => void,
): Rule[] {
  const results = new WeakMap<XmlElement, Map<string, string[]>>();
  const findingsOf = (model: InvoiceModel): Map<string, string[]> | undefined => {
    const root = model.tree;
    if (!root || model.syntax !== 'ubl') return undefined;
    const known = results.get(root);
    if (known) return known;
    const found = new Map<string, string[]>();
    if (applies(model)) {
      const tree = treeOf(root);
      evaluate(tree, (id, at) => {
        const list = found.get(id) ?? [];
        list.push(tree.location(at));
        found.set(id, list);
      });
    }
    results.set(root, found);
    return found;
  };
  return definitions.map(([id, flag, text]) => ({
    id,
    flag,
    text,
    check(model, report) {
      for (const location of findingsOf(model)?.get(id) ?? []) report(location);
    },
  }));
}

const vatSchemes = (party: XmlElement | undefined) =>
  kids(party, 'PartyTaxScheme').filter((s) => path(s, 'TaxScheme', 'ID').some((id) => stringValue(id) === 'VAT'));
/** `PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 1, 2)`, upper-cased and normalised, when not empty. */
function vatPrefix(party: XmlElement | undefined): string | undefined {
  const prefixes = vatSchemes(party).map((s) => stringValue(kid(s, 'CompanyID')).slice(0, 2));
  const first = prefixes[0];
  return first ? normalize(first).toUpperCase() : undefined;
}

/**
 * The Schematron's `$supplierCountry`: the seller's VAT identifier prefix, else the tax
 * representative's, else the seller's address country, else 'XX'.
 */
export function supplierCountry(root: XmlElement): string {
  const supplier = path(root, 'AccountingSupplierParty', 'Party')[0];
  const address = path(supplier, 'PostalAddress', 'Country', 'IdentificationCode')[0];
  return (
    vatPrefix(supplier) ??
    vatPrefix(kid(root, 'TaxRepresentativeParty')) ??
    (address ? ns(address).toUpperCase() : 'XX')
  );
}

/** The Schematron's `$customerCountry`: the buyer's VAT identifier prefix, else address country, else 'XX'. */
export function customerCountry(root: XmlElement): string {
  const customer = path(root, 'AccountingCustomerParty', 'Party')[0];
  const address = path(customer, 'PostalAddress', 'Country', 'IdentificationCode')[0];
  return vatPrefix(customer) ?? (address ? ns(address).toUpperCase() : 'XX');
}

/** Whether `e` ends the relative location path `names` (child steps, its own name last). */
export function endsPath(tree: Tree, e: XmlElement, ...names: string[]): boolean {
  let node: XmlElement | undefined = e;
  for (let i = names.length - 1; i >= 0; i--) {
    if (!node || node.name !== names[i]) return false;
    if (i > 0) node = tree.parent(node);
  }
  return true;
}
