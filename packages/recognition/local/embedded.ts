import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { RecognitionResult } from '../model.js';
import { StructuredDocumentError } from '../structured/errors.js';
import { readStructuredInvoice } from '../structured/read-structured-invoice.js';

type Issues = RecognitionResult['issues'];

/** Attachment names the Factur-X, ZUGFeRD and XRechnung specifications give the invoice XML. */
const invoiceAttachmentNames = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml', 'order-x.xml'];

// Refusals about the XML itself (hostile or oversized) hold for the whole PDF; any other
// problem only means this attachment is not the invoice.
const refusals = new Set(['XML_NOT_ALLOWED', 'XML_TOO_LARGE']);

interface Attachment {
  readonly filename: string;
  readonly content: Uint8Array;
}

/**
 * The structured invoice (Factur-X / ZUGFeRD / XRechnung / UBL) attached to a PDF, read with
 * the structured reader, with `source` `'factur-x'`. Attachments with a specification name come
 * first, then any other `.xml` attachment the reader accepts. `undefined` when there is none.
 *
 * @throws {StructuredDocumentError} `XML_NOT_ALLOWED` or `XML_TOO_LARGE` when an attached XML
 *   declares a DOCTYPE or entities or is oversized: the PDF is refused as the XML would be.
 */
export async function readEmbeddedInvoice(
  document: PDFDocumentProxy,
): Promise<{ result?: RecognitionResult; issues: Issues }> {
  const issues: Issues = [];
  const attachments = await attachmentsOf(document);
  const xml = attachments
    .filter((a) => a.filename.toLowerCase().endsWith('.xml'))
    .sort((a, b) => rank(a.filename) - rank(b.filename));
  for (const attachment of xml) {
    try {
      const result = readStructuredInvoice(Buffer.from(attachment.content));
      return { result: { ...result, source: 'factur-x' }, issues };
    } catch (error) {
      if (!(error instanceof StructuredDocumentError)) throw error;
      if (refusals.has(error.code)) throw error;
      if (rank(attachment.filename) === 0) {
        issues.push({ field: 'attachment', message: `${attachment.filename} cannot be read: ${error.message}` });
      }
    }
  }
  return { issues };
}

function rank(filename: string): number {
  return invoiceAttachmentNames.includes(filename.toLowerCase()) ? 0 : 1;
}

async function attachmentsOf(document: PDFDocumentProxy): Promise<Attachment[]> {
  const raw: unknown = await document.getAttachments().catch(() => null);
  if (typeof raw !== 'object' || raw === null) return [];
  return Object.values(raw).flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { filename, content } = entry as { filename?: unknown; content?: unknown };
    return typeof filename === 'string' && content instanceof Uint8Array ? [{ filename, content }] : [];
  });
}

/**
 * Fills what the attached XML leaves out (a Factur-X MINIMUM or BASIC WL profile has no IBAN or
 * due date, for instance) from the PDF's own text, at the text reading's confidence.
 */
export function complete(structured: RecognitionResult, text: RecognitionResult): RecognitionResult {
  const filled: string[] = [];
  const pick = <T>(name: string, own: T | undefined, other: T | undefined): T | undefined => {
    if (own !== undefined || other === undefined) return own;
    filled.push(name);
    return other;
  };
  const supplier = {
    name: pick('supplier.name', structured.supplier.name, text.supplier.name),
    vatNumber: pick('supplier.vatNumber', structured.supplier.vatNumber, text.supplier.vatNumber),
    companyNumber: pick('supplier.companyNumber', structured.supplier.companyNumber, text.supplier.companyNumber),
    iban: pick('supplier.iban', structured.supplier.iban, text.supplier.iban),
    countryCode: pick('supplier.countryCode', structured.supplier.countryCode, text.supplier.countryCode),
  };
  const result: RecognitionResult = {
    ...structured,
    supplier,
    invoiceNumber: pick('invoiceNumber', structured.invoiceNumber, text.invoiceNumber),
    invoiceDate: pick('invoiceDate', structured.invoiceDate, text.invoiceDate),
    dueDate: pick('dueDate', structured.dueDate, text.dueDate),
    currency: pick('currency', structured.currency, text.currency),
    paymentReference: pick('paymentReference', structured.paymentReference, text.paymentReference),
  };
  return {
    ...result,
    issues: structured.issues.filter(
      (issue) => !(filled.includes(issue.field) && issue.message === 'missing in the document'),
    ),
  };
}
