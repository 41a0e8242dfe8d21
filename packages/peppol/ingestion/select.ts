import { parseXml, type XmlElement } from '#packages/recognition';
import { escapeXml } from '../responses/xml.js';
import { parseSbdh } from './sbdh.js';

/**
 * Picks the element to validate out of an XML file, for `peppol validate --select`. Supported
 * paths (namespace prefixes ignored, names compared by local name):
 * `//*[local-name()='Invoice']` and `//Invoice` (the first element of that name anywhere), and
 * `/StandardBusinessDocument/Invoice` (a child path from the root). Without a path an SBDH is
 * unwrapped to the document it carries and anything else is taken whole. Returns the element
 * as XML text, or undefined when the path finds nothing.
 *
 * @throws {Error} for a path of another form.
 */
export function selectForValidation(xml: string, select?: string): string | undefined {
  if (!select)
    return /^\s*(<\?[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<(\w+:)?StandardBusinessDocument\b/.test(xml)
      ? parseSbdh(xml).document
      : xml;
  const root = parseXml(xml);
  const anywhere =
    /^\/\/\*\[local-name\(\)\s*=\s*['"]([\w.-]+)['"]\]$/.exec(select) ?? /^\/\/(?:[\w.-]+:)?([\w.-]+)$/.exec(select);
  if (anywhere) {
    const found = find(root, anywhere[1] as string);
    return found && serialise(found);
  }
  if (/^(\/(?:[\w.-]+:)?[\w.-]+)+$/.test(select)) {
    const [first, ...rest] = select
      .split('/')
      .slice(1)
      .map((step) => step.replace(/^[\w.-]+:/, ''));
    if (first !== root.name) return undefined;
    const found = rest.reduce<XmlElement | undefined>((at, name) => at?.children.find((c) => c.name === name), root);
    return found && serialise(found);
  }
  throw new Error(`--select supports //*[local-name()='Name'], //Name and /Root/Child paths, not ${select}`);
}

function find(element: XmlElement, name: string): XmlElement | undefined {
  if (element.name === name) return element;
  for (const child of element.children) {
    const found = find(child, name);
    if (found) return found;
  }
  return undefined;
}

/** The element tree as XML again (no prefixes: the validator compares local names only). */
function serialise(element: XmlElement): string {
  const attributes = Object.entries(element.attributes)
    .filter(([name]) => !name.startsWith('xmlns'))
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const inner = `${escapeXml(element.text)}${element.children.map(serialise).join('')}`;
  return `<${element.name}${attributes}>${inner}</${element.name}>`;
}
