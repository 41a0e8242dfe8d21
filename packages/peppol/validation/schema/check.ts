import type { Finding } from '../model.js';
import { decodeText, type NamespacedElement, parseNamespaced } from './tree.js';
import {
  aggregates,
  type ComponentPrefix,
  documents,
  elementTypes,
  extensions,
  readAsOne,
  ublNamespaces,
} from './ubl-components.js';

/** What a structure finding is about; its id is `UBL-XSD-<kind>`. */
export type SchemaFindingKind =
  | 'ROOT'
  | 'NAMESPACE'
  | 'UNKNOWN'
  | 'ORDER'
  | 'MISSING'
  | 'TOO-MANY'
  | 'ATTRIBUTE'
  | 'DATATYPE'
  | 'CONTENT';

interface Particle {
  readonly prefix: ComponentPrefix;
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

interface ContentModel {
  /** The schema type, for messages: `PartyType`. */
  readonly type: string;
  readonly particles: readonly Particle[];
  /** Particle position by `prefix:name`. */
  readonly positions: ReadonlyMap<string, number>;
}

const prefixByNamespace = new Map<string, ComponentPrefix>(
  Object.entries(ublNamespaces).map(([prefix, uri]) => [uri, prefix as ComponentPrefix]),
);

function compile(type: string, content: string): ContentModel {
  const particles = content.split(/\s+/).map((token): Particle => {
    const match = /^(?:(cac|ext):)?(\w+)([?*+]?)$/.exec(token);
    if (!match) throw new Error(`Bad UBL content model token ${token} in ${type}`);
    const [, prefix = 'cbc', name = '', occurs] = match;
    return {
      prefix: prefix as ComponentPrefix,
      name,
      min: occurs === '?' || occurs === '*' ? 0 : 1,
      max: occurs === '*' || occurs === '+' ? Number.POSITIVE_INFINITY : 1,
    };
  });
  return { type: `${type}Type`, particles, positions: new Map(particles.map((p, i) => [`${p.prefix}:${p.name}`, i])) };
}

/** A table entry by key, ignoring what objects inherit (`toString`, `constructor`). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** XML whitespace only: a no-break space is content, not whitespace. */
const xmlTrim = (value: string) => value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');

const models = new Map<string, ContentModel>();
function modelOf(kind: 'aggregate' | 'extension' | 'document', type: string): ContentModel {
  const key = `${kind}:${type}`;
  let model = models.get(key);
  if (!model) {
    const table = kind === 'aggregate' ? aggregates : kind === 'extension' ? extensions : undefined;
    const content = table ? own(table, type) : own(documents, type)?.content;
    model = compile(type, content ?? '');
    models.set(key, model);
  }
  return model;
}

// Longest first, so `AccountingSupplierParty` resolves to SupplierParty before Party.
const typesByLength = Object.keys(aggregates).sort((a, b) => b.length - a.length);
const resolved = new Map<string, string | undefined>();

/** The aggregate type of a cac element, or undefined when the table does not describe it (lax). */
export function aggregateTypeOf(element: string): string | undefined {
  if (resolved.has(element)) return resolved.get(element);
  const override = own(elementTypes, element);
  const type =
    override !== undefined
      ? override || undefined
      : Object.hasOwn(aggregates, element)
        ? element
        : typesByLength.find((t) => element.endsWith(t));
  resolved.set(element, type);
  return type;
}

/** The number of aggregate types whose content the check knows. */
export const aggregateTypeCount = Object.keys(aggregates).length;

type BasicType = 'decimal' | 'date' | 'boolean';
interface BasicRule {
  readonly suffix: string;
  readonly lexical?: BasicType;
  readonly required?: string;
  readonly dataType: string;
}

// cbc element names end in their representation term (UBL naming rules), which fixes the
// unqualified data type: AmountType requires currencyID, MeasureType unitCode, BinaryObjectType
// mimeCode; QuantityType's unitCode is optional.
const basicRules: readonly BasicRule[] = [
  { suffix: 'Amount', lexical: 'decimal', required: 'currencyID', dataType: 'AmountType' },
  { suffix: 'Measure', lexical: 'decimal', required: 'unitCode', dataType: 'MeasureType' },
  { suffix: 'Quantity', lexical: 'decimal', dataType: 'QuantityType' },
  { suffix: 'Numeric', lexical: 'decimal', dataType: 'NumericType' },
  { suffix: 'Percent', lexical: 'decimal', dataType: 'PercentType' },
  { suffix: 'Rate', lexical: 'decimal', dataType: 'RateType' },
  { suffix: 'Date', lexical: 'date', dataType: 'DateType' },
  { suffix: 'Indicator', lexical: 'boolean', dataType: 'IndicatorType' },
  { suffix: 'BinaryObject', required: 'mimeCode', dataType: 'BinaryObjectType' },
];
/** cbc elements whose names end in a representation term their type does not have. */
const textTyped = new Set(['TimeAmount']);

function basicRuleOf(name: string): BasicRule | undefined {
  if (textTyped.has(name)) return undefined;
  return basicRules.find((rule) => name.endsWith(rule.suffix));
}

const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const booleanValue = /^(true|false|1|0)$/;
const dateValue = /^-?(\d{4,})-(\d{2})-(\d{2})(Z|[+-](\d{2}):(\d{2}))?$/;

function isDate(value: string): boolean {
  const match = dateValue.exec(value);
  if (!match) return false;
  const [, yearText = '', monthText, dayText, zone, zoneHours, zoneMinutes] = match;
  if (/^0+$/.test(yearText) || (yearText.length > 4 && yearText.startsWith('0'))) return false;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return false;
  if (zone && zone !== 'Z') {
    const hours = Number(zoneHours);
    const minutes = Number(zoneMinutes);
    if (minutes > 59 || hours > 14 || (hours === 14 && minutes > 0)) return false;
  }
  return true;
}

const lexicalChecks: Readonly<Record<BasicType, (value: string) => boolean>> = {
  decimal: (value) => decimal.test(value),
  date: isDate,
  boolean: (value) => booleanValue.test(value),
};

type Report = (kind: SchemaFindingKind, location: string, text: string) => void;

function described(element: NamespacedElement): string {
  return element.namespace ? `{${element.namespace}}${element.local}` : `${element.local} (in no namespace)`;
}

function stepOf(element: NamespacedElement): string {
  const prefix = element.namespace === undefined ? undefined : prefixByNamespace.get(element.namespace);
  return prefix ? `${prefix}:${element.local}` : element.qname;
}

/** Where an element is, spelled only when a finding needs it. */
type Path = () => string;

function checkBasic(element: NamespacedElement, path: Path, report: Report): void {
  const name = stepOf(element);
  if (element.children.length > 0) {
    report('CONTENT', path(), `Element '${name}' must have no element children: a basic component has simple content.`);
  }
  if (element.namespace !== ublNamespaces.cbc) return;
  const rule = basicRuleOf(element.local);
  if (!rule) return;
  if (rule.required && !Object.hasOwn(element.attributes, rule.required)) {
    report(
      'ATTRIBUTE',
      path(),
      `Attribute '${rule.required}' must appear on element '${name}': it is required by the UBL 2.1 ${rule.dataType}.`,
    );
  }
  if (rule.lexical) {
    // xsd:decimal, xsd:date and xsd:boolean collapse whitespace before checking the lexical form.
    const value = xmlTrim(decodeText(element.text));
    if (!lexicalChecks[rule.lexical](value)) {
      report(
        'DATATYPE',
        path(),
        `'${value}' is not a valid value for '${rule.lexical}': element '${name}' is a UBL 2.1 ${rule.dataType} (xsd:${rule.lexical}).`,
      );
    }
  }
}

function checkChild(particle: Particle, child: NamespacedElement, path: Path, report: Report): void {
  if (particle.prefix === 'cac') {
    const type = aggregateTypeOf(child.local);
    if (type) checkAggregate(child, modelOf('aggregate', type), path, stepOf(child), report);
  } else if (particle.prefix === 'ext' && Object.hasOwn(extensions, child.local)) {
    checkAggregate(child, modelOf('extension', child.local), path, stepOf(child), report);
  } else if (child.local !== 'ExtensionContent') {
    // Anything else is a basic component. ext:ExtensionContent is lax: what an extension carries
    // is its own business, so nothing inside it is checked.
    checkBasic(child, path, report);
  }
}

function checkAggregate(
  element: NamespacedElement,
  model: ContentModel,
  path: Path,
  name: string,
  report: Report,
): void {
  const text = xmlTrim(decodeText(element.text));
  if (text !== '') {
    report(
      'CONTENT',
      path(),
      `Element '${name}' cannot have character content: ${model.type} is element-only. Found '${text.slice(0, 40)}'.`,
    );
  }
  const { children } = element;
  const steps = children.map(stepOf);
  // Sibling numbering (`cac:InvoiceLine[3]`), counted once per aggregate and only when a finding needs a path.
  let numbering: { readonly nth: number[]; readonly same: Map<string, number> } | undefined;
  const numbered = () => {
    if (!numbering) {
      const same = new Map<string, number>();
      const nth = steps.map((step) => {
        const n = (same.get(step) ?? 0) + 1;
        same.set(step, n);
        return n;
      });
      numbering = { nth, same };
    }
    return numbering;
  };
  const counts = new Map<number, number>();
  let furthest = -1;
  for (const [i, child] of children.entries()) {
    const step = steps[i] as string;
    let spelled: string | undefined;
    const childPath = () => {
      if (spelled === undefined) {
        const { nth, same } = numbered();
        spelled = `${path()}/${step}${(same.get(step) ?? 0) > 1 ? `[${nth[i]}]` : ''}`;
      }
      return spelled;
    };
    const prefix = child.namespace === undefined ? undefined : prefixByNamespace.get(child.namespace);
    const position = prefix === undefined ? undefined : model.positions.get(`${prefix}:${child.local}`);
    const particle = position === undefined ? undefined : model.particles[position];
    if (position === undefined || !particle) {
      const sameName = model.particles.find((p) => p.name === child.local);
      if (sameName) {
        report(
          'NAMESPACE',
          childPath(),
          `Element '${child.qname}' is ${described(child)}; ${model.type} expects '${sameName.prefix}:${sameName.name}' in namespace ${ublNamespaces[sameName.prefix]}.`,
        );
      } else {
        report(
          'UNKNOWN',
          childPath(),
          `Invalid content was found starting with element '${child.qname}': ${model.type} has no child ${described(child)}.`,
        );
      }
      continue;
    }
    const count = (counts.get(position) ?? 0) + 1;
    counts.set(position, count);
    if (count === particle.max + 1) {
      report(
        'TOO-MANY',
        childPath(),
        `Element '${step}' may occur at most ${particle.max === 1 ? 'once' : `${particle.max} times`} in '${name}' (${model.type}).`,
      );
    }
    if (position < furthest) {
      const later = model.particles[furthest];
      report(
        'ORDER',
        childPath(),
        `Invalid content was found starting with element '${step}': ${model.type} puts it before '${later?.prefix}:${later?.name}'.`,
      );
    } else {
      furthest = position;
    }
    checkChild(particle, child, childPath, report);
  }
  model.particles.forEach((particle, position) => {
    if ((counts.get(position) ?? 0) < particle.min) {
      report(
        'MISSING',
        path(),
        `The content of element '${name}' is not complete: '${particle.prefix}:${particle.name}' is required (${model.type}).`,
      );
    }
  });
}

/**
 * Checks a parsed document's structure against the UBL 2.1 schemas: the root element and its
 * namespace, then for every aggregate the names, namespaces, order and cardinality of its children
 * (see {@link aggregates}), text in element-only content, the attributes the unqualified data
 * types require (currencyID on amounts, unitCode on measures, mimeCode on binary objects), and the
 * lexical form of dates, decimals and indicators. Extension content is not checked; nor are
 * aggregates the table does not describe, nor facets beyond those data types.
 */
export function checkUblStructure(root: NamespacedElement): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (kind, location, text) =>
    findings.push({ id: `UBL-XSD-${kind}`, flag: 'fatal', location, text });
  const document = own(documents, root.local);
  const path = `/${root.local}`;
  if (!document || root.namespace !== document.namespace) {
    const expected = document ? ` A UBL 2.1 ${root.local} is in namespace ${document.namespace}.` : '';
    report(
      'ROOT',
      path,
      `Cannot find the declaration of element '${root.qname}' (${described(root)}).${expected || ' It is not a UBL 2.1 Invoice, CreditNote or ApplicationResponse.'}`,
    );
    return findings;
  }
  checkAggregate(root, modelOf('document', root.local), () => path, root.local, report);
  checkReadAsOne(root, report);
  return findings;
}

type Located = readonly [element: NamespacedElement, path: string];

const below = (from: readonly Located[], steps: readonly string[]): Located[] =>
  steps.reduce<Located[]>(
    (nodes, step) =>
      nodes.flatMap(([n, path]) => {
        const same = n.children.filter((c) => c.local === step);
        return same.map((c, i): Located => [c, `${path}/${stepOf(c)}${same.length > 1 ? `[${i + 1}]` : ''}`]);
      }),
    [...from],
  );

/** Every element named `name` below `element`, its path spelled only for those found. */
function named(element: NamespacedElement, name: string, rootPath: string): Located[] {
  const found: Located[] = [];
  const ancestors: NamespacedElement[] = [element];
  const spell = () =>
    ancestors.slice(1).reduce((path, e, i) => {
      const same = (ancestors[i] as NamespacedElement).children.filter((c) => c.local === e.local);
      return `${path}/${stepOf(e)}${same.length > 1 ? `[${same.indexOf(e) + 1}]` : ''}`;
    }, rootPath);
  const visit = (parent: NamespacedElement) => {
    for (const child of parent.children) {
      ancestors.push(child);
      if (child.local === name) found.push([child, spell()]);
      visit(child);
      ancestors.pop();
    }
  };
  visit(element);
  return found;
}

/** The repetitions {@link readAsOne} lists, each a TOO-MANY finding at its context. */
function checkReadAsOne(root: NamespacedElement, report: Report): void {
  const top: Located = [root, `/${root.local}`];
  for (const [context, child] of readAsOne) {
    const anywhere = context.startsWith('//');
    const [first = '', ...rest] = (anywhere ? context.slice(2) : context).split('/');
    const starts = anywhere ? named(root, first, top[1]) : below([top], [first]);
    for (const [element, path] of below(starts, rest)) {
      if (below([[element, path]], child.split('/')).length > 1) {
        report('TOO-MANY', path, `'${child}' may be given once here: the official rules read it as one value.`);
      }
    }
  }
}

/**
 * Checks a UBL 2.1 Invoice, CreditNote or ApplicationResponse against the structure of the UBL 2.1
 * schemas (see {@link checkUblStructure}). The XML must already have passed the safe parser; input
 * that has no single root element yields no finding here, as the parser has reported it.
 */
export function checkUblSchema(xml: string | Buffer): Finding[] {
  const root = parseNamespaced(xml);
  return root ? checkUblStructure(root) : [];
}
