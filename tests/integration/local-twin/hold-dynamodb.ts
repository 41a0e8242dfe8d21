// Test fixture: starts DynamoDB Local, prints its Java pid, then waits to be killed.
import { startDynamoDb } from '#infra/local/dynamodb.ts';

const dynamodb = await startDynamoDb({ port: 0, dir: null });
process.stdout.write(`${JSON.stringify({ pid: dynamodb.pid })}\n`);
setInterval(() => undefined, 60_000);
