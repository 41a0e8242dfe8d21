import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, type PDFObject, PDFStream } from 'pdf-lib';
import { RecognitionError } from '../expense-analyzer.js';

/**
 * What the local engine spends on one PDF at most. A file past any of them is refused with a
 * reason rather than read: a small PDF can declare an image or a page whose pixels would fill
 * gigabytes, or a page tree that never ends.
 */
export const pdfLimits = {
  /** More pages than an invoice (or a small batch of them) has. */
  pages: 50,
  /** Pixels of one image in the PDF: about a 600 dpi A4 scan. */
  imagePixels: 40_000_000,
  /** Pixels of one page rendered for OCR: an A3 page at 300 dpi, with room to spare. */
  renderPixels: 25_000_000,
  /** A page larger than fits {@link pdfLimits.renderPixels} is rendered coarser, down to this. */
  minimumRenderDpi: 150,
  /** Reading one page's text layer, and rendering one page. */
  pageMs: 10_000,
  /** Reading one rendered page with OCR. */
  ocrPageMs: 30_000,
  /** The whole document, OCR included: well inside the recognition function's 120 s. */
  documentMs: 90_000,
} as const;

const name = (value: string) => PDFName.of(value);

/**
 * Checks a PDF's structure before any page is read: the page count it declares and the one its
 * page tree holds, a page tree that loops back on itself, and the size of every image in it.
 * Images are checked by their declared size, before anything is decoded. A file that pdf-lib
 * cannot parse passes: pdfjs, which is more lenient, decides, under its own limits.
 *
 * @throws {RecognitionError} `DOCUMENT_TOO_LARGE` above {@link pdfLimits.pages} pages,
 *   `BAD_DOCUMENT` for a looping page tree, `IMAGE_TOO_LARGE` above {@link pdfLimits.imagePixels}.
 */
export async function inspectPdf(bytes: Uint8Array): Promise<void> {
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    return;
  }
  try {
    checkPageTree(pdf);
    checkImages(pdf);
  } catch (error) {
    // What pdf-lib parsed but cannot make sense of (no catalog, say) is left to pdfjs too.
    if (error instanceof RecognitionError) throw error;
  }
}

function numberOf(pdf: PDFDocument, value: PDFObject | undefined): number | undefined {
  const resolved = value ? pdf.context.lookup(value) : undefined;
  return resolved instanceof PDFNumber ? resolved.asNumber() : undefined;
}

function checkPageTree(pdf: PDFDocument): void {
  const root = pdf.catalog.get(name('Pages'));
  const rootNode = root ? pdf.context.lookup(root) : undefined;
  const declared = rootNode instanceof PDFDict ? (numberOf(pdf, rootNode.get(name('Count'))) ?? 0) : 0;
  if (declared > pdfLimits.pages) {
    throw new RecognitionError(
      'DOCUMENT_TOO_LARGE',
      `The PDF declares ${declared} pages; at most ${pdfLimits.pages} are read.`,
    );
  }
  const seen = new Set<PDFObject>();
  const stack: PDFObject[] = root ? [root] : [];
  let pages = 0;
  for (let next = stack.pop(); next; next = stack.pop()) {
    const node = pdf.context.lookup(next);
    if (!(node instanceof PDFDict)) continue;
    if (seen.has(node)) throw new RecognitionError('BAD_DOCUMENT', 'The page tree of the PDF loops back on itself.');
    seen.add(node);
    const kids = pdf.context.lookup(node.get(name('Kids')) ?? PDFNumber.of(0));
    if (kids instanceof PDFArray) {
      stack.push(...kids.asArray());
    } else if (++pages > pdfLimits.pages) {
      throw new RecognitionError(
        'DOCUMENT_TOO_LARGE',
        `The PDF has more than ${pdfLimits.pages} pages; at most ${pdfLimits.pages} are read.`,
      );
    }
  }
}

function checkImages(pdf: PDFDocument): void {
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFStream) || object.dict.get(name('Subtype')) !== name('Image')) continue;
    const width = numberOf(pdf, object.dict.get(name('Width'))) ?? 0;
    const height = numberOf(pdf, object.dict.get(name('Height'))) ?? 0;
    if (width * height > pdfLimits.imagePixels) {
      throw new RecognitionError(
        'IMAGE_TOO_LARGE',
        `The PDF holds an image of ${width}×${height} pixels; images up to ${pdfLimits.imagePixels} pixels are read.`,
      );
    }
  }
}

/**
 * `work`, or a `READ_TIMEOUT` refusal once `ms` have passed (after `onLate`, which stops what
 * is still running). The abandoned work's own failure is ignored.
 */
export async function withinTime<T>(work: Promise<T>, ms: number, what: string, onLate?: () => unknown): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        Promise.resolve(onLate?.()).catch(() => undefined);
        reject(new RecognitionError('READ_TIMEOUT', `${what} took longer than ${Math.round(ms / 100) / 10} s.`));
      },
      Math.max(0, ms),
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
