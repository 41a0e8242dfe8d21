import {
  decodeXml,
  parseXmlStrictly,
  scanXml,
  type XmlElement,
  XmlElementBuilder,
  type XmlScanHandler,
} from '#packages/recognition';
import { NamespacedBuilder, type NamespacedElement, parseNamespaced } from './schema/tree.js';

// The safe parser (no DOCTYPE, no entities, size-limited) is the one structured recognition uses.
export { childrenNamed, parseXml, type XmlElement } from '#packages/recognition';

/** A document read once: the element tree the rules read, and the namespace-aware one the structure check reads. */
export interface ParsedDocument {
  readonly root: XmlElement;
  /** The namespace-aware tree; undefined when the text has no single root element. */
  readonly namespaced: () => NamespacedElement | undefined;
}

/**
 * Reads untrusted XML as {@link parseXml} does (same refusals, same errors, same tree), in the same
 * pass building the namespace-aware tree the UBL structure check needs, unless `namespaces` is
 * false. XML outside the shape the one-pass scanner takes goes through the strict parser, and
 * then the namespace-aware tree is read apart, when asked for.
 */
export function parseDocument(input: string | Buffer, options: { namespaces?: boolean } = {}): ParsedDocument {
  const text = decodeXml(input);
  const elements = new XmlElementBuilder();
  const namespaced = options.namespaces === false ? undefined : new NamespacedBuilder();
  const handler: XmlScanHandler = namespaced ? both(elements, namespaced) : elements;
  if (scanXml(text, handler) && elements.root) {
    const root = namespaced?.root;
    return { root: elements.root, namespaced: () => root ?? parseNamespaced(text) };
  }
  const root = parseXmlStrictly(text);
  return { root, namespaced: () => parseNamespaced(text) };
}

function both(first: XmlScanHandler, second: XmlScanHandler): XmlScanHandler {
  return {
    open(qname, attributes) {
      first.open(qname, attributes);
      second.open(qname, attributes);
    },
    text(value, cdata) {
      first.text(value, cdata);
      second.text(value, cdata);
    },
    close() {
      first.close();
      second.close();
    },
  };
}

/** Deeper than any UBL or CII invoice nests; far below what would exhaust the stack. */
export const maxDepth = 48;
/** Longer than any honest start tag with its attributes. */
export const maxStartTagBytes = 16 * 1024;

/**
 * One linear pass over the markup, before any parser sees it, for what a hostile sender uses:
 * DOCTYPE and ENTITY declarations (external entities, entity expansion), elements nested
 * thousands deep, and start tags swollen with huge attributes. Comments, CDATA and processing
 * instructions are stepped over.
 */
export function findHostileMarkup(xml: string): { reason: string } | undefined {
  let depth = 0;
  let i = xml.indexOf('<');
  while (i >= 0 && i < xml.length) {
    const next = xml[i + 1];
    if (next === '!') {
      if (xml.startsWith('<!--', i)) {
        i = skipTo(xml, i, '-->');
      } else if (xml.startsWith('<![CDATA[', i)) {
        i = skipTo(xml, i, ']]>');
      } else {
        return { reason: 'DOCTYPE and ENTITY declarations are not allowed in an invoice.' };
      }
    } else if (next === '?') {
      i = skipTo(xml, i, '?>');
    } else if (next === '/') {
      depth--;
      i = skipTo(xml, i, '>');
    } else {
      const end = xml.indexOf('>', i);
      const tagEnd = end < 0 ? xml.length : end;
      if (tagEnd - i > maxStartTagBytes) {
        return { reason: `A start tag is longer than ${maxStartTagBytes} bytes.` };
      }
      if (xml[tagEnd - 1] !== '/') depth++;
      if (depth > maxDepth) return { reason: `Elements are nested deeper than ${maxDepth} levels.` };
      i = tagEnd;
    }
    if (i < 0) return undefined;
    i = xml.indexOf('<', i);
  }
  return undefined;
}

function skipTo(xml: string, from: number, marker: string): number {
  const at = xml.indexOf(marker, from);
  return at < 0 ? -1 : at + marker.length;
}
