import { TextractClient } from '@aws-sdk/client-textract';
import { z } from 'zod';
import type { DocumentRef, RecognitionFlowDeps } from '#packages/intake';
import { newId, systemClock, type TenantContext } from '#packages/kernel';
import { createProposal } from '#packages/proposals';
import { type ExpenseAnalyzer, recogniseWithLearning, splitPdf } from '#packages/recognition';
import { textractExpenseAnalyzer } from './adapters/textract-expense-analyzer.js';
import { startPurchaseApproval } from './approvals.js';
import { table } from './clients.js';
import { loadConfig } from './config.js';
import { documentBucket, enqueueDocuments, putObject, readObject } from './intake.js';
import { tracer } from './observability.js';
import { answerProposalDecision } from './peppol-status.js';
import { tenancy } from './tenancy.js';

const config = loadConfig({
  /** `textract` on AWS; `local` in the twin (PDF text layer and OCR in the process). */
  RECOGNITION_ENGINE: z.enum(['textract', 'local']),
  TEXTRACT_SNS_TOPIC_ARN: z.string().optional(),
  TEXTRACT_ROLE_ARN: z.string().optional(),
  QUEUE_URL_DOCUMENTS: z.string().optional(),
});

let textract: ExpenseAnalyzer | undefined;
/** The Textract adapter, created on first use (the local engine never needs it). */
export function textractAnalyzer(): ExpenseAnalyzer {
  if (!config.TEXTRACT_SNS_TOPIC_ARN || !config.TEXTRACT_ROLE_ARN) {
    throw new Error('Invalid function configuration: TEXTRACT_SNS_TOPIC_ARN and TEXTRACT_ROLE_ARN are required');
  }
  textract ??= textractExpenseAnalyzer(tracer.captureAWSv3Client(new TextractClient({})), {
    snsTopicArn: config.TEXTRACT_SNS_TOPIC_ARN,
    roleArn: config.TEXTRACT_ROLE_ARN,
  });
  return textract;
}

/** The pipeline acts as the system, not as a user. */
const system = (firmId: string): TenantContext => ({ userId: 'system:intake', firmId, userType: 'firm' });

/** The recognition pipeline's dependencies, wired to this deployment. */
export const recognitionFlow: RecognitionFlowDeps = {
  table,
  clock: systemClock,
  readObject: async (key) => (await readObject(key)).raw,
  putObject,
  administration: (firmId, administrationId) => tenancy.repo.getAdministration(firmId, administrationId),
  split: async (pdf) => (await splitPdf(pdf)).parts,
  analyse: async (document, bytes, own, pages, reading, layouts) => {
    const input = { bytes, fileName: document.fileName, contentType: document.contentType };
    if (config.RECOGNITION_ENGINE === 'local') {
      // The pages read while splitting are not read (nor OCR'd) again.
      return {
        status: 'done',
        result: await recogniseWithLearning(input, { ...own, ...(reading ? { read: reading } : {}) }, layouts),
      };
    }
    // On AWS a PDF with a text layer (or an embedded invoice) is read here: exact and free.
    // Scans and photos go to Textract.
    if (document.kind === 'pdf') {
      const read = await recogniseWithLearning(input, { ...own, ocr: false }, layouts);
      if (read) return { status: 'done', result: read };
    }
    return textractAnalyzer().analyse({
      bucket: documentBucket,
      key: document.objectKey,
      pages,
      mediaType: document.contentType,
    });
  },
  propose: async (administration, document, recognition) => {
    const { proposal } = await createProposal(
      { table, clock: systemClock, newId },
      system(administration.firmId),
      { firmId: administration.firmId, id: administration.id, country: administration.country },
      {
        document: {
          id: document.id,
          source: document.source,
          fileName: document.fileName,
          receivedAt: document.receivedAt,
          ...(document.recognitionLines ? { lines: document.recognitionLines } : {}),
        },
        recognition,
        own: {
          ...(administration.vatNumber ? { vatNumber: administration.vatNumber } : {}),
          ...(administration.companyNumber ? { companyNumber: administration.companyNumber } : {}),
          ibans: [],
        },
        plan: administration.plan,
        ...(administration.autoAcceptThreshold !== undefined
          ? { autoAcceptThreshold: administration.autoAcceptThreshold }
          : {}),
      },
    );
    // "No hands": an invoice accepted at once is answered like one accepted by the accountant,
    // and a purchase invoice a flow takes starts its approval as it would through the API.
    if (proposal.status === 'accepted') {
      await answerProposalDecision(administration, proposal);
      const posted = proposal.posted?.invoiceId;
      if (proposal.side === 'purchase' && proposal.kind === 'invoice' && posted) {
        const books = { firmId: administration.firmId, id: administration.id, country: administration.country };
        await startPurchaseApproval(system(administration.firmId), books, posted, {});
      }
    }
    return { proposalId: proposal.id };
  },
  enqueue: async (refs: readonly DocumentRef[]) => {
    if (!config.QUEUE_URL_DOCUMENTS) throw new Error('Invalid function configuration: QUEUE_URL_DOCUMENTS is required');
    await enqueueDocuments(config.QUEUE_URL_DOCUMENTS, refs);
  },
};
