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

/** Receives what {@link scanXml} reads, in document order. */
export interface XmlScanHandler {
  /** A start tag: its name and its attributes as written (name, value, name, value, …; values undecoded). */
  open(qname: string, attributes: readonly string[]): void;
  /** Character data inside an element as written (undecoded), or the content of a CDATA section. */
  text(value: string, cdata: boolean): void;
  close(): void;
}

/** Names a parser must not turn into object keys (prototype pollution). */
const unsafeNames = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;

/** The end of an ASCII qualified name (`cbc:ID`) starting at `at`, or -1. */
function nameEnd(text: string, at: number): number {
  if (!isNameStart(text.charCodeAt(at))) return -1;
  let i = at + 1;
  while (isNameChar(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 58) return i;
  if (!isNameStart(text.charCodeAt(i + 1))) return -1;
  i += 2;
  while (isNameChar(text.charCodeAt(i))) i++;
  return i;
}

const isUnsafe = (qname: string) => unsafeNames.has(qname.slice(qname.indexOf(':') + 1)) || unsafeNames.has(qname);

/** An ampersand that does not start a reference the strict validator accepts. */
const badAmpersand = /&(?!#x[0-9a-fA-F]*;|#\d*;|\w{1,20};)/;

function onlySpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** The index after a processing instruction at `at` whose end is unambiguous, or -1. */
function instructionEnd(text: string, at: number, beforeRoot: boolean): number {
  const targetEnd = nameEnd(text, at + 2);
  const after = text.charCodeAt(targetEnd);
  if (targetEnd < 0 || (after !== 32 && after !== 63)) return -1;
  // An XML declaration anywhere but at the very start is an error for the strict path to word.
  if (beforeRoot && at > 0 && text.slice(at + 2, targetEnd) === 'xml') return -1;
  const end = text.indexOf('?>', targetEnd);
  if (end < 0) return -1;
  // A quoted value reaching past the first `?>` makes parsers disagree on where it ends.
  for (let i = targetEnd; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      i = text.indexOf(c === 34 ? '"' : "'", i + 1);
      if (i < 0 || i > end) return -1;
    }
  }
  return end + 2;
}

/** Deeper than UBL or CII ever nests, and below the strict parser's own limit. */
const maxScanDepth = 60;

/**
 * One pass over XML of the shape invoices have: ASCII qualified names, quoted attributes, text,
 * CDATA, comments and processing instructions. Returns false as soon as the text is anything else
 * (malformed, unusual names, a second root, text outside the root), and the caller then reads it
 * the strict way; what the handler received is then to be discarded. Declarations are never
 * accepted here.
 */
export function scanXml(text: string, handler: XmlScanHandler): boolean {
  const open: string[] = [];
  const length = text.length;
  let rootSeen = false;
  let i = 0;
  while (i < length) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? length : lt;
    if (end > i) {
      if (open.length > 0) {
        const value = text.slice(i, end);
        if (value.includes('&') && badAmpersand.test(value)) return false;
        handler.text(value, false);
      } else if (!onlySpace(text, i, end)) return false;
    }
    if (lt < 0) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 33) {
      if (text.startsWith('<!--', lt)) {
        const close = text.indexOf('-->', lt + 4);
        if (close < 0) return false;
        i = close + 3;
      } else if (open.length > 0 && text.startsWith('<![CDATA[', lt)) {
        const close = text.indexOf(']]>', lt + 9);
        if (close < 0) return false;
        handler.text(text.slice(lt + 9, close), true);
        i = close + 3;
      } else return false;
    } else if (next === 63) {
      i = instructionEnd(text, lt, !rootSeen);
      if (i < 0) return false;
    } else if (next === 47) {
      const end = nameEnd(text, lt + 2);
      if (end < 0) return false;
      let j = end;
      while (isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== 62 || open.pop() !== text.slice(lt + 2, end)) return false;
      handler.close();
      i = j + 1;
    } else {
      if (rootSeen && open.length === 0) return false;
      const end = nameEnd(text, lt + 1);
      if (end < 0) return false;
      const qname = text.slice(lt + 1, end);
      if (isUnsafe(qname)) return false;
      const attributes: string[] = [];
      let selfClosing = false;
      let j = end;
      for (;;) {
        const c = text.charCodeAt(j);
        if (c === 62) {
          j++;
          break;
        }
        if (c === 47) {
          if (text.charCodeAt(j + 1) !== 62) return false;
          selfClosing = true;
          j += 2;
          break;
        }
        if (!isSpace(c)) return false;
        while (isSpace(text.charCodeAt(j))) j++;
        const d = text.charCodeAt(j);
        if (d === 62 || d === 47) continue;
        const nameStop = nameEnd(text, j);
        if (nameStop < 0) return false;
        const name = text.slice(j, nameStop);
        if (isUnsafe(name)) return false;
        for (let a = 0; a < attributes.length; a += 2) if (attributes[a] === name) return false;
        let k = nameStop;
        while (isSpace(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) !== 61) return false;
        k++;
        while (isSpace(text.charCodeAt(k))) k++;
        const quote = text.charCodeAt(k);
        if (quote !== 34 && quote !== 39) return false;
        const close = text.indexOf(quote === 34 ? '"' : "'", k + 1);
        if (close < 0) return false;
        attributes.push(name, text.slice(k + 1, close));
        j = close + 1;
      }
      rootSeen = true;
      handler.open(qname, attributes);
      if (selfClosing) handler.close();
      else {
        open.push(qname);
        if (open.length > maxScanDepth) return false;
      }
      i = j;
    }
  }
  return rootSeen && open.length === 0;
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
  const text = decodeXml(input, options);
  const builder = new XmlElementBuilder();
  return scanXml(text, builder) && builder.root ? builder.root : parseXmlStrictly(text);
}

/**
 * The text of untrusted XML as {@link parseXml} reads it: refused over `maxBytes` or with a DOCTYPE
 * or ENTITY declaration, decoded by its byte-order mark or declared encoding, without a BOM.
 */
export function decodeXml(input: string | Buffer, options: { maxBytes?: number } = {}): string {
  const text = decode(input, options.maxBytes ?? maxXmlBytes);
  refuseDeclarations(text);
  return text;
}

/**
 * The element tree of decoded XML through the general parser after its well-formedness check: the
 * path for anything {@link scanXml} leaves aside, and the one that words what is wrong.
 */
export function parseXmlStrictly(text: string): XmlElement {
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

interface OpenElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  text: string;
  readonly children: XmlElement[];
}

/**
 * Builds the {@link XmlElement} tree from what {@link scanXml} reports, exactly as the general
 * parser reads the same text: prefixes dropped from element and attribute names, namespace
 * declarations left out, line ends normalised, references decoded.
 */
export class XmlElementBuilder implements XmlScanHandler {
  root: XmlElement | undefined;
  private readonly stack: OpenElement[] = [];

  open(qname: string, attributes: readonly string[]): void {
    const own: Record<string, string> = {};
    for (let i = 0; i < attributes.length; i += 2) {
      const name = attributes[i] as string;
      const colon = name.indexOf(':');
      if (name === 'xmlns' || (colon === 5 && name.startsWith('xmlns'))) continue;
      own[colon < 0 ? name : name.slice(colon + 1)] = decodeReferences(lineEnds(attributes[i + 1] as string));
    }
    const colon = qname.indexOf(':');
    this.stack.push({ name: colon < 0 ? qname : qname.slice(colon + 1), attributes: own, text: '', children: [] });
  }

  text(value: string): void {
    const current = this.stack[this.stack.length - 1];
    if (current) current.text += lineEnds(value);
  }

  close(): void {
    const done = this.stack.pop();
    if (!done) return;
    const raw = decodeReferences(done.text);
    const element: XmlElement = {
      name: done.name,
      attributes: done.attributes,
      text: raw.replace(/\s+/g, ' ').trim(),
      raw,
      children: done.children,
    };
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(element);
    else this.root = element;
  }
}

/** XML normalises every CR LF and lone CR to LF before anything else reads the text. */
const lineEnds = (value: string) => (value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value);

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
