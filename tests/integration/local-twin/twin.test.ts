import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalTwin } from '#infra/local/twin.ts';
import { queues as wiringQueues } from '#infra/wiring.ts';
import { behaviours } from '../../helpers/twin-handlers/recorder.ts';
import { startTestTwin } from './support.ts';

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

function dynamoDbLocalProcesses(port: number): string[] {
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port}`));
}

describe('startLocalTwin', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('brings up the wiring within 30 s and points unconfigured SDK clients at it through the environment', async () => {
    const began = Date.now();
    const twin = await startLocalTwin({ dataDir: null, stateMachineTimeOverrides: { retryIntervalMs: 0 } });
    const startedIn = Date.now() - began;
    const dynamodb = new DynamoDBClient({});
    const s3 = new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
    const sqs = new SQSClient({});
    const sfn = new SFNClient({});
    try {
      const table = await dynamodb.send(new DescribeTableCommand({ TableName: 'samenwerken' }));
      const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'samenwerken' }));
      const buckets = await s3.send(new ListBucketsCommand({}));
      const queues = await sqs.send(new ListQueuesCommand({}));
      const machines = await sfn.send(new ListStateMachinesCommand({}));

      expect(startedIn).toBeLessThan(30_000);
      expect(twin.env).toMatchObject({
        AWS_REGION: 'eu-west-1',
        TABLE_NAME: 'samenwerken',
        BUCKET_NAME: 'samenwerken-documents',
        S3_FORCE_PATH_STYLE: 'true',
        POWERTOOLS_TRACE_ENABLED: 'false',
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'WARN',
      });
      for (const [key, value] of Object.entries(twin.env)) expect(process.env[key]).toBe(value);
      expect(table.Table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(table.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(
        table.Table?.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.Projection?.ProjectionType, g.KeySchema]),
      ).toEqual([
        [
          'gsi1',
          'ALL',
          [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
        ],
        [
          'gsi2',
          'ALL',
          [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
        ],
      ]);
      expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'ttl', TimeToLiveStatus: 'ENABLED' });
      expect(buckets.Buckets?.map((b) => b.Name)).toContain('samenwerken-documents');
      expect(queues.QueueUrls).toEqual(
        wiringQueues
          .flatMap((q) => [q.name, `${q.name}-dlq`])
          .sort()
          .map((name) => `${twin.env.AWS_ENDPOINT_URL_SQS}/000000000000/${name}`),
      );
      expect(machines.stateMachines?.map((m) => m.stateMachineArn)).toContain(
        'arn:aws:states:eu-west-1:000000000000:stateMachine:audit-archive',
      );
    } finally {
      for (const client of [dynamodb, s3, sqs, sfn]) client.destroy();
      await twin.stop();
    }
  });

  it("runs the wiring's own audit-archive ASL with the real handlers", async () => {
    const twin = await startLocalTwin({ dataDir: null, stateMachineTimeOverrides: { retryIntervalMs: 0 } });
    const sfn = new SFNClient({});
    try {
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: 'arn:aws:states:eu-west-1:000000000000:stateMachine:audit-archive',
          input: JSON.stringify({ month: '2026-01' }),
        }),
      );
      await twin.stateMachines.waitForExecution(executionArn!);
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));

      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output!)).toMatchObject({ month: '2026-01', firms: [], archives: [] });
    } finally {
      sfn.destroy();
      await twin.stop();
    }
  });

  it('refuses a second twin in the same process', async () => {
    const twin = await startTestTwin();
    try {
      await expect(startTestTwin()).rejects.toThrow(/already running in this process/);
    } finally {
      await twin.stop();
    }
  });

  it('stops every service, leaves no DynamoDB Local process and restores process.env', async () => {
    process.env.AWS_ENDPOINT_URL_SQS = 'http://sentinel.invalid';
    const twin = await startTestTwin();
    const { ports } = twin;
    expect(dynamoDbLocalProcesses(ports.dynamodb)).toHaveLength(1);

    await Promise.all([twin.stop(), twin.stop()]);

    for (const port of Object.values(ports)) expect(await portIsClosed(port)).toBe(true);
    expect(dynamoDbLocalProcesses(ports.dynamodb)).toEqual([]);
    expect(process.env.AWS_ENDPOINT_URL_SQS).toBe('http://sentinel.invalid');
    delete process.env.AWS_ENDPOINT_URL_SQS;
  });

  it('keeps table items, objects, queued and dead-lettered messages across a restart on the same data dir', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'twin-persist-'));
    dirs.push(dataDir);
    behaviours.set('queue-consumer', (event) => ({
      batchItemFailures: (event as { Records: { messageId: string }[] }).Records.map((r) => ({
        itemIdentifier: r.messageId,
      })),
    }));
    const wiring = {
      queues: [
        {
          name: 'keep',
          handler: 'test/queue-consumer',
          batchSize: 10,
          visibilityTimeoutSeconds: 0.1,
          maxReceiveCount: 1,
          table: 'none',
          bucket: 'none',
        } as const,
      ],
    };

    const first = await startTestTwin({ dataDir, wiring });
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const s3 = new S3Client({ forcePathStyle: true });
    const sqs = new SQSClient({});
    const QueueUrl = `${first.env.AWS_ENDPOINT_URL_SQS}/000000000000/keep`;
    await doc.send(
      new PutCommand({ TableName: 'samenwerken', Item: { pk: 'FIRM#1', sk: 'PROFILE', name: 'Kantoor' } }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'samenwerken-documents', Key: 'archive/kept.txt', Body: 'kept' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 900 }));
    await expect.poll(() => first.queues.depth('keep-dlq').visible).toBe(1);
    for (const client of [doc, s3, sqs]) client.destroy();
    await first.stop();

    const second = await startTestTwin({ dataDir, wiring });
    const doc2 = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const s3b = new S3Client({ forcePathStyle: true });
    try {
      const item = await doc2.send(new GetCommand({ TableName: 'samenwerken', Key: { pk: 'FIRM#1', sk: 'PROFILE' } }));
      const object = await s3b.send(new GetObjectCommand({ Bucket: 'samenwerken-documents', Key: 'archive/kept.txt' }));

      expect(item.Item?.name).toBe('Kantoor');
      expect(await object.Body?.transformToString()).toBe('kept');
      expect(second.queues.peek('keep').map((m) => m.body)).toEqual(['later']);
      expect(second.queues.peek('keep-dlq').map((m) => m.body)).toEqual(['poison']);
    } finally {
      doc2.destroy();
      s3b.destroy();
      await second.stop();
    }
  });
});

describe('startDynamoDb', () => {
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)(
    'takes DynamoDB Local down when its Node process gets %s',
    async (signal) => {
      const holder = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('./hold-dynamodb.ts', import.meta.url))],
        {
          cwd: fileURLToPath(new URL('../../../', import.meta.url)),
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const javaPid = await new Promise<number>((resolve, reject) => {
        holder.stdout.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { pid: number }).pid));
        holder.once('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
      });
      expect(alive(javaPid)).toBe(true);

      holder.kill(signal);

      await expect.poll(() => alive(javaPid), { timeout: 10_000, interval: 100 }).toBe(false);
    },
  );
});
