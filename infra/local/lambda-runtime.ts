import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { handlerId } from '#infra/wiring.ts';
import { lambdaArn } from './aws-names.ts';

/** Maps a wiring handler (`intake/register-raw-input`) to the absolute path of its module. */
export type HandlerResolver = (handler: string) => string;

/** Options of one invocation. */
export interface InvokeOptions {
  /** @default the runtime's default timeout (10 s, the `ServiceFunction` default) */
  readonly timeoutMs?: number;
  /** @default `handlerId(handler)`, e.g. `IntakeRegisterRawInput` */
  readonly functionName?: string;
}

/** Runs a wiring handler the way Lambda would and resolves with what it returned. */
export type InvokeFn = (handler: string, event: unknown, options?: InvokeOptions) => Promise<unknown>;

type LambdaHandler = (
  event: unknown,
  context: Context,
  callback: (error?: unknown, result?: unknown) => void,
) => unknown;

/** Repository root: this file lives in `infra/local/`. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const DEFAULT_TIMEOUT_MS = 10_000;
const MEMORY_LIMIT_MB = '512';

/**
 * Raised when a handler does not settle within its timeout. The name is the `errorType` Lambda
 * reports for a timed-out invocation, so Step Functions `Retry`/`Catch` rules match as on AWS.
 */
export class LambdaTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
  constructor(
    readonly functionName: string,
    readonly timeoutMs: number,
  ) {
    super(`${functionName}: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
  }
}

/** The default resolver: `functions/<handler>.ts` in this repository. */
export const resolveFunctionHandler: HandlerResolver = (handler) => {
  if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(handler)) {
    throw new Error(`Handler '${handler}' is not a wiring handler path like 'capability/handler-name'`);
  }
  return join(PROJECT_ROOT, 'functions', `${handler}.ts`);
};

// Modules are process-wide in Node, so the cache of their handler exports is too.
const modules = new Map<string, Promise<LambdaHandler>>();

function loadHandler(file: string, handler: string): Promise<LambdaHandler> {
  let loaded = modules.get(file);
  if (!loaded) {
    loaded = import(pathToFileURL(file).href).then((mod: { handler?: unknown }) => {
      if (typeof mod.handler !== 'function') {
        throw new Error(`Handler '${handler}' (${file}) does not export a function named 'handler'`);
      }
      return mod.handler as LambdaHandler;
    });
    // A failed import is not cached: after a fix the next invocation tries again.
    loaded.catch(() => modules.delete(file));
    modules.set(file, loaded);
  }
  return loaded;
}

const logStreams = new Map<string, string>();

/** One log stream per function and process, like one Lambda execution environment. */
function logStreamName(functionName: string): string {
  let stream = logStreams.get(functionName);
  if (!stream) {
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    stream = `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
    logStreams.set(functionName, stream);
  }
  return stream;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * A Lambda runtime for wiring handlers: imports the handler module once, builds a realistic
 * `Context` per invocation and enforces the timeout. A handler may be `async` or take the
 * (legacy) callback; anything else is refused with a clear error.
 */
export function createLambdaRuntime(options: { resolve?: HandlerResolver; defaultTimeoutMs?: number } = {}): {
  invoke: InvokeFn;
} {
  const resolve = options.resolve ?? resolveFunctionHandler;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;

  const invoke: InvokeFn = async (handler, event, invokeOptions = {}) => {
    const fn = await loadHandler(resolve(handler), handler);
    const functionName = invokeOptions.functionName ?? handlerId(handler);
    const timeoutMs = invokeOptions.timeoutMs ?? defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;

    return new Promise<unknown>((resolvePromise, rejectPromise) => {
      let settled = false;
      const settle = (error: unknown, result?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error !== undefined && error !== null) rejectPromise(toError(error));
        else resolvePromise(result);
      };
      // The handler keeps running after a timeout (a promise cannot be cancelled); its late result is ignored.
      const timer = setTimeout(() => settle(new LambdaTimeoutError(functionName, timeoutMs)), timeoutMs);

      const context: Context = {
        callbackWaitsForEmptyEventLoop: true,
        functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn: lambdaArn(functionName),
        memoryLimitInMB: MEMORY_LIMIT_MB,
        awsRequestId: randomUUID(),
        logGroupName: `/aws/lambda/${functionName}`,
        logStreamName: logStreamName(functionName),
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: (error, result) => settle(error, result),
        fail: (error) => settle(error ?? new Error('context.fail() called')),
        succeed: (result) => settle(null, result),
      };

      try {
        const returned = fn(event, context, (error, result) => settle(error, result));
        if (isThenable(returned)) {
          returned.then(
            (result) => settle(null, result),
            (error: unknown) => settle(error ?? new Error('Handler rejected without a reason')),
          );
        } else if (fn.length < 3) {
          settle(new Error(`Handler '${handler}' returned no promise and takes no callback; make it async`));
        }
      } catch (error) {
        settle(error ?? new Error('Handler threw without a reason'));
      }
    });
  };

  return { invoke };
}

const defaultRuntime = createLambdaRuntime();

/**
 * Invokes `functions/<handlerPath>.ts` the way Lambda would: the module is imported once and
 * cached, `handler(event, context)` gets a realistic `Context` (function name from `handlerId`,
 * uuid request id, ARN, log group and stream, a counting-down `getRemainingTimeInMillis`), and an
 * invocation that outlives `timeoutMs` rejects with {@link LambdaTimeoutError}.
 */
export function invokeHandler(handlerPath: string, event: unknown, options?: InvokeOptions): Promise<unknown> {
  return defaultRuntime.invoke(handlerPath, event, options);
}
