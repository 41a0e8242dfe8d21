import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  allHandlers,
  bucketTriggers,
  queues,
  queueUrlVariable,
  routes,
  type StateMachineTaskDecl,
  schedules,
  secretArnVariable,
  stateMachineArnVariable,
  stateMachines,
} from '#infra/wiring.ts';
import {
  actionsOfFunction,
  functionsByHandler,
  resourcesOf,
  type Synthesized,
  statementsOfFunction,
  synthesize,
} from './synth.ts';

/** Proves the synthesized templates say exactly what `infra/wiring.ts` declares. */

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});

type Ref = { Ref: string };
type GetAtt = { 'Fn::GetAtt': [string, string] };
const getAttId = (value: unknown) => (value as GetAtt)['Fn::GetAtt'][0];
const logicalIdOf = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

/** Puts `${Key}` back where CDK substituted a task ARN, whichever way the definition was rendered. */
function restorePlaceholders(definition: unknown, substitutions: Record<string, unknown>): string {
  const placeholderFor = (part: unknown) =>
    Object.entries(substitutions).find(([, value]) => JSON.stringify(value) === JSON.stringify(part))?.[0];
  let text: string;
  if (typeof definition === 'string') text = definition;
  else {
    const [, parts] = (definition as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    text = parts
      .map((part) => {
        if (typeof part === 'string') return part;
        const key = placeholderFor(part);
        if (!key) throw new Error(`unexpected token in DefinitionString: ${JSON.stringify(part)}`);
        return `\${${key}}`;
      })
      .join('');
  }
  // A substitution value that CDK resolved to a literal is put back too.
  for (const [key, value] of Object.entries(substitutions)) {
    if (typeof value === 'string') text = text.split(value).join(`\${${key}}`);
  }
  return text;
}

describe('wiring agreement', () => {
  it('creates exactly one tagged function per wiring handler, and no other functions but CDK’s own', () => {
    const seen: string[] = [];
    for (const template of synth.all) {
      const tagged = functionsByHandler(template);
      seen.push(...tagged.keys());
      const untagged = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).filter(
        ([id]) => ![...tagged.values()].includes(id),
      );
      // Only the S3 notifications custom-resource handler that aws-s3 adds itself.
      for (const [id] of untagged) expect(id).toMatch(/^BucketNotificationsHandler/);
    }
    expect(seen.sort()).toEqual(allHandlers());
  });

  it('gives every function exactly the table and bucket access the wiring declares', () => {
    const uses: { handler: string; table: string; bucket: string }[] = [
      ...routes.map((r) => ({ handler: r.handler, table: r.table, bucket: r.bucket ?? 'none' })),
      ...queues,
      ...queues.flatMap((q) => (q.deadLetters ? [q.deadLetters] : [])),
      ...stateMachines.flatMap((m) => Object.values(m.tasks) as StateMachineTaskDecl[]),
    ];
    for (const template of synth.all) {
      for (const [handler, id] of functionsByHandler(template)) {
        const use = uses.find((u) => u.handler === handler)!;
        const actions = actionsOfFunction(template, id);
        const env = (
          resourcesOf(template, 'AWS::Lambda::Function')[id]!.Properties.Environment as {
            Variables: Record<string, unknown>;
          }
        ).Variables;
        const label = `${handler} (table ${use.table}, bucket ${use.bucket})`;

        expect('TABLE_NAME' in env, label).toBe(use.table !== 'none');
        expect(actions.includes('dynamodb:Query'), label).toBe(use.table !== 'none');
        expect(actions.includes('dynamodb:PutItem'), label).toBe(use.table === 'write');

        expect('BUCKET_NAME' in env, label).toBe(use.bucket !== 'none');
        expect(actions.includes('s3:GetObject*'), label).toBe(use.bucket !== 'none');
        expect(actions.includes('s3:PutObject'), label).toBe(use.bucket === 'write');
        expect(
          actions.some((a) => a.startsWith('s3:Delete')),
          label,
        ).toBe(false);
      }
    }
  });

  it("has every route exactly once, in its capability's stack, with its authorization and handler", () => {
    const found: string[] = [];
    for (const [capability, template] of synth.templates.routes) {
      const apiRoutes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'));
      const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
      const fns = functionsByHandler(template);
      for (const route of apiRoutes) {
        const key = String(route.Properties.RouteKey);
        found.push(key);
        const r = routes.find((x) => `${x.method} ${x.path}` === key);
        expect(r, key).toBeDefined();
        if (!r) continue;
        expect(r.handler.startsWith(`${capability}/`), key).toBe(true);
        expect(route.Properties.AuthorizationType, key).toBe(r.auth === 'jwt' ? 'JWT' : 'NONE');
        expect('AuthorizerId' in route.Properties, key).toBe(r.auth === 'jwt');
        const [, parts] = (route.Properties.Target as { 'Fn::Join': [string, [string, Ref]] })['Fn::Join'];
        const integration = integrations[parts[1].Ref]!;
        expect(getAttId(integration.Properties.IntegrationUri), key).toBe(fns.get(r.handler));
      }
    }
    expect(found.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(resourcesOf(synth.templates.api, 'AWS::ApiGatewayV2::Route')).toEqual({});
  });

  it('has every queue with its DLQ, maxReceiveCount, visibility timeout and batch size', () => {
    const template = synth.templates.pipeline;
    const sqs = resourcesOf(template, 'AWS::SQS::Queue');
    const mappings = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping'));
    const fns = functionsByHandler(template);
    // Each wiring queue plus its DLQ; nothing else. A mapping per queue, and per DLQ with a consumer.
    expect(Object.keys(sqs)).toHaveLength(queues.length * 2);
    expect(mappings).toHaveLength(queues.length + queues.filter((q) => q.deadLetters).length);
    for (const q of queues) {
      const queueId = logicalIdOf(synth.stacks.pipeline.queues.get(q.name)!);
      const props = sqs[queueId]!.Properties as {
        VisibilityTimeout: number;
        RedrivePolicy: { deadLetterTargetArn: GetAtt; maxReceiveCount: number };
      };
      expect(props.VisibilityTimeout).toBe(q.visibilityTimeoutSeconds);
      expect(props.RedrivePolicy.maxReceiveCount).toBe(q.maxReceiveCount);
      expect(sqs[getAttId(props.RedrivePolicy.deadLetterTargetArn)], `${q.name} DLQ`).toBeDefined();
      const mapping = mappings.find((m) => getAttId(m.Properties.EventSourceArn) === queueId);
      expect(mapping?.Properties).toMatchObject({
        FunctionName: { Ref: fns.get(q.handler) },
        BatchSize: q.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const dlqId = getAttId(props.RedrivePolicy.deadLetterTargetArn);
      const dlqMapping = mappings.find((m) => getAttId(m.Properties.EventSourceArn) === dlqId);
      if (!q.deadLetters) expect(dlqMapping, `${q.name} DLQ has no consumer`).toBeUndefined();
      else {
        expect(dlqMapping?.Properties, `${q.name} DLQ`).toMatchObject({
          FunctionName: { Ref: fns.get(q.deadLetters.handler) },
          BatchSize: q.deadLetters.batchSize,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
        expect(sqs[dlqId]!.Properties.VisibilityTimeout).toBe(q.deadLetters.visibilityTimeoutSeconds);
      }
    }
  });

  it('lets each consumer send to exactly the queues it declares, with their URLs, and e-mail only when it declares so', () => {
    const template = synth.templates.pipeline;
    const fns = functionsByHandler(template);
    for (const q of queues) {
      const id = fns.get(q.handler)!;
      const env = (
        resourcesOf(template, 'AWS::Lambda::Function')[id]!.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      const actions = actionsOfFunction(template, id);
      const sends = queues.flatMap((x) => (x.handler === q.handler ? (x.sendsTo ?? []) : []));
      for (const target of sends) {
        const queueId = logicalIdOf(synth.stacks.pipeline.queues.get(target)!);
        expect(env[queueUrlVariable(target)], `${q.handler} → ${target}`).toEqual({ Ref: queueId });
      }
      expect(actions.includes('sqs:SendMessage'), q.handler).toBe(sends.length > 0);
      expect(actions.includes('ses:SendEmail'), q.handler).toBe(q.sendsEmail === true);
      expect('SENDER_ADDRESS' in env, q.handler).toBe(q.sendsEmail === true);
    }
  });

  it('lets each route send to exactly the pipeline queues it declares, with their URLs', () => {
    for (const [capability, template] of synth.templates.routes) {
      for (const [handler, id] of functionsByHandler(template)) {
        const env = (
          resourcesOf(template, 'AWS::Lambda::Function')[id]!.Properties.Environment as {
            Variables: Record<string, unknown>;
          }
        ).Variables;
        const sends = [...new Set(routes.flatMap((r) => (r.handler === handler ? (r.sendsTo ?? []) : [])))];
        const label = `${capability}: ${handler}`;
        for (const target of sends) {
          // The queue lives in the pipeline stack: its URL arrives as that stack's export.
          expect(JSON.stringify(env[queueUrlVariable(target)]), `${label} → ${target}`).toContain('Fn::ImportValue');
        }
        expect(
          Object.keys(env).filter((k) => k.startsWith('QUEUE_URL_')),
          label,
        ).toEqual(sends.map(queueUrlVariable));
        expect(actionsOfFunction(template, id).includes('sqs:SendMessage'), label).toBe(sends.length > 0);
      }
    }
    expect(routes.filter((r) => r.sendsTo?.length).map((r) => r.handler)).toEqual(
      expect.arrayContaining(['proposals/accept-proposal', 'proposals/reject-proposal', 'invoicing/register-payment']),
    );
  });

  it('creates each declared secret once and lets each function read exactly the secrets it declares, by ARN', () => {
    const declarations = [...routes, ...queues];
    const names = [...new Set(declarations.flatMap((d) => d.secrets ?? []))].sort();
    const readers = [...new Set(declarations.filter((d) => d.secrets?.length).map((d) => d.handler))];
    expect(readers).toEqual(
      expect.arrayContaining(['peppol/receive-message', 'peppol/send-message', 'invoicing/send-invoice-peppol']),
    );
    expect([...synth.stacks.data.secrets.keys()].sort()).toEqual(names);
    expect(Object.keys(resourcesOf(synth.templates.data, 'AWS::SecretsManager::Secret'))).toHaveLength(names.length);
    const secretIds = new Map(names.map((name) => [name, logicalIdOf(synth.stacks.data.secrets.get(name)!)]));

    let granted = 0;
    for (const template of synth.all) {
      for (const [handler, id] of functionsByHandler(template)) {
        const reads = [...new Set(declarations.flatMap((d) => (d.handler === handler ? (d.secrets ?? []) : [])))];
        const env = (
          resourcesOf(template, 'AWS::Lambda::Function')[id]!.Properties.Environment as {
            Variables: Record<string, unknown>;
          }
        ).Variables;
        expect(
          Object.keys(env)
            .filter((k) => k.startsWith('SECRET_ARN_'))
            .sort(),
          handler,
        ).toEqual(reads.map(secretArnVariable).sort());
        const secretStatements = statementsOfFunction(template, id).filter((s) =>
          [s.Action].flat().some((a) => a.startsWith('secretsmanager:')),
        );
        for (const s of secretStatements) {
          expect([s.Action].flat().sort(), handler).toEqual([
            'secretsmanager:DescribeSecret',
            'secretsmanager:GetSecretValue',
          ]);
        }
        const grantedIds = secretStatements.map(
          (s) => [...secretIds].find(([, secretId]) => JSON.stringify(s.Resource).includes(secretId))?.[0],
        );
        // Each grant names one declared secret exactly (no wildcard), and each declared secret is granted.
        expect(grantedIds.sort(), handler).toEqual([...reads].sort());
        for (const name of reads) {
          // The secret lives in the data stack: its ARN arrives as that stack's export.
          const value = JSON.stringify(env[secretArnVariable(name)]);
          expect(value, `${handler} → ${name}`).toContain('Fn::ImportValue');
          expect(value, `${handler} → ${name}`).toContain(secretIds.get(name));
          granted += 1;
        }
      }
    }
    expect(granted).toBe(
      [...new Set(declarations.flatMap((d) => (d.secrets ?? []).map((name) => `${d.handler} ${name}`)))].length,
    );
  });

  it('lets exactly the routes and consumers that declare a workflow start it (routes answer it too), by ARN', () => {
    const starters = [...routes, ...queues].filter((r) => r.workflows?.length);
    expect(starters.map((r) => r.handler)).toEqual(
      expect.arrayContaining(['approvals/decide-approval-task', 'intake/recognise-document']),
    );
    for (const template of synth.all) {
      for (const [handler, id] of functionsByHandler(template)) {
        const route = routes.some((r) => r.handler === handler);
        const uses = [
          ...new Set([...routes, ...queues].flatMap((r) => (r.handler === handler ? (r.workflows ?? []) : []))),
        ];
        const env = (
          resourcesOf(template, 'AWS::Lambda::Function')[id]!.Properties.Environment as {
            Variables: Record<string, unknown>;
          }
        ).Variables;
        expect(
          Object.keys(env)
            .filter((k) => k.startsWith('STATE_MACHINE_ARN_'))
            .sort(),
          handler,
        ).toEqual(uses.map(stateMachineArnVariable).sort());
        const actions = actionsOfFunction(template, id);
        expect(actions.includes('states:StartExecution'), handler).toBe(uses.length > 0);
        expect(actions.includes('states:SendTaskSuccess'), handler).toBe(route && uses.length > 0);
      }
    }
  });

  it('lets only recognising consumers call Textract, which announces completions on a topic feeding its queue', () => {
    const template = synth.templates.pipeline;
    const fns = functionsByHandler(template);
    const topics = Object.keys(resourcesOf(template, 'AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    for (const q of queues) {
      const id = fns.get(q.handler)!;
      const env = (
        resourcesOf(template, 'AWS::Lambda::Function')[id]!.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(actionsOfFunction(template, id).includes('textract:StartExpenseAnalysis'), q.handler).toBe(
        q.recognises === true,
      );
      if (q.recognises) {
        expect(env.RECOGNITION_ENGINE).toBe('textract');
        expect(env.TEXTRACT_SNS_TOPIC_ARN).toEqual({ Ref: topics[0] });
      }
    }
    const subscriptions = Object.values(resourcesOf(template, 'AWS::SNS::Subscription'));
    const fed = queues.filter((q) => q.textractCompletions);
    expect(subscriptions).toHaveLength(fed.length);
    for (const q of fed) {
      const queueId = logicalIdOf(synth.stacks.pipeline.queues.get(q.name)!);
      expect(subscriptions.map((x) => x.Properties)).toContainEqual(
        expect.objectContaining({
          Protocol: 'sqs',
          RawMessageDelivery: true,
          Endpoint: { 'Fn::GetAtt': [queueId, 'Arn'] },
          TopicArn: { Ref: topics[0] },
        }),
      );
    }
  });

  it('has every bucket trigger with its prefix and queue, and no other', () => {
    const template = synth.templates.pipeline;
    const notifications = Object.values(resourcesOf(template, 'Custom::S3BucketNotifications'));
    expect(notifications).toHaveLength(1);
    const configs = (
      notifications[0]!.Properties.NotificationConfiguration as {
        QueueConfigurations: { Events: string[]; Filter: unknown; QueueArn: GetAtt }[];
      }
    ).QueueConfigurations;
    expect(configs).toHaveLength(bucketTriggers.length);
    for (const t of bucketTriggers) {
      const queueId = logicalIdOf(synth.stacks.pipeline.queues.get(t.queue)!);
      expect(configs).toContainEqual({
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: t.prefix }] } },
        QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      });
    }
  });

  it('has every schedule with its expression, timezone, input and target', () => {
    const template = synth.templates.workflow;
    const cfnSchedules = Object.values(resourcesOf(template, 'AWS::Scheduler::Schedule'));
    expect(cfnSchedules).toHaveLength(schedules.length);
    for (const s of schedules) {
      const found = cfnSchedules.filter((x) => x.Properties.Description === s.description);
      expect(found, s.name).toHaveLength(1);
      const props = found[0]!.Properties as Record<string, unknown> & { Target: Record<string, unknown> };
      expect(props.ScheduleExpression).toBe(s.expression);
      expect(props.ScheduleExpressionTimezone).toBe(s.timezone);
      expect(JSON.parse(props.Target.Input as string)).toEqual(s.input);
      if (s.target.kind === 'stateMachine') {
        const machine = synth.stacks.workflow.stateMachines.get(s.target.name)!;
        expect(props.Target.Arn).toEqual({ Ref: logicalIdOf(machine) });
      } else {
        const queueId = logicalIdOf(synth.stacks.pipeline.queues.get(s.target.name)!);
        expect(JSON.stringify(props.Target.Arn)).toContain(queueId);
      }
    }
  });

  it('deploys each state machine definition exactly as the wiring declares it', () => {
    const template = synth.templates.workflow;
    const machines = resourcesOf(template, 'AWS::StepFunctions::StateMachine');
    const fns = functionsByHandler(template);
    expect(Object.keys(machines)).toHaveLength(stateMachines.length);
    for (const m of stateMachines) {
      const props = machines[logicalIdOf(synth.stacks.workflow.stateMachines.get(m.name)!)]!.Properties as {
        DefinitionString: unknown;
        DefinitionSubstitutions: Record<string, unknown>;
      };
      const substitutions = props.DefinitionSubstitutions;
      expect(Object.keys(substitutions).sort()).toEqual(Object.keys(m.tasks).sort());
      for (const [key, task] of Object.entries(m.tasks)) {
        expect(substitutions[key], `${m.name} ${key}`).toEqual({ 'Fn::GetAtt': [fns.get(task.handler), 'Arn'] });
      }
      const restored = restorePlaceholders(props.DefinitionString, substitutions);
      expect(restored).toBe(JSON.stringify(m.definition));
      expect(JSON.parse(restored)).toEqual(m.definition);
    }
  });
});
