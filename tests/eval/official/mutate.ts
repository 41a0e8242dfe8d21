import { XMLBuilder, XMLParser } from 'fast-xml-parser-v5';
import type { Random } from '../../helpers/invoices/index.ts';

/**
 * Seeded mutants of real documents: an element dropped, duplicated, moved or inserted from
 * elsewhere; a value, code, date, amount, identifier or attribute changed. Each mutant is
 * well-formed XML; most stay schema-valid, some do not (as documents from the field).
 */

// The preserve-order tree of fast-xml-parser: one key per node (its tag, or #text / #comment),
// children as an array, attributes under ':@'.
type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const options = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  commentPropName: '#comment',
  suppressEmptyNode: false,
} as const;
const parser = new XMLParser(options);
const builder = new XMLBuilder({ ...options, format: false, suppressEmptyNode: false });

const tagOf = (node: Node) => Object.keys(node).find((k) => k !== ':@') as string;
const isElement = (node: Node) => {
  const tag = tagOf(node);
  return tag !== '#text' && tag !== '#comment' && !tag.startsWith('?');
};
const childrenOf = (node: Node) => node[tagOf(node)] as Node[];
const textOf = (node: Node): string | undefined => {
  const children = childrenOf(node);
  if (children.some(isElement)) return undefined;
  return children.map((c) => (c['#text'] as string | undefined) ?? '').join('');
};

interface Located {
  readonly node: Node;
  readonly parent: Node;
  readonly depth: number;
}

function elements(root: Node): Located[] {
  const out: Located[] = [];
  const walk = (node: Node, depth: number) => {
    for (const child of childrenOf(node)) {
      if (!isElement(child)) continue;
      out.push({ node: child, parent: node, depth });
      walk(child, depth + 1);
    }
  };
  walk(root, 1);
  return out;
}

/** Values seen per element name and per attribute name over the whole corpus: realistic replacements. */
export class ValuePool {
  readonly texts = new Map<string, string[]>();
  readonly attributes = new Map<string, string[]>();
  readonly subtrees: Node[] = [];

  add(xml: string): void {
    const doc = parser.parse(xml) as Node[];
    const root = doc.find(isElement);
    if (!root) return;
    for (const { node, depth } of elements(root)) {
      const tag = tagOf(node);
      const text = textOf(node);
      if (text !== undefined && text.length < 80) push(this.texts, localName(tag), text);
      for (const [name, value] of Object.entries(node[':@'] ?? {})) push(this.attributes, name, value);
      if (depth <= 3 && JSON.stringify(node).length < 2_000) this.subtrees.push(node);
    }
  }
}

function push(map: Map<string, string[]>, key: string, value: string) {
  const list = map.get(key) ?? [];
  if (list.length < 200 && !list.includes(value)) list.push(value);
  map.set(key, list);
}

const localName = (tag: string) => tag.slice(tag.indexOf(':') + 1);

const clone = <T>(value: T): T => structuredClone(value);

function changedAmount(text: string, random: Random): string {
  const value = Number(text);
  const choices = [
    () => (value + random.int(1, 500) / 100).toFixed(2),
    () => (value - random.int(1, 500) / 100).toFixed(2),
    () => (value * 10).toFixed(2),
    () => value.toFixed(3),
    () => value.toFixed(0),
    () => `-${text}`,
    () => '0',
    () => '0.00',
    () => ` ${text} `,
    () => text.replace('.', ','),
    () => `+${text}`,
    () => `${text}0`,
    () => '',
    () => 'NaN',
    () => '1e3',
  ];
  return random.pick(choices)();
}

function changedDate(text: string, random: Random): string {
  const date = new Date(`${text}T00:00:00Z`);
  const shift = (days: number) => new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const choices = [
    () => shift(random.int(1, 400)),
    () => shift(-random.int(1, 400)),
    () => text.replaceAll('-', ''),
    () => '2025-02-30',
    () => `${text}Z`,
    () => `${text}T10:00:00`,
    () => text.split('-').reverse().join('-'),
    () => '',
  ];
  return random.pick(choices)();
}

function changedText(tag: string, text: string, pool: ValuePool, random: Random): string {
  if (/^-?\d+(\.\d+)?$/.test(text.trim()) && text.includes('.')) return changedAmount(text, random);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return changedDate(text, random);
  const seen = pool.texts.get(localName(tag)) ?? [];
  const choices = [
    () => (seen.length > 0 ? random.pick(seen) : text),
    () => (seen.length > 0 ? random.pick(seen) : text),
    () => '',
    () => '   ',
    () => ` ${text} `,
    () => text.toLowerCase(),
    () => `${text}X`,
    () => text.slice(0, Math.max(0, text.length - 1)),
    () => text.replace(/\d/, (d) => String((Number(d) + 1) % 10)),
    () =>
      random.pick(['XX', 'ZZZ', '999', 'S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M', 'NL', 'BE', 'DE', 'EUR', 'USD']),
  ];
  if (/^-?\d+$/.test(text)) choices.push(() => String(Number(text) + random.int(1, 20)));
  return random.pick(choices)();
}

function changedAttribute(name: string, value: string, pool: ValuePool, random: Random): string | undefined {
  const seen = pool.attributes.get(name) ?? [];
  const choices = [
    () => (seen.length > 0 ? random.pick(seen) : value),
    () => (seen.length > 0 ? random.pick(seen) : value),
    () => undefined,
    () => '',
    () => value.toLowerCase(),
    () => `${value}X`,
    () =>
      random.pick(['EUR', 'USD', 'GBP', 'XXX', '0088', '0106', '0190', '0208', '9925', '9944', 'VAT', 'C62', 'H87']),
  ];
  return random.pick(choices)();
}

/** The kinds of change, each picked with the same chance. */
export const mutationKinds = ['drop', 'duplicate', 'move', 'insert', 'text', 'text', 'text', 'attribute'] as const;
export type MutationKind = (typeof mutationKinds)[number];

export interface Mutant {
  readonly xml: string;
  readonly change: string;
}

/**
 * One mutant of `xml`, deterministic from `random`: one to three changes. Undefined when the
 * document offers nothing to change.
 */
export function mutate(xml: string, pool: ValuePool, random: Random): Mutant | undefined {
  const doc = parser.parse(xml) as Node[];
  const root = doc.find(isElement);
  if (!root) return undefined;
  const changes: string[] = [];
  const count = random.pick([1, 1, 1, 2, 3]);
  for (let i = 0; i < count; i++) {
    const all = elements(root);
    if (all.length === 0) break;
    const kind = random.pick(mutationKinds);
    const target = random.pick(all);
    const tag = tagOf(target.node);
    const siblings = childrenOf(target.parent);
    const index = siblings.indexOf(target.node);
    switch (kind) {
      case 'drop':
        siblings.splice(index, 1);
        changes.push(`dropped ${tag}`);
        break;
      case 'duplicate':
        siblings.splice(index + 1, 0, clone(target.node));
        changes.push(`duplicated ${tag}`);
        break;
      case 'move': {
        siblings.splice(index, 1);
        const into = random.pick([target.parent, target.parent, random.pick(all).node]);
        const list = childrenOf(into);
        if (!Array.isArray(list) || textOf(into) !== undefined) {
          siblings.splice(index, 0, target.node);
          break;
        }
        list.splice(random.int(0, list.length), 0, target.node);
        changes.push(`moved ${tag} into ${tagOf(into)}`);
        break;
      }
      case 'insert': {
        if (pool.subtrees.length === 0) break;
        const subtree = clone(random.pick(pool.subtrees));
        const into = textOf(target.node) === undefined ? target.node : target.parent;
        const list = childrenOf(into);
        list.splice(random.int(0, list.length), 0, subtree);
        changes.push(`inserted ${tagOf(subtree)} into ${tagOf(into)}`);
        break;
      }
      case 'text': {
        const leaves = all.filter((l) => textOf(l.node) !== undefined);
        if (leaves.length === 0) break;
        const leaf = random.pick(leaves);
        const leafTag = tagOf(leaf.node);
        const before = textOf(leaf.node) ?? '';
        const after = changedText(leafTag, before, pool, random);
        if (after === before) break;
        (leaf.node as Record<string, unknown>)[leafTag] = after === '' ? [] : [{ '#text': escapeXml(after) }];
        changes.push(`${leafTag} '${before.slice(0, 40)}' → '${after.slice(0, 40)}'`);
        break;
      }
      case 'attribute': {
        const withAttributes = all.filter((l) => Object.keys(l.node[':@'] ?? {}).length > 0);
        if (withAttributes.length === 0) break;
        const owner = random.pick(withAttributes).node;
        const attributes = owner[':@'] as Record<string, string>;
        const name = random.pick(Object.keys(attributes));
        if (name.startsWith('@_xmlns')) break;
        const after = changedAttribute(name, attributes[name] as string, pool, random);
        if (after === undefined) delete attributes[name];
        else attributes[name] = escapeXml(after);
        changes.push(
          `${tagOf(owner)}/${name.slice(2)} '${attributes[name] ?? ''}' ${after === undefined ? 'removed' : ''}`,
        );
        break;
      }
    }
  }
  if (changes.length === 0) return undefined;
  return { xml: builder.build(doc) as string, change: changes.join('; ') };
}

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
