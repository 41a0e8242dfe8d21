import { basename } from 'node:path';
import {
  type AnalysableDocument,
  type AnalysisOutcome,
  type ExpenseAnalyzer,
  RecognitionError,
} from '../expense-analyzer.js';
import type { RecognitionResult } from '../model.js';
import { recogniseDocument } from '../recognise.js';
import type { OwnHints } from './parties.js';

export interface LocalExpenseAnalyzerDeps {
  /**
   * The stored document's bytes. Should throw `RecognitionError('DOCUMENT_NOT_FOUND')` when the
   * object does not exist; anything else it throws is passed on (and retried by the caller).
   */
  getObject(bucket: string, key: string): Promise<Uint8Array>;
  readonly hints?: OwnHints;
}

/**
 * The {@link ExpenseAnalyzer} port on the local engine ({@link recogniseDocument}): every
 * document is analysed at once, so there are never jobs to complete.
 */
export class LocalExpenseAnalyzer implements ExpenseAnalyzer {
  constructor(private readonly deps: LocalExpenseAnalyzerDeps) {}

  async analyse(document: AnalysableDocument): Promise<AnalysisOutcome> {
    const bytes = await this.deps.getObject(document.bucket, document.key);
    const result = await recogniseDocument(
      { bytes, fileName: basename(document.key), contentType: document.mediaType },
      this.deps.hints,
    );
    return { status: 'done', result };
  }

  async completeAnalysis(jobId: string): Promise<RecognitionResult> {
    throw new RecognitionError('ANALYSIS_NOT_FOUND', `The local engine runs no jobs; '${jobId}' does not exist.`);
  }
}
