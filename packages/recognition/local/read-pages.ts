import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { RecognitionError } from '../expense-analyzer.js';
import type { RecognitionResult } from '../model.js';
import { readEmbeddedInvoice } from './embedded.js';
import type { PageText } from './layout.js';
import { pdfLimits, withinTime } from './limits.js';
import { closeOcr, recogniseImage } from './ocr.js';
import { hasUsableText, readPageText, renderPage, withPdf } from './pdf.js';

/**
 * Scanned pages are rendered at this resolution for OCR: small print (7 pt footers) stays
 * legible, and Tesseract's time depends on the amount of text far more than on the pixels.
 */
export const ocrDpi = 300;

/** What a PDF holds: positioned text per page, and the structured invoice attached to it. */
export interface PdfReading {
  readonly pages: PageText[];
  /** Whether any page was read with OCR. */
  readonly ocr: boolean;
  /** Whether a page without a usable text layer was left unread because OCR was off. */
  readonly unread: boolean;
  readonly embedded?: RecognitionResult;
  readonly issues: RecognitionResult['issues'];
}

export interface ReadPagesOptions {
  /** Read an attached structured invoice first (and then OCR no page). */
  readonly embedded?: boolean;
  /** `false` leaves pages without a usable text layer unread instead of OCR'ing them. */
  readonly ocr?: boolean;
  /** The pages as read before (while splitting, say), which are not read again. */
  readonly known?: PdfReading;
}

/**
 * Reads a PDF page by page: the text layer where it carries the text, OCR of the rendered page
 * where it does not (unless `ocr` is false). With `embedded`, an attached structured invoice is
 * read first, and then no page is OCR'd, since the XML carries the fields. Pages `known` from an
 * earlier reading of the same bytes are taken as they are. Each page's text, render and OCR, and
 * the whole document, are held to {@link pdfLimits}.
 *
 * @throws {RecognitionError} `BAD_DOCUMENT`, `ENCRYPTED_DOCUMENT`, `DOCUMENT_TOO_LARGE`,
 *   `IMAGE_TOO_LARGE` (see {@link openPdf}), `PAGE_TOO_LARGE` (see {@link renderPage}),
 *   `READ_TIMEOUT`.
 * @throws {StructuredDocumentError} when an attached XML is hostile (see {@link readEmbeddedInvoice}).
 */
export async function readPages(bytes: Uint8Array, options: ReadPagesOptions = {}): Promise<PdfReading> {
  const deadline = Date.now() + pdfLimits.documentMs;
  const within = <T>(work: Promise<T>, ms: number, what: string, onLate?: () => unknown) =>
    withinTime(work, Math.min(ms, deadline - Date.now()), what, onLate);
  return withPdf(bytes, async (document) => {
    const attached = options.embedded ? await readEmbeddedInvoice(document) : { issues: [] };
    const known = options.known?.pages.length === document.numPages ? options.known : undefined;
    const pages: PageText[] = [];
    let ocr = known?.ocr ?? false;
    let unread = known?.unread ?? false;
    for (let number = 1; number <= document.numPages; number++) {
      const before = known?.pages[number - 1];
      if (before) {
        pages.push(before);
        continue;
      }
      const page = await within(pageOf(document, number), pdfLimits.pageMs, `Opening page ${number}`);
      let text = await within(readPageText(page), pdfLimits.pageMs, `Reading the text of page ${number}`);
      const usable = hasUsableText(text);
      if (!usable && options.ocr === false) unread = true;
      if (!usable && options.ocr !== false && !attached.result) {
        const rendered = await within(renderPage(page, ocrDpi), pdfLimits.pageMs, `Rendering page ${number}`);
        const scanned = await within(
          recogniseImage(rendered.image, { scale: rendered.scale, dpi: rendered.dpi, pageNumber: number }),
          pdfLimits.ocrPageMs,
          `OCR of page ${number}`,
          // The worker may be stuck on the page; the next page starts a fresh one.
          closeOcr,
        );
        if (characters(scanned) > characters(text)) {
          text = scanned;
          ocr = true;
        }
      }
      page.cleanup();
      pages.push(text);
    }
    return { pages, ocr, unread, ...(attached.result ? { embedded: attached.result } : {}), issues: attached.issues };
  });
}

async function pageOf(document: PDFDocumentProxy, number: number): Promise<PDFPageProxy> {
  try {
    return await document.getPage(number);
  } catch (error) {
    throw new RecognitionError('BAD_DOCUMENT', `Page ${number} of the PDF cannot be found.`, { cause: error });
  }
}

function characters(page: PageText): number {
  return page.lines.reduce((count, line) => count + line.text.replace(/\s/g, '').length, 0);
}
