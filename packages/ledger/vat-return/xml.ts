/**
 * A small XML writer for the fixed-shape VAT files: every name is a literal of this package,
 * every text and attribute value passes through {@link escapeXml}, so no input can change the
 * structure of the document.
 */

export type XmlAttributes = Readonly<Record<string, string | number | undefined>>;

export interface XmlElement {
  readonly name: string;
  readonly attributes?: XmlAttributes;
  /** Text content, or child elements; `undefined` children are left out. */
  readonly content?: string | number | readonly (XmlElement | undefined)[];
}

// Characters XML 1.0 does not allow at all (C0 controls other than tab, newline, return).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Escapes text for element content and double-quoted attributes; refuses characters XML cannot carry. */
export function escapeXml(value: string): string {
  if (forbidden.test(value)) throw new RangeError('Text contains a control character that XML cannot carry.');
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function el(
  name: string,
  attributes?: XmlAttributes,
  content?: string | number | readonly (XmlElement | undefined)[],
): XmlElement {
  return { name, ...(attributes ? { attributes } : {}), ...(content !== undefined ? { content } : {}) };
}

function render(element: XmlElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
  const content = element.content;
  if (content === undefined || (Array.isArray(content) && content.every((child) => child === undefined))) {
    out.push(`${indent}<${element.name}${attributes}/>`);
  } else if (typeof content === 'string' || typeof content === 'number') {
    out.push(`${indent}<${element.name}${attributes}>${escapeXml(String(content))}</${element.name}>`);
  } else {
    out.push(`${indent}<${element.name}${attributes}>`);
    for (const child of content as readonly (XmlElement | undefined)[]) {
      if (child) render(child, depth + 1, out);
    }
    out.push(`${indent}</${element.name}>`);
  }
}

/** The document: XML declaration, the root element indented by two spaces, a final newline. */
export function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, 0, out);
  return `${out.join('\n')}\n`;
}
