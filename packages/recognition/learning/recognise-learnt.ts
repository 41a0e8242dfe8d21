import type { PageText } from '../local/layout.js';
import type { OwnHints } from '../local/parties.js';
import { looksLikePdf } from '../local/pdf.js';
import { type PdfReading, readPages } from '../local/read-pages.js';
import type { RecognitionResult } from '../model.js';
import { type DocumentInput, maxDocumentBytes, type RecogniseOptions, recogniseDocument } from '../recognise.js';
import { applySupplierLayout } from './apply.js';
import type { SupplierLayoutLookup } from './model.js';
import { pageSupplierKeys, supplierKeysOf } from './repository.js';

/**
 * Recognises a document ({@link recogniseDocument}) and, when it was read from a PDF's text
 * layer and its supplier has a learnt layout, reads it again with that layout over the generic
 * reading. The supplier is looked up by the identifiers the reader attributed to it, else by
 * those the pages print. Structured invoices are exact and left as they are; a scan only when
 * its OCR'd pages are at hand (`options.read`), since OCR is the expensive part.
 */
export function recogniseWithLearning(
  input: DocumentInput,
  options: OwnHints & { ocr?: true; pageOnly?: boolean; read?: PdfReading },
  lookup?: SupplierLayoutLookup,
): Promise<RecognitionResult>;
export function recogniseWithLearning(
  input: DocumentInput,
  options: RecogniseOptions,
  lookup?: SupplierLayoutLookup,
): Promise<RecognitionResult | undefined>;
export async function recogniseWithLearning(
  input: DocumentInput,
  options: RecogniseOptions,
  lookup?: SupplierLayoutLookup,
): Promise<RecognitionResult | undefined> {
  // A text PDF's pages are read once, for the generic reading and the supplier's layout both.
  const textLayer = lookup && !options.read ? await readTextLayer(input.bytes) : undefined;
  const result = await recogniseDocument(input, textLayer ? { ...options, read: textLayer } : options);
  // Pages read before (a split's part) are at hand even when OCR'd; others are read from the text layer.
  const readable = result?.source === 'pdf-text' || (result?.source === 'ocr' && options.read !== undefined);
  if (!result || !lookup || !readable) return result;
  const read = supplierKeysOf(result.supplier);
  const known = read.length > 0 ? await lookup(read) : undefined;
  // A supplier whose identifiers the reader did not attribute may still print them.
  const pages = options.read?.pages ?? textLayer?.pages ?? (await readPageLayout(input.bytes));
  const tried = new Set(read.map((k) => `${k.kind}#${k.value}`));
  const layout = known ?? (await lookup(pageSupplierKeys(pages).filter((k) => !tried.has(`${k.kind}#${k.value}`))));
  return layout ? applySupplierLayout(pages, result, layout) : result;
}

/**
 * A PDF's pages when its text layer holds all of them (no OCR); undefined for a scan, which
 * {@link recogniseDocument} reads (and OCRs) itself, and for anything that is not a PDF or is
 * larger than is read.
 */
async function readTextLayer(bytes: Uint8Array): Promise<PdfReading | undefined> {
  if (!looksLikePdf(bytes) || bytes.length > maxDocumentBytes) return undefined;
  const reading = await readPages(bytes, { ocr: false });
  return reading.unread ? undefined : reading;
}

/** The positioned text of a PDF's text layer (no OCR); nothing for any other document. */
export async function readPageLayout(bytes: Uint8Array): Promise<PageText[]> {
  if (!looksLikePdf(bytes)) return [];
  return (await readPages(bytes, { ocr: false })).pages;
}
