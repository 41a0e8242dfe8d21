import { XMLParser, XMLValidator } from 'fast-xml-parser-v5';
import { StructuredDocumentError } from './errors.js';

/** An element with its namespace prefix removed, so `cbc:ID` and `ID` read the same. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The element's own text, whitespace runs collapsed to one space and trimmed. */
  readonly text: string;
  /** The element's own text as written (references decoded, whitespace kept), as XPath compares it. */
  readonly raw: string;
  readonly children: readonly XmlElement[];
}

/** Larger than any invoice with an embedded PDF we expect, small enough to parse in one Lambda. */
export const maxXmlBytes = 10 * 1024 * 1024;

// Entity processing stays off: declared entities are never expanded (XXE, billion laughs), and
// the predefined ones and character references are decoded by `decodeReferences` instead.
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
  // UBL and CII nest about a dozen levels; deeper input is an attack on the stack, not an invoice.
  maxNestedTags: 64,
});

/**
 * Parses untrusted XML into an element tree. Refuses, with a {@link StructuredDocumentError},
 * input over `maxBytes` (default {@link maxXmlBytes}), any DOCTYPE or ENTITY declaration, and anything not
 * well-formed or without exactly one root element.
 */
export function parseXml(input: string | Buffer, options: { maxBytes?: number } = {}): XmlElement {
  const text = decode(input, options.maxBytes ?? maxXmlBytes);
  refuseDeclarations(text);
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line } = validation.err;
    throw new StructuredDocumentError('XML_MALFORMED', `Not well-formed XML (line ${line}): ${msg}`);
  }
  const roots = toElements(parseOrdered(text));
  const [root] = roots;
  if (roots.length !== 1 || !root) {
    throw new StructuredDocumentError('XML_MALFORMED', `Expected one root element, found ${roots.length}.`);
  }
  return root;
}

function parseOrdered(text: string): unknown {
  try {
    return parser.parse(text);
  } catch (error) {
    throw new StructuredDocumentError('XML_MALFORMED', 'The XML could not be parsed.', { cause: error });
  }
}

function decode(input: string | Buffer, maxBytes: number): string {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (bytes > maxBytes) {
    throw new StructuredDocumentError('XML_TOO_LARGE', `The XML is ${bytes} bytes; the limit is ${maxBytes}.`);
  }
  const text = typeof input === 'string' ? input : new TextDecoder(encodingOf(input)).decode(input);
  return text.replace(/^\uFEFF/, '');
}

/** The encoding from the byte-order mark, else from the XML declaration, else UTF-8. */
function encodingOf(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'));
  const name = declared?.[1]?.toLowerCase();
  return name === 'iso-8859-1' || name === 'latin1' || name === 'windows-1252' ? 'windows-1252' : 'utf-8';
}

// Invoices never need a DTD; refusing any declaration outright is simpler and safer than
// trusting a parser to ignore one.
function refuseDeclarations(text: string): void {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new StructuredDocumentError(
      'XML_NOT_ALLOWED',
      'The XML declares a DOCTYPE or entities, which are not accepted.',
    );
  }
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
  const raw = decodeReferences(text);
  return {
    name,
    attributes: attributesOf(node[':@']),
    text: raw.replace(/\s+/g, ' ').trim(),
    raw,
    children: toElements(content),
  };
}

function attributesOf(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null) return {};
  const entries = Object.entries(raw).map(([key, value]) => [key, decodeReferences(String(value))] as const);
  return Object.fromEntries(entries);
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

/** The text at `path` with whitespace collapsed, or undefined when absent or empty. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  const text = firstAt(element, ...path)?.text;
  return text ? text : undefined;
}

/** The first non-empty text at `path` across several repeated elements. */
export function firstText(elements: readonly XmlElement[], ...path: string[]): string | undefined {
  for (const element of elements) {
    const text = textAt(element, ...path);
    if (text !== undefined) return text;
  }
  return undefined;
}
