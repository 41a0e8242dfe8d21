import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { createServiceFunctions, type ServiceFunction } from '../constructs/service-function.ts';
import {
  type BucketTriggerDecl,
  handlerId,
  type QueueDecl,
  bucketTriggers as wiringBucketTriggers,
  queues as wiringQueues,
} from '../wiring.ts';

export interface PipelineStackProps extends StackProps {
  readonly table: ITable;
  readonly bucket: IBucket;
  /** @default - every queue in `infra/wiring.ts` */
  readonly queues?: readonly QueueDecl[];
  /** @default - every bucket trigger in `infra/wiring.ts` */
  readonly bucketTriggers?: readonly BucketTriggerDecl[];
  /** @default 'in.example.com' */
  readonly inboundEmailDomain?: string;
}

/** Construct id of the singleton Lambda that aws-s3 adds for bucket notifications. */
const BUCKET_NOTIFICATIONS_HANDLER = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/** AWS advises a visibility timeout of at least six times the consumer's timeout. */
const VISIBILITY_TO_TIMEOUT = 6;

/**
 * Asynchronous processing: one KMS-encrypted queue with its own DLQ per wiring queue, its consumer
 * Lambda (partial batch responses), and the S3 ObjectCreated notifications that feed the queues.
 */
export class PipelineStack extends Stack {
  /**
   * Encrypts the queues. Separate from the data key because S3 must be allowed to use it for
   * notifications from the document bucket, and that key policy would tie the data key to the bucket.
   */
  readonly queueKey: Key;
  readonly queues: ReadonlyMap<string, Queue>;
  readonly deadLetterQueues: ReadonlyMap<string, Queue>;
  readonly functions: ReadonlyMap<string, ServiceFunction>;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const decls = props.queues ?? wiringQueues;
    const triggers = props.bucketTriggers ?? wiringBucketTriggers;
    for (const q of decls) {
      if (!Number.isInteger(q.batchSize) || q.batchSize < 1 || q.batchSize > 10) {
        throw new Error(`PipelineStack: queue ${q.name} batchSize must be 1..10 (no batching window is set)`);
      }
      if (q.visibilityTimeoutSeconds < VISIBILITY_TO_TIMEOUT) {
        throw new Error(`PipelineStack: queue ${q.name} visibility timeout leaves no time for its consumer`);
      }
      if (!Number.isInteger(q.maxReceiveCount) || q.maxReceiveCount < 1) {
        throw new Error(`PipelineStack: queue ${q.name} maxReceiveCount must be a positive integer`);
      }
    }

    this.queueKey = new Key(this, 'QueueKey', {
      description: 'Samenwerken queue messages',
      enableKeyRotation: true,
    });
    const queues = new Map<string, Queue>();
    const deadLetterQueues = new Map<string, Queue>();
    for (const q of decls) {
      if (queues.has(q.name)) throw new Error(`PipelineStack: queue ${q.name} is declared twice`);
      const id = handlerId(q.name);
      const dlq = new Queue(this, `${id}Dlq`, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.queueKey,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      const queue = new Queue(this, `${id}Queue`, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.queueKey,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(q.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: dlq, maxReceiveCount: q.maxReceiveCount },
      });
      queues.set(q.name, queue);
      deadLetterQueues.set(q.name, dlq);
    }
    this.queues = queues;
    this.deadLetterQueues = deadLetterQueues;

    // Queues sharing a handler share its function, whose timeout fits the tightest of them.
    const functions = new Map<string, ServiceFunction>();
    for (const handler of new Set(decls.map((d) => d.handler))) {
      const uses = decls.filter((d) => d.handler === handler);
      const tightest = Math.min(...uses.map((d) => d.visibilityTimeoutSeconds));
      const created = createServiceFunctions(this, uses, {
        table: props.table,
        bucket: props.bucket,
        inboundEmailDomain: props.inboundEmailDomain,
        timeout: Duration.seconds(Math.floor(tightest / VISIBILITY_TO_TIMEOUT)),
      });
      functions.set(handler, created.get(handler)!);
    }
    this.functions = functions;
    for (const q of decls) {
      functions
        .get(q.handler)!
        .function.addEventSource(
          new SqsEventSource(queues.get(q.name)!, { batchSize: q.batchSize, reportBatchItemFailures: true }),
        );
    }

    // Imported by name so the notification custom resource lives here: a notification owned by
    // the data stack would reference these queues and make the two stacks depend on each other.
    const bucket = Bucket.fromBucketName(this, 'DocumentBucket', props.bucket.bucketName);
    for (const t of triggers) {
      const queue = queues.get(t.queue);
      if (!queue) throw new Error(`PipelineStack: bucket trigger ${t.prefix} names unknown queue ${t.queue}`);
      bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue), { prefix: t.prefix });
    }
    if (triggers.length > 0) {
      NagSuppressions.addResourceSuppressionsByPath(
        this,
        `/${this.node.path}/${BUCKET_NOTIFICATIONS_HANDLER}/Role/Resource`,
        [
          {
            id: 'AwsSolutions-IAM4',
            reason:
              "CDK's own singleton handler that puts the bucket notification configuration at deploy time; its " +
              'role and managed logging policy are not configurable.',
            appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          },
        ],
      );
    }
  }
}
