import type { App, StackProps } from 'aws-cdk-lib';
import { DEFAULT_INBOUND_EMAIL_DOMAIN } from '../constructs/service-function.ts';
import { queues, routes, stateMachines } from '../wiring.ts';
import { ApiStack } from './api-stack.ts';
import { DataStack } from './data-stack.ts';
import { PipelineStack } from './pipeline-stack.ts';
import { WorkflowStack } from './workflow-stack.ts';

export const STACK_PREFIX = 'Samenwerken-';

export interface SamenwerkenStacks {
  readonly data: DataStack;
  readonly api: ApiStack;
  readonly pipeline: PipelineStack;
  readonly workflow: WorkflowStack;
}

export interface SamenwerkenOptions {
  /** @default 'in.example.com' */
  readonly inboundEmailDomain?: string;
  /** Passed to every stack, e.g. a fixed `env`. @default - environment-agnostic stacks */
  readonly stackProps?: StackProps;
}

/** Every handler belongs to exactly one stack so that it becomes exactly one function. */
function assertHandlersOwnedOnce(): void {
  const owners = new Map<string, Set<string>>();
  const own = (handler: string, stack: string) => owners.set(handler, (owners.get(handler) ?? new Set()).add(stack));
  for (const r of routes) own(r.handler, 'api');
  for (const q of queues) own(q.handler, 'pipeline');
  for (const m of stateMachines) for (const t of Object.values(m.tasks)) own(t.handler, 'workflow');
  const shared = [...owners].filter(([, stacks]) => stacks.size > 1).map(([handler]) => handler);
  if (shared.length > 0) {
    throw new Error(`Handlers used by more than one of route/queue/state machine: ${shared.join(', ')}`);
  }
}

/** Adds the four stacks, stateful first, to `app`. */
export function addSamenwerkenStacks(app: App, options: SamenwerkenOptions = {}): SamenwerkenStacks {
  assertHandlersOwnedOnce();
  const inboundEmailDomain = options.inboundEmailDomain ?? DEFAULT_INBOUND_EMAIL_DOMAIN;
  const common = options.stackProps ?? {};
  const data = new DataStack(app, `${STACK_PREFIX}Data`, common);
  const shared = { table: data.table, bucket: data.bucket, inboundEmailDomain };
  const api = new ApiStack(app, `${STACK_PREFIX}Api`, { ...common, ...shared });
  const pipeline = new PipelineStack(app, `${STACK_PREFIX}Pipeline`, { ...common, ...shared });
  const workflow = new WorkflowStack(app, `${STACK_PREFIX}Workflow`, {
    ...common,
    ...shared,
    key: pipeline.queueKey,
    queues: pipeline.queues,
  });
  return { data, api, pipeline, workflow };
}
