import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';

/**
 * Shared state between local-twin tests and the test handlers they wire: the twin runs handlers
 * in the test's own process, so both sides see this module's single instance.
 */

/** One handler invocation as the handler saw it. */
export interface Call {
  readonly handler: string;
  readonly event: unknown;
  readonly context: Context;
  readonly at: number;
}

export const calls: Call[] = [];

/** What a handler does with its event; tests set it per handler name. */
export type Behaviour = (event: unknown, context: Context) => unknown;
export const behaviours = new Map<string, Behaviour>();

/** Calls of one handler, oldest first. */
export function callsOf(handler: string): Call[] {
  return calls.filter((c) => c.handler === handler);
}

/** A handler that records each invocation and then does what `behaviours` says (nothing by default). */
export function recordingHandler(name: string) {
  return async (event: unknown, context: Context): Promise<unknown> => {
    calls.push({ handler: name, event: structuredClone(event), context, at: Date.now() });
    const behaviour = behaviours.get(name);
    return behaviour ? behaviour(event, context) : undefined;
  };
}

const HANDLER_DIR = fileURLToPath(new URL('./', import.meta.url));

/** Resolves `test/<name>` to this folder's `<name>.ts`, other handlers to nothing. */
export function resolveTestHandler(handler: string): string {
  const match = /^test\/([a-z0-9-]+)$/.exec(handler);
  if (!match) throw new Error(`Test twins only run test/<name> handlers, not '${handler}'`);
  return `${HANDLER_DIR}${match[1]}.ts`;
}
