import { readFileSync } from 'node:fs';
import { App, Aspects } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HANDLER_TAG } from '#infra/constructs/service-function.ts';
import { addSamenwerkenStacks, type SamenwerkenStacks } from '#infra/stacks/samenwerken.ts';

export interface SynthOptions {
  /** Apply the AwsSolutions cdk-nag pack before synthesis. */
  readonly nag?: boolean;
}

export interface Synthesized {
  readonly app: App;
  readonly stacks: SamenwerkenStacks;
  /** Template of every single stack, by the key used in `stacks`; routes stacks by capability. */
  readonly templates: {
    readonly [K in Exclude<keyof SamenwerkenStacks, 'routes'>]: Template;
  } & { readonly routes: ReadonlyMap<string, Template> };
  /** Every template: the single stacks and the routes stacks. */
  readonly all: readonly Template[];
}

/**
 * Builds the CDK app as `cdk synth` does (same `cdk.json` context) but without bundling:
 * `aws:cdk:bundling-stacks: []` makes NodejsFunction skip esbuild, which keeps a synth to seconds.
 */
export function synthesize(options: SynthOptions = {}): Synthesized {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stacks = addSamenwerkenStacks(app);
  if (options.nag) Aspects.of(app).add(new AwsSolutionsChecks());
  app.synth();
  const templates = {
    data: Template.fromStack(stacks.data),
    api: Template.fromStack(stacks.api),
    routes: new Map([...stacks.routes].map(([capability, stack]) => [capability, Template.fromStack(stack)])),
    pipeline: Template.fromStack(stacks.pipeline),
    workflow: Template.fromStack(stacks.workflow),
  };
  const all = [templates.data, templates.api, ...templates.routes.values(), templates.pipeline, templates.workflow];
  return { app, stacks, templates, all };
}

type Resource = { Type: string; Properties: Record<string, unknown> };

/** Resources of `type` in a template, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** Logical ids of the Lambda functions in `template`, by the wiring handler named in their tag. */
export function functionsByHandler(template: Template): Map<string, string> {
  const result = new Map<string, string>();
  for (const [id, fn] of Object.entries(resourcesOf(template, 'AWS::Lambda::Function'))) {
    const tags = (fn.Properties.Tags ?? []) as { Key: string; Value: string }[];
    const handler = tags.find((t) => t.Key === HANDLER_TAG)?.Value;
    if (handler) result.set(handler, id);
  }
  return result;
}

/** An IAM policy statement as it appears in a template. */
export interface PolicyStatementJson {
  readonly Action: string | string[];
  readonly Resource?: unknown;
}

/** Every IAM policy statement granted to the role that `functionLogicalId` runs as. */
export function statementsOfFunction(template: Template, functionLogicalId: string): PolicyStatementJson[] {
  const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionLogicalId];
  if (!fn) throw new Error(`no function ${functionLogicalId}`);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const statements: PolicyStatementJson[] = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles = (policy.Properties.Roles ?? []) as { Ref?: string }[];
    if (!roles.some((r) => r.Ref === roleId)) continue;
    statements.push(...(policy.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
  }
  return statements;
}

/** Every IAM action granted to the role that `functionLogicalId` runs as. */
export function actionsOfFunction(template: Template, functionLogicalId: string): string[] {
  return statementsOfFunction(template, functionLogicalId).flatMap((s) =>
    Array.isArray(s.Action) ? s.Action : [s.Action],
  );
}

/** The template holding `handler`'s function, with the function's logical id. */
export function findFunction(templates: readonly Template[], handler: string): { template: Template; id: string } {
  for (const template of templates) {
    const id = functionsByHandler(template).get(handler);
    if (id) return { template, id };
  }
  throw new Error(`no function for handler ${handler}`);
}

/** Every IAM action granted to `handler`'s function, wherever it lives. */
export function actionsOfHandler(templates: readonly Template[], handler: string): string[] {
  const { template, id } = findFunction(templates, handler);
  return actionsOfFunction(template, id);
}
