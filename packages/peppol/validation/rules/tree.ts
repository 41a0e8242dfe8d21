import type { InvoiceModel } from '../model.js';
import type { XmlElement } from '../xml.js';

/** An element of the document with the path findings name it by. */
export interface Node {
  readonly element: XmlElement;
  readonly path: string;
  readonly parent?: Node;
}

const step = (element: XmlElement, index: number, count: number) =>
  `${element.children.length > 0 || element.name.endsWith('Party') ? 'cac' : 'cbc'}:${element.name}${count > 1 ? `[${index + 1}]` : ''}`;

const walked = new WeakMap<XmlElement, Node[]>();

/** Every element of the document with its path, the root first, in document order. */
export function nodesOf(model: InvoiceModel): Node[] {
  const tree = model.tree;
  if (!tree) return [];
  const known = walked.get(tree);
  if (known) return known;
  const nodes: Node[] = [];
  const visit = (node: Node) => {
    nodes.push(node);
    const counts = new Map<string, number>();
    for (const child of node.element.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const child of node.element.children) {
      const index = seen.get(child.name) ?? 0;
      seen.set(child.name, index + 1);
      visit({ element: child, path: `${node.path}/${step(child, index, counts.get(child.name) ?? 1)}`, parent: node });
    }
  };
  visit({ element: tree, path: model.path });
  walked.set(tree, nodes);
  return nodes;
}
