import { parseXml } from '#packages/recognition';
import { type NamespacedElement, parseNamespaced } from '../validation/schema/tree.js';
import { parseSbdh } from './sbdh.js';

/**
 * Picks the element to validate out of an XML file, for `peppol validate --select`. Supported
 * paths (namespace prefixes ignored, names compared by local name):
 * `//*[local-name()='Invoice']` and `//Invoice` (the first element of that name anywhere), and
 * `/StandardBusinessDocument/Invoice` (a child path from the root). Without a path an SBDH is
 * unwrapped to the document it carries and anything else is taken whole. Returns the element
 * as XML text, as written and with the namespace declarations it relies on (the UBL structure
 * check needs them), or undefined when the path finds nothing.
 *
 * @throws {Error} for a path of another form.
 */
export function selectForValidation(xml: string, select?: string): string | undefined {
  if (!select)
    return /^\s*(<\?[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<(\w+:)?StandardBusinessDocument\b/.test(xml)
      ? parseSbdh(xml).document
      : xml;
  // The safe parser refuses what is hostile or not well-formed; the namespaced reader keeps prefixes.
  parseXml(xml);
  const root = parseNamespaced(xml);
  if (!root) return undefined;
  const anywhere =
    /^\/\/\*\[local-name\(\)\s*=\s*['"]([\w.-]+)['"]\]$/.exec(select) ?? /^\/\/(?:[\w.-]+:)?([\w.-]+)$/.exec(select);
  if (anywhere) {
    const found = find(root, anywhere[1] as string, {});
    return found && serialise(found.element, found.scope);
  }
  if (/^(\/(?:[\w.-]+:)?[\w.-]+)+$/.test(select)) {
    const [first, ...rest] = select
      .split('/')
      .slice(1)
      .map((step) => step.replace(/^[\w.-]+:/, ''));
    if (first !== root.local) return undefined;
    let found: { element: NamespacedElement; scope: Declarations } | undefined = {
      element: root,
      scope: declarationsOf(root),
    };
    for (const name of rest) {
      const child: NamespacedElement | undefined = found?.element.children.find((c) => c.local === name);
      found = child && { element: child, scope: { ...found?.scope, ...declarationsOf(child) } };
    }
    return found && serialise(found.element, found.scope);
  }
  throw new Error(`--select supports //*[local-name()='Name'], //Name and /Root/Child paths, not ${select}`);
}

type Declarations = Readonly<Record<string, string>>;

const declarationsOf = (element: NamespacedElement): Declarations =>
  Object.fromEntries(
    Object.entries(element.attributes).filter(([name]) => name === 'xmlns' || name.startsWith('xmlns:')),
  );

/** The first element named `name` (local name) anywhere, with the namespace declarations in scope there. */
function find(
  element: NamespacedElement,
  name: string,
  outer: Declarations,
): { element: NamespacedElement; scope: Declarations } | undefined {
  const scope = { ...outer, ...declarationsOf(element) };
  if (element.local === name) return { element, scope };
  for (const child of element.children) {
    const found = find(child, name, scope);
    if (found) return found;
  }
  return undefined;
}

/** The element as XML again, as written, declaring on it every namespace in scope. */
function serialise(element: NamespacedElement, scope: Declarations = {}): string {
  const attributes = Object.entries({ ...scope, ...element.attributes })
    .map(([name, value]) => ` ${name}="${value.replace(/"/g, '&quot;')}"`)
    .join('');
  return `<${element.qname}${attributes}>${element.text}${element.children.map((c) => serialise(c)).join('')}</${element.qname}>`;
}
