import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { handlerId, type StateMachineDecl } from '#infra/wiring.ts';
import { AwsError } from './aws-error.ts';
import { executionArn, LOCAL_ACCOUNT_ID, lambdaArn, stateMachineArn } from './aws-names.ts';
import type { InvokeFn } from './lambda-runtime.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One execution, as DescribeExecution reports it. `input`/`output` are JSON text. */
export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  status: ExecutionStatus;
  readonly startDate: Date;
  stopDate?: Date;
  readonly input: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** A task token an execution is waiting on. */
export interface PendingTask {
  readonly taskToken: string;
  readonly executionArn: string;
  readonly stateName: string;
  /** The payload the task's Lambda received (it carries the token). */
  readonly payload: unknown;
}

/**
 * Shortens Wait states and Retry intervals, in milliseconds: a number applies to every Wait state
 * (or every retrier), a record to the states it names.
 */
export interface TimeOverrides {
  readonly waitMs?: number | Readonly<Record<string, number>>;
  readonly retryIntervalMs?: number | Readonly<Record<string, number>>;
}

/** Options of {@link StateMachineRunner}. */
export interface StateMachineRunnerOptions {
  readonly stateMachines: readonly StateMachineDecl[];
  readonly invoke: InvokeFn;
  /** Timeout of every task Lambda. @default 300000, as the workflow stack deploys them */
  readonly taskTimeoutMs?: number;
  readonly timeOverrides?: TimeOverrides;
  readonly log?: (line: string) => void;
}

// aws-local-stepfunctions 3 declares Node >= 22 and uses Promise.withResolvers, which Node 20
// (the Lambda runtime of this project) lacks. This is the standard definition.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

type TaskKind = 'lambda-arn' | 'lambda-invoke' | 'wait-for-task-token';
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type StateDef = Record<string, unknown>;

interface CompiledTask {
  readonly kind: TaskKind;
  /** Set when the Lambda is fixed by the definition; `lambda:invoke` may name it at run time. */
  readonly handler?: string;
  readonly heartbeatSeconds?: number;
  readonly timeoutSeconds?: number;
}

interface CompiledMachine {
  readonly name: string;
  readonly arn: string;
  readonly machine: StateMachine;
  readonly tasks: ReadonlyMap<string, CompiledTask>;
  readonly waitStates: readonly string[];
  readonly retryStates: readonly string[];
}

interface RunningExecution {
  readonly record: ExecutionRecord;
  abort(): void;
}

interface TokenWaiter extends PendingTask {
  resolve(output: Json): void;
  reject(error: Error): void;
  heartbeat?: () => void;
  readonly timers: Set<NodeJS.Timeout>;
}

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
// setTimeout cannot wait longer than 2^31-1 ms (~24.8 days); longer values would fire at once.
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** An error whose `name` is what Step Functions matches in `Retry`/`Catch` (`Error` in the state output). */
function stepError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/** A Lambda failure as Step Functions reports it: the error type, and the JSON error as cause. */
function lambdaError(error: unknown): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  const errorType = e.name || 'Error';
  return stepError(
    errorType,
    JSON.stringify({ errorType, errorMessage: e.message, trace: (e.stack ?? '').split('\n') }),
  );
}

function toJson(value: unknown): Json {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json);
}

function substitute(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((v) => substitute(v, replace));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, replace)]));
  }
  return value;
}

function findStrings(value: unknown, wanted: ReadonlySet<string>): string | undefined {
  if (typeof value === 'string') return wanted.has(value) ? value : undefined;
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      const found = findStrings(v, wanted);
      if (found) return found;
    }
  }
  return undefined;
}

/** AWS: 1-80 characters, no whitespace, brackets, wildcards, special or control characters. */
function isValidExecutionName(name: string): boolean {
  if (name.length === 0 || name.length > 80 || /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name)) return false;
  return [...name].every((c) => {
    const code = c.codePointAt(0)!;
    return code >= 0x20 && (code < 0x7f || code > 0x9f);
  });
}

function invalidArn(arn: string): AwsError {
  return new AwsError('InvalidArn', `Invalid Arn: '${arn}'`);
}

/**
 * Runs the wiring's state machines with `aws-local-stepfunctions` on the very ASL of the
 * wiring, `${Key}` substituted with local Lambda ARNs. Task states call wiring handlers in
 * process: a Lambda ARN resource, `lambda:invoke` (output wrapped like the service integration)
 * and `lambda:invoke.waitForTaskToken`, which pauses until {@link sendTaskSuccess} or
 * {@link sendTaskFailure} (with `HeartbeatSeconds` enforced through {@link sendTaskHeartbeat}).
 * Other resources are refused at start-up. Executions are kept in memory.
 */
export class StateMachineRunner {
  private readonly machines = new Map<string, CompiledMachine>();
  private readonly executions = new Map<string, RunningExecution>();
  private readonly tokens = new Map<string, TokenWaiter>();
  private readonly closedTokens = new Set<string>();
  private readonly arnToHandler = new Map<string, string>();
  private readonly changes = new EventEmitter();
  private readonly log: (line: string) => void;
  private stopped = false;

  constructor(private readonly options: StateMachineRunnerOptions) {
    this.log = options.log ?? (() => undefined);
    this.changes.setMaxListeners(0);
    for (const decl of options.stateMachines) {
      for (const task of Object.values(decl.tasks)) this.arnToHandler.set(this.functionArn(task.handler), task.handler);
    }
    for (const decl of options.stateMachines) {
      if (this.machines.has(decl.name)) throw new Error(`State machine '${decl.name}' is declared twice`);
      this.machines.set(decl.name, this.compile(decl));
    }
  }

  /** ARN of a state machine by name. */
  arnOf(name: string): string {
    if (!this.machines.has(name)) throw new Error(`No state machine named '${name}'`);
    return stateMachineArn(name);
  }

  /** Names of every state machine. */
  names(): string[] {
    return [...this.machines.keys()];
  }

  /**
   * Starts an execution (StartExecution). `stateMachine` is an ARN or a name, `input` JSON text.
   * Starting again with the name and input of a running execution returns that execution.
   */
  start(stateMachine: string, input = '{}', name: string = randomUUID()): ExecutionRecord {
    if (this.stopped) throw new AwsError('ServiceUnavailable', 'The local state machine runner is stopped', 503);
    const compiled = this.machine(stateMachine);
    if (!isValidExecutionName(name)) {
      throw new AwsError('InvalidName', `Invalid Name: '${name}'`);
    }
    let parsedInput: Json;
    try {
      parsedInput = JSON.parse(input) as Json;
    } catch {
      throw new AwsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: input must be valid JSON');
    }
    const arn = executionArn(compiled.name, name);
    const existing = this.executions.get(arn);
    if (existing) {
      if (existing.record.status === 'RUNNING' && existing.record.input === input) return { ...existing.record };
      throw new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }

    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: compiled.arn,
      name,
      status: 'RUNNING',
      startDate: new Date(),
      input,
    };
    const issuedTokens = new Set<string>();
    const context = {
      Execution: { Id: arn, Name: name, RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${compiled.name}-role` },
      StateMachine: { Id: compiled.arn, Name: compiled.name },
      Task: {
        // A getter, so each `$$.Task.Token` read (one per task state entered) issues a fresh token.
        get Token(): string {
          const token = randomBytes(48).toString('base64url');
          issuedTokens.add(token);
          return token;
        },
      },
    };
    const run = compiled.machine.run(parsedInput, {
      context,
      overrides: this.overrides(compiled, record, issuedTokens),
    } as RunOptions);
    this.executions.set(arn, { record, abort: run.abort });
    this.log(`stepfunctions: started ${compiled.name} execution ${name}`);
    run.result.then(
      (output) => this.finish(record, 'SUCCEEDED', { output: JSON.stringify(output) }),
      (error: unknown) => {
        if (error instanceof ExecutionTimeoutError) {
          this.finish(record, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution timed out' });
        } else if (error instanceof ExecutionAbortedError) {
          this.finish(record, 'ABORTED', {});
        } else {
          const cause = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
          const e = cause instanceof Error ? cause : new Error(String(cause));
          this.finish(record, 'FAILED', { error: e.name, cause: e.message });
        }
      },
    );
    return { ...record };
  }

  /** DescribeExecution. */
  describe(arn: string): ExecutionRecord {
    if (!/^arn:aws:states:[^:]+:\d{12}:execution:[^:]+:[^:]+$/.test(arn)) throw invalidArn(arn);
    const execution = this.executions.get(arn);
    if (!execution) throw new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return { ...execution.record };
  }

  /** ListExecutions: newest first, optionally filtered by status, paged by `maxResults`. */
  list(
    stateMachine: string,
    options: { statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string } = {},
  ): { executions: ExecutionRecord[]; nextToken?: string } {
    const compiled = this.machine(stateMachine);
    const all = [...this.executions.values()]
      .map((e) => e.record)
      .filter((r) => r.stateMachineArn === compiled.arn && (!options.statusFilter || r.status === options.statusFilter))
      .reverse();
    const start = options.nextToken ? Number(Buffer.from(options.nextToken, 'base64url').toString()) : 0;
    if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidToken', 'Invalid Token');
    const size = options.maxResults && options.maxResults > 0 ? Math.min(options.maxResults, 1000) : 100;
    const page = all.slice(start, start + size).map((r) => ({ ...r }));
    const next = start + size < all.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
    return { executions: page, ...(next ? { nextToken: next } : {}) };
  }

  /** StopExecution: aborts a running execution. */
  stopExecution(arn: string, error?: string, cause?: string): ExecutionRecord {
    const record = this.describe(arn);
    const execution = this.executions.get(arn)!;
    if (record.status === 'RUNNING') {
      execution.record.error = error;
      execution.record.cause = cause;
      execution.abort();
    }
    return { ...execution.record };
  }

  /** SendTaskSuccess: completes a waiting task with `output` (JSON text) as its result. */
  sendTaskSuccess(taskToken: string, output: string): void {
    const waiter = this.waiter(taskToken);
    let parsed: Json;
    try {
      parsed = JSON.parse(output) as Json;
    } catch {
      throw new AwsError('InvalidOutput', 'Invalid Output: output must be valid JSON');
    }
    this.closeToken(waiter);
    waiter.resolve(parsed);
  }

  /** SendTaskFailure: fails a waiting task with `error` (matched by Retry/Catch) and `cause`. */
  sendTaskFailure(taskToken: string, error = '', cause = ''): void {
    const waiter = this.waiter(taskToken);
    this.closeToken(waiter);
    waiter.reject(stepError(error, cause));
  }

  /** SendTaskHeartbeat: restarts the `HeartbeatSeconds` clock of a waiting task. */
  sendTaskHeartbeat(taskToken: string): void {
    this.waiter(taskToken).heartbeat?.();
  }

  /** Tasks waiting for a token, optionally of one execution: how tests find the token to send. */
  pendingTasks(executionArnFilter?: string): PendingTask[] {
    return [...this.tokens.values()]
      .filter((w) => !executionArnFilter || w.executionArn === executionArnFilter)
      .map(({ taskToken, executionArn: arn, stateName, payload }) => ({
        taskToken,
        executionArn: arn,
        stateName,
        payload,
      }));
  }

  /** Resolves with the execution once it has stopped running. */
  waitForExecution(arn: string, timeoutMs = 30_000): Promise<ExecutionRecord> {
    this.describe(arn);
    return this.waitUntil(
      () => {
        const record = this.executions.get(arn)!.record;
        return record.status === 'RUNNING' ? undefined : { ...record };
      },
      timeoutMs,
      `execution ${arn} to finish`,
    );
  }

  /** Resolves with the first waiting task of an execution once there is one. */
  waitForTask(arn: string, timeoutMs = 30_000): Promise<PendingTask> {
    this.describe(arn);
    return this.waitUntil(() => this.pendingTasks(arn)[0], timeoutMs, `execution ${arn} to wait for a task token`);
  }

  /** Aborts every running execution. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const execution of this.executions.values()) {
      if (execution.record.status === 'RUNNING') execution.abort();
    }
    // Let the aborted runs settle their records.
    await new Promise((resolve) => setImmediate(resolve));
  }

  private waitUntil<T>(value: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const result = value();
        if (result === undefined) return;
        cleanup();
        resolve(result);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.changes.off('change', check);
      };
      this.changes.on('change', check);
      check();
    });
  }

  private machine(nameOrArn: string): CompiledMachine {
    if (nameOrArn.startsWith('arn:')) {
      const match = /^arn:aws:states:[^:]+:\d{12}:stateMachine:([^:]+)$/.exec(nameOrArn);
      if (!match) throw invalidArn(nameOrArn);
      const compiled = this.machines.get(match[1]!);
      if (!compiled || compiled.arn !== nameOrArn) {
        throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${nameOrArn}'`);
      }
      return compiled;
    }
    const compiled = this.machines.get(nameOrArn);
    if (!compiled) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${nameOrArn}'`);
    return compiled;
  }

  private finish(record: ExecutionRecord, status: ExecutionStatus, fields: Partial<ExecutionRecord>): void {
    Object.assign(record, fields, { status, stopDate: new Date() });
    for (const waiter of [...this.tokens.values()]) {
      if (waiter.executionArn === record.executionArn) this.closeToken(waiter);
    }
    const detail = record.error ? ` (${record.error})` : '';
    this.log(`stepfunctions: ${record.name} ${status}${detail}`);
    this.changes.emit('change');
  }

  private waiter(taskToken: string): TokenWaiter {
    if (typeof taskToken !== 'string' || taskToken.length === 0 || taskToken.length > 2048) {
      throw new AwsError('InvalidToken', 'Invalid Token');
    }
    const waiter = this.tokens.get(taskToken);
    if (waiter) return waiter;
    if (this.closedTokens.has(taskToken))
      throw new AwsError('TaskTimedOut', 'Task Timed Out: the task is no longer waiting');
    throw new AwsError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  private closeToken(waiter: TokenWaiter): void {
    for (const timer of waiter.timers) clearTimeout(timer);
    this.tokens.delete(waiter.taskToken);
    this.closedTokens.add(waiter.taskToken);
    this.changes.emit('change');
  }

  private functionArn(handler: string): string {
    return lambdaArn(handlerId(handler));
  }

  /** The wiring handler behind a Lambda name or (possibly qualified) ARN. */
  private handlerFor(functionName: unknown, where: string): string {
    const name = String(functionName ?? '');
    const unqualified = name.startsWith('arn:')
      ? name.split(':').slice(0, 7).join(':')
      : lambdaArn(name.split(':')[0]!);
    const handler = this.arnToHandler.get(unqualified);
    if (!handler) throw stepError('States.Runtime', `${where}: no wiring handler behind Lambda '${name}'`);
    return handler;
  }

  private compile(decl: StateMachineDecl): CompiledMachine {
    const placeholders = new Map(Object.entries(decl.tasks).map(([key, t]) => [key, this.functionArn(t.handler)]));
    const definition = substitute(decl.definition, (text) =>
      text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => {
        const arn = placeholders.get(key);
        if (!arn) throw new Error(`State machine '${decl.name}': '${whole}' names no task in its wiring`);
        return arn;
      }),
    ) as StateDef;

    const tasks = new Map<string, CompiledTask>();
    const waitStates: string[] = [];
    const retryStates: string[] = [];
    const seen = new Set<string>();
    const walk = (machine: StateDef): void => {
      if (typeof machine.TimeoutSeconds === 'number')
        machine.TimeoutSeconds = Math.min(machine.TimeoutSeconds, MAX_TIMER_SECONDS);
      for (const [stateName, state] of Object.entries((machine.States ?? {}) as Record<string, StateDef>)) {
        // Overrides are keyed by state name, so names must be unique across nested machines (as AWS requires).
        if (seen.has(stateName))
          throw new Error(`State machine '${decl.name}': state name '${stateName}' is used twice`);
        seen.add(stateName);
        if (state.Retry) retryStates.push(stateName);
        if (state.Type === 'Wait') waitStates.push(stateName);
        if (state.Type === 'Map') walk((state.ItemProcessor ?? state.Iterator) as StateDef);
        if (state.Type === 'Parallel') for (const branch of state.Branches as StateDef[]) walk(branch);
        if (state.Type === 'Task') tasks.set(stateName, this.compileTask(decl.name, stateName, state));
      }
    };
    walk(definition);

    return {
      name: decl.name,
      arn: stateMachineArn(decl.name),
      machine: new StateMachine(definition as unknown as StateMachineDefinition),
      tasks,
      waitStates,
      retryStates,
    };
  }

  private compileTask(machine: string, stateName: string, state: StateDef): CompiledTask {
    const where = `State machine '${machine}', state '${stateName}'`;
    const resource = String(state.Resource);
    const heartbeatSeconds = typeof state.HeartbeatSeconds === 'number' ? state.HeartbeatSeconds : undefined;
    if (typeof state.TimeoutSeconds === 'number')
      state.TimeoutSeconds = Math.min(state.TimeoutSeconds, MAX_TIMER_SECONDS);
    const timeoutSeconds = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : undefined;
    if (resource.startsWith('arn:aws:lambda:')) {
      const handler = this.arnToHandler.get(resource);
      if (!handler) throw new Error(`${where}: Lambda '${resource}' is not one of the machine's wiring tasks`);
      return { kind: 'lambda-arn', handler, timeoutSeconds };
    }
    if (resource === LAMBDA_INVOKE || resource === LAMBDA_INVOKE_WAIT) {
      const parameters = (state.Parameters ?? {}) as Record<string, unknown>;
      const staticName = parameters.FunctionName;
      const handler = staticName === undefined ? undefined : this.handlerFor(staticName, where);
      if (resource === LAMBDA_INVOKE) return { kind: 'lambda-invoke', handler, timeoutSeconds };
      // aws-local-stepfunctions gives every task 60 s by default; AWS waits for a token up to a year.
      if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
        state.TimeoutSeconds = MAX_TIMER_SECONDS;
      }
      return { kind: 'wait-for-task-token', handler, heartbeatSeconds, timeoutSeconds };
    }
    throw new Error(
      `${where}: resource '${resource}' is not supported by the local twin ` +
        `(supported: a wiring Lambda ARN, ${LAMBDA_INVOKE}, ${LAMBDA_INVOKE_WAIT})`,
    );
  }

  private overrides(
    compiled: CompiledMachine,
    record: ExecutionRecord,
    issuedTokens: Set<string>,
  ): RunOptions['overrides'] {
    const byName = (setting: number | Readonly<Record<string, number>> | undefined, states: readonly string[]) => {
      if (setting === undefined) return undefined;
      if (typeof setting !== 'number') return { ...setting };
      return Object.fromEntries(states.map((s) => [s, setting]));
    };
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [stateName, task] of compiled.tasks) {
      handlers[stateName] = (input) => {
        const result = this.runTask(record, issuedTokens, stateName, task, input);
        // The library drops a task's promise when the execution aborts; its late failure must not crash the process.
        result.catch(() => undefined);
        return result;
      };
    }
    return {
      taskResourceLocalHandlers: handlers,
      waitTimeOverrides: byName(this.options.timeOverrides?.waitMs, compiled.waitStates),
      retryIntervalOverrides: byName(this.options.timeOverrides?.retryIntervalMs, compiled.retryStates),
    } as RunOptions['overrides'];
  }

  private async runTask(
    record: ExecutionRecord,
    issuedTokens: Set<string>,
    stateName: string,
    task: CompiledTask,
    input: Json,
  ): Promise<Json> {
    const invokeOptions = { timeoutMs: this.options.taskTimeoutMs ?? 300_000 };
    const where = `Execution '${record.name}', state '${stateName}'`;
    if (task.kind === 'lambda-arn') {
      try {
        return toJson(await this.options.invoke(task.handler!, toJson(input), invokeOptions));
      } catch (error) {
        throw lambdaError(error);
      }
    }

    const parameters = (input ?? {}) as { FunctionName?: unknown; Payload?: Json };
    const handler = task.handler ?? this.handlerFor(parameters.FunctionName, where);
    const payload = toJson(parameters.Payload ?? {});
    if (task.kind === 'lambda-invoke') {
      let result: unknown;
      try {
        result = await this.options.invoke(handler, payload, invokeOptions);
      } catch (error) {
        throw lambdaError(error);
      }
      const headers = { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST' };
      return {
        ExecutedVersion: '$LATEST',
        Payload: toJson(result),
        SdkHttpMetadata: {
          AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
          HttpHeaders: headers,
          HttpStatusCode: 200,
        },
        SdkResponseMetadata: { RequestId: randomUUID() },
        StatusCode: 200,
      };
    }

    const unclaimed = new Set([...issuedTokens].filter((t) => !this.tokens.has(t) && !this.closedTokens.has(t)));
    const taskToken = findStrings(payload, unclaimed);
    if (!taskToken) {
      throw stepError('States.Runtime', `${where}: waits for a task token but its Payload does not pass $$.Task.Token`);
    }
    const result = new Promise<Json>((resolve, reject) => {
      const waiter: TokenWaiter = {
        taskToken,
        executionArn: record.executionArn,
        stateName,
        payload,
        resolve,
        reject,
        timers: new Set(),
      };
      if (task.timeoutSeconds !== undefined) {
        // The library fails the task at this moment; the token must stop working then too.
        waiter.timers.add(setTimeout(() => this.closeToken(waiter), task.timeoutSeconds * 1000));
      }
      if (task.heartbeatSeconds !== undefined) {
        const heartbeatMs = task.heartbeatSeconds * 1000;
        const expire = (): void => {
          this.closeToken(waiter);
          reject(stepError('States.HeartbeatTimeout', `No heartbeat within ${task.heartbeatSeconds} seconds`));
        };
        let timer = setTimeout(expire, heartbeatMs);
        waiter.timers.add(timer);
        waiter.heartbeat = () => {
          clearTimeout(timer);
          waiter.timers.delete(timer);
          timer = setTimeout(expire, heartbeatMs);
          waiter.timers.add(timer);
        };
      }
      this.tokens.set(taskToken, waiter);
      this.changes.emit('change');
    });
    this.options.invoke(handler, payload, invokeOptions).catch((error: unknown) => {
      const waiter = this.tokens.get(taskToken);
      if (!waiter) return;
      this.closeToken(waiter);
      waiter.reject(lambdaError(error));
    });
    return result;
  }
}
