import { parse } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { logger } from '#functions/shared/observability.ts';
import { recognitionFlow } from '#functions/shared/recognition.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { DocumentRef, processDocument } from '#packages/intake';

const Body = JSONStringified(DocumentRef);

export const handler = queueConsumer({
  name: 'intake/recognise-document',
  parse: (record) => [parse(record.body, undefined, Body)],
  identity: (ref) => `${ref.firmId}/${ref.administrationId}/${ref.documentId}`,
  process: async (ref) => {
    const outcome = await processDocument(recognitionFlow, ref);
    logger.info('Document processed', { ...ref, ...outcome });
  },
});
