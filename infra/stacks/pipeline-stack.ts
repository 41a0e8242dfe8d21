import { ArnFormat, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { createServiceFunctions, type ServiceFunction } from '../constructs/service-function.ts';
import {
  type BucketTriggerDecl,
  handlerId,
  type QueueDecl,
  queueUrlVariable,
  stateMachineArnVariable,
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
  /** The deployed name of a wiring state machine, for consumers that start one (`workflows`). @default - none */
  readonly stateMachineName?: (name: string) => string;
  readonly inboundEmailDomain?: string;
  /** The API's public base URL for links and redirects (`PUBLIC_API_URL`). @default - none */
  readonly publicApiUrl?: string;
  /** The data stack's secrets by name, for consumers that read them (`secrets`). @default - none */
  readonly secrets?: ReadonlyMap<string, ISecret>;
  /**
   * Address receipts and notices are sent from; its domain must be a verified SES identity.
   * @default `no-reply@<inboundEmailDomain>`
   */
  readonly senderAddress?: string;
}

/** Construct id of the singleton Lambda that aws-s3 adds for bucket notifications. */
const BUCKET_NOTIFICATIONS_HANDLER = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/** AWS advises a visibility timeout of at least six times the consumer's timeout. */
const VISIBILITY_TO_TIMEOUT = 6;

/**
 * Asynchronous processing: one KMS-encrypted queue with its own DLQ per wiring queue, its consumer
 * Lambda (partial batch responses), the DLQ's consumer where the wiring declares one, and the S3
 * ObjectCreated notifications that feed the queues.
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
  /** Where Textract announces finished asynchronous expense analyses (when a queue is fed by it). */
  readonly textractTopic?: Topic;

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
      const dead = q.deadLetters;
      if (dead && (!Number.isInteger(dead.batchSize) || dead.batchSize < 1 || dead.batchSize > 10)) {
        throw new Error(`PipelineStack: the DLQ consumer of ${q.name} batchSize must be 1..10`);
      }
      if (dead && dead.visibilityTimeoutSeconds < VISIBILITY_TO_TIMEOUT) {
        throw new Error(`PipelineStack: the DLQ of ${q.name} visibility timeout leaves no time for its consumer`);
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
        ...(q.deadLetters ? { visibilityTimeout: Duration.seconds(q.deadLetters.visibilityTimeoutSeconds) } : {}),
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

    // Queues sharing a handler share its function, whose timeout fits the tightest of them. A DLQ's
    // consumer is one more use, with the DLQ's visibility timeout.
    const consumers = [
      ...decls,
      ...decls.flatMap((d) => (d.deadLetters ? [{ ...d.deadLetters, secrets: [] as string[] }] : [])),
    ];
    const functions = new Map<string, ServiceFunction>();
    for (const handler of new Set(consumers.map((d) => d.handler))) {
      const uses = consumers.filter((d) => d.handler === handler);
      const tightest = Math.min(...uses.map((d) => d.visibilityTimeoutSeconds));
      const created = createServiceFunctions(this, uses, {
        table: props.table,
        bucket: props.bucket,
        secrets: props.secrets,
        inboundEmailDomain: props.inboundEmailDomain,
        publicApiUrl: props.publicApiUrl,
        timeout: Duration.seconds(Math.floor(tightest / VISIBILITY_TO_TIMEOUT)),
        memorySize: Math.max(...uses.map((d) => d.memorySize ?? 512)),
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
      if (q.deadLetters) {
        functions.get(q.deadLetters.handler)!.function.addEventSource(
          new SqsEventSource(deadLetterQueues.get(q.name)!, {
            batchSize: q.deadLetters.batchSize,
            reportBatchItemFailures: true,
          }),
        );
      }
    }

    this.wireSends(decls, props);
    this.textractTopic = this.wireTextract(decls);

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

  /** Queue-to-queue sends and outbound e-mail, as each declaration asks. */
  private wireSends(decls: readonly QueueDecl[], props: PipelineStackProps): void {
    const domain = props.inboundEmailDomain ?? 'in.example.com';
    const sender = props.senderAddress ?? `no-reply@${domain}`;
    const identityArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: sender.split('@')[1] ?? domain,
    });
    for (const q of decls) {
      const fn = this.functions.get(q.handler)!;
      for (const target of q.sendsTo ?? []) {
        const queue = this.queues.get(target);
        if (!queue) throw new Error(`PipelineStack: queue ${q.name} sends to unknown queue ${target}`);
        fn.allowSendTo(queue, queueUrlVariable(target));
      }
      if (q.sendsEmail) fn.allowEmail(identityArn, sender);
      for (const name of q.workflows ?? []) {
        if (!props.stateMachineName)
          throw new Error(`PipelineStack: ${q.name} starts ${name}, but no state machine names`);
        // By name, not by reference: the workflow stack depends on this one (its schedules target these queues).
        const arn = Stack.of(this).formatArn({
          service: 'states',
          resource: 'stateMachine',
          resourceName: props.stateMachineName(name),
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
        fn.function.addEnvironment(stateMachineArnVariable(name), arn);
        fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [arn] }));
      }
    }
  }

  /**
   * The SNS topic Textract publishes completions to (encrypted with the queue key), the role it
   * publishes with, the subscription of every queue fed by it, and the grants of every function
   * that recognises.
   */
  private wireTextract(decls: readonly QueueDecl[]): Topic | undefined {
    if (!decls.some((q) => q.recognises || q.textractCompletions)) return undefined;
    const topic = new Topic(this, 'TextractCompletions', { masterKey: this.queueKey, enforceSSL: true });
    this.queueKey.grant(new ServicePrincipal('sns.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    const publishRole = new Role(this, 'TextractPublishRole', {
      assumedBy: new ServicePrincipal('textract.amazonaws.com'),
      description: 'Textract publishes expense-analysis completions to the completion topic',
    });
    topic.grantPublish(publishRole);
    NagSuppressions.addResourceSuppressions(
      publishRole,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'Publishing to the SSE-KMS topic needs data keys; limited to the queue key ARN.',
          appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
        },
      ],
      true,
    );
    for (const q of decls) {
      if (q.textractCompletions) {
        topic.addSubscription(new SqsSubscription(this.queues.get(q.name)!, { rawMessageDelivery: true }));
      }
      if (q.recognises) this.functions.get(q.handler)!.allowTextract(topic, publishRole);
    }
    return topic;
  }
}
