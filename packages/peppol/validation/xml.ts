// The safe parser (no DOCTYPE, no entities, size-limited) is the one structured recognition uses.
export { parseXml, type XmlElement } from '#packages/recognition';

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
