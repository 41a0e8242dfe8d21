import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import {
  type BucketTriggerDecl,
  type QueueDecl,
  queueUrlVariable,
  type ScheduleDecl,
  type StateMachineDecl,
  stateMachineArnVariable,
  bucketTriggers as wiringBucketTriggers,
  queues as wiringQueues,
  schedules as wiringSchedules,
  stateMachines as wiringStateMachines,
} from '#infra/wiring.ts';
import { type AwsEndpoint, startAwsEndpoint } from './aws-endpoint.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, queueUrl, stateMachineArn } from './aws-names.ts';
import { ensureTable, type LocalDynamoDb, startDynamoDb } from './dynamodb.ts';
import { createLambdaRuntime, type HandlerResolver, type InvokeFn } from './lambda-runtime.ts';
import { Outbox } from './outbox.ts';
import { QueueRunner } from './queues.ts';
import { type LocalS3, startS3 } from './s3.ts';
import { Scheduler } from './scheduler.ts';
import { type LocalSmtp, startSmtp } from './smtp.ts';
import { StateMachineRunner, type TimeOverrides } from './stepfunctions.ts';

/** Options of {@link startLocalTwin}. */
export interface LocalTwinOptions {
  /**
   * Where everything persists (`dynamodb/`, `s3/`, `queues/`, `outbox/`); `null` keeps it in
   * memory or a temporary directory removed on stop.
   */
  readonly dataDir: string | null;
  /** Ports on 127.0.0.1; 0 (the default) picks a free one. */
  readonly ports?: { readonly dynamodb?: number; readonly s3?: number; readonly aws?: number; readonly smtp?: number };
  /** @default 'samenwerken' */
  readonly tableName?: string;
  /** @default 'samenwerken-documents' */
  readonly bucketName?: string;
  /** @default 'in.example.com', the ServiceFunction default */
  readonly inboundEmailDomain?: string;
  /** @default no logging */
  readonly log?: (line: string) => void;
  /** How often idle queues are polled. @default 100 */
  readonly queuePollMs?: number;
  /** Replaces every queue's visibility timeout (tests use short ones). */
  readonly queueVisibilityTimeoutSeconds?: number;
  /** Shortens Wait states and Retry intervals of every state machine. */
  readonly stateMachineTimeOverrides?: TimeOverrides;
  /** Arm the schedule timers. @default true */
  readonly scheduleTimers?: boolean;
  /** Replaces parts of `infra/wiring.ts` (tests wire their own handlers). */
  readonly wiring?: {
    readonly queues?: readonly QueueDecl[];
    readonly bucketTriggers?: readonly BucketTriggerDecl[];
    readonly stateMachines?: readonly StateMachineDecl[];
    readonly schedules?: readonly ScheduleDecl[];
  };
  /** Maps a wiring handler to its module file. @default `functions/<handler>.ts` */
  readonly resolveHandler?: HandlerResolver;
  /** More handler environment, e.g. `PSD2_PROVIDER_URL` of a sandbox bank and `PUBLIC_API_URL`. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The running twin. */
export interface LocalTwin {
  /** What a handler needs in its environment; already applied to `process.env`. */
  readonly env: Readonly<Record<string, string>>;
  readonly ports: { readonly dynamodb: number; readonly s3: number; readonly aws: number; readonly smtp: number };
  readonly tableName: string;
  readonly bucketName: string;
  /** Invokes a wiring handler in this process, with the twin's handler resolver. */
  readonly invoke: InvokeFn;
  readonly queues: QueueRunner;
  readonly stateMachines: StateMachineRunner;
  readonly scheduler: Scheduler;
  readonly outbox: Outbox;
  /** Stops everything and restores `process.env`; idempotent. Leaves no child process. */
  stop(): Promise<void>;
}

let live: Promise<LocalTwin> | undefined;

/**
 * Starts the local twin of AWS: DynamoDB Local with the table, s3rver with the document bucket
 * and its notifications, the queues with their consumers, the state machines, the SES outbox,
 * the SMTP inbound server and the schedules, all on loopback. Applies `env` to `process.env`
 * before any handler can be imported (handlers read their configuration at import).
 *
 * One twin per process: handler modules and the SDK clients they create at import are cached
 * for the life of the process, so a second twin with other ports would leave them pointing at
 * the first one's endpoints.
 */
export async function startLocalTwin(options: LocalTwinOptions): Promise<LocalTwin> {
  if (live) throw new Error('A local twin is already running in this process; stop it first');
  const starting = start(options);
  live = starting;
  starting.catch(() => {
    live = undefined;
  });
  return starting;
}

async function start(options: LocalTwinOptions): Promise<LocalTwin> {
  const log = options.log ?? (() => undefined);
  const began = Date.now();
  const tableName = options.tableName ?? 'samenwerken';
  const bucketName = options.bucketName ?? 'samenwerken-documents';
  const wiring = {
    queues: options.wiring?.queues ?? wiringQueues,
    bucketTriggers: options.wiring?.bucketTriggers ?? wiringBucketTriggers,
    stateMachines: options.wiring?.stateMachines ?? wiringStateMachines,
    schedules: options.wiring?.schedules ?? wiringSchedules,
  };
  const dataDir = options.dataDir === null ? null : resolve(options.dataDir);
  const scratch = dataDir ?? (await mkdtemp(join(tmpdir(), 'samenwerken-twin-')));
  const dir = (name: string): string => join(scratch, name);
  if (dataDir) await mkdir(dataDir, { recursive: true });

  const started: {
    dynamodb?: Promise<LocalDynamoDb>;
    s3?: LocalS3;
    aws?: AwsEndpoint;
    smtp?: LocalSmtp;
    twinS3?: S3Client;
    queues?: QueueRunner;
    stateMachines?: StateMachineRunner;
    scheduler?: Scheduler;
  } = {};
  const previousEnv = new Map<string, string | undefined>();
  // Inbound doors first, then the consumers (queues let running batches finish), storage last.
  const stopAll = async (): Promise<void> => {
    const steps: [string, () => Promise<void> | void][] = [
      ['scheduler', () => started.scheduler?.stop()],
      ['smtp', () => started.smtp?.stop()],
      ['queues', () => started.queues?.stop()],
      ['state machines', () => started.stateMachines?.stop()],
      ['aws endpoint', () => started.aws?.stop()],
      ['s3', () => started.s3?.stop()],
      ['s3 client', () => started.twinS3?.destroy()],
      ['dynamodb', async () => (await started.dynamodb?.catch(() => undefined))?.stop()],
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        log(`twin: stopping ${name} failed: ${String(error)}`);
      }
    }
    for (const [key, value] of previousEnv) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (!dataDir) await rm(scratch, { recursive: true, force: true });
  };

  try {
    // DynamoDB Local (Java) is the slow one: start it first and let the rest come up meanwhile.
    started.dynamodb = startDynamoDb({ port: options.ports?.dynamodb ?? 0, dir: dataDir ? dir('dynamodb') : null });
    started.dynamodb.catch(() => undefined);

    const runtime = createLambdaRuntime(options.resolveHandler ? { resolve: options.resolveHandler } : {});
    const queues = await QueueRunner.create({
      queues: wiring.queues,
      invoke: runtime.invoke,
      dir: dataDir ? dir('queues') : null,
      pollMs: options.queuePollMs,
      visibilityTimeoutSeconds: options.queueVisibilityTimeoutSeconds,
      log,
    });
    started.queues = queues;
    const stateMachines = new StateMachineRunner({
      stateMachines: wiring.stateMachines,
      invoke: runtime.invoke,
      timeOverrides: options.stateMachineTimeOverrides,
      log,
    });
    started.stateMachines = stateMachines;
    const scheduler = new Scheduler({ schedules: wiring.schedules, stateMachines, queues, log });
    started.scheduler = scheduler;
    const outbox = new Outbox(dir('outbox'));

    // allSettled, not all: when one fails the other must have registered itself for stopAll.
    const [s3Started, awsStarted] = await Promise.allSettled([
      startS3({
        port: options.ports?.s3 ?? 0,
        dir: dir('s3'),
        bucketName,
        triggers: wiring.bucketTriggers,
        notify: (queue, body) => {
          queues.send(queue, body, { senderId: 'AIDAJHIPRHEMV73VRJEBU' });
        },
        log,
      }).then((s) => (started.s3 = s)),
      startAwsEndpoint({ port: options.ports?.aws ?? 0, queues, stateMachines, outbox, log }).then(
        (a) => (started.aws = a),
      ),
    ]);
    if (s3Started.status === 'rejected') throw s3Started.reason;
    if (awsStarted.status === 'rejected') throw awsStarted.reason;
    const s3 = s3Started.value;
    const aws = awsStarted.value;
    const twinS3 = new S3Client({
      region: LOCAL_REGION,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
    });
    started.twinS3 = twinS3;
    const smtp = await startSmtp({ port: options.ports?.smtp ?? 0, s3: twinS3, bucketName, log });
    started.smtp = smtp;
    const dynamodb = await started.dynamodb;

    const env: Record<string, string> = {
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SQS: aws.endpoint,
      AWS_ENDPOINT_URL_SFN: aws.endpoint,
      AWS_ENDPOINT_URL_SESV2: aws.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      TABLE_NAME: tableName,
      BUCKET_NAME: bucketName,
      INBOUND_EMAIL_DOMAIN: options.inboundEmailDomain ?? 'in.example.com',
      SENDER_ADDRESS: `no-reply@${options.inboundEmailDomain ?? 'in.example.com'}`,
      // No Textract here: the local engine (PDF text layer, OCR) recognises documents.
      RECOGNITION_ENGINE: 'local',
      // The twin's own access point and dev connection stand in for the Peppol provider.
      LOCAL_TWIN: 'true',
      ...Object.fromEntries(wiring.queues.map((q) => [queueUrlVariable(q.name), queueUrl(aws.endpoint, q.name)])),
      // Handlers that start a workflow or answer its task tokens (approvals) find it by ARN.
      ...Object.fromEntries(
        wiring.stateMachines.map((m) => [stateMachineArnVariable(m.name), stateMachineArn(m.name)]),
      ),
      POWERTOOLS_SERVICE_NAME: 'samenwerken',
      POWERTOOLS_METRICS_NAMESPACE: 'Samenwerken',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      ...options.env,
    };
    // A session token or profile from the developer's shell would mix real credentials in.
    for (const key of [...Object.keys(env), 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
      previousEnv.set(key, process.env[key]);
      if (key in env) process.env[key] = env[key];
      else delete process.env[key];
    }

    const dynamoClient = new DynamoDBClient({
      region: LOCAL_REGION,
      endpoint: dynamodb.endpoint,
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      await dynamodb.ready(dynamoClient);
      await ensureTable(dynamoClient, tableName);
    } finally {
      dynamoClient.destroy();
    }

    queues.start();
    if (options.scheduleTimers ?? true) scheduler.start();
    log(
      `twin: up in ${Date.now() - began} ms (dynamodb ${dynamodb.port}, s3 ${s3.port}, aws ${aws.port}, smtp ${smtp.port})`,
    );

    let stopping: Promise<void> | undefined;
    return {
      env,
      ports: { dynamodb: dynamodb.port, s3: s3.port, aws: aws.port, smtp: smtp.port },
      tableName,
      bucketName,
      invoke: runtime.invoke,
      queues,
      stateMachines,
      scheduler,
      outbox,
      stop() {
        stopping ??= stopAll().finally(() => {
          live = undefined;
        });
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
