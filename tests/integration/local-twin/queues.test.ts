import { createHash } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalTwin } from '#infra/local/twin.ts';
import type { QueueDecl } from '#infra/wiring.ts';
import { behaviours, callsOf } from '../../helpers/twin-handlers/recorder.ts';
import { eventually, startTestTwin } from './support.ts';

const queue = (name: string, overrides: Partial<QueueDecl> = {}): QueueDecl => ({
  name,
  handler: 'test/queue-consumer',
  batchSize: 10,
  visibilityTimeoutSeconds: 0.3,
  maxReceiveCount: 5,
  table: 'none',
  bucket: 'none',
  ...overrides,
});

/** Every SQS record the consumer received from one queue, in delivery order. */
function deliveries(queueName: string) {
  return callsOf('queue-consumer').flatMap((c) =>
    (c.event as SQSEvent).Records.filter((r) => r.eventSourceARN.endsWith(`:${queueName}`)),
  );
}

function batchesOf(queueName: string): SQSEvent[] {
  return callsOf('queue-consumer')
    .map((c) => c.event as SQSEvent)
    .filter((e) => e.Records[0]?.eventSourceARN.endsWith(`:${queueName}`));
}

/**
 * Message bodies drive the consumer: `ok`, `fail` (reported in batchItemFailures), `throw`
 * (fails the whole batch), `fail-once` / `throw-once` (only on the first receive).
 */
function consumer(event: unknown): SQSBatchResponse {
  const { Records } = event as SQSEvent;
  const first = (r: (typeof Records)[number]) => r.attributes.ApproximateReceiveCount === '1';
  if (Records.some((r) => r.body === 'throw' || (r.body === 'throw-once' && first(r)))) {
    throw new Error('batch failed');
  }
  const failed = Records.filter((r) => r.body === 'fail' || (r.body === 'fail-once' && first(r)));
  return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
}

describe('local queues', () => {
  let twin: LocalTwin;
  let sqs: SQSClient;
  const url = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;

  beforeAll(async () => {
    twin = await startTestTwin({
      wiring: {
        queues: [
          queue('batching', { batchSize: 3 }),
          queue('visibility', { visibilityTimeoutSeconds: 0.6 }),
          queue('partial'),
          queue('whole'),
          queue('poison', { maxReceiveCount: 2, visibilityTimeoutSeconds: 0.2 }),
        ],
      },
    });
    sqs = new SQSClient({});
  });
  afterAll(async () => {
    sqs?.destroy();
    await twin?.stop();
  });
  beforeEach(() => {
    behaviours.set('queue-consumer', consumer);
  });

  it('delivers batches of at most batchSize as a real-shaped SQSEvent', async () => {
    const QueueUrl = await url('batching');
    const bodies = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'].map((b) => `ok:${b}`);

    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: bodies.map((body, i) => ({
          Id: `e${i}`,
          MessageBody: body,
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
        })),
      }),
    );
    await twin.queues.drain('batching');

    const batches = batchesOf('batching');
    expect(batches.every((b) => b.Records.length <= 3)).toBe(true);
    expect(batches.some((b) => b.Records.length === 3)).toBe(true);
    const records = batches.flatMap((b) => b.Records);
    expect(records.map((r) => r.body).sort()).toEqual(bodies);
    const record = records[0]!;
    expect(record).toEqual({
      messageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      receiptHandle: expect.stringMatching(/^AQEB/),
      body: record.body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      },
      messageAttributes: {
        kind: { stringValue: 'test', stringListValues: [], binaryListValues: [], dataType: 'String' },
      },
      md5OfBody: createHash('md5').update(record.body).digest('hex'),
      md5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:batching',
      awsRegion: 'eu-west-1',
    });
  });

  it('keeps a received message invisible for the visibility timeout before redelivering it', async () => {
    const QueueUrl = await url('visibility');

    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'throw-once' }));
    await eventually(() => deliveries('visibility').length === 1);
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    await twin.queues.drain('visibility');

    expect(attributes.Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    const [first, second] = deliveries('visibility');
    expect(second?.messageId).toBe(first?.messageId);
    expect(second?.attributes.ApproximateReceiveCount).toBe('2');
    const [firstCall, secondCall] = callsOf('queue-consumer').filter((c) =>
      batchesOf('visibility').includes(c.event as SQSEvent),
    );
    expect(secondCall!.at - firstCall!.at).toBeGreaterThanOrEqual(550);
  });

  it('redelivers only the items a handler reports in batchItemFailures', async () => {
    const QueueUrl = await url('partial');

    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'ok' },
          { Id: 'b', MessageBody: 'fail-once' },
          { Id: 'c', MessageBody: 'ok' },
        ],
      }),
    );
    await twin.queues.drain('partial');

    const counts = new Map<string, string[]>();
    for (const r of deliveries('partial'))
      counts.set(r.body, [...(counts.get(r.body) ?? []), r.attributes.ApproximateReceiveCount]);
    expect(counts.get('ok')).toEqual(['1', '1']);
    expect(counts.get('fail-once')).toEqual(['1', '2']);
  });

  it('brings the whole batch back when the handler throws', async () => {
    const QueueUrl = await url('whole');

    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'ok' },
          { Id: 'b', MessageBody: 'throw-once' },
        ],
      }),
    );
    await twin.queues.drain('whole');

    const received = deliveries('whole').map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`);
    expect(received.sort()).toEqual(['ok#1', 'ok#2', 'throw-once#1', 'throw-once#2']);
  });

  it('moves a message to the DLQ after maxReceiveCount failed receives', async () => {
    const QueueUrl = await url('poison');
    const dlqUrl = await url('poison-dlq');

    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'fail' }));
    await twin.queues.drain('poison');
    const dlq = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['All'] }));

    expect(deliveries('poison').map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(dlq.Attributes?.ApproximateNumberOfMessages).toBe('1');
    expect(twin.queues.peek('poison-dlq')).toEqual([
      expect.objectContaining({
        messageId: sent.MessageId,
        body: 'fail',
        deadLetterQueueSourceArn: 'arn:aws:sqs:eu-west-1:000000000000:poison',
      }),
    ]);
  });

  it('redrives DLQ messages to their source queue through StartMessageMoveTask', async () => {
    const dlqUrl = await url('poison-dlq');
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] })))
      .Attributes?.QueueArn;
    expect(twin.queues.depth('poison-dlq').visible).toBe(1);
    behaviours.set('queue-consumer', () => ({ batchItemFailures: [] }));

    const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    await twin.queues.drain('poison');

    expect(task.TaskHandle).toEqual(expect.any(String));
    expect(twin.queues.depth('poison-dlq')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    const last = deliveries('poison').at(-1);
    expect(last?.body).toBe('fail');
    expect(last?.attributes.ApproximateReceiveCount).toBe('1');
  });

  it('answers QueueDoesNotExist for an unknown queue, as SQS does', async () => {
    const send = sqs.send(
      new SendMessageCommand({ QueueUrl: `${twin.env.AWS_ENDPOINT_URL_SQS}/000000000000/nope`, MessageBody: 'x' }),
    );

    await expect(send).rejects.toBeInstanceOf(QueueDoesNotExist);
  });

  it('refuses a message body with characters SQS does not allow', async () => {
    const QueueUrl = await url('partial');

    await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'bad \u0000 byte' }))).rejects.toMatchObject({
      name: 'InvalidMessageContents',
    });
  });
});
