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
  /** The step as written, so that paths sharing a step can share its evaluation. */
  readonly source: string;
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
      source: part,
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
    const all = everything ?? elementsOf(root);
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

/** Paths sharing their leading steps, walked together: one trie node per distinct step sequence. */
interface Trie {
  /** The steps that follow, by the element name they accept. */
  readonly next: Map<string, { readonly step: Step; readonly trie: Trie }[]>;
  /** Paths that end here: selected when an element is reached (or has the attribute). */
  readonly ends: { readonly path: CompiledPath; readonly attribute?: string }[];
  readonly bySource: Map<string, Trie>;
}

const trie = (): Trie => ({ next: new Map(), ends: [], bySource: new Map() });

function insert(into: Trie, steps: readonly Step[], path: CompiledPath): void {
  let node = into;
  for (const step of steps) {
    let child = node.bySource.get(step.source);
    if (!child) {
      child = trie();
      node.bySource.set(step.source, child);
      for (const name of new Set(step.names)) {
        const edges = node.next.get(name) ?? [];
        edges.push({ step, trie: child });
        node.next.set(name, edges);
      }
    }
    node = child;
  }
  node.ends.push({ path, ...(path.attribute === undefined ? {} : { attribute: path.attribute }) });
}

/** A set of location paths evaluated together, in one walk of the document however many there are. */
export interface PathSet {
  readonly fromRoot: Trie;
  /** Paths starting with `//`: their first step is looked for in every element. */
  readonly anywhere: Trie;
  readonly selected: WeakMap<XmlElement, ReadonlySet<CompiledPath>>;
}

/** Prepares paths to be evaluated together by {@link selectedPaths}. */
export function compilePathSet(paths: readonly CompiledPath[]): PathSet {
  const set: PathSet = { fromRoot: trie(), anywhere: trie(), selected: new WeakMap() };
  for (const path of paths) {
    // `//` with neither step nor attribute selects nothing (as {@link selects} decides).
    if (path.anywhere && path.steps.length === 0 && path.attribute === undefined) continue;
    insert(path.anywhere ? set.anywhere : set.fromRoot, path.steps, path);
  }
  return set;
}

function reach(node: Trie, element: XmlElement, found: Set<CompiledPath>): void {
  for (const end of node.ends) {
    if (end.attribute === undefined || element.attributes[end.attribute] !== undefined) found.add(end.path);
  }
}

function walk(node: Trie, element: XmlElement, found: Set<CompiledPath>): void {
  for (const child of element.children) {
    const edges = node.next.get(child.name);
    if (!edges) continue;
    for (const { step, trie: next } of edges) {
      if (step.predicate && !step.predicate(child)) continue;
      reach(next, child, found);
      if (next.next.size > 0) walk(next, child, found);
    }
  }
}

/**
 * The paths of the set that select something from `root`, each as {@link selects} decides it;
 * found in one walk over the document for all of them, and kept for the tree.
 */
export function selectedPaths(set: PathSet, root: XmlElement): ReadonlySet<CompiledPath> {
  const known = set.selected.get(root);
  if (known) return known;
  const found = new Set<CompiledPath>();
  reach(set.fromRoot, root, found);
  walk(set.fromRoot, root, found);
  const { anywhere } = set;
  if (anywhere.next.size > 0 || anywhere.ends.length > 0) {
    for (const element of elementsOf(root)) {
      reach(anywhere, element, found);
      const edges = anywhere.next.get(element.name);
      if (!edges) continue;
      for (const { step, trie: next } of edges) {
        if (step.predicate && !step.predicate(element)) continue;
        reach(next, element, found);
        if (next.next.size > 0) walk(next, element, found);
      }
    }
  }
  set.selected.set(root, found);
  return found;
}

interface ElementIndex {
  readonly all: readonly XmlElement[];
  readonly byName: ReadonlyMap<string, readonly XmlElement[]>;
}

const indexes = new WeakMap<XmlElement, ElementIndex>();

function indexOf(root: XmlElement): ElementIndex {
  let index = indexes.get(root);
  if (!index) {
    const all = descendantsOrSelf(root, []);
    const byName = new Map<string, XmlElement[]>();
    for (const element of all) {
      const named = byName.get(element.name);
      if (named) named.push(element);
      else byName.set(element.name, [element]);
    }
    index = { all, byName };
    indexes.set(root, index);
  }
  return index;
}

/**
 * Every element of the tree, the root first, in document order: read once per tree and shared by
 * every rule that asks (the same array each time, so never to be changed).
 */
export function elementsOf(root: XmlElement): readonly XmlElement[] {
  return indexOf(root).all;
}

/**
 * Every element named `name` (local name, as read) anywhere in the tree, the root included, in
 * document order: from one index per tree shared by every rule, so a rule that looks for one kind
 * of element costs what it finds, not the document's size.
 */
export function elementsNamed(root: XmlElement, name: string): readonly XmlElement[] {
  return indexOf(root).byName.get(name) ?? [];
}

/** Every element of the tree, the root first, in document order: a copy of {@link elementsOf}, the caller's own. */
export function allElements(root: XmlElement): XmlElement[] {
  return [...indexOf(root).all];
}
