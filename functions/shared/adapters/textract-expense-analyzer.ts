import { createHash } from 'node:crypto';
import {
  AnalyzeExpenseCommand,
  type ExpenseDocument,
  GetExpenseAnalysisCommand,
  StartExpenseAnalysisCommand,
  type TextractClient,
  TextractServiceException,
} from '@aws-sdk/client-textract';
import {
  type AnalysableDocument,
  type ExpenseAnalyzer,
  normaliseExpenseDocuments,
  RecognitionError,
  type RecognitionErrorCode,
  type RecognitionResult,
} from '#packages/recognition';

export interface TextractExpenseAnalyzerOptions {
  /** SNS topic Textract publishes to when an asynchronous analysis completes. */
  readonly snsTopicArn: string;
  /** Role Textract assumes to publish to that topic. */
  readonly roleArn: string;
  /** Documents with more pages than this are analysed asynchronously. @default 1 */
  readonly multiPageThreshold?: number;
}

/** The media types AnalyzeExpense reads. */
export const textractMediaTypes = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;

/** Textract's refusals that no retry will change, with what the intake records. */
const permanentFailures: Readonly<Record<string, readonly [RecognitionErrorCode, string]>> = {
  UnsupportedDocumentException: ['UNSUPPORTED_DOCUMENT', 'The document format is not supported for recognition.'],
  BadDocumentException: ['BAD_DOCUMENT', 'The document cannot be read; it may be damaged or encrypted.'],
  DocumentTooLargeException: ['DOCUMENT_TOO_LARGE', 'The document is too large to recognise.'],
  InvalidS3ObjectException: ['DOCUMENT_NOT_FOUND', 'The stored document cannot be found.'],
  InvalidJobIdException: ['ANALYSIS_NOT_FOUND', 'The recognition job does not exist or has expired.'],
};

/**
 * The {@link ExpenseAnalyzer} port on Amazon Textract: AnalyzeExpense for one page, and
 * StartExpenseAnalysis for more, whose completion Textract announces on the SNS topic; the
 * queue behind it then calls `completeAnalysis`. Textract's permanent refusals become a
 * {@link RecognitionError}; throttling and other transient errors are rethrown so the queue
 * retries.
 */
export function textractExpenseAnalyzer(
  client: TextractClient,
  options: TextractExpenseAnalyzerOptions,
): ExpenseAnalyzer {
  const threshold = options.multiPageThreshold ?? 1;
  return {
    analyse: (document) =>
      mapTextractErrors(async () => {
        assertSupported(document);
        if (document.pages > threshold) return { status: 'pending', jobId: await start(client, options, document) };
        const out = await client.send(new AnalyzeExpenseCommand({ Document: { S3Object: s3Object(document) } }));
        return { status: 'done', result: normaliseExpenseDocuments(out.ExpenseDocuments ?? []) };
      }),
    completeAnalysis: (jobId) => mapTextractErrors(() => collect(client, jobId)),
  };
}

/**
 * The start token Textract deduplicates on: the same stored object always yields the same
 * job, so a redelivered intake message does not pay for a second analysis.
 */
export function startToken(document: Pick<AnalysableDocument, 'bucket' | 'key'>): string {
  return createHash('sha256').update(`${document.bucket}/${document.key}`).digest('hex');
}

function assertSupported(document: AnalysableDocument): void {
  if (!(textractMediaTypes as readonly string[]).includes(document.mediaType)) {
    throw new RecognitionError('UNSUPPORTED_DOCUMENT', `Documents of type ${document.mediaType} cannot be recognised.`);
  }
}

function s3Object(document: AnalysableDocument) {
  return { Bucket: document.bucket, Name: document.key };
}

async function start(
  client: TextractClient,
  options: TextractExpenseAnalyzerOptions,
  document: AnalysableDocument,
): Promise<string> {
  const out = await client.send(
    new StartExpenseAnalysisCommand({
      DocumentLocation: { S3Object: s3Object(document) },
      ClientRequestToken: startToken(document),
      NotificationChannel: { SNSTopicArn: options.snsTopicArn, RoleArn: options.roleArn },
    }),
  );
  if (!out.JobId) throw new Error('Textract started an expense analysis but returned no JobId.');
  return out.JobId;
}

/** Reads every result page of a finished job and normalises them as one document. */
async function collect(client: TextractClient, jobId: string): Promise<RecognitionResult> {
  const documents: ExpenseDocument[] = [];
  const warnings: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetExpenseAnalysisCommand({ JobId: jobId, NextToken: nextToken }));
    if (page.JobStatus === 'FAILED') {
      throw new RecognitionError('ANALYSIS_FAILED', page.StatusMessage ?? 'Textract could not analyse the document.');
    }
    // The completion notice came before the result is readable; throwing lets the queue retry.
    if (page.JobStatus === 'IN_PROGRESS') throw new Error(`Textract job ${jobId} is still in progress.`);
    documents.push(...(page.ExpenseDocuments ?? []));
    warnings.push(...(page.Warnings ?? []).map((w) => `${w.ErrorCode ?? 'warning'} on pages ${w.Pages?.join(', ')}`));
    nextToken = page.NextToken;
  } while (nextToken);
  const result = normaliseExpenseDocuments(documents);
  result.issues.push(...warnings.map((message) => ({ field: 'document', message: `Textract: ${message}` })));
  return result;
}

async function mapTextractErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure = error instanceof TextractServiceException ? permanentFailures[error.name] : undefined;
    if (failure) throw new RecognitionError(failure[0], failure[1], { cause: error });
    throw error;
  }
}
