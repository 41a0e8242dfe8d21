import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#infra/local/aws-names.ts';
import { startDynamoDb } from '#infra/local/dynamodb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

/**
 * One DynamoDB Local (in memory) for the whole run; every test file makes its own table in
 * it, so files run in parallel without seeing each other's data.
 */
export default async function setup(project: TestProject) {
  const dynamodb = await startDynamoDb({ port: 0, dir: null });
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await dynamodb.ready(client);
  client.destroy();
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  return async () => {
    await dynamodb.stop();
  };
}
