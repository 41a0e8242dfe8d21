import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { SQSEvent, SQSMessageAttribute, SQSRecord } from 'aws-lambda';
import type { QueueDecl } from '#infra/wiring.ts';
import { AwsError } from './aws-error.ts';
import { dlqName, LOCAL_REGION, queueArn } from './aws-names.ts';
import { JsonFile } from './json-file.ts';
import type { InvokeFn } from './lambda-runtime.ts';

/** A message attribute as the SQS API takes it; `BinaryValue` is base64, as on the wire. */
export interface MessageAttributeInput {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

/** Options of {@link QueueRunner.send}. */
export interface SendOptions {
  readonly messageAttributes?: Readonly<Record<string, MessageAttributeInput>>;
  /** 0..900, as SQS allows. */
  readonly delaySeconds?: number;
  /** The `SenderId` attribute consumers see. @default a local IAM user id */
  readonly senderId?: string;
}

/** What SQS answers to SendMessage. */
export interface SentMessage {
  readonly messageId: string;
  readonly md5OfBody: string;
  readonly md5OfMessageAttributes?: string;
}

/** Message counts as `GetQueueAttributes` reports them. */
export interface QueueDepth {
  /** Ready to be received (`ApproximateNumberOfMessages`). */
  readonly visible: number;
  /** Received and neither deleted nor visible again (`ApproximateNumberOfMessagesNotVisible`). */
  readonly inFlight: number;
  /** Sent with a delay that has not passed (`ApproximateNumberOfMessagesDelayed`). */
  readonly delayed: number;
}

/** A stored message, as {@link QueueRunner.peek} shows it. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly md5OfMessageAttributes?: string;
  readonly messageAttributes: Record<string, SQSMessageAttribute>;
  readonly senderId: string;
  readonly sentTimestamp: number;
  firstReceiveTimestamp?: number;
  receiveCount: number;
  /** Epoch ms from which the message can be received again. */
  visibleAt: number;
  receiptHandle?: string;
  deadLetterQueueSourceArn?: string;
}

/** Options of {@link QueueRunner.create}. */
export interface QueueRunnerOptions {
  /** Source queues; each gets a DLQ named `<name>-dlq`. */
  readonly queues: readonly QueueDecl[];
  readonly invoke: InvokeFn;
  /** Directory for `<queue>.json` files; `null` keeps messages in memory only. */
  readonly dir: string | null;
  /** How often idle queues are polled. @default 100 */
  readonly pollMs?: number;
  /** Replaces every queue's `visibilityTimeoutSeconds` (tests use short ones). */
  readonly visibilityTimeoutSeconds?: number;
  /** How long {@link QueueRunner.stop} waits for running batches. @default 5000 */
  readonly stopGraceMs?: number;
  readonly log?: (line: string) => void;
}

/** What takes a queue's messages: a source queue's declaration, or the consumer its DLQ declares. */
type Consumer = Pick<QueueDecl, 'handler' | 'batchSize' | 'visibilityTimeoutSeconds'>;

interface QueueState {
  readonly name: string;
  readonly arn: string;
  /** Set on source queues (which have a DLQ). */
  readonly decl?: QueueDecl;
  /** What consumes the queue: every source queue, and a DLQ whose source declares `deadLetters`. */
  readonly consumer?: Consumer;
  /** On a DLQ: the source queue whose failures it keeps. */
  readonly sourceOf?: string;
  readonly messages: Map<string, StoredMessage>;
  readonly file: JsonFile<{ messages: StoredMessage[] }>;
  busy: boolean;
}

const MAX_MESSAGE_BYTES = 262_144;
const MAX_ATTRIBUTES = 10;
const LOCAL_SENDER_ID = 'AIDAIENQZJOLO23YVJ4VO';
// Characters SQS accepts in a message body (#x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF).
const INVALID_BODY_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function md5(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * MD5 of message attributes exactly as SQS computes it: attributes sorted by name, each encoded
 * as length-prefixed name, data type, a transport byte (1 string/number, 2 binary) and value.
 */
export function md5OfMessageAttributes(attributes: Readonly<Record<string, SQSMessageAttribute>>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  const field = (bytes: Buffer): void => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of names) {
    const attribute = attributes[name]!;
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(attribute.dataType, 'utf8'));
    if (attribute.binaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      field(Buffer.from(attribute.binaryValue, 'base64'));
    } else {
      parts.push(Buffer.from([1]));
      field(Buffer.from(attribute.stringValue ?? '', 'utf8'));
    }
  }
  return md5(Buffer.concat(parts));
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message, 400, 'InvalidParameterValue');
}

function toEventAttributes(
  input: Readonly<Record<string, MessageAttributeInput>> | undefined,
): Record<string, SQSMessageAttribute> {
  const attributes: Record<string, SQSMessageAttribute> = {};
  const names = Object.keys(input ?? {});
  if (names.length > MAX_ATTRIBUTES) {
    throw invalid(`Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`);
  }
  for (const name of names) {
    const value = input![name]!;
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || /^(aws|amazon)\./i.test(name) || /\.\.|^\.|\.$/.test(name)) {
      throw new AwsError(
        'InvalidAttributeName',
        `Message attribute name '${name}' is invalid.`,
        400,
        'InvalidAttributeName',
      );
    }
    const type = value.DataType ?? '';
    if (/^(String|Number)(\..+)?$/.test(type)) {
      if (value.StringValue === undefined) throw invalid(`Message attribute '${name}' must contain a StringValue.`);
      if (type.startsWith('Number') && !Number.isFinite(Number(value.StringValue))) {
        throw invalid(`Message attribute '${name}' has an invalid numeric value.`);
      }
      attributes[name] = { dataType: type, stringValue: value.StringValue, stringListValues: [], binaryListValues: [] };
    } else if (/^Binary(\..+)?$/.test(type)) {
      if (value.BinaryValue === undefined) throw invalid(`Message attribute '${name}' must contain a BinaryValue.`);
      attributes[name] = { dataType: type, binaryValue: value.BinaryValue, stringListValues: [], binaryListValues: [] };
    } else {
      throw invalid(`Message attribute '${name}' has an invalid data type '${type}'.`);
    }
  }
  return attributes;
}

function messageSize(body: string, attributes: Record<string, SQSMessageAttribute>): number {
  let size = Buffer.byteLength(body);
  for (const [name, a] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(a.dataType);
    size +=
      a.binaryValue !== undefined ? Buffer.from(a.binaryValue, 'base64').length : Buffer.byteLength(a.stringValue!);
  }
  return size;
}

function newReceiptHandle(): string {
  return `AQEB${randomBytes(96).toString('base64')}`;
}

/**
 * The batch items a handler reported as failed, or `'all'` when the whole batch failed: Lambda
 * treats a malformed `batchItemFailures` or an unknown `itemIdentifier` as a failure of all.
 */
function failedItems(result: unknown, batch: ReadonlySet<string>): ReadonlySet<string> | 'all' {
  if (result === null || typeof result !== 'object' || !('batchItemFailures' in result)) return new Set();
  const failures = (result as { batchItemFailures: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return new Set();
  if (!Array.isArray(failures)) return 'all';
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !batch.has(id)) return 'all';
    failed.add(id);
  }
  return failed;
}

/**
 * An in-process SQS with the semantics of a queue plus Lambda event source mapping: batches of up
 * to `batchSize` go to the queue's handler as a real-shaped `SQSEvent`; received messages stay
 * invisible for the visibility timeout; with `ReportBatchItemFailures` only the reported items
 * come back, a thrown error brings back the whole batch; a message received `maxReceiveCount`
 * times moves to the DLQ when it would be received once more (as SQS does). Contents, DLQs
 * included, persist to `<dir>/<queue>.json` so a restart loses nothing.
 */
export class QueueRunner {
  private readonly queues = new Map<string, QueueState>();
  private readonly changes = new EventEmitter();
  private readonly running = new Set<Promise<void>>();
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(private readonly options: QueueRunnerOptions) {
    this.log = options.log ?? (() => undefined);
    this.changes.setMaxListeners(0);
  }

  /** Creates the queues and their DLQs and loads persisted messages; call {@link start} to consume. */
  static async create(options: QueueRunnerOptions): Promise<QueueRunner> {
    const runner = new QueueRunner(options);
    const onError = (error: Error): void => runner.log(`queues: cannot persist: ${error.message}`);
    const add = (name: string, consumer?: Consumer, decl?: QueueDecl, sourceOf?: string): void => {
      if (runner.queues.has(name)) throw new Error(`Queue '${name}' is declared twice`);
      const file = new JsonFile<{ messages: StoredMessage[] }>(
        options.dir ? join(options.dir, `${name}.json`) : null,
        onError,
      );
      const state: QueueState = {
        name,
        arn: queueArn(name),
        decl,
        consumer,
        sourceOf,
        messages: new Map(),
        file,
        busy: false,
      };
      runner.queues.set(name, state);
    };
    for (const decl of options.queues) {
      if (!Number.isInteger(decl.batchSize) || decl.batchSize < 1 || decl.batchSize > 10_000) {
        throw new Error(`Queue '${decl.name}': batchSize must be an integer in 1..10000`);
      }
      if (!Number.isInteger(decl.maxReceiveCount) || decl.maxReceiveCount < 1) {
        throw new Error(`Queue '${decl.name}': maxReceiveCount must be a positive integer`);
      }
      add(decl.name, decl, decl);
      add(dlqName(decl.name), decl.deadLetters, undefined, decl.name);
    }
    for (const queue of runner.queues.values()) {
      const stored = await queue.file.load();
      for (const message of stored?.messages ?? []) queue.messages.set(message.messageId, message);
    }
    return runner;
  }

  /** Starts polling every source queue. */
  start(): void {
    if (this.stopped) throw new Error('QueueRunner was stopped; create a new one');
    this.timer ??= setInterval(() => this.pumpAll(), this.options.pollMs ?? 100);
    this.timer.unref();
    this.pumpAll();
  }

  /** Every queue name, DLQs included. */
  names(): string[] {
    return [...this.queues.keys()];
  }

  /** Whether a queue (or DLQ) of that name exists. */
  has(name: string): boolean {
    return this.queues.has(name);
  }

  /** Sends one message, validated as SQS validates it. */
  send(name: string, body: string, options: SendOptions = {}): SentMessage {
    const queue = this.get(name);
    if (typeof body !== 'string' || body.length === 0) {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter MessageBody.',
        400,
        'MissingParameter',
      );
    }
    if (INVALID_BODY_CHARACTER.test(body)) {
      throw new AwsError(
        'InvalidMessageContents',
        'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
        400,
        'InvalidMessageContents',
      );
    }
    const delaySeconds = options.delaySeconds ?? 0;
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > 900) {
      throw invalid(`Value ${delaySeconds} for parameter DelaySeconds is invalid. Reason: must be between 0 and 900.`);
    }
    const messageAttributes = toEventAttributes(options.messageAttributes);
    if (messageSize(body, messageAttributes) > MAX_MESSAGE_BYTES) {
      throw invalid(
        `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
      );
    }
    const now = Date.now();
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: md5(body),
      md5OfMessageAttributes: md5OfMessageAttributes(messageAttributes),
      messageAttributes,
      senderId: options.senderId ?? LOCAL_SENDER_ID,
      sentTimestamp: now,
      receiveCount: 0,
      visibleAt: now + delaySeconds * 1000,
    };
    queue.messages.set(message.messageId, message);
    this.changed(queue);
    if (queue.consumer && !this.stopped) setImmediate(() => this.pump(queue));
    return {
      messageId: message.messageId,
      md5OfBody: message.md5OfBody,
      md5OfMessageAttributes: message.md5OfMessageAttributes,
    };
  }

  /** Message counts of a queue or DLQ. */
  depth(name: string): QueueDepth {
    const now = Date.now();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const m of this.get(name).messages.values()) {
      if (m.visibleAt <= now) visible++;
      else if (m.receiveCount > 0) inFlight++;
      else delayed++;
    }
    return { visible, inFlight, delayed };
  }

  /** The queue attributes GetQueueAttributes reports, by SQS attribute name. */
  attributes(name: string): Record<string, string> {
    const queue = this.get(name);
    const depth = this.depth(name);
    const decl = queue.decl;
    const visibility = this.options.visibilityTimeoutSeconds ?? queue.consumer?.visibilityTimeoutSeconds ?? 30;
    return {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(depth.visible),
      ApproximateNumberOfMessagesNotVisible: String(depth.inFlight),
      ApproximateNumberOfMessagesDelayed: String(depth.delayed),
      VisibilityTimeout: String(visibility),
      DelaySeconds: '0',
      MaximumMessageSize: String(MAX_MESSAGE_BYTES),
      ...(decl
        ? {
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: queueArn(dlqName(queue.name)),
              maxReceiveCount: decl.maxReceiveCount,
            }),
          }
        : {}),
    };
  }

  /** The source queue whose failures a DLQ keeps, or `undefined` for a source queue. */
  sourceOf(dlq: string): string | undefined {
    return this.get(dlq).sourceOf;
  }

  /** A copy of the messages a queue or DLQ holds, oldest first. */
  peek(name: string): StoredMessage[] {
    return [...this.get(name).messages.values()].map((m) => structuredClone(m));
  }

  /**
   * Moves every message of a DLQ back to its source queue (or to `destination`) as a fresh
   * delivery, like a completed `StartMessageMoveTask`. Takes the DLQ or the source queue name.
   * Returns how many messages moved.
   */
  redrive(name: string, destination?: string): number {
    const named = this.get(name);
    const dlq = named.sourceOf ? named : this.queues.get(dlqName(name));
    if (!dlq?.sourceOf) {
      throw new AwsError('InvalidParameterValue', `Queue '${name}' is neither a dead-letter queue nor has one.`, 400);
    }
    const target = this.get(destination ?? dlq.sourceOf);
    const now = Date.now();
    for (const message of dlq.messages.values()) {
      message.receiveCount = 0;
      message.firstReceiveTimestamp = undefined;
      message.receiptHandle = undefined;
      message.deadLetterQueueSourceArn = undefined;
      message.visibleAt = now;
      target.messages.set(message.messageId, message);
    }
    const moved = dlq.messages.size;
    dlq.messages.clear();
    this.changed(dlq);
    this.changed(target);
    if (moved > 0) this.log(`queues: redrove ${moved} message(s) from ${dlq.name} to ${target.name}`);
    if (target.consumer && !this.stopped) setImmediate(() => this.pump(target));
    return moved;
  }

  /** Resolves once a queue with a consumer holds no messages and no batch of it runs. */
  drain(name: string, timeoutMs = 30_000): Promise<void> {
    const queue = this.get(name);
    if (!queue.consumer) throw new Error(`Queue '${name}' has no consumer, so it never drains`);
    return this.waitFor(() => queue.messages.size === 0 && !queue.busy, timeoutMs, `queue '${name}' to drain`);
  }

  /** Resolves once every source queue is empty and no batch runs (DLQs may hold messages). */
  waitIdle(timeoutMs = 30_000): Promise<void> {
    const sources = [...this.queues.values()].filter((q) => q.decl);
    return this.waitFor(() => sources.every((q) => q.messages.size === 0 && !q.busy), timeoutMs, 'queues to go idle');
  }

  /** Stops polling, waits briefly for running batches and writes everything to disk. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    const grace = new Promise<void>((resolve) => setTimeout(resolve, this.options.stopGraceMs ?? 5_000).unref());
    await Promise.race([Promise.allSettled([...this.running]), grace]);
    await Promise.all([...this.queues.values()].map((q) => q.file.flush()));
  }

  private get(name: string): QueueState {
    const queue = this.queues.get(name);
    if (!queue) {
      throw new AwsError(
        'QueueDoesNotExist',
        'The specified queue does not exist.',
        400,
        'AWS.SimpleQueueService.NonExistentQueue',
      );
    }
    return queue;
  }

  private changed(queue: QueueState): void {
    queue.file.save(() => ({ messages: [...queue.messages.values()] }));
    this.changes.emit('change');
  }

  private waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        const depths = this.names()
          .map((n) => `${n} ${JSON.stringify(this.depth(n))}`)
          .join(', ');
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}: ${depths}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.changes.off('change', check);
      };
      this.changes.on('change', check);
      check();
    });
  }

  private pumpAll(): void {
    for (const queue of this.queues.values()) this.pump(queue);
  }

  private pump(queue: QueueState): void {
    const consumer = queue.consumer;
    if (!consumer || queue.busy || this.stopped) return;
    const now = Date.now();
    if (queue.decl) this.moveExhausted(queue, queue.decl, now);

    const batch: StoredMessage[] = [];
    for (const message of queue.messages.values()) {
      if (message.visibleAt > now) continue;
      batch.push(message);
      if (batch.length === consumer.batchSize) break;
    }
    if (batch.length === 0) return;

    const visibilitySeconds = this.options.visibilityTimeoutSeconds ?? consumer.visibilityTimeoutSeconds;
    for (const message of batch) {
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.receiptHandle = newReceiptHandle();
      message.visibleAt = now + visibilitySeconds * 1000;
    }
    queue.busy = true;
    this.changed(queue);

    const event: SQSEvent = { Records: batch.map((m) => this.toRecord(queue, m)) };
    const handles = new Map(batch.map((m) => [m.messageId, m.receiptHandle]));
    // Same rule as the pipeline stack: the consumer gets a sixth of the visibility timeout.
    const timeoutMs = Math.min(visibilitySeconds, Math.max(1, Math.floor(visibilitySeconds / 6))) * 1000;
    const run = this.options
      .invoke(consumer.handler, event, { timeoutMs })
      .then(
        (result) => this.settle(queue, handles, failedItems(result, new Set(handles.keys()))),
        (error: unknown) => {
          this.log(
            `queues: ${consumer.handler} failed a batch of ${batch.length} from ${queue.name}: ${String(error)}`,
          );
          this.settle(queue, handles, 'all');
        },
      )
      .finally(() => {
        queue.busy = false;
        this.running.delete(run);
        this.changes.emit('change');
        if (!this.stopped) setImmediate(() => this.pump(queue));
      });
    this.running.add(run);
  }

  /** Deletes the processed messages; failed ones become visible when their timeout passes. */
  private settle(
    queue: QueueState,
    handles: Map<string, string | undefined>,
    failed: ReadonlySet<string> | 'all',
  ): void {
    if (this.stopped) return;
    if (failed !== 'all' && failed.size > 0) {
      this.log(`queues: ${failed.size} of ${handles.size} message(s) from ${queue.name} reported as failed`);
    }
    for (const [messageId, handle] of handles) {
      if (failed === 'all' || failed.has(messageId)) continue;
      const message = queue.messages.get(messageId);
      if (message?.receiptHandle === handle) queue.messages.delete(messageId);
    }
    this.changed(queue);
  }

  private moveExhausted(queue: QueueState, decl: QueueDecl, now: number): void {
    const dlq = this.get(dlqName(queue.name));
    let moved = 0;
    for (const message of queue.messages.values()) {
      if (message.visibleAt > now || message.receiveCount < decl.maxReceiveCount) continue;
      queue.messages.delete(message.messageId);
      message.receiptHandle = undefined;
      message.deadLetterQueueSourceArn = queue.arn;
      message.visibleAt = now;
      dlq.messages.set(message.messageId, message);
      moved++;
      this.log(
        `queues: message ${message.messageId} moved to ${dlq.name} after ${message.receiveCount} failed receive(s)`,
      );
    }
    if (moved > 0) {
      this.changed(queue);
      this.changed(dlq);
    }
  }

  private toRecord(queue: QueueState, message: StoredMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle!,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: message.senderId,
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
        ...(message.deadLetterQueueSourceArn ? { DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn } : {}),
      },
      messageAttributes: structuredClone(message.messageAttributes),
      md5OfBody: message.md5OfBody,
      ...(message.md5OfMessageAttributes ? { md5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: LOCAL_REGION,
    };
  }
}
