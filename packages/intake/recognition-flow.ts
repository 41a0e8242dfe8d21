import { type Clock, ConflictError, DomainError } from '#packages/kernel';
import {
  type AnalysisOutcome,
  type PdfReading,
  RecognitionError,
  type RecognitionResult,
  StructuredDocumentError,
  type SupplierLayoutLookup,
  supplierLayoutLookup,
} from '#packages/recognition';
import type { Table } from '#packages/table';
import { type Administration, planFeatures } from '#packages/tenancy';
import {
  analysisJobWrite,
  changeDocument,
  type DocumentPart,
  type DocumentRef,
  documentOfJob,
  readDocument,
  splitDocument,
} from './documents.js';
import type { IntakeDocument } from './model.js';
import { fullRecognition, keepRecognition } from './store.js';

/** The administration's own identifiers, so its name and numbers are not read as the supplier's. */
export interface OwnIdentifiers {
  readonly ownVatNumbers: string[];
  readonly ownNames: string[];
  readonly country: 'NL' | 'BE';
}

export interface RecognitionFlowDeps {
  readonly table: Table;
  readonly clock: Clock;
  readonly readObject: (key: string) => Promise<Uint8Array>;
  readonly putObject: (key: string, body: Buffer, contentType: string) => Promise<void>;
  readonly administration: (firmId: string, administrationId: string) => Promise<Administration | undefined>;
  /** Where one PDF holds several invoices, the pages of each; one part when it holds one. */
  readonly split: (pdf: Uint8Array) => Promise<readonly DocumentPart[]>;
  /**
   * Reads a document with the deployment's engine: at once, or as a job that completes later
   * (a multi-page scan on Textract). `pages` is the PDF's page count (1 for images and XML);
   * `reading`, the pages as read while splitting, so that no page is read (or OCR'd) twice.
   */
  readonly analyse: (
    document: IntakeDocument,
    bytes: Uint8Array,
    own: OwnIdentifiers,
    pages: number,
    reading?: PdfReading,
    /** The supplier layouts learnt from the administration's corrections, to read with. */
    layouts?: SupplierLayoutLookup,
  ) => Promise<AnalysisOutcome>;
  /** Makes the booking proposal (exactly once per document). */
  readonly propose: (
    administration: Administration,
    document: IntakeDocument,
    recognition: RecognitionResult,
  ) => Promise<{ proposalId: string }>;
  /** Sends documents (the parts of a split) into the pipeline. */
  readonly enqueue: (refs: readonly DocumentRef[]) => Promise<void>;
}

export type FlowOutcome =
  | { readonly outcome: 'skipped'; readonly status: IntakeDocument['status'] }
  | { readonly outcome: 'filed'; readonly note: string }
  | { readonly outcome: 'split'; readonly children: readonly string[] }
  | { readonly outcome: 'recognising'; readonly jobId: string }
  | { readonly outcome: 'proposed'; readonly proposalId: string }
  | { readonly outcome: 'rejected'; readonly reason: string };

const ownOf = (administration: Administration): OwnIdentifiers => ({
  ownVatNumbers: administration.vatNumber ? [administration.vatNumber] : [],
  ownNames: [administration.legalName],
  country: administration.country,
});

/**
 * Takes one received document through recognition: a Standaard administration files it
 * without (its plan has no booking proposals); a bulk PDF is split into one document per
 * invoice, each sent round again; anything else is read (structured XML was read on arrival)
 * and becomes a booking proposal. A document the engine cannot read is rejected with the
 * engine's reason. Only a `received` document is taken: a redelivered message finds it moved on.
 */
export async function processDocument(deps: RecognitionFlowDeps, ref: DocumentRef): Promise<FlowOutcome> {
  const document = await readDocument(deps.table, ref);
  if (document.status !== 'received') return { outcome: 'skipped', status: document.status };
  const administration = await deps.administration(ref.firmId, ref.administrationId);
  if (!administration || !planFeatures[administration.plan].bookingProposals) {
    const note = administration
      ? `PLAN_EXCLUDES_PROPOSALS: the ${administration.plan} plan has no recognition; book it by hand.`
      : 'ADMINISTRATION_NOT_FOUND: the administration no longer exists.';
    await changeDocument(deps.table, ref.firmId, document, 'received', { status: 'filed', note }, deps.clock());
    return { outcome: 'filed', note };
  }
  try {
    const read = await fullRecognition(deps, document);
    if (read) return await propose(deps, administration, document, read);
    const bytes = await deps.readObject(document.objectKey);
    let pages = document.pages ? document.pages.to - document.pages.from + 1 : 1;
    let reading: PdfReading | undefined;
    if (document.kind === 'pdf' && !document.parentId) {
      const parts = await deps.split(bytes);
      if (parts.length > 1) {
        const { children } = await splitDocument(deps, ref.firmId, document, parts, deps.clock());
        await deps.enqueue(children.map((c) => ({ ...ref, documentId: c.id })));
        return { outcome: 'split', children: children.map((c) => c.id) };
      }
      pages = parts[0] ? parts[0].toPage - parts[0].fromPage + 1 : 1;
      reading = parts[0]?.reading;
    }
    const layouts = supplierLayoutLookup(deps.table, ref.firmId, ref.administrationId);
    const outcome = await deps.analyse(document, bytes, ownOf(administration), pages, reading, layouts);
    if (outcome.status === 'pending') {
      const now = deps.clock();
      await changeDocument(deps.table, ref.firmId, document, 'received', { status: 'recognising' }, now, [
        analysisJobWrite(outcome.jobId, ref, now),
      ]);
      return { outcome: 'recognising', jobId: outcome.jobId };
    }
    return await propose(deps, administration, document, outcome.result);
  } catch (error) {
    return reject(deps, ref.firmId, document, 'received', error);
  }
}

/**
 * Finishes a document whose asynchronous analysis completed: collects the result and makes the
 * proposal, or rejects the document when the analysis failed. Unknown jobs are ignored.
 */
export async function completeDocumentAnalysis(
  deps: RecognitionFlowDeps,
  job: { jobId: string; succeeded: boolean; collect: () => Promise<RecognitionResult> },
): Promise<FlowOutcome | undefined> {
  const ref = await documentOfJob(deps.table, job.jobId);
  if (!ref) return undefined;
  const document = await readDocument(deps.table, ref);
  if (document.status !== 'recognising') return { outcome: 'skipped', status: document.status };
  try {
    if (!job.succeeded) throw new RecognitionError('ANALYSIS_FAILED', 'The recognition service could not read it.');
    const administration = await deps.administration(ref.firmId, ref.administrationId);
    if (!administration) throw new RecognitionError('DOCUMENT_NOT_FOUND', 'The administration no longer exists.');
    return await propose(deps, administration, document, await job.collect(), 'recognising');
  } catch (error) {
    return reject(deps, ref.firmId, document, 'recognising', error);
  }
}

/**
 * Whether nothing a booking could start from was read: no amount, no date, no number, no
 * supplier and no line. Such a reading (a blank page, a page of noise) is no booking proposal.
 */
export function nothingRead(recognition: RecognitionResult): boolean {
  const { totals, supplier } = recognition;
  return (
    !totals.gross &&
    !totals.net &&
    !totals.vat &&
    !recognition.invoiceNumber &&
    !recognition.invoiceDate &&
    !supplier.name &&
    !supplier.vatNumber &&
    !supplier.iban &&
    !supplier.companyNumber &&
    recognition.vatBreakdown.length === 0 &&
    recognition.lines.length === 0
  );
}

/**
 * Makes the booking proposal (which meters it) and marks the document proposed; a document from
 * which nothing was read is rejected instead (`NOTHING_READ`), and so never metered.
 */
async function propose(
  deps: RecognitionFlowDeps,
  administration: Administration,
  document: IntakeDocument,
  recognition: RecognitionResult,
  from: IntakeDocument['status'] = 'received',
): Promise<FlowOutcome> {
  if (nothingRead(recognition)) {
    throw new RecognitionError('NOTHING_READ', 'Nothing was read from it: no amount, date, number or supplier.');
  }
  // A long list of lines is kept beside the document before the proposal refers to it; a reading
  // the document keeps already (structured XML, read on arrival) is not written again.
  const kept: Pick<IntakeDocument, 'recognition' | 'recognitionLines'> = document.recognition
    ? {
        recognition: document.recognition,
        ...(document.recognitionLines ? { recognitionLines: document.recognitionLines } : {}),
      }
    : await keepRecognition(deps, { ...document, firmId: administration.firmId }, recognition);
  const { proposalId } = await deps.propose(administration, { ...document, ...kept }, recognition);
  await changeDocument(
    deps.table,
    administration.firmId,
    document,
    from,
    { status: 'proposed', proposalId, ...kept },
    deps.clock(),
  );
  return { outcome: 'proposed', proposalId };
}

/**
 * What the engine cannot read is rejected with its reason; what cannot become a proposal (no
 * books yet, say) is filed with the reason. Conflicts and anything unexpected are rethrown so
 * the queue tries again and, in the end, keeps the message in its DLQ.
 */
async function reject(
  deps: RecognitionFlowDeps,
  firmId: string,
  document: IntakeDocument,
  from: IntakeDocument['status'],
  error: unknown,
): Promise<FlowOutcome> {
  if (error instanceof RecognitionError || error instanceof StructuredDocumentError) {
    const rejection = { reason: error.code, detail: error.message };
    await changeDocument(deps.table, firmId, document, from, { status: 'rejected', rejection }, deps.clock());
    return { outcome: 'rejected', reason: error.code };
  }
  if (error instanceof DomainError && !(error instanceof ConflictError)) {
    const note = `${error.code}: ${error.message}`;
    await changeDocument(deps.table, firmId, document, from, { status: 'filed', note }, deps.clock());
    return { outcome: 'filed', note };
  }
  throw error;
}
