import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Table } from '#packages/table';
import { tableConfig } from './config.js';
import { tracer } from './observability.js';

/**
 * SDK clients, created once per container. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, which the local twin sets and Lambda does not.
 */
export const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
export const documentClient = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});
export const table: Table = { doc: documentClient, name: tableConfig.TABLE_NAME };

let s3Client: S3Client | undefined;
/** The S3 client, created on first use so handlers without bucket access do not pay for it. */
export function s3(): S3Client {
  s3Client ??= tracer.captureAWSv3Client(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' }));
  return s3Client;
}

let sqsClient: SQSClient | undefined;
/** The SQS client, for handlers that send to other queues. */
export function sqs(): SQSClient {
  sqsClient ??= tracer.captureAWSv3Client(new SQSClient({}));
  return sqsClient;
}

let sesClient: SESv2Client | undefined;
/** The SES v2 client, for handlers that send e-mail. */
export function ses(): SESv2Client {
  sesClient ??= tracer.captureAWSv3Client(new SESv2Client({}));
  return sesClient;
}
