import type { XmlElement } from '../xml.js';

/**
 * A small subset of XPath 1.0 location paths, enough for the syntax-binding restrictions the
 * official Schematron writes as `not(path)`: child steps by qualified name (compared by local
 * name), a union of names in brackets `(cac:InvoiceLine|cac:CreditNoteLine)`, a leading `//`
 * (anywhere in the document), a final attribute step `@schemeID`, and predicates comparing a
 * child's string value with a literal (`[cbc:DocumentTypeCode = '130']`, `!=`, `or not(child)`).
 * Values compare as XPath compares them: the text as written, no trimming.
 */
export interface CompiledPath {
  readonly source: string;
  readonly anywhere: boolean;
  readonly steps: readonly Step[];
  readonly attribute?: string;
}

interface Step {
  readonly names: readonly string[];
  readonly predicate?: (element: XmlElement) => boolean;
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

/** Splits on `/` outside brackets and parentheses. */
function split(path: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of path) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === '/' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

const comparison = /^([\w:]+)\s*(!?=)\s*'([^']*)'(?:\s+or\s+not\(([\w:]+)\))?$/;

function predicate(text: string, source: string): (element: XmlElement) => boolean {
  const m = comparison.exec(text.trim());
  if (!m) throw new Error(`Unsupported predicate [${text}] in ${source}`);
  const [, child, op, literal, absent] = m;
  const name = localName(child as string);
  return (element) => {
    const values = element.children.filter((c) => c.name === name).map((c) => c.raw);
    // XPath general comparison: true when some node's value compares true.
    const compared = op === '=' ? values.some((v) => v === literal) : values.some((v) => v !== literal);
    const orAbsent = absent !== undefined && !element.children.some((c) => c.name === localName(absent));
    return compared || orAbsent;
  };
}

/** Compiles a location path of the supported subset; throws on anything else. */
export function compilePath(source: string): CompiledPath {
  const anywhere = source.startsWith('//');
  const parts = split(anywhere ? source.slice(2) : source);
  const last = parts[parts.length - 1] ?? '';
  const attribute = last.startsWith('@') ? last.slice(1) : undefined;
  const stepParts = attribute === undefined ? parts : parts.slice(0, -1);
  const steps = stepParts.map((part): Step => {
    const bracket = part.indexOf('[');
    const head = bracket < 0 ? part : part.slice(0, bracket);
    const names = head.startsWith('(') ? head.slice(1, -1).split('|') : [head];
    if (names.some((n) => !/^[\w]+:[\w]+$/.test(n.trim()))) throw new Error(`Unsupported step ${part} in ${source}`);
    return {
      names: names.map((n) => localName(n.trim())),
      ...(bracket < 0 ? {} : { predicate: predicate(part.slice(bracket + 1, -1), source) }),
    };
  });
  return { source, anywhere, steps, ...(attribute === undefined ? {} : { attribute }) };
}

function descendantsOrSelf(element: XmlElement, into: XmlElement[]): XmlElement[] {
  into.push(element);
  for (const child of element.children) descendantsOrSelf(child, into);
  return into;
}

/** Whether the path selects anything from `root` (the document element, as the Schematron's context). */
export function selects(path: CompiledPath, root: XmlElement, everything?: readonly XmlElement[]): boolean {
  let nodes: readonly XmlElement[];
  let steps = path.steps;
  if (path.anywhere) {
    const all = everything ?? descendantsOrSelf(root, []);
    if (steps.length === 0) {
      return path.attribute !== undefined && all.some((e) => e.attributes[path.attribute as string] !== undefined);
    }
    const [first, ...rest] = steps as [Step, ...Step[]];
    nodes = all.filter((e) => first.names.includes(e.name) && (first.predicate?.(e) ?? true));
    steps = rest;
  } else nodes = [root];
  for (const step of steps) {
    const next: XmlElement[] = [];
    for (const node of nodes) {
      for (const child of node.children) {
        if (step.names.includes(child.name) && (step.predicate?.(child) ?? true)) next.push(child);
      }
    }
    if (next.length === 0) return false;
    nodes = next;
  }
  if (path.attribute === undefined) return nodes.length > 0;
  return nodes.some((n) => n.attributes[path.attribute as string] !== undefined);
}

/** Every element of the tree, the root first, in document order. */
export function allElements(root: XmlElement): XmlElement[] {
  return descendantsOrSelf(root, []);
}
