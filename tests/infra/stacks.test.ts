import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceFunction } from '#infra/constructs/service-function.ts';
import { tableSchema } from '#infra/table-schema.ts';
import { bucketTriggers, queues, routes, schedules, stateMachines } from '#infra/wiring.ts';
import {
  actionsOfHandler,
  findFunction,
  functionsByHandler,
  resourcesOf,
  type Synthesized,
  synthesize,
} from './synth.ts';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});

const logicalId = (stack: Stack, construct: IConstruct) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

describe('DataStack', () => {
  it('creates the single table from table-schema.ts: keys, GSIs, PITR, KMS, on-demand, TTL', () => {
    const key = logicalId(synth.stacks.data, synth.stacks.data.key);
    synth.templates.data.resourceCountIs('AWS::DynamoDB::Table', 1);
    synth.templates.data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } },
      TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
      DeletionProtectionEnabled: true,
      GlobalSecondaryIndexes: tableSchema.globalSecondaryIndexes.map((gsi) => ({
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
    synth.templates.data.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('rotates the customer-managed key and retains it', () => {
    synth.templates.data.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
  });

  it('encrypts, versions, logs and locks down the document bucket', () => {
    const { data } = synth.stacks;
    synth.templates.data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(data, data.key), 'Arn'] },
            },
          }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(data, data.accessLogBucket) } },
    });
    synth.templates.data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(data, data.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('creates the peppol-access-point secret with an empty JSON placeholder, retained, its ARN as an output', () => {
    const { data } = synth.stacks;
    const secret = data.secrets.get('peppol-access-point')!;
    const id = logicalId(data, secret);
    synth.templates.data.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        Description: Match.stringLikeRegexp('"connections".*"apiUrl".*"apiToken".*"smpUrl"'),
        GenerateSecretString: {
          SecretStringTemplate: JSON.stringify({ connections: {}, apiUrl: '', apiToken: '', smpUrl: '' }),
          GenerateStringKey: 'unused',
        },
      }),
      DeletionPolicy: 'Retain',
    });
    // No value in the template: operators put it with put-secret-value.
    expect(resourcesOf(synth.templates.data, 'AWS::SecretsManager::Secret')[id]!.Properties).not.toHaveProperty(
      'SecretString',
    );
    synth.templates.data.hasOutput('*', {
      Value: { Ref: id },
      Description: Match.stringLikeRegexp('put-secret-value'),
    });
  });

  it('tiers raw/ input, expires old versions and stale uploads, and never expires current objects', () => {
    const bucket = resourcesOf(synth.templates.data, 'AWS::S3::Bucket')[
      logicalId(synth.stacks.data, synth.stacks.data.bucket)
    ];
    const rules = (bucket!.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Prefix: 'raw/',
          Status: 'Enabled',
          Transitions: [
            { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
            { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
          ],
        }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }),
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' }),
      ]),
    );
    // exports/ (and every current object) is kept: no rule expires current versions.
    for (const rule of rules) {
      expect(rule).not.toHaveProperty('ExpirationInDays');
      expect(rule).not.toHaveProperty('ExpirationDate');
    }
  });
});

describe('ApiStack', () => {
  it('puts the Cognito JWT authorizer on every jwt route and none on public routes', () => {
    const authorizers = resourcesOf(synth.templates.api, 'AWS::ApiGatewayV2::Authorizer');
    const [, authorizer] = Object.entries(authorizers)[0]!;
    expect(Object.keys(authorizers)).toHaveLength(1);
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    for (const r of routes) {
      const template = synth.templates.routes.get(r.handler.split('/')[0]!)!;
      template.hasResourceProperties(
        'AWS::ApiGatewayV2::Route',
        r.auth === 'jwt'
          ? { RouteKey: `${r.method} ${r.path}`, AuthorizationType: 'JWT', AuthorizerId: Match.anyValue() }
          : { RouteKey: `${r.method} ${r.path}`, AuthorizationType: 'NONE', AuthorizerId: Match.absent() },
      );
    }
  });

  it('keeps every stack well inside the CloudFormation limit of 500 resources', () => {
    for (const template of synth.all) {
      expect(Object.keys(template.toJSON().Resources ?? {}).length).toBeLessThan(400);
    }
  });

  it('checks tokens against this user pool and app client', () => {
    const { api } = synth.stacks;
    synth.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: {
        Audience: [{ Ref: logicalId(api, api.userPoolClient) }],
        Issuer: Match.objectLike({
          'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId(api, api.userPool) }])],
        }),
      },
    });
  });

  it('configures the user pool: no self sign-up, strong passwords, optional TOTP, tenancy attributes', () => {
    synth.templates.api.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'firm_id', AttributeDataType: 'String', Mutable: true }),
        Match.objectLike({ Name: 'user_type', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
    const pool = Object.values(resourcesOf(synth.templates.api, 'AWS::Cognito::UserPool'))[0]!;
    const policy = (pool.Properties.Policies as { PasswordPolicy: { MinimumLength: number } }).PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it('lets the app client read but never write firm_id and user_type', () => {
    const [client] = Object.values(resourcesOf(synth.templates.api, 'AWS::Cognito::UserPoolClient'));
    const props = client!.Properties as { ReadAttributes: string[]; WriteAttributes: string[] };
    expect(props.ReadAttributes).toEqual(expect.arrayContaining(['custom:firm_id', 'custom:user_type']));
    expect(props.WriteAttributes.filter((a) => a.startsWith('custom:'))).toEqual([]);
  });

  it('logs access and throttles the $default stage', () => {
    synth.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('least privilege', () => {
  const dynamoWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

  it('gives a read-only route no DynamoDB write actions', () => {
    const readOnly = routes.find((r) => r.table === 'read')!;
    const actions = actionsOfHandler(synth.all, readOnly.handler);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    for (const write of dynamoWrites) expect(actions).not.toContain(write);
  });

  it('gives a writing route PutItem but never any S3 or wildcard action', () => {
    const writer = routes.find((r) => r.table === 'write')!;
    const actions = actionsOfHandler(synth.all, writer.handler);
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
    expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
  });

  it('lets only user-creating routes create Cognito users, and tells them the pool', () => {
    for (const r of routes) {
      const actions = actionsOfHandler(synth.all, r.handler);
      expect(actions.includes('cognito-idp:AdminCreateUser'), `${r.method} ${r.path}`).toBe(
        r.userPool === 'createUsers',
      );
    }
    const creator = routes.find((r) => r.userPool === 'createUsers')!;
    const { template } = findFunction(synth.all, creator.handler);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ USER_POOL_ID: Match.anyValue() }) },
    });
  });

  it('gives a route without table access no DynamoDB actions at all', () => {
    const none = routes.find((r) => r.table === 'none')!;
    const actions = actionsOfHandler(synth.all, none.handler);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
  });

  it('lets a function write only to its own log group instead of using AWSLambdaBasicExecutionRole', () => {
    for (const template of synth.all) {
      for (const [id, role] of Object.entries(resourcesOf(template, 'AWS::IAM::Role'))) {
        if (id.startsWith('BucketNotificationsHandler')) continue;
        expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
      }
    }
    synth.templates.routes.get('tenancy')!.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('LogGroup'), 'Arn'] },
          },
        ]),
      },
    });
  });
});

describe('ServiceFunction defaults', () => {
  it('applies the house defaults to every wiring function, with the memory its queue declares', () => {
    let count = 0;
    for (const template of synth.all) {
      for (const [handler, id] of functionsByHandler(template)) {
        count++;
        const fn = resourcesOf(template, 'AWS::Lambda::Function')[id]!;
        expect(fn.Properties).toMatchObject({
          Architectures: ['arm64'],
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          MemorySize:
            [...queues, ...queues.flatMap((q) => (q.deadLetters ? [q.deadLetters] : []))].find(
              (q) => q.handler === handler,
            )?.memorySize ?? 512,
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
          Environment: {
            Variables: expect.objectContaining({
              POWERTOOLS_SERVICE_NAME: expect.any(String),
              POWERTOOLS_METRICS_NAMESPACE: 'Samenwerken',
              NODE_OPTIONS: expect.stringContaining('--enable-source-maps'),
              INBOUND_EMAIL_DOMAIN: 'in.example.com',
            }),
          },
        });
        const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        expect(resourcesOf(template, 'AWS::Logs::LogGroup')[logGroupId]!.Properties.RetentionInDays).toBeGreaterThan(0);
      }
    }
    expect(count).toBeGreaterThan(0);
  });

  it('fits each queue consumer timeout six times into the queue visibility timeout', () => {
    for (const q of queues) {
      const id = functionsByHandler(synth.templates.pipeline).get(q.handler)!;
      const timeout = resourcesOf(synth.templates.pipeline, 'AWS::Lambda::Function')[id]!.Properties.Timeout;
      expect(Number(timeout) * 6).toBeLessThanOrEqual(q.visibilityTimeoutSeconds);
      if (!q.deadLetters) continue;
      const dead = functionsByHandler(synth.templates.pipeline).get(q.deadLetters.handler)!;
      const deadTimeout = resourcesOf(synth.templates.pipeline, 'AWS::Lambda::Function')[dead]!.Properties.Timeout;
      expect(Number(deadTimeout) * 6).toBeLessThanOrEqual(q.deadLetters.visibilityTimeoutSeconds);
    }
  });

  it('refuses a malformed handler, a missing entry and an out-of-range timeout', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Checks');
    expect(() => new ServiceFunction(stack, 'A', { handler: 'NoCapability' })).toThrow(/capability\/handler-name/);
    expect(() => new ServiceFunction(stack, 'B', { handler: 'tenancy/does-not-exist' })).toThrow(/does not exist/);
    expect(() => new ServiceFunction(stack, 'C', { handler: 'tenancy/get-me', timeout: Duration.minutes(20) })).toThrow(
      /timeout/,
    );
  });
});

describe('PipelineStack', () => {
  it('gives each queue a KMS-encrypted DLQ with the wiring maxReceiveCount and visibility timeout', () => {
    const { pipeline } = synth.stacks;
    for (const q of queues) {
      synth.templates.pipeline.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: q.visibilityTimeoutSeconds,
        KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(pipeline, pipeline.queueKey), 'Arn'] },
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(pipeline, pipeline.deadLetterQueues.get(q.name)!), 'Arn'] },
          maxReceiveCount: q.maxReceiveCount,
        },
      });
    }
    synth.templates.pipeline.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('maps each queue to its handler with the wiring batch size and partial batch responses', () => {
    const { pipeline } = synth.stacks;
    for (const q of queues) {
      synth.templates.pipeline.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [logicalId(pipeline, pipeline.queues.get(q.name)!), 'Arn'] },
        FunctionName: { Ref: functionsByHandler(synth.templates.pipeline).get(q.handler) },
        BatchSize: q.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('consumes the raw-input DLQ with the dead-letter function, which may read raw input but neither send nor delete it', () => {
    const { pipeline } = synth.stacks;
    const rawInputs = queues.find((q) => q.name === 'raw-inputs')!;
    const dead = rawInputs.deadLetters!;
    const dlq = logicalId(pipeline, pipeline.deadLetterQueues.get('raw-inputs')!);
    const fn = functionsByHandler(synth.templates.pipeline).get(dead.handler);

    expect(dead.handler).toBe('intake/record-dead-letter');
    synth.templates.pipeline.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [dlq, 'Arn'] },
      FunctionName: { Ref: fn },
      BatchSize: dead.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    synth.templates.pipeline.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: dead.visibilityTimeoutSeconds,
      RedrivePolicy: Match.absent(),
    });
    const actions = actionsOfHandler([synth.templates.pipeline], dead.handler);
    expect(actions).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 's3:GetObject*']));
    expect(actions).not.toContain('sqs:SendMessage');
    expect(actions).not.toContain('s3:PutObject');
    expect(actions.filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
  });

  it('routes ObjectCreated under each trigger prefix to its queue', () => {
    const { pipeline } = synth.stacks;
    synth.templates.pipeline.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: bucketTriggers.map((t) => ({
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: t.prefix }] } },
          QueueArn: { 'Fn::GetAtt': [logicalId(pipeline, pipeline.queues.get(t.queue)!), 'Arn'] },
        })),
      },
      // The bucket belongs to the data stack; the notification must leave its other settings alone.
      Managed: false,
    });
  });
});

describe('WorkflowStack', () => {
  it('runs the wiring ASL as a logged, traced Standard state machine with Lambda ARNs substituted', () => {
    const fns = functionsByHandler(synth.templates.workflow);
    for (const m of stateMachines) {
      synth.templates.workflow.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        DefinitionString: JSON.stringify(m.definition),
        DefinitionSubstitutions: Object.fromEntries(
          Object.entries(m.tasks).map(([key, task]) => [key, { 'Fn::GetAtt': [fns.get(task.handler), 'Arn'] }]),
        ),
        LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
        TracingConfiguration: { Enabled: true },
      });
    }
  });

  it('lets each state machine invoke its task functions', () => {
    const fns = functionsByHandler(synth.templates.workflow);
    const task = Object.values(stateMachines[0]!.tasks)[0]!;
    synth.templates.workflow.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'lambda:InvokeFunction',
            Resource: Match.arrayWith([{ 'Fn::GetAtt': [fns.get(task.handler), 'Arn'] }]),
          }),
        ]),
      },
    });
  });

  it('schedules with the wiring expression and timezone, a retry policy and a DLQ', () => {
    const { workflow } = synth.stacks;
    for (const s of schedules) {
      synth.templates.workflow.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: s.expression,
        ScheduleExpressionTimezone: s.timezone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: Match.anyValue(),
          RoleArn: Match.anyValue(),
          Input: JSON.stringify(s.input),
          RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalId(workflow, workflow.scheduleDeadLetterQueues.get(s.name)!), 'Arn'] },
          },
        },
      });
    }
  });

  it('lets the scheduler role start the target state machine and nothing else', () => {
    const { workflow } = synth.stacks;
    const s = schedules.find((x) => x.target.kind === 'stateMachine')!;
    synth.templates.workflow.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'states:StartExecution',
            Effect: 'Allow',
            Resource: { Ref: logicalId(workflow, workflow.stateMachines.get(s.target.name)!) },
          },
        ]),
      },
    });
    synth.templates.workflow.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
  });
});
