import { XMLParser, XMLValidator } from 'fast-xml-parser-v5';
import { StatementFormatError } from './errors.js';

/** An element with its namespace prefix removed. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The element's own text, whitespace runs collapsed to one space and trimmed. */
  readonly text: string;
  readonly children: readonly XmlElement[];
}

/** A year of camt.053 for a busy account fits; beyond that is not a statement we accept. */
export const maxXmlBytes = 64 * 1024 * 1024;

// Entity processing stays off: declared entities are never expanded (XXE, billion laughs); the
// predefined ones and character references are decoded by `decodeReferences` instead.
const parser = new XMLParser({
  preserveOrder: true,
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // camt nests about a dozen levels; much deeper input is an attack on the stack.
  maxNestedTags: 64,
});

/**
 * Parses untrusted XML text into an element tree. Refuses any DOCTYPE or ENTITY declaration,
 * anything not well-formed and anything without exactly one root element.
 */
export function parseXml(text: string): XmlElement {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new StatementFormatError(
      'XML_NOT_ALLOWED',
      'The XML declares a DOCTYPE or entities; statement files never need them and they are refused.',
    );
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line } = validation.err;
    throw new StatementFormatError('XML_MALFORMED', `Not well-formed XML (line ${line}): ${msg}`);
  }
  let ordered: unknown;
  try {
    ordered = parser.parse(text);
  } catch (error) {
    const deep = error instanceof Error && /nest/i.test(error.message);
    throw new StatementFormatError(
      deep ? 'XML_TOO_DEEP' : 'XML_MALFORMED',
      deep ? 'The XML nests elements deeper than any statement does.' : 'The XML could not be parsed.',
      { cause: error },
    );
  }
  const roots = toElements(ordered);
  const [root] = roots;
  if (roots.length !== 1 || !root) {
    throw new StatementFormatError('XML_MALFORMED', `Expected one root element, found ${roots.length}.`);
  }
  return root;
}

/** The encoding named in the XML declaration, when the bytes say one. */
export function declaredXmlEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  return /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']/i.exec(head)?.[1]?.toLowerCase();
}

type OrderedNode = Record<string, unknown>;

function toElements(nodes: unknown): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((node: OrderedNode) => {
    const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text');
    return name ? [toElement(name, node)] : [];
  });
}

function toElement(name: string, node: OrderedNode): XmlElement {
  const content = Array.isArray(node[name]) ? (node[name] as OrderedNode[]) : [];
  const text = content
    .map((part) => part['#text'])
    .filter((part) => typeof part === 'string')
    .join('');
  return {
    name,
    attributes: attributesOf(node[':@']),
    text: decodeReferences(text).replace(/\s+/g, ' ').trim(),
    children: toElements(content),
  };
}

function attributesOf(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null) return {};
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, decodeReferences(String(value))]));
}

const predefined: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and numeric character references; nothing else. */
function decodeReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    if (!ref.startsWith('#')) return predefined[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The direct children named `name`. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((child) => child.name === name) : [];
}

/** The first element reached by following `path` through first matching children. */
export function firstAt(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = element;
  for (const name of path) current = current?.children.find((child) => child.name === name);
  return current;
}

/** The text at `path`, or undefined when absent or empty. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  const text = firstAt(element, ...path)?.text;
  return text ? text : undefined;
}
