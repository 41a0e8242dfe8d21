import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { createServiceFunctions, nagArnAppliesTo, type ServiceFunction } from '../constructs/service-function.ts';
import {
  handlerId,
  type ScheduleDecl,
  type StateMachineDecl,
  schedules as wiringSchedules,
  stateMachines as wiringStateMachines,
} from '../wiring.ts';

export interface WorkflowStackProps extends StackProps {
  readonly table: ITable;
  readonly bucket: IBucket;
  /** Key that encrypts the schedule dead-letter queues (the pipeline's queue key). */
  readonly key: IKey;
  /** Queues by wiring name, for schedules that target a queue. */
  readonly queues: ReadonlyMap<string, IQueue>;
  /** @default - every state machine in `infra/wiring.ts` */
  readonly stateMachines?: readonly StateMachineDecl[];
  /** @default - every schedule in `infra/wiring.ts` */
  readonly schedules?: readonly ScheduleDecl[];
  /** @default 'in.example.com' */
  readonly inboundEmailDomain?: string;
  /** The API's public base URL for links and redirects (`PUBLIC_API_URL`). @default - none */
  readonly publicApiUrl?: string;
  /** @default Duration.minutes(5) */
  readonly taskTimeout?: Duration;
  /**
   * Attempts EventBridge Scheduler makes after a failed delivery before using the DLQ.
   * @default 3
   */
  readonly scheduleRetryAttempts?: number;
}

/**
 * A state machine's name: fixed by the workflow stack's name and the wiring name, so the
 * pipeline (which the workflow stack depends on) can be granted it by ARN without a reference
 * back to this stack.
 */
export const stateMachineNameOf = (workflowStackName: string, name: string) => `${workflowStackName}-${name}`;

/** `${Key}` placeholders in an ASL document. */
function placeholders(definition: unknown): Set<string> {
  return new Set([...JSON.stringify(definition).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!));
}

/**
 * Workflows: one Standard state machine per wiring entry, running the wiring's ASL with each
 * `${Task}` replaced by its Lambda ARN, and one EventBridge Scheduler schedule per wiring
 * schedule with a retry policy and its own dead-letter queue.
 */
export class WorkflowStack extends Stack {
  readonly stateMachines: ReadonlyMap<string, StateMachine>;
  readonly scheduleDeadLetterQueues: ReadonlyMap<string, Queue>;
  readonly functions: ReadonlyMap<string, ServiceFunction>;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const machineDecls = props.stateMachines ?? wiringStateMachines;
    const scheduleDecls = props.schedules ?? wiringSchedules;
    const retryAttempts = props.scheduleRetryAttempts ?? 3;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185) {
      throw new Error('WorkflowStack: scheduleRetryAttempts must be an integer in 0..185');
    }
    for (const m of machineDecls) {
      const used = [...placeholders(m.definition)].sort().join(',');
      const declared = Object.keys(m.tasks).sort().join(',');
      if (used !== declared) {
        throw new Error(`WorkflowStack: ${m.name} ASL uses \${${used}} but declares tasks ${declared}`);
      }
    }

    this.functions = createServiceFunctions(
      this,
      machineDecls.flatMap((m) => Object.values(m.tasks)),
      {
        table: props.table,
        bucket: props.bucket,
        inboundEmailDomain: props.inboundEmailDomain,
        publicApiUrl: props.publicApiUrl,
        timeout: props.taskTimeout ?? Duration.minutes(5),
      },
    );

    // Tasks that e-mail (notices, reminders) send through SES as the pipeline's consumers do.
    const domain = props.inboundEmailDomain ?? 'in.example.com';
    const sender = `no-reply@${domain}`;
    const identityArn = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: domain });
    for (const task of machineDecls.flatMap((m) => Object.values(m.tasks))) {
      if (task.sendsEmail) this.functions.get(task.handler)!.allowEmail(identityArn, sender);
    }

    const stateMachines = new Map<string, StateMachine>();
    for (const m of machineDecls) {
      if (stateMachines.has(m.name)) throw new Error(`WorkflowStack: state machine ${m.name} is declared twice`);
      const id = handlerId(m.name);
      const tasks = Object.entries(m.tasks).map(([key, task]) => [key, this.functions.get(task.handler)!] as const);
      const stateMachine = new StateMachine(this, `${id}StateMachine`, {
        stateMachineName: stateMachineNameOf(this.stackName, m.name),
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromString(JSON.stringify(m.definition)),
        definitionSubstitutions: Object.fromEntries(tasks.map(([key, fn]) => [key, fn.function.functionArn])),
        tracingEnabled: true,
        logs: {
          // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy from growing per log group.
          destination: new LogGroup(this, `${id}Logs`, {
            logGroupName: `/aws/vendedlogs/states/${this.stackName}-${m.name}`,
            retention: RetentionDays.ONE_YEAR,
          }),
          level: LogLevel.ALL,
          includeExecutionData: true,
        },
      });
      for (const [, fn] of tasks) fn.function.grantInvoke(stateMachine);
      NagSuppressions.addResourceSuppressions(
        stateMachine.role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'CloudWatch Logs vended-delivery actions (logs:*LogDelivery*, DescribeLogGroups, PutResourcePolicy) and ' +
              'X-Ray tracing do not support resource-level permissions.',
            appliesTo: ['Resource::*'],
          },
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'Function.grantInvoke also covers versions and aliases (:*) of the task functions of this workflow.',
            appliesTo: tasks.map(([, fn]) => nagArnAppliesTo(fn.function, ':*')),
          },
        ],
        true,
      );
      stateMachines.set(m.name, stateMachine);
    }
    this.stateMachines = stateMachines;

    const deadLetterQueues = new Map<string, Queue>();
    for (const s of scheduleDecls) {
      if (deadLetterQueues.has(s.name)) throw new Error(`WorkflowStack: schedule ${s.name} is declared twice`);
      const id = handlerId(s.name);
      const role = new Role(this, `${id}ScheduleRole`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      });
      let targetArn: string;
      if (s.target.kind === 'stateMachine') {
        const stateMachine = stateMachines.get(s.target.name);
        if (!stateMachine) throw new Error(`WorkflowStack: schedule ${s.name} targets unknown state machine`);
        stateMachine.grantStartExecution(role);
        targetArn = stateMachine.stateMachineArn;
      } else {
        const queue = props.queues.get(s.target.name);
        if (!queue) throw new Error(`WorkflowStack: schedule ${s.name} targets unknown queue ${s.target.name}`);
        queue.grantSendMessages(role);
        targetArn = queue.queueArn;
      }
      const dlq = new Queue(this, `${id}ScheduleDlq`, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: props.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      dlq.grantSendMessages(role);
      deadLetterQueues.set(s.name, dlq);
      NagSuppressions.addResourceSuppressions(dlq, [
        {
          id: 'AwsSolutions-SQS3',
          reason: `This queue is the dead-letter queue of schedule ${s.name} (Scheduler DeadLetterConfig), which cdk-nag does not recognise.`,
        },
      ]);
      NagSuppressions.addResourceSuppressions(
        role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason: 'Queue.grantSendMessages on a KMS-encrypted queue: data-key actions limited to the queue key ARN.',
            appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
          },
        ],
        true,
      );

      new CfnSchedule(this, `${id}Schedule`, {
        description: s.description,
        scheduleExpression: s.expression,
        scheduleExpressionTimezone: s.timezone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: targetArn,
          roleArn: role.roleArn,
          input: JSON.stringify(s.input),
          retryPolicy: { maximumRetryAttempts: retryAttempts, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: dlq.queueArn },
        },
      });
    }
    this.scheduleDeadLetterQueues = deadLetterQueues;
  }
}
