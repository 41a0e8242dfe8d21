import { type RecognitionResult, type RecognitionSource, totalsIssues } from '../model.js';
import { readCii } from './cii.js';
import { StructuredDocumentError } from './errors.js';
import { readUbl } from './ubl.js';
import { FieldReader, type StructuredFields } from './values.js';
import { parseXml, type XmlElement } from './xml.js';

type Syntax = { source: RecognitionSource; read: (root: XmlElement, reader: FieldReader) => StructuredFields };

const syntaxes: Readonly<Record<string, Syntax>> = {
  Invoice: { source: 'ubl', read: readUbl },
  CreditNote: { source: 'ubl', read: readUbl },
  CrossIndustryInvoice: { source: 'cii', read: readCii },
};

/** EN 16931 mandatory header fields a booking proposal cannot do without. */
const mandatory = ['invoiceNumber', 'invoiceDate', 'currency'] as const;

/**
 * Reads a UBL 2.1 Invoice/CreditNote or a UN/CEFACT CII invoice, bare or inside a Peppol SBDH
 * envelope, into the normalised {@link RecognitionResult} (confidence 1 for every value read).
 * Missing mandatory fields and totals that do not add up are reported in `issues`.
 *
 * @throws {StructuredDocumentError} `XML_TOO_LARGE`, `XML_NOT_ALLOWED` (DOCTYPE/ENTITY),
 *   `XML_MALFORMED`, or `NOT_AN_INVOICE` when the root is neither UBL nor CII.
 */
export function readStructuredInvoice(xml: string | Buffer): RecognitionResult {
  const root = unwrapSbdh(parseXml(xml));
  const syntax = syntaxes[root.name];
  if (!syntax) throw new StructuredDocumentError('NOT_AN_INVOICE', `'${root.name}' is not a UBL or CII invoice.`);
  const reader = new FieldReader();
  const fields = syntax.read(root, reader);
  return {
    source: syntax.source,
    ...fields,
    issues: [...reader.issues, ...missingFields(fields), ...totalsIssues(fields)],
  };
}

// Peppol access points deliver the business document inside a StandardBusinessDocument; the
// invoice is the one child that is not the header.
function unwrapSbdh(root: XmlElement): XmlElement {
  if (root.name !== 'StandardBusinessDocument') return root;
  const inner = root.children.find((child) => child.name !== 'StandardBusinessDocumentHeader');
  if (!inner) throw new StructuredDocumentError('NOT_AN_INVOICE', 'The SBDH envelope holds no document.');
  return inner;
}

function missingFields(fields: StructuredFields): RecognitionResult['issues'] {
  const missing: string[] = mandatory.filter((name) => fields[name] === undefined);
  if (fields.supplier.name === undefined) missing.push('supplier.name');
  if (fields.totals.gross === undefined) missing.push('totals.gross');
  return missing.map((field) => ({ field, message: 'missing in the document' }));
}
