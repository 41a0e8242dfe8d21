import type { RecognitionResult } from '../model.js';
import { readEmbeddedInvoice } from './embedded.js';
import type { PageText } from './layout.js';
import { recogniseImage } from './ocr.js';
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

/**
 * Reads a PDF page by page: the text layer where it carries the text, OCR of the rendered page
 * where it does not (unless `ocr` is false). With `embedded`, an attached structured invoice is
 * read first, and then no page is OCR'd, since the XML carries the fields.
 *
 * @throws {RecognitionError} `BAD_DOCUMENT`, `ENCRYPTED_DOCUMENT`, `DOCUMENT_TOO_LARGE`
 *   (see {@link openPdf}).
 * @throws {StructuredDocumentError} when an attached XML is hostile (see {@link readEmbeddedInvoice}).
 */
export async function readPages(
  bytes: Uint8Array,
  options: { embedded?: boolean; ocr?: boolean } = {},
): Promise<PdfReading> {
  return withPdf(bytes, async (document) => {
    const attached = options.embedded ? await readEmbeddedInvoice(document) : { issues: [] };
    const pages: PageText[] = [];
    let ocr = false;
    let unread = false;
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      let text = await readPageText(page);
      const usable = hasUsableText(text);
      if (!usable && options.ocr === false) unread = true;
      if (!usable && options.ocr !== false && !attached.result) {
        const rendered = await renderPage(page, ocrDpi);
        const scanned = await recogniseImage(rendered.image, {
          scale: rendered.scale,
          dpi: ocrDpi,
          pageNumber: number,
        });
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

function characters(page: PageText): number {
  return page.lines.reduce((count, line) => count + line.text.replace(/\s/g, '').length, 0);
}
