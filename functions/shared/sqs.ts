import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { dynamodb, table } from './clients.js';
import { logger, metrics, tracer } from './observability.js';

export interface QueueConsumerSpec<T> {
  /** Names the consumer in idempotency records. */
  readonly name: string;
  /** Validates a record's body and returns the work items in it (an S3 event can hold several). */
  readonly parse: (record: SQSRecord) => readonly T[];
  /** What makes two work items the same work, e.g. bucket + key + object version. */
  readonly identity: (item: T) => string;
  readonly process: (item: T) => Promise<unknown>;
}

/**
 * Builds an SQS consumer: each record is processed on its own, failures are reported per
 * record (ReportBatchItemFailures) so only they are redelivered, and each work item runs at
 * most once per identity (Powertools idempotency on the table) however often it arrives.
 */
export function queueConsumer<T>(spec: QueueConsumerSpec<T>) {
  const processor = new BatchProcessor(EventType.SQS);
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: table.name,
    awsSdkV3Client: dynamodb,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    expiryAttr: 'ttl',
    staticPkValue: `SYS#IDEMPOTENCY#${spec.name}`,
  });
  const config = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: 7 * 24 * 3600 });
  const once = makeIdempotent(async (work: { id: string; item: T }) => spec.process(work.item), {
    persistenceStore,
    config,
  });
  const recordHandler = async (record: SQSRecord) => {
    for (const item of spec.parse(record)) await once({ id: spec.identity(item), item });
  };
  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    config.registerLambdaContext(context);
    return processPartialResponse(event, recordHandler, processor, { context });
  })
    .use(injectLambdaContext(logger))
    .use(captureLambdaHandler(tracer))
    .use(logMetrics(metrics));
}
