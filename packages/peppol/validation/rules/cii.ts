import type { InvoiceModel, Rule } from '../model.js';
import { type CiiAssert, ciiRestrictions } from '../releases/cii-restrictions.js';
import type { XmlElement } from '../xml.js';
import {
  type CompiledPath,
  compilePath,
  compilePathSet,
  elementsNamed,
  elementsOf,
  type PathSet,
  selectedPaths,
} from './paths.js';

/**
 * CII-SR-* and CII-DT-*: the EN 16931 CII binding's syntax rules, elements and attributes of the
 * CII D16B schema that carry no business term or are restricted, as the official stylesheet
 * checks them. The rule contexts and most tests are data (releases/cii-restrictions.ts); each
 * element is checked by the first context that matches it, as XSLT applies one template per
 * node; the tests that are more than a path are written here. Names compare by local name: the
 * tree the rules read keeps no prefixes, and CII's vocabulary does not reuse local names across
 * its namespaces where these rules look, except DateTimeString (see {@link matchesStep}).
 */

type Step = CompiledPath['steps'][number];

/** Elements of the rsm, udt and qdt namespaces, which `ram:*` does not select. */
const notRam = new Set([
  'CrossIndustryInvoice',
  'ExchangedDocumentContext',
  'ExchangedDocument',
  'SupplyChainTradeTransaction',
  'ValuationBreakdownStatement',
  'DateTimeString',
  'DateTime',
  'DateString',
  'Indicator',
  'IndicatorString',
]);

/** One element in the walk, with its parent, so a context can look at ancestors. */
interface Visit {
  readonly element: XmlElement;
  readonly parent?: Visit;
}

type StepTest = (visit: Visit) => boolean;

/** A qdt:DateTimeString sits in a Formatted…DateTime; udt's everywhere else. */
const namespaceOf = (visit: Visit): 'rsm' | 'udt' | 'qdt' | 'ram' => {
  const name = visit.element.name;
  if (name === 'DateTimeString') return visit.parent?.element.name.startsWith('Formatted') ? 'qdt' : 'udt';
  if (notRam.has(name)) return visit.parent === undefined || visit.parent.parent === undefined ? 'rsm' : 'udt';
  return 'ram';
};

/** One step of a rule context: `ram:Name`, `ram:*` or `*`, with the predicates the contexts use. */
function matchesStep(step: string): StepTest {
  const m = /^(?:(\w+):)?(\*|\w+)(?:\[(.*)\])?$/.exec(step.trim());
  if (!m) throw new Error(`Unsupported context step ${step}`);
  const [, prefix, local, predicate] = m;
  const tests: StepTest[] = [];
  if (local !== '*') tests.push((v) => v.element.name === local);
  if (prefix !== undefined && (local === '*' || local === 'DateTimeString')) {
    tests.push((v) => namespaceOf(v) === prefix);
  }
  if (predicate !== undefined) {
    const ends = /^ends-with\(name\(\), '(\w+)'\)(?: and not \(self::\w+:(\w+)\))?$/.exec(predicate.trim());
    const attribute = /^@(\w+) = '([^']*)'$/.exec(predicate.trim());
    if (ends) {
      const [, suffix, except] = ends;
      tests.push((v) => v.element.name.endsWith(suffix as string) && v.element.name !== except);
    } else if (attribute) {
      const [, name, literal] = attribute;
      tests.push((v) => v.element.attributes[name as string] === literal);
    } else throw new Error(`Unsupported context predicate [${predicate}]`);
  }
  return (v) => tests.every((t) => t(v));
}

/** Splits on `separator` outside brackets and parentheses. */
function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/**
 * A rule context (a union of `/absolute/paths` and `//relative/paths`) as a test of one element,
 * with a quick test of the element's name alone that every element it matches passes.
 */
export function compileContext(context: string): {
  readonly matches: (visit: Visit) => boolean;
  readonly mayMatch: (name: string) => boolean;
} {
  const alternatives = splitOutside(context, '|').map((alternative) => {
    const source = alternative.trim();
    const anywhere = source.startsWith('//');
    const sources = splitOutside(source.slice(anywhere ? 2 : 1), '/');
    const steps = sources.map(matchesStep);
    const last = /^(?:\w+:)?(\*|\w+)(?:\[ends-with\(name\(\), '(\w+)'\))?/.exec((sources.at(-1) ?? '').trim());
    const [, local, suffix] = last ?? [];
    const mayMatch = (name: string) =>
      (local === '*' || local === name) && (suffix === undefined || name.endsWith(suffix));
    const matches = (visit: Visit) => {
      let at: Visit | undefined = visit;
      for (let i = steps.length - 1; i >= 0; i--) {
        if (!at || !(steps[i] as StepTest)(at)) return false;
        at = at.parent;
      }
      return anywhere || at === undefined;
    };
    return { matches, mayMatch };
  });
  return {
    matches: (visit) => alternatives.some((a) => a.matches(visit)),
    mayMatch: (name) => alternatives.some((a) => a.mayMatch(name)),
  };
}

/**
 * The elements a location path selects from `from` (from anywhere in the document for `//`);
 * for a final attribute step, the elements that carry it.
 */
function select(path: CompiledPath, from: XmlElement, root: XmlElement): XmlElement[] {
  const [first, ...rest] = path.steps as readonly Step[];
  let nodes: XmlElement[] = [from];
  let steps = path.steps as readonly Step[];
  if (path.anywhere && first) {
    nodes = elementsOf(root).filter((e) => first.names.includes(e.name) && (first.predicate?.(e) ?? true));
    steps = rest;
  }
  for (const step of steps) {
    const next: XmlElement[] = [];
    for (const node of nodes) {
      for (const child of node.children) {
        if (step.names.includes(child.name) && (step.predicate?.(child) ?? true)) next.push(child);
      }
    }
    nodes = next;
    if (nodes.length === 0) return nodes;
  }
  const attribute = path.attribute;
  return attribute === undefined ? nodes : nodes.filter((n) => n.attributes[attribute] !== undefined);
}

const children = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);
const has = (element: XmlElement, ...names: string[]) => {
  let nodes = [element];
  for (const name of names) nodes = nodes.flatMap((n) => children(n, name));
  return nodes.length > 0;
};
/** XPath's string value: the text of the element and its descendants. */
const stringValue = (element: XmlElement): string =>
  element.children.length === 0 ? element.raw : element.raw + element.children.map(stringValue).join('');
const normalized = (value: string) => value.replace(/[ \t\r\n]+/g, ' ').trim();
/** `child = 'literal'`: some such child's string value is the literal. */
const childIs = (element: XmlElement, name: string, ...literals: string[]) =>
  children(element, name).some((c) => literals.includes(stringValue(c)));
/** `normalize-space(child) = 'literal'`; the schema check refuses a repeated child first. */
const normalizedChildIs = (element: XmlElement, name: string, literal: string) =>
  normalized(children(element, name)[0] ? stringValue(children(element, name)[0] as XmlElement) : '') === literal;
/** xs:boolean false, as the stylesheet compares `udt:Indicator = false()`. */
const isFalse = (element: XmlElement) => ['false', '0'].includes(normalized(stringValue(element)));
const hasAncestor = (visit: Visit, name: string) => {
  for (let at = visit.parent; at; at = at.parent) if (at.element.name === name) return true;
  return false;
};
/** Not both an ID and a GlobalID for the party (the rule's three-way `or`). */
const oneIdentifier = (element: XmlElement, party: string) =>
  !(has(element, party, 'ID') && has(element, party, 'GlobalID'));
const date102 = /^[ \t\r\n]*(\p{Nd}{4})(1[0-2]|0[1-9])(3[01]|[12][0-9]|0[1-9])[ \t\r\n]*$/u;

type HandTest = (visit: Visit, root: XmlElement) => boolean;

/** The tests that are more than a path, each true when the rule holds, as the `.sch` states it. */
const byHand: Readonly<Record<string, HandTest>> = {
  'CII-SR-046': ({ element }) =>
    !has(element, 'GlobalID') || children(element, 'GlobalID').some((g) => g.attributes.schemeID !== undefined),
  'CII-SR-090': ({ element }) =>
    !has(element, 'OriginTradeCountry') ||
    children(element, 'OriginTradeCountry').flatMap((c) => children(c, 'ID')).length === 1,
  'CII-SR-119': ({ element }) => {
    const charges = children(element, 'GrossPriceProductTradePrice').flatMap((p) =>
      children(p, 'AppliedTradeAllowanceCharge'),
    );
    const indicators = charges.flatMap((c) => children(c, 'ChargeIndicator'));
    const amounts = charges.flatMap((c) => children(c, 'ActualAmount'));
    const allowance = indicators.some((i) => children(i, 'Indicator').some(isFalse));
    return (allowance && amounts.length > 0) || (indicators.length === 0 && amounts.length === 0);
  },
  'CII-SR-474': ({ element }) =>
    children(element, 'AdditionalReferencedDocument').filter((d) => normalizedChildIs(d, 'TypeCode', '130')).length <=
    1,
  'CII-SR-475': ({ element }) =>
    children(element, 'AdditionalReferencedDocument')
      .filter((d) => normalizedChildIs(d, 'TypeCode', '916'))
      .flatMap((d) => children(d, 'Name')).length <= 1,
  'CII-SR-476': ({ element }) =>
    children(element, 'AdditionalReferencedDocument')
      .filter((d) => normalizedChildIs(d, 'TypeCode', '916'))
      .flatMap((d) => children(d, 'AttachmentBinaryObject')).length <= 1,
  'CII-SR-449': ({ element }) => oneIdentifier(element, 'ShipToTradeParty'),
  'CII-SR-450': ({ element }) => oneIdentifier(element, 'BuyerTradeParty'),
  'CII-SR-451': ({ element }) => oneIdentifier(element, 'PayeeTradeParty'),
  'CII-SR-465': ({ element }) =>
    !(
      has(element, 'SellerTradeParty', 'DefinedTradeContact', 'PersonName') &&
      has(element, 'SellerTradeParty', 'DefinedTradeContact', 'DepartmentName')
    ),
  'CII-SR-466': ({ element }) =>
    !(
      has(element, 'BuyerTradeParty', 'DefinedTradeContact', 'PersonName') &&
      has(element, 'BuyerTradeParty', 'DefinedTradeContact', 'DepartmentName')
    ),
  'CII-SR-462': (_visit, root) => {
    const codes = elementsNamed(root, 'ApplicableTradeTax').flatMap((t) => children(t, 'DueDateTypeCode'));
    return codes.length === 0 || new Set(codes.map(stringValue)).size === 1;
  },
  'CII-SR-470': ({ element }) =>
    !children(element, 'SpecifiedTradeSettlementPaymentMeans').some(
      (means) =>
        (normalizedChildIs(means, 'TypeCode', '30') || normalizedChildIs(means, 'TypeCode', '58')) &&
        !(
          has(means, 'PayeePartyCreditorFinancialAccount', 'IBANID') ||
          has(means, 'PayeePartyCreditorFinancialAccount', 'ProprietaryID')
        ),
    ),
  'CII-SR-467': (_visit, root) => sameAcrossPaymentMeans(root, 'TypeCode'),
  'CII-SR-468': (_visit, root) => sameAcrossPaymentMeans(root, 'Information'),
  'CII-DT-015': ({ element }) =>
    !has(element, 'URIID') || (element.name === 'AdditionalReferencedDocument' && childIs(element, 'TypeCode', '916')),
  'CII-DT-018': ({ element }) =>
    !has(element, 'TypeCode') ||
    (element.name === 'AdditionalReferencedDocument' && childIs(element, 'TypeCode', '50', '130', '916')),
  'CII-DT-021': ({ element }) =>
    !has(element, 'Name') || (element.name === 'AdditionalReferencedDocument' && childIs(element, 'TypeCode', '916')),
  'CII-DT-022': ({ element }) =>
    !has(element, 'AttachmentBinaryObject') ||
    (element.name === 'AdditionalReferencedDocument' && childIs(element, 'TypeCode', '916')),
  'CII-DT-024': ({ element }) =>
    !has(element, 'ReferenceTypeCode') ||
    (element.name === 'AdditionalReferencedDocument' && childIs(element, 'TypeCode', '130')),
  'CII-DT-027': ({ element }) =>
    !has(element, 'FormattedIssueDateTime') || element.name === 'InvoiceReferencedDocument',
  'CII-DT-033': ({ element }, root) => element.attributes.unitCode === undefined || billedWithUnit(root),
  'CII-DT-037': ({ element }) => !has(element, 'TypeCode') || childIs(element, 'TypeCode', 'VAT'),
  'CII-DT-041': (visit) => !has(visit.element, 'BasisAmount') || hasAncestor(visit, 'ApplicableHeaderTradeSettlement'),
  'CII-DT-052': ({ element }) => !has(element, 'ExemptionReasonCode') || element.name === 'ApplicableTradeTax',
  'CII-DT-098': ({ element }) => !has(element, 'ExemptionReason') || element.name === 'ApplicableTradeTax',
  'CII-DT-054': (visit) => !has(visit.element, 'TaxPointDate') || hasAncestor(visit, 'ApplicableHeaderTradeSettlement'),
  'CII-DT-058': (visit) =>
    !has(visit.element, 'DueDateTypeCode') || hasAncestor(visit, 'ApplicableHeaderTradeSettlement'),
  'CII-DT-097': ({ element }) => date102.test(stringValue(element)),
};

const billedUnits = new WeakMap<XmlElement, boolean>();
/** Whether some line's BilledQuantity has a unitCode (the absolute path of CII-DT-033), once per document. */
function billedWithUnit(root: XmlElement): boolean {
  let known = billedUnits.get(root);
  if (known === undefined) {
    known =
      root.name === 'CrossIndustryInvoice' &&
      children(root, 'SupplyChainTradeTransaction')
        .flatMap((t) => children(t, 'IncludedSupplyChainTradeLineItem'))
        .flatMap((l) => children(l, 'SpecifiedLineTradeDelivery'))
        .flatMap((d) => children(d, 'BilledQuantity'))
        .some((q) => q.attributes.unitCode !== undefined);
    billedUnits.set(root, known);
  }
  return known;
}

/** CII-SR-467/468: every payment means' child has the normalised value of the first one. */
function sameAcrossPaymentMeans(root: XmlElement, name: string): boolean {
  const values = elementsNamed(root, 'SpecifiedTradeSettlementPaymentMeans')
    .flatMap((m) => children(m, name))
    .map((e) => normalized(stringValue(e)));
  return values.every((v) => v === values[0]);
}

interface CompiledAssert {
  readonly id: string;
  readonly holds: HandTest;
}

function compileAssert([id, , kind]: CiiAssert, compiled: CompiledPath | undefined, absent: PathSet): CompiledAssert {
  if (kind === 'by-hand' || !compiled) {
    const holds = byHand[id];
    if (!holds) throw new Error(`${id} is marked by-hand in the CII table but has no test in rules/cii.ts`);
    return { id, holds };
  }
  const own = compiled.attribute;
  if (kind === 'absent' && compiled.steps.length === 0 && !compiled.anywhere && own !== undefined) {
    return { id, holds: ({ element }) => element.attributes[own] === undefined };
  }
  // The context's other `absent` paths are found together, in one walk under the element.
  if (kind === 'absent') return { id, holds: ({ element }) => !selectedPaths(absent, element).has(compiled) };
  const count = ({ element }: Visit, root: XmlElement) => select(compiled, element, root).length;
  const holds: Record<Exclude<typeof kind, 'absent'>, HandTest> = {
    'at-most-one': (v, root) => count(v, root) <= 1,
    'exactly-one': (v, root) => count(v, root) === 1,
    present: (v, root) => count(v, root) > 0,
  };
  return { id, holds: holds[kind] };
}

const contexts = ciiRestrictions.map((c) => {
  const paths = c.asserts.map(([, , kind, path]) => (kind === 'by-hand' ? undefined : compilePath(path)));
  const absent = compilePathSet(
    paths.filter((p, i): p is CompiledPath => p !== undefined && c.asserts[i]?.[2] === 'absent'),
  );
  return { ...compileContext(c.context), asserts: c.asserts.map((a, i) => compileAssert(a, paths[i], absent)) };
});

const candidates = new Map<string, readonly (typeof contexts)[number][]>();
/** The contexts that may match an element of this name, in the stylesheet's order. */
function contextsFor(name: string): readonly (typeof contexts)[number][] {
  let known = candidates.get(name);
  if (!known) {
    known = contexts.filter((c) => c.mayMatch(name));
    candidates.set(name, known);
  }
  return known;
}

/** The location of an element as the findings name it: `/rsm:CrossIndustryInvoice/ram:…[n]`. */
function locationOf(visit: Visit): string {
  const steps: string[] = [];
  for (let at: Visit | undefined = visit; at; at = at.parent) {
    const name = at.element.name;
    const siblings = at.parent ? children(at.parent.element, name) : [at.element];
    const index = siblings.length > 1 ? `[${siblings.indexOf(at.element) + 1}]` : '';
    steps.push(`${namespaceOf(at)}:${name}${index}`);
  }
  return `/${steps.reverse().join('/')}`;
}

const evaluated = new WeakMap<XmlElement, ReadonlyMap<string, readonly string[]>>();

/**
 * Every CII-SR/CII-DT rule that fails on the document, with the locations of the elements it
 * fails on: one walk, each element checked by the first rule context that matches it.
 */
export function ciiSyntaxFindings(root: XmlElement): ReadonlyMap<string, readonly string[]> {
  const known = evaluated.get(root);
  if (known) return known;
  const failed = new Map<string, string[]>();
  const walk = (visit: Visit) => {
    const context = contextsFor(visit.element.name).find((c) => c.matches(visit));
    if (context) {
      for (const { id, holds } of context.asserts) {
        if (holds(visit, root)) continue;
        const locations = failed.get(id) ?? [];
        locations.push(locationOf(visit));
        failed.set(id, locations);
      }
    }
    for (const child of visit.element.children) walk({ element: child, parent: visit });
  };
  walk({ element: root });
  evaluated.set(root, failed);
  return failed;
}

const treeOf = (model: InvoiceModel) => (model.syntax === 'cii' ? model.tree : undefined);

/** CII-SR-* and CII-DT-*, one rule per id, for CII documents. */
export const ciiSyntaxRules: readonly Rule[] = ciiRestrictions.flatMap((c) =>
  c.asserts.map(
    ([id, flag, , , message]): Rule => ({
      id,
      flag,
      text: message,
      check(model, report) {
        const tree = treeOf(model);
        if (!tree) return;
        for (const location of ciiSyntaxFindings(tree).get(id) ?? []) report(location);
      },
    }),
  ),
);
