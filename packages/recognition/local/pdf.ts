import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { RecognitionError } from '../expense-analyzer.js';
import { buildLines, type PageText, type TextFragment } from './layout.js';
import { inspectPdf, pdfLimits } from './limits.js';

/** More pages than an invoice (or a small batch of them) has; above it the document is refused. */
export const maxPdfPages = pdfLimits.pages;

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<Pdfjs> | undefined;

/**
 * pdfjs, loaded on first use so that it can run bundled and without the canvas addon (on AWS
 * only text is read): its in-process worker is handed over instead of being looked up as a
 * file next to the module, and DOMMatrix, which it needs at load, comes from the canvas addon
 * where one is installed and else from a plain JavaScript implementation.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= (async () => {
    const scope = globalThis as { DOMMatrix?: unknown; pdfjsWorker?: unknown };
    if (!scope.DOMMatrix) {
      const canvas = await import('@napi-rs/canvas').catch(() => undefined);
      scope.DOMMatrix = canvas?.DOMMatrix ?? (await import('@thednp/dommatrix')).default;
    }
    scope.pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}

let resourceFolders: Record<string, string> | undefined;
/**
 * pdfjs reads its font metrics, CMaps and colour profiles itself in Node; given as folder paths
 * they never reach for the network. In a bundle without the package (on AWS, where only text is
 * extracted) there are none, and pdfjs goes on without them.
 */
function resources(): Record<string, string> {
  if (resourceFolders) return resourceFolders;
  try {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    resourceFolders = {
      standardFontDataUrl: `${join(root, 'standard_fonts')}/`,
      cMapUrl: `${join(root, 'cmaps')}/`,
      wasmUrl: `${join(root, 'wasm')}/`,
      iccUrl: `${join(root, 'iccs')}/`,
    };
  } catch {
    resourceFolders = {};
  }
  return resourceFolders;
}

/** True when the bytes start like a PDF (the header may follow up to 1 KiB of junk). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/**
 * Opens a PDF with pdfjs, once its structure passed {@link inspectPdf}. The bytes are copied,
 * because pdfjs takes ownership of its buffer.
 *
 * @throws {RecognitionError} `BAD_DOCUMENT` when it is not a readable PDF, `ENCRYPTED_DOCUMENT`
 *   when it needs a password, `DOCUMENT_TOO_LARGE` above {@link maxPdfPages} pages,
 *   `IMAGE_TOO_LARGE` for an image above {@link pdfLimits.imagePixels} pixels.
 */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  if (!looksLikePdf(bytes)) throw new RecognitionError('BAD_DOCUMENT', 'The file is not a PDF (no %PDF header).');
  await inspectPdf(bytes);
  const { getDocument, VerbosityLevel } = await loadPdfjs();
  const task = getDocument({
    data: new Uint8Array(bytes),
    ...resources(),
    // Also where an image escaped the inspection (an inline image, a size given indirectly):
    // pdfjs leaves it out rather than decode it.
    maxImageSize: pdfLimits.imagePixels,
    isEvalSupported: false,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  let document: PDFDocumentProxy;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw openError(error);
  }
  if (document.numPages > maxPdfPages) {
    await document.destroy();
    throw new RecognitionError(
      'DOCUMENT_TOO_LARGE',
      `The PDF has ${document.numPages} pages; at most ${maxPdfPages} are read.`,
    );
  }
  return document;
}

function openError(error: unknown): RecognitionError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new RecognitionError('ENCRYPTED_DOCUMENT', 'The PDF is protected with a password and cannot be read.', {
      cause: error,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new RecognitionError('BAD_DOCUMENT', `The PDF cannot be read: ${detail}`, { cause: error });
}

/** Runs `read` on an opened PDF and always releases it. */
export async function withPdf<T>(bytes: Uint8Array, read: (document: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const document = await openPdf(bytes);
  try {
    return await read(document);
  } finally {
    await document.destroy();
  }
}

/** The text layer of one page as positioned lines, in PDF points from the top left. */
export async function readPageText(page: PDFPageProxy): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  let items: Awaited<ReturnType<PDFPageProxy['getTextContent']>>['items'];
  try {
    items = (await page.getTextContent()).items;
  } catch (error) {
    throw new RecognitionError('BAD_DOCUMENT', `Page ${page.pageNumber} of the PDF cannot be read.`, {
      cause: error,
    });
  }
  const { Util } = await loadPdfjs();
  const fragments: TextFragment[] = [];
  for (const item of items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, baseline = 0] = Util.transform(viewport.transform, item.transform);
    const height = Math.hypot(c, d) || Math.hypot(a, b);
    // Text rotated away from the reading direction is a stamp or a margin note, not a field.
    if (Math.abs(b) > Math.abs(a) * 0.2) continue;
    fragments.push({ text: item.str, x, baseline, width: item.width, height, confidence: 1 });
  }
  return { pageNumber: page.pageNumber, width: viewport.width, height: viewport.height, lines: buildLines(fragments) };
}

/**
 * Whether a page's text layer carries the document (rather than being empty, a lone header
 * over a scanned image, or glyph codes without a Unicode mapping).
 */
export function hasUsableText(page: PageText): boolean {
  const text = page.lines.map((line) => line.text).join(' ');
  const readable = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  const odd = text.match(/[\p{Co}\p{Cc}\ufffd]/gu)?.length ?? 0;
  return readable >= 25 && odd < readable * 0.1;
}

type RenderCanvas = Parameters<PDFPageProxy['render']>[0]['canvas'];

/** A page rendered for OCR: a grayscale PGM image, the pixels per PDF point and its dpi. */
export interface RenderedPage {
  readonly image: Uint8Array;
  readonly scale: number;
  readonly dpi: number;
}

/**
 * The resolution a page is rendered at: `dpi`, or coarser for a page so large that it would
 * exceed {@link pdfLimits.renderPixels}, down to {@link pdfLimits.minimumRenderDpi}.
 *
 * @throws {RecognitionError} `PAGE_TOO_LARGE` when even that is too many pixels.
 */
export function renderDpi(page: { width: number; height: number; pageNumber: number }, dpi: number): number {
  const pixelsAt = (resolution: number) => (page.width * resolution * page.height * resolution) / 72 ** 2;
  if (pixelsAt(dpi) <= pdfLimits.renderPixels) return dpi;
  const fitting = Math.floor(dpi * Math.sqrt(pdfLimits.renderPixels / pixelsAt(dpi)));
  if (fitting >= pdfLimits.minimumRenderDpi) return fitting;
  const inches = (points: number) => Math.round(points / 72);
  throw new RecognitionError(
    'PAGE_TOO_LARGE',
    `Page ${page.pageNumber} of the PDF is ${inches(page.width)}×${inches(page.height)} inches; too large to render for OCR.`,
  );
}

/**
 * Renders a page to a grayscale image at `dpi` (coarser for an oversized page, see
 * {@link renderDpi}), with @napi-rs/canvas (loaded only here, so the text path works where it
 * is not installed).
 *
 * @throws {RecognitionError} `PAGE_TOO_LARGE`, `BAD_DOCUMENT` when the page cannot be rendered.
 */
export async function renderPage(page: PDFPageProxy, dpi: number): Promise<RenderedPage> {
  const natural = page.getViewport({ scale: 1 });
  const resolution = renderDpi({ width: natural.width, height: natural.height, pageNumber: page.pageNumber }, dpi);
  const canvasModule = await import('@napi-rs/canvas').catch((error: unknown) => {
    throw new RecognitionError('ANALYSIS_FAILED', 'Scanned PDF pages need @napi-rs/canvas to be rendered.', {
      cause: error,
    });
  });
  const scale = resolution / 72;
  const viewport = page.getViewport({ scale });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const canvas = canvasModule.createCanvas(width, height);
  const context = canvas.getContext('2d');
  try {
    await page.render({ canvas: canvas as unknown as RenderCanvas, viewport }).promise;
  } catch (error) {
    throw new RecognitionError('BAD_DOCUMENT', `Page ${page.pageNumber} of the PDF cannot be rendered.`, {
      cause: error,
    });
  }
  const { data } = context.getImageData(0, 0, width, height);
  return { image: toPgm(data, width, height), scale, dpi: resolution };
}

/** RGBA pixels as a binary PGM (P5), which Tesseract reads without a decoder. */
export function toPgm(rgba: Uint8ClampedArray, width: number, height: number): Uint8Array {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const image = new Uint8Array(header.length + width * height);
  image.set(header, 0);
  for (let pixel = 0, offset = header.length; pixel < width * height; pixel++, offset++) {
    const i = pixel * 4;
    image[offset] = ((rgba[i] ?? 255) * 77 + (rgba[i + 1] ?? 255) * 150 + (rgba[i + 2] ?? 255) * 29) >> 8;
  }
  return image;
}
