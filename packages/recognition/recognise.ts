import { RecognitionError } from './expense-analyzer.js';
import { complete } from './local/embedded.js';
import { enhanceForOcr } from './local/enhance.js';
import { extractInvoiceFields, type OwnHints } from './local/extract-invoice-fields.js';
import { imageKindOf, imageSizeOf, recogniseImage } from './local/ocr.js';
import { looksLikePdf } from './local/pdf.js';
import { type PdfReading, readPages } from './local/read-pages.js';
import { completeReceipt, looksLikeReceipt } from './local/receipt.js';
import type { RecognitionResult } from './model.js';
import { readStructuredInvoice } from './structured/read-structured-invoice.js';

/** A document as it arrived: its bytes, its file name and, when known, its declared type. */
export interface DocumentInput {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly contentType?: string;
}

/** Larger than any invoice or receipt; above it the document is refused before it is read. */
export const maxDocumentBytes = 50 * 1024 * 1024;
/** About a 600 dpi A4 scan; larger images are refused rather than run through OCR for minutes. */
export const maxImagePixels = 40_000_000;

type Kind = 'pdf' | 'xml' | 'image';

/** Own identifiers, and whether OCR may be used (default: yes). */
export interface RecogniseOptions extends OwnHints {
  /**
   * `false` reads only what needs no OCR (XML, a PDF's attached invoice or text layer) and
   * gives `undefined` for a scan or photo, so the caller can send it elsewhere.
   */
  readonly ocr?: boolean;
  /**
   * `true` reads a PDF from its pages alone and ignores any attached structured invoice
   * (Factur-X, ZUGFeRD, XRechnung, UBL), to measure or check what the page itself says.
   */
  readonly pageOnly?: boolean;
  /**
   * The PDF's pages as read before from the same bytes (a single invoice's part from
   * `splitPdf`): they are not read, nor OCR'd, again.
   */
  readonly read?: PdfReading;
}

/**
 * Recognises a document locally, without any cloud service: an XML invoice (UBL, CII) with the
 * structured reader; a PDF by its attached structured invoice (Factur-X, ZUGFeRD, XRechnung),
 * else its text layer, else OCR of each page; a PNG, JPEG or TIFF image with OCR. `hints` name
 * the administration's own identifiers, so its side of the document is not taken for the
 * supplier's.
 *
 * @throws {RecognitionError} `BAD_DOCUMENT` (empty, corrupt, or not what its type says),
 *   `ENCRYPTED_DOCUMENT`, `DOCUMENT_TOO_LARGE`, `UNSUPPORTED_DOCUMENT` (any other format), and
 *   for a PDF past its limits `IMAGE_TOO_LARGE`, `PAGE_TOO_LARGE` or `READ_TIMEOUT`.
 * @throws {StructuredDocumentError} for XML the structured reader refuses, also inside a PDF.
 */
export function recogniseDocument(
  input: DocumentInput,
  hints?: OwnHints & { ocr?: true; pageOnly?: boolean; read?: PdfReading },
): Promise<RecognitionResult>;
export function recogniseDocument(
  input: DocumentInput,
  options: RecogniseOptions,
): Promise<RecognitionResult | undefined>;
export async function recogniseDocument(
  input: DocumentInput,
  options: RecogniseOptions = {},
): Promise<RecognitionResult | undefined> {
  const { bytes } = input;
  if (bytes.length === 0) throw new RecognitionError('BAD_DOCUMENT', `${input.fileName} is empty.`);
  if (bytes.length > maxDocumentBytes) {
    throw new RecognitionError(
      'DOCUMENT_TOO_LARGE',
      `${input.fileName} is ${bytes.length} bytes; documents up to ${maxDocumentBytes} bytes are read.`,
    );
  }
  const { ocr = true, pageOnly = false, read, ...hints } = options;
  switch (kindOf(input)) {
    case 'xml':
      return readStructuredInvoice(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    case 'pdf':
      return recognisePdf(bytes, hints, { ocr, pageOnly, ...(read ? { read } : {}) });
    case 'image':
      return ocr ? recogniseScan(input, hints) : undefined;
    default:
      throw new RecognitionError(
        'UNSUPPORTED_DOCUMENT',
        `${input.fileName} is not a PDF, an XML invoice or a PNG, JPEG or TIFF image.`,
      );
  }
}

async function recognisePdf(
  bytes: Uint8Array,
  hints: OwnHints,
  options: { ocr: boolean; pageOnly: boolean; read?: PdfReading },
): Promise<RecognitionResult | undefined> {
  const reading = await readPages(bytes, {
    embedded: !options.pageOnly,
    ocr: options.ocr,
    ...(options.read ? { known: options.read } : {}),
  });
  const read = extractInvoiceFields(reading.pages, { source: reading.ocr ? 'ocr' : 'pdf-text', hints });
  // A scanned till receipt is read as one; a PDF with a text layer is an invoice's own print.
  const text = reading.ocr ? completeReceipt(read, reading.pages) : read;
  if (reading.embedded) return complete(reading.embedded, text);
  if (reading.unread) return undefined;
  return { ...text, issues: [...reading.issues, ...text.issues] };
}

async function recogniseScan(input: DocumentInput, hints: OwnHints): Promise<RecognitionResult> {
  const size = imageSizeOf(input.bytes);
  if (!size) throw new RecognitionError('BAD_DOCUMENT', `${input.fileName} is not a readable image.`);
  if (size.width * size.height > maxImagePixels) {
    throw new RecognitionError(
      'DOCUMENT_TOO_LARGE',
      `${input.fileName} is ${size.width}×${size.height} pixels; images up to ${maxImagePixels} pixels are read.`,
    );
  }
  const page = await recogniseImage(input.bytes);
  const first = completeReceipt(extractInvoiceFields([page], { source: 'ocr', hints }), [page]);
  if (!looksLikeReceipt(first, [page]) || (first.totals.gross && first.invoiceDate)) return first;
  // Faint till print: read once more enlarged and in full contrast, for what the first pass missed.
  const enhanced = await enhanceForOcr(input.bytes);
  if (!enhanced) return first;
  const again = await recogniseImage(enhanced.image, { scale: enhanced.scale, dpi: 300 * enhanced.scale });
  const second = completeReceipt(extractInvoiceFields([again], { source: 'ocr', hints }), [again]);
  const gross = first.totals.gross ?? second.totals.gross;
  const invoiceDate = first.invoiceDate ?? second.invoiceDate;
  const found = new Set([...(gross ? ['totals.gross'] : []), ...(invoiceDate ? ['invoiceDate'] : [])]);
  return {
    ...first,
    totals: { ...first.totals, ...(gross ? { gross } : {}) },
    ...(invoiceDate ? { invoiceDate } : {}),
    issues: first.issues.filter((issue) => !found.has(issue.field)),
  };
}

const pdfType = /^application\/(?:x-)?pdf\b/i;
const imageType = /^image\/(?:png|jpe?g|tiff?)\b/i;
const xmlType = /^(?:application|text)\/(?:[\w.+-]+\+)?xml\b/i;

/**
 * What the bytes are; the declared type and extension only decide between XML and nothing.
 * Bytes that contradict a declared PDF or image type are a broken document.
 */
function kindOf(input: DocumentInput): Kind | undefined {
  const { bytes, fileName } = input;
  const declared = input.contentType ?? '';
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (looksLikePdf(bytes)) return 'pdf';
  if (imageKindOf(bytes) && imageKindOf(bytes) !== 'pgm') return 'image';
  if (looksLikeXml(bytes) && (xmlType.test(declared) || extension === 'xml' || declared === '')) return 'xml';
  if (pdfType.test(declared) || extension === 'pdf') {
    throw new RecognitionError('BAD_DOCUMENT', `${fileName} is declared a PDF but is not one.`);
  }
  if (imageType.test(declared) || ['png', 'jpg', 'jpeg', 'tif', 'tiff'].includes(extension)) {
    throw new RecognitionError('BAD_DOCUMENT', `${fileName} is declared an image but cannot be read as one.`);
  }
  return looksLikeXml(bytes) ? 'xml' : undefined;
}

function looksLikeXml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 512))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('<') && /^<(?:\?xml|[A-Za-z_][\w.-]*(?::[\w.-]+)?[\s>/])/.test(head);
}
