import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#infra/wiring.ts';
import { type Synthesized, synthesize } from './synth.ts';

const AWS_SOLUTIONS = Match.stringLikeRegexp('AwsSolutions-.*');

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize({ nag: true });
});

interface Suppression {
  id: string;
  reason: string;
  applies_to?: unknown[];
}

/** Every cdk-nag suppression in the app, resource- and stack-level. */
function suppressions(): { path: string; suppression: Suppression }[] {
  const found: { path: string; suppression: Suppression }[] = [];
  for (const stack of [
    synth.stacks.data,
    synth.stacks.api,
    ...synth.stacks.routes.values(),
    synth.stacks.pipeline,
    synth.stacks.workflow,
  ]) {
    const stackLevel = (stack.templateOptions.metadata?.cdk_nag?.rules_to_suppress ?? []) as Suppression[];
    for (const suppression of stackLevel) found.push({ path: stack.node.path, suppression });
    for (const construct of stack.node.findAll()) {
      if (!CfnResource.isCfnResource(construct)) continue;
      const rules = (construct.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as Suppression[];
      for (const suppression of rules) found.push({ path: construct.node.path, suppression });
    }
  }
  return found;
}

const describeMessages = (messages: { id: string; entry: { data?: unknown } }[]) =>
  messages.map((m) => `${m.id}: ${String(m.entry.data).split('\n')[0]}`);

describe('cdk-nag AwsSolutions', () => {
  const capabilities = [...new Set(routes.map((r) => r.handler.split('/')[0] as string))];
  const stackNames = ['data', 'api', 'pipeline', 'workflow', ...capabilities.map((c) => `routes: ${c}`)];
  for (const key of stackNames) {
    it(`${key} stack has no unsuppressed errors or warnings`, () => {
      const stack = key.startsWith('routes: ')
        ? synth.stacks.routes.get(key.slice('routes: '.length))!
        : synth.stacks[key as 'data' | 'api' | 'pipeline' | 'workflow'];
      const annotations = Annotations.fromStack(stack);
      expect(describeMessages(annotations.findError('*', AWS_SOLUTIONS))).toEqual([]);
      expect(describeMessages(annotations.findWarning('*', AWS_SOLUTIONS))).toEqual([]);
    });
  }

  it('gives every suppression a specific reason and scopes IAM wildcards with appliesTo', () => {
    const all = suppressions();
    expect(all.length).toBeGreaterThan(0);
    for (const { path, suppression } of all) {
      expect(suppression.reason.length, `${path} ${suppression.id}`).toBeGreaterThanOrEqual(40);
      if (suppression.id === 'AwsSolutions-IAM5' || suppression.id === 'AwsSolutions-IAM4') {
        expect(suppression.applies_to?.length, `${path} ${suppression.id} needs appliesTo`).toBeGreaterThan(0);
      }
    }
  });

  it('suppresses nothing at stack level', () => {
    expect(suppressions().filter(({ path }) => !path.includes('/'))).toEqual([]);
  });

  it('reports a violation when there is one (the harness can fail)', () => {
    const app = new App();
    const stack = new Stack(app, 'Unsafe');
    new Queue(stack, 'Plain', { encryption: QueueEncryption.UNENCRYPTED });
    Aspects.of(app).add(new AwsSolutionsChecks());
    const errors = Annotations.fromStack(stack).findError('*', AWS_SOLUTIONS);
    expect(describeMessages(errors).some((m) => m.includes('AwsSolutions-SQS2'))).toBe(true);
  });
});
