import type { App, StackProps } from 'aws-cdk-lib';
import { DEFAULT_INBOUND_EMAIL_DOMAIN } from '../constructs/service-function.ts';
import { queues, routes, stateMachines } from '../wiring.ts';
import { ApiStack } from './api-stack.ts';
import { DataStack } from './data-stack.ts';
import { PipelineStack } from './pipeline-stack.ts';
import { RoutesStack } from './routes-stack.ts';
import { stateMachineNameOf, WorkflowStack } from './workflow-stack.ts';

export const STACK_PREFIX = 'Samenwerken-';

export interface SamenwerkenStacks {
  readonly data: DataStack;
  readonly api: ApiStack;
  /** One stack of routes per capability (`tenancy`, `books`, …), by capability. */
  readonly routes: ReadonlyMap<string, RoutesStack>;
  readonly pipeline: PipelineStack;
  readonly workflow: WorkflowStack;
}

export interface SamenwerkenOptions {
  /** @default 'in.example.com' */
  readonly inboundEmailDomain?: string;
  /**
   * The API's public base URL, when it has a custom domain: links in e-mails and the bank's
   * redirect use it. @default - the HTTP API's own endpoint
   */
  readonly publicApiUrl?: string;
  /** Passed to every stack, e.g. a fixed `env`. @default - environment-agnostic stacks */
  readonly stackProps?: StackProps;
}

/** Every handler belongs to exactly one stack so that it becomes exactly one function. */
function assertHandlersOwnedOnce(): void {
  const owners = new Map<string, Set<string>>();
  const own = (handler: string, stack: string) => owners.set(handler, (owners.get(handler) ?? new Set()).add(stack));
  for (const r of routes) own(r.handler, 'api');
  for (const q of queues) own(q.handler, 'pipeline');
  for (const q of queues) if (q.deadLetters) own(q.deadLetters.handler, 'pipeline');
  for (const m of stateMachines) for (const t of Object.values(m.tasks)) own(t.handler, 'workflow');
  const shared = [...owners].filter(([, stacks]) => stacks.size > 1).map(([handler]) => handler);
  if (shared.length > 0) {
    throw new Error(`Handlers used by more than one of route/queue/state machine: ${shared.join(', ')}`);
  }
}

/** Adds the stacks, stateful first, to `app`: data, API, pipeline, a routes stack per capability, workflow. */
export function addSamenwerkenStacks(app: App, options: SamenwerkenOptions = {}): SamenwerkenStacks {
  assertHandlersOwnedOnce();
  const inboundEmailDomain = options.inboundEmailDomain ?? DEFAULT_INBOUND_EMAIL_DOMAIN;
  const common = options.stackProps ?? {};
  const data = new DataStack(app, `${STACK_PREFIX}Data`, common);
  const api = new ApiStack(app, `${STACK_PREFIX}Api`, common);
  const publicApiUrl = options.publicApiUrl ?? api.httpApi.apiEndpoint;
  const shared = { table: data.table, bucket: data.bucket, inboundEmailDomain, publicApiUrl };
  // Before the routes: routes that send to a pipeline queue depend on the pipeline, never the reverse.
  const pipeline = new PipelineStack(app, `${STACK_PREFIX}Pipeline`, {
    ...common,
    ...shared,
    secrets: data.secrets,
    stateMachineName: (name) => stateMachineNameOf(`${STACK_PREFIX}Workflow`, name),
  });
  const workflow = new WorkflowStack(app, `${STACK_PREFIX}Workflow`, {
    ...common,
    ...shared,
    key: pipeline.queueKey,
    queues: pipeline.queues,
  });
  const capabilities = [...new Set(routes.map((r) => r.handler.split('/')[0] as string))];
  const routeStacks = new Map(
    capabilities.map((capability) => {
      const name = capability.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
      const stack = new RoutesStack(app, `${STACK_PREFIX}Routes-${name}`, {
        ...common,
        ...shared,
        httpApi: api.httpApi,
        authorizer: api.authorizer,
        userPool: api.userPool,
        queues: pipeline.queues,
        secrets: data.secrets,
        stateMachines: workflow.stateMachines,
        routes: routes.filter((r) => r.handler.startsWith(`${capability}/`)),
      });
      return [capability, stack] as const;
    }),
  );
  return { data, api, routes: routeStacks, pipeline, workflow };
}
