import { parse } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { z } from 'zod';
import { logger } from '#functions/shared/observability.ts';
import { recognitionFlow, textractAnalyzer } from '#functions/shared/recognition.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { completeDocumentAnalysis } from '#packages/intake';

/** Textract's completion notice, delivered raw from its SNS topic. */
const Completion = JSONStringified(
  z.object({
    JobId: z.string().min(1),
    Status: z.enum(['SUCCEEDED', 'FAILED', 'ERROR', 'PARTIAL_SUCCESS']),
    API: z.string(),
    Timestamp: z.number().optional(),
  }),
);

export const handler = queueConsumer({
  name: 'intake/complete-analysis',
  parse: (record) => {
    const notice = parse(record.body, undefined, Completion);
    return notice.API === 'StartExpenseAnalysis' ? [notice] : [];
  },
  identity: (notice) => notice.JobId,
  process: async (notice) => {
    const outcome = await completeDocumentAnalysis(recognitionFlow, {
      jobId: notice.JobId,
      succeeded: notice.Status === 'SUCCEEDED' || notice.Status === 'PARTIAL_SUCCESS',
      collect: () => textractAnalyzer().completeAnalysis(notice.JobId),
    });
    logger.info('Expense analysis completed', { jobId: notice.JobId, status: notice.Status, ...outcome });
  },
});
