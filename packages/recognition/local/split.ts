import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { RecognitionError } from '../expense-analyzer.js';
import { findAmounts } from './amounts.js';
import { firstInvoiceNumber } from './extract-invoice-fields.js';
import { labelHits } from './find.js';
import { creditNoteWords, invoiceWords, receiptWords, totalLabels } from './labels.js';
import type { PageText } from './layout.js';
import { withPdf } from './pdf.js';
import { type PdfReading, readPages } from './read-pages.js';
import { type Doc, relativeY, toDoc } from './text.js';

/** One invoice of a bulk PDF: its pages (1-based, inclusive) as a PDF of their own. */
export interface PdfPart {
  readonly fromPage: number;
  readonly toPage: number;
  readonly bytes: Uint8Array;
  /**
   * The part's pages as read to find the boundaries, when the part is the whole PDF: handed to
   * the recognition of the same bytes (`recogniseDocument`'s `read`), no page is read twice.
   */
  readonly reading?: PdfReading;
}

const pageMarker =
  /\b(?:pagina|page|blad|pag|p|seite)\b\.?\s*(\d{1,3})\s*(?:van|of|de|sur|von|\/)\s*(\d{1,3})\b|(?:^|\s)(\d{1,3})\s*\/\s*(\d{1,3})\s*$/;
const grossLabels = totalLabels.gross.filter((label) => !label.leading);
const titleWords = new RegExp(`${invoiceWords.source}|${creditNoteWords.source}|${receiptWords.source}`);

interface PageSignals {
  /** "Pagina 2 van 3" → 2. */
  readonly marker?: number;
  readonly invoiceNumber?: string;
  /** The page prints a document title (Factuur, Invoice, Creditnota…) near its top. */
  readonly title: boolean;
  /** The page prints a final total ("Totaal incl. btw", "Te betalen"). */
  readonly total: boolean;
  /** The first lines of the page, as a fingerprint of a letterhead. */
  readonly header: string;
}

function signalsOf(page: PageText): PageSignals {
  const doc = toDoc([page]);
  const markerRow = [...doc.rows].reverse().find((row) => pageMarker.test(row.folded));
  const marker = markerRow ? pageMarker.exec(markerRow.folded) : null;
  const number = marker ? Number(marker[1] ?? marker[3]) : undefined;
  return {
    ...(number !== undefined ? { marker: number } : {}),
    ...optional('invoiceNumber', firstInvoiceNumber(doc)),
    title: doc.rows.some(
      (row) => relativeY(row) < 0.4 && titleWords.test(row.folded) && row.folded.split(/\s+/).length <= 6,
    ),
    total: hasFinalTotal(doc),
    header: doc.rows
      .filter((row) => relativeY(row) < 0.15)
      .slice(0, 2)
      .map((row) => row.folded)
      .join(' | '),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function hasFinalTotal(doc: Doc): boolean {
  return labelHits(doc, grossLabels).some((hit) => findAmounts(hit.segment.row.text).length > 0);
}

/**
 * The pages (1-based) on which a new invoice starts, for a PDF that may hold several. The first
 * page always starts one. A later page starts one when its "page 1 of n" marker says so, when
 * it prints an invoice number other than the current invoice's, or, when neither tells, when
 * the previous page ended with a final total and this one opens with a title or the same
 * letterhead. Pure.
 */
export function findInvoiceStarts(pages: readonly PageText[]): number[] {
  const signals = pages.map(signalsOf);
  const starts: number[] = [];
  let current: { invoiceNumber?: string; header: string } | undefined;
  signals.forEach((page, index) => {
    const pageNumber = pages[index]?.pageNumber ?? index + 1;
    const previous = signals[index - 1];
    if (!current || !previous || startsInvoice(page, previous, current)) {
      starts.push(pageNumber);
      current = { ...optional('invoiceNumber', page.invoiceNumber), header: page.header };
      return;
    }
    if (!current.invoiceNumber && page.invoiceNumber) current.invoiceNumber = page.invoiceNumber;
  });
  return starts;
}

function startsInvoice(
  page: PageSignals,
  previous: PageSignals,
  current: { invoiceNumber?: string; header: string },
): boolean {
  if (page.marker !== undefined) return page.marker === 1;
  if (page.invoiceNumber && current.invoiceNumber) return page.invoiceNumber !== current.invoiceNumber;
  const sameLetterhead = page.header !== '' && page.header === current.header;
  if (previous.total) return page.title || sameLetterhead || page.invoiceNumber !== undefined;
  return false;
}

/**
 * Splits a PDF that may hold several invoices into one PDF per invoice (pdf-lib copies the
 * pages). Pages without a text layer are read with OCR to find the boundaries. A PDF holding
 * one invoice comes back as one part with the original bytes and, past one page, the reading.
 * The PDF is held to the limits of {@link readPages}.
 *
 * @throws {RecognitionError} as {@link readPages}, and `ENCRYPTED_DOCUMENT` when an encrypted
 *   PDF would have to be split.
 */
export async function splitPdf(bytes: Uint8Array): Promise<{ parts: PdfPart[] }> {
  // A one-page PDF is one invoice: no text to read (or OCR) just to find that out.
  const single = await withPdf(bytes, async (document) => document.numPages === 1);
  if (single) return { parts: [{ fromPage: 1, toPage: 1, bytes: new Uint8Array(bytes) }] };
  const reading = await readPages(bytes);
  const { pages } = reading;
  const starts = findInvoiceStarts(pages);
  const count = pages.length;
  if (starts.length <= 1) return { parts: [{ fromPage: 1, toPage: count, bytes: new Uint8Array(bytes), reading }] };
  const source = await loadForCopy(bytes);
  const parts: PdfPart[] = [];
  for (const [i, fromPage] of starts.entries()) {
    const toPage = (starts[i + 1] ?? count + 1) - 1;
    const part = await PDFDocument.create();
    const indices = Array.from({ length: toPage - fromPage + 1 }, (_, k) => fromPage - 1 + k);
    for (const page of await part.copyPages(source, indices)) part.addPage(page);
    parts.push({ fromPage, toPage, bytes: await part.save() });
  }
  return { parts };
}

async function loadForCopy(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError) {
      throw new RecognitionError('ENCRYPTED_DOCUMENT', 'An encrypted PDF cannot be split into invoices.', {
        cause: error,
      });
    }
    throw new RecognitionError('BAD_DOCUMENT', 'The PDF cannot be split.', { cause: error });
  }
}
