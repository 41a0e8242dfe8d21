import { randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Worker as TesseractWorker } from 'tesseract.js';
import { RecognitionError } from '../expense-analyzer.js';
import { buildLines, type PageText, type TextFragment } from './layout.js';

/** Dutch first: most documents are Dutch, and Tesseract tries the first language first. */
export const ocrLanguages = ['nld', 'fra', 'eng'] as const;

// The LSTM-only "best_int" models: smaller and faster than the legacy+LSTM ones, and as good
// on printed invoices.
const modelFolder = '4.0.0_best_int';
const require = createRequire(import.meta.url);

/**
 * Tesseract reads every language from one folder, and the npm packages keep each language in
 * its own: the gzipped models are unpacked once into a cache folder under the OS temp dir.
 * Nothing is ever fetched from the network.
 */
async function modelCache(): Promise<string> {
  const folder = join(tmpdir(), 'samenwerken-tessdata', modelFolder);
  await mkdir(folder, { recursive: true });
  for (const language of ocrLanguages) {
    const target = join(folder, `${language}.traineddata`);
    if (await exists(target)) continue;
    const packageFolder = dirname(require.resolve(`@tesseract.js-data/${language}/package.json`));
    const packed = await readFile(join(packageFolder, modelFolder, `${language}.traineddata.gz`));
    // Written aside and renamed, so a concurrent process never reads half a model.
    const partial = `${target}.${randomUUID()}.partial`;
    await writeFile(partial, gunzipSync(packed));
    await rename(partial, target);
  }
  return folder;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

let worker: Promise<TesseractWorker> | undefined;

/** The one Tesseract worker of this process, started on first use. */
function ocrWorker(): Promise<TesseractWorker> {
  worker ??= startWorker().catch((error: unknown) => {
    worker = undefined;
    throw new RecognitionError('ANALYSIS_FAILED', 'The OCR engine could not be started.', { cause: error });
  });
  return worker;
}

async function startWorker(): Promise<TesseractWorker> {
  // Loaded on first use: where documents are recognised elsewhere (Textract on AWS) the OCR
  // engine is never installed, and nothing may import it before it is needed.
  const { default: Tesseract } = await import('tesseract.js');
  const folder = await modelCache();
  const started = await Tesseract.createWorker([...ocrLanguages], Tesseract.OEM.LSTM_ONLY, {
    langPath: folder,
    cachePath: folder,
    cacheMethod: 'none',
    gzip: false,
    // Without a handler a failed job is also thrown inside the worker's message callback.
    errorHandler: () => undefined,
    logger: () => undefined,
  });
  await started.setParameters({
    // One column of text in variable sizes: keeps table rows together (automatic segmentation
    // splits them into column blocks and drops lone digits such as a quantity of 1); the lines
    // are rebuilt from word boxes afterwards, so columns side by side still come apart.
    tessedit_pageseg_mode: Tesseract.PSM.SINGLE_COLUMN,
    // Silences Tesseract's own diagnostics ("Estimating resolution as …") on stderr.
    debug_file: '/dev/null',
  });
  return started;
}

type Thresholding = '0' | '2';
const otsu: Thresholding = '0';
const sauvola: Thresholding = '2';
// Fewer words than this on a page reads as a failed binarisation rather than a sparse page.
const minimumWords = 25;

function wordCount(page: Tesseract.Page): number {
  return (page.blocks ?? []).reduce(
    (count, block) =>
      count +
      block.paragraphs.reduce((n, paragraph) => n + paragraph.lines.reduce((m, line) => m + line.words.length, 0), 0),
    0,
  );
}

function better(a: Tesseract.Page, b: Tesseract.Page): Tesseract.Page {
  return wordCount(b) * b.confidence > wordCount(a) * a.confidence ? b : a;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs OCR jobs one after the other: a page's parameters and its recognition are two messages
 * to the worker, and another page's must not come between them.
 */
function exclusively<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

/** Stops the OCR worker, if one was started, so the process can exit. Harmless to repeat. */
export async function closeOcr(): Promise<void> {
  const running = worker;
  worker = undefined;
  if (!running) return;
  const started = await running.catch(() => undefined);
  await started?.terminate();
}

export interface OcrOptions {
  /** Image pixels per page unit (pixels per PDF point for a rendered page); 1 keeps pixels. */
  readonly scale?: number;
  /** Resolution the image was made at, when known; Tesseract guesses otherwise. */
  readonly dpi?: number;
  readonly pageNumber?: number;
}

/**
 * Reads an image (PNG, JPEG, TIFF or PGM) with Tesseract into positioned lines, each word with
 * its confidence and box. Coordinates are divided by `scale`, so a rendered PDF page comes back
 * in PDF points like its text layer would.
 */
export async function recogniseImage(image: Uint8Array, options: OcrOptions = {}): Promise<PageText> {
  const scale = options.scale ?? 1;
  const page = await exclusively(async () => {
    const ocr = await ocrWorker();
    const read = async (thresholding: Thresholding) => {
      // Always set: the worker keeps parameters between pages, and 0 lets Tesseract estimate.
      await ocr.setParameters({
        user_defined_dpi: String(Math.round(options.dpi ?? 0)),
        thresholding_method: thresholding,
      });
      return (await ocr.recognize(Buffer.from(image), {}, { blocks: true, text: false })).data;
    };
    try {
      const global = await read(otsu);
      // A grey, speckled scan can defeat one global threshold and come back (nearly) empty;
      // local (Sauvola) thresholding reads it.
      return wordCount(global) >= minimumWords ? global : better(global, await read(sauvola));
    } catch (error) {
      // The worker may not survive what went wrong; the next page starts a fresh one.
      await closeOcr().catch(() => undefined);
      throw new RecognitionError('BAD_DOCUMENT', 'The image cannot be read.', { cause: error });
    }
  });
  const lines = (page.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines));
  const skew = skewOf(lines);
  const fragments = lines.flatMap((line) => lineFragments(line, scale, skew));
  const size = imageSizeOf(image);
  const right = Math.max(0, ...lines.map((line) => line.bbox.x1));
  const bottom = Math.max(0, ...lines.map((line) => line.bbox.y1));
  return {
    pageNumber: options.pageNumber ?? 1,
    width: (size?.width ?? right) / scale,
    height: (size?.height ?? bottom) / scale,
    lines: buildLines(fragments),
  };
}

/**
 * The slope of the page's baselines (a scan is rarely straight): the width-weighted median of
 * the slopes Tesseract found for its longer lines. Words are straightened by it, so one printed
 * row stays one line from the left margin to the amounts at the right.
 */
function skewOf(lines: readonly Tesseract.Line[]): number {
  const slopes = lines
    .map((line) => ({ width: line.baseline.x1 - line.baseline.x0, rise: line.baseline.y1 - line.baseline.y0 }))
    .filter((line) => line.width > 150)
    .map((line) => ({ slope: line.rise / line.width, weight: line.width }))
    .filter((line) => Math.abs(line.slope) < 0.1)
    .sort((a, b) => a.slope - b.slope);
  const total = slopes.reduce((sum, line) => sum + line.weight, 0);
  let seen = 0;
  for (const line of slopes) {
    seen += line.weight;
    if (seen >= total / 2) return line.slope;
  }
  return 0;
}

// Speckles, shading and rules come back as low-confidence punctuation or stray letters.
const noise = (text: string, confidence: number) =>
  (confidence < 50 && /^[^\p{L}\p{N}€$£%+*()-]+$/u.test(text)) || (confidence < 30 && /^\p{L}{1,3}$/u.test(text));

function lineFragments(line: Tesseract.Line, scale: number, skew: number): TextFragment[] {
  const { x0, y0, x1, y1 } = line.baseline;
  const slope = x1 !== x0 ? (y1 - y0) / (x1 - x0) : skew;
  const rowHeight = line.rowAttributes?.rowHeight;
  return line.words.flatMap((word) => {
    const text = word.text.trim();
    if (text === '' || word.confidence <= 0 || noise(text, word.confidence)) return [];
    const centre = (word.bbox.x0 + word.bbox.x1) / 2;
    const onLine = Number.isFinite(slope) && y0 > 0 ? y0 + slope * (centre - x0) : word.bbox.y1;
    const height = rowHeight && rowHeight > 0 ? rowHeight : word.bbox.y1 - word.bbox.y0;
    return [
      {
        text,
        x: word.bbox.x0 / scale,
        baseline: (onLine - skew * centre) / scale,
        width: (word.bbox.x1 - word.bbox.x0) / scale,
        height: height / scale,
        confidence: Math.min(Math.max(word.confidence / 100, 0), 1),
        whole: true,
      },
    ];
  });
}

export type ImageKind = 'png' | 'jpeg' | 'tiff' | 'pgm';

/** The image format from the leading bytes, or undefined when it is not one OCR reads. */
export function imageKindOf(bytes: Uint8Array): ImageKind | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0x89 && b === 0x50 && c === 0x4e && d === 0x47) return 'png';
  if (a === 0xff && b === 0xd8 && c === 0xff) return 'jpeg';
  if ((a === 0x49 && b === 0x49 && c === 0x2a && d === 0) || (a === 0x4d && b === 0x4d && c === 0 && d === 0x2a))
    return 'tiff';
  if (a === 0x50 && b === 0x35 && (c === 0x0a || c === 0x20)) return 'pgm';
  return undefined;
}

/** Width and height from the image header (PNG, JPEG, TIFF, PGM), when they can be read. */
export function imageSizeOf(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    switch (imageKindOf(bytes)) {
      case 'png':
        return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
      case 'jpeg':
        return jpegSize(view);
      case 'tiff':
        return tiffSize(view);
      case 'pgm': {
        const match = /^P5\s+(\d+)\s+(\d+)/.exec(view.subarray(0, 64).toString('latin1'));
        return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined;
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function jpegSize(view: Buffer): { width: number; height: number } | undefined {
  let offset = 2;
  while (offset + 9 < view.length) {
    if (view[offset] !== 0xff) return undefined;
    const marker = view[offset + 1] ?? 0;
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.readUInt16BE(offset + 5), width: view.readUInt16BE(offset + 7) };
    }
    offset += 2 + view.readUInt16BE(offset + 2);
  }
  return undefined;
}

function tiffSize(view: Buffer): { width: number; height: number } | undefined {
  const little = view[0] === 0x49;
  const u16 = (at: number) => (little ? view.readUInt16LE(at) : view.readUInt16BE(at));
  const u32 = (at: number) => (little ? view.readUInt32LE(at) : view.readUInt32BE(at));
  const ifd = u32(4);
  const entries = u16(ifd);
  let width: number | undefined;
  let height: number | undefined;
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    const value = u16(entry + 2) === 3 ? u16(entry + 8) : u32(entry + 8);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  return width && height ? { width, height } : undefined;
}
