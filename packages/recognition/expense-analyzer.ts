import { DomainError } from '#packages/kernel';
import type { RecognitionResult } from './model.js';

/** A stored document handed to an expense analyser. */
export interface AnalysableDocument {
  readonly bucket: string;
  readonly key: string;
  /** Page count as measured at intake; decides between a synchronous and an asynchronous run. */
  readonly pages: number;
  readonly mediaType: string;
}

/**
 * What starting an analysis gives: the result at once (one page), or a job whose completion
 * notice arrives later (multi-page PDFs), after which {@link ExpenseAnalyzer.completeAnalysis}
 * collects the result.
 */
export type AnalysisOutcome = { status: 'done'; result: RecognitionResult } | { status: 'pending'; jobId: string };

/** The port an expense-recognition engine (Textract, the local engine) implements. */
export interface ExpenseAnalyzer {
  /** Analyses the document, or starts an asynchronous job for it. Starting twice is harmless. */
  analyse(document: AnalysableDocument): Promise<AnalysisOutcome>;
  /** Collects the result of a job once its completion notice has arrived. */
  completeAnalysis(jobId: string): Promise<RecognitionResult>;
}

export const recognitionErrorCodes = [
  'UNSUPPORTED_DOCUMENT',
  'BAD_DOCUMENT',
  'ENCRYPTED_DOCUMENT',
  'DOCUMENT_TOO_LARGE',
  /** An image in the document has more pixels than are ever decoded. */
  'IMAGE_TOO_LARGE',
  /** A page is too large to render for OCR, even at the lowest resolution used. */
  'PAGE_TOO_LARGE',
  /** Reading a page, or the whole document, took longer than it is given. */
  'READ_TIMEOUT',
  /** Nothing a booking could start from was read (no amount, date, number nor supplier). */
  'NOTHING_READ',
  'DOCUMENT_NOT_FOUND',
  'ANALYSIS_NOT_FOUND',
  'ANALYSIS_FAILED',
] as const;
export type RecognitionErrorCode = (typeof recognitionErrorCodes)[number];

/**
 * The engine cannot read this document (or job); retrying will not help, so the intake
 * records the document as rejected with `code` as the reason.
 */
export class RecognitionError extends DomainError {
  override name = 'RecognitionError';
  declare readonly code: RecognitionErrorCode;
  constructor(code: RecognitionErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

// The Textract normaliser is pure domain code; it is exported with the port because the
// package index is the only import path and the Textract adapter needs both.
export * from './textract/index.js';
