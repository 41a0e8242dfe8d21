import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#infra/local/aws-names.ts';
import { ensureTable } from '#infra/local/dynamodb.ts';
import { newId } from '#packages/kernel';
import type { Table } from '#packages/table';

/**
 * A new, empty single table in the run's DynamoDB Local, and the environment a handler needs
 * to use it. Call from `beforeAll`; handlers imported afterwards read this environment.
 */
export async function freshTable(): Promise<{ table: Table; client: DynamoDBClient; env: Record<string, string> }> {
  const endpoint = inject('dynamodbEndpoint');
  const name = `test-${newId().toLowerCase()}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await ensureTable(client, name);
  const env = {
    TABLE_NAME: name,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    LOCAL_TWIN: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_SERVICE_NAME: 'samenwerken-test',
  };
  Object.assign(process.env, env);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { table: { doc, name }, client, env };
}
