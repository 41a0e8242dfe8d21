import {
  AnalyzeExpenseCommand,
  BadDocumentException,
  DocumentTooLargeException,
  GetExpenseAnalysisCommand,
  InvalidJobIdException,
  InvalidS3ObjectException,
  ProvisionedThroughputExceededException,
  StartExpenseAnalysisCommand,
  TextractClient,
  ThrottlingException,
  UnsupportedDocumentException,
} from '@aws-sdk/client-textract';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { startToken, textractExpenseAnalyzer } from '#functions/shared/adapters/textract-expense-analyzer.ts';
import { RecognitionError } from '#packages/recognition';
import { analyzeExpenseResponse, newFormatReceipt, twoPageJob } from '../../helpers/textract-responses.ts';

const textract = mockClient(TextractClient);

const options = {
  snsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:textract-done',
  roleArn: 'arn:aws:iam::123456789012:role/textract-publish',
};
const onePage = { bucket: 'documents', key: 'adm-1/doc-1.jpg', pages: 1, mediaType: 'image/jpeg' };
const threePages = { bucket: 'documents', key: 'adm-1/doc-2.pdf', pages: 3, mediaType: 'application/pdf' };

function analyzer() {
  return textractExpenseAnalyzer(new TextractClient({ region: 'eu-west-1' }), options);
}

const exception = (Type: new (opts: { message: string; $metadata: object }) => Error) =>
  new Type({ message: 'from Textract', $metadata: {} });

describe('textractExpenseAnalyzer', () => {
  beforeEach(() => textract.reset());

  describe('analyse', () => {
    it('analyses a one-page document synchronously from its S3 object', async () => {
      textract.on(AnalyzeExpenseCommand).resolves(analyzeExpenseResponse([newFormatReceipt()]));

      const outcome = await analyzer().analyse(onePage);

      expect(textract.commandCalls(AnalyzeExpenseCommand)[0]?.args[0].input).toEqual({
        Document: { S3Object: { Bucket: 'documents', Name: 'adm-1/doc-1.jpg' } },
      });
      expect(outcome.status).toBe('done');
      if (outcome.status !== 'done') return;
      expect(outcome.result.supplier.name?.value).toBe('SUPERMARKT DE HOEK');
      expect(outcome.result.totals.gross?.value).toBe(2_166);
      expect(outcome.result.documentType.value).toBe('receipt');
    });

    it('starts an asynchronous analysis for a multi-page PDF with the notification channel', async () => {
      textract.on(StartExpenseAnalysisCommand).resolves({ JobId: 'job-42' });

      const outcome = await analyzer().analyse(threePages);

      expect(outcome).toEqual({ status: 'pending', jobId: 'job-42' });
      expect(textract.commandCalls(AnalyzeExpenseCommand)).toHaveLength(0);
      expect(textract.commandCalls(StartExpenseAnalysisCommand)[0]?.args[0].input).toEqual({
        DocumentLocation: { S3Object: { Bucket: 'documents', Name: 'adm-1/doc-2.pdf' } },
        ClientRequestToken: startToken(threePages),
        NotificationChannel: { SNSTopicArn: options.snsTopicArn, RoleArn: options.roleArn },
      });
    });

    it('derives the same valid start token for the same object, and another for another object', async () => {
      textract.on(StartExpenseAnalysisCommand).resolves({ JobId: 'job-42' });

      await analyzer().analyse(threePages);
      await analyzer().analyse({ ...threePages });
      await analyzer().analyse({ ...threePages, key: 'adm-1/doc-3.pdf' });

      const tokens = textract.commandCalls(StartExpenseAnalysisCommand).map((c) => c.args[0].input.ClientRequestToken);
      expect(tokens[0]).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(tokens[1]).toBe(tokens[0]);
      expect(tokens[2]).not.toBe(tokens[0]);
    });

    it('honours a higher multi-page threshold', async () => {
      textract.on(AnalyzeExpenseCommand).resolves({ ExpenseDocuments: [] });
      const tolerant = textractExpenseAnalyzer(new TextractClient({ region: 'eu-west-1' }), {
        ...options,
        multiPageThreshold: 3,
      });

      await expect(tolerant.analyse(threePages)).resolves.toMatchObject({ status: 'done' });
    });

    it('rejects a media type Textract cannot read with UNSUPPORTED_DOCUMENT without calling it', async () => {
      await expect(analyzer().analyse({ ...onePage, mediaType: 'application/xml' })).rejects.toMatchObject({
        code: 'UNSUPPORTED_DOCUMENT',
      });
      expect(textract.calls()).toHaveLength(0);
    });

    it.each([
      [UnsupportedDocumentException, 'UNSUPPORTED_DOCUMENT'],
      [BadDocumentException, 'BAD_DOCUMENT'],
      [DocumentTooLargeException, 'DOCUMENT_TOO_LARGE'],
      [InvalidS3ObjectException, 'DOCUMENT_NOT_FOUND'],
    ] as const)('maps %o to a RecognitionError with code %s', async (Type, code) => {
      const cause = exception(Type);
      textract.on(AnalyzeExpenseCommand).rejects(cause);

      const error = await analyzer()
        .analyse(onePage)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RecognitionError);
      expect(error).toMatchObject({ code, cause });
    });

    it('maps a refusal to start the same way', async () => {
      textract.on(StartExpenseAnalysisCommand).rejects(exception(BadDocumentException));

      await expect(analyzer().analyse(threePages)).rejects.toMatchObject({ code: 'BAD_DOCUMENT' });
    });

    it.each([ThrottlingException, ProvisionedThroughputExceededException])(
      'rethrows %o unchanged so the queue retries',
      async (Type) => {
        const throttled = exception(Type);
        textract.on(AnalyzeExpenseCommand).rejects(throttled);

        await expect(analyzer().analyse(onePage)).rejects.toBe(throttled);
      },
    );
  });

  describe('completeAnalysis', () => {
    it('reads every result page with NextToken and merges them into one result', async () => {
      const [page1, page2] = twoPageJob();
      textract
        .on(GetExpenseAnalysisCommand, { JobId: 'job-42', NextToken: undefined })
        .resolves(page1)
        .on(GetExpenseAnalysisCommand, { JobId: 'job-42', NextToken: 'page-2' })
        .resolves(page2);

      const result = await analyzer().completeAnalysis('job-42');

      const inputs = textract.commandCalls(GetExpenseAnalysisCommand).map((c) => c.args[0].input);
      expect(inputs).toEqual([{ JobId: 'job-42' }, { JobId: 'job-42', NextToken: 'page-2' }]);
      expect(result.invoiceNumber?.value).toBe('2024-0042');
      // The invoice date is printed on the first page only; the due date and totals on the second.
      expect(result.invoiceDate?.value).toBe('2024-02-01');
      expect(result.dueDate?.value).toBe('2024-03-02');
      expect(result.totals.gross?.value).toBe(290_400);
      expect(result.lines).toHaveLength(5);
      expect(result.issues).toEqual([]);
    });

    it('fails with ANALYSIS_FAILED when Textract reports the job failed', async () => {
      textract.on(GetExpenseAnalysisCommand).resolves({ JobStatus: 'FAILED', StatusMessage: 'Unable to process' });

      await expect(analyzer().completeAnalysis('job-42')).rejects.toMatchObject({
        name: 'RecognitionError',
        code: 'ANALYSIS_FAILED',
      });
    });

    it('throws a retryable error while the job is still in progress', async () => {
      textract.on(GetExpenseAnalysisCommand).resolves({ JobStatus: 'IN_PROGRESS' });

      const error = await analyzer()
        .completeAnalysis('job-42')
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(RecognitionError);
    });

    it('lists Textract warnings of a partial success as issues', async () => {
      const [, page2] = twoPageJob();
      textract
        .on(GetExpenseAnalysisCommand)
        .resolves({ ...page2, JobStatus: 'PARTIAL_SUCCESS', Warnings: [{ ErrorCode: 'BAD_PAGE', Pages: [1] }] });

      const result = await analyzer().completeAnalysis('job-42');

      expect(result.issues).toContainEqual({ field: 'document', message: 'Textract: BAD_PAGE on pages 1' });
    });

    it('maps an unknown job id to ANALYSIS_NOT_FOUND', async () => {
      textract.on(GetExpenseAnalysisCommand).rejects(exception(InvalidJobIdException));

      await expect(analyzer().completeAnalysis('job-gone')).rejects.toMatchObject({ code: 'ANALYSIS_NOT_FOUND' });
    });
  });
});
