import {
  childrenNamed,
  firstAt,
  parseXml as parseSafeXml,
  StructuredDocumentError,
  textAt,
  type XmlElement,
} from '#packages/recognition';
import { StatementFormatError } from './errors.js';

export { childrenNamed, firstAt, textAt, type XmlElement };

/** A year of camt.053 for a busy account fits; beyond that is not a statement we accept. */
export const maxXmlBytes = 64 * 1024 * 1024;

/**
 * Parses untrusted statement XML with the project's safe parser (no DOCTYPE or entities, well
 * formed, one root, nesting bounded) and its refusals as statement-file errors.
 */
export function parseXml(text: string): XmlElement {
  try {
    return parseSafeXml(text, { maxBytes: maxXmlBytes });
  } catch (error) {
    if (!(error instanceof StructuredDocumentError)) throw error;
    const deep = /nest/i.test(String((error.cause as Error | undefined)?.message ?? ''));
    const code = error.code === 'XML_NOT_ALLOWED' ? 'XML_NOT_ALLOWED' : deep ? 'XML_TOO_DEEP' : 'XML_MALFORMED';
    const message =
      code === 'XML_NOT_ALLOWED'
        ? 'The XML declares a DOCTYPE or entities; statement files never need them and they are refused.'
        : code === 'XML_TOO_DEEP'
          ? 'The XML nests elements deeper than any statement does.'
          : error.message;
    throw new StatementFormatError(code, message, { cause: error });
  }
}

/** The encoding named in the XML declaration, when the bytes say one. */
export function declaredXmlEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  return /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']/i.exec(head)?.[1]?.toLowerCase();
}
