import { describe, expect, it } from 'vitest';
import { createLambdaRuntime, LambdaTimeoutError, resolveFunctionHandler } from '#infra/local/lambda-runtime.ts';
import { behaviours, callsOf, resolveTestHandler } from '../../helpers/twin-handlers/recorder.ts';

const runtime = createLambdaRuntime({ resolve: resolveTestHandler });

describe('invokeHandler', () => {
  it('passes the event and a realistic Lambda context and resolves with the result', async () => {
    behaviours.set('task-a', async (event) => ({ echoed: event }));

    const result = await runtime.invoke('test/task-a', { hello: 'world' }, { timeoutMs: 2_000 });

    expect(result).toEqual({ echoed: { hello: 'world' } });
    const { context } = callsOf('task-a').at(-1)!;
    expect(context.functionName).toBe('TestTaskA');
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:eu-west-1:000000000000:function:TestTaskA');
    expect(context.awsRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(context.logGroupName).toBe('/aws/lambda/TestTaskA');
    expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(context.functionVersion).toBe('$LATEST');
  });

  it('counts getRemainingTimeInMillis down from the timeout', async () => {
    behaviours.set('task-a', async (_event, context) => {
      const first = context.getRemainingTimeInMillis();
      await new Promise((r) => setTimeout(r, 50));
      return { first, second: context.getRemainingTimeInMillis() };
    });

    const { first, second } = (await runtime.invoke('test/task-a', {}, { timeoutMs: 1_000 })) as Record<string, number>;

    expect(first).toBeLessThanOrEqual(1_000);
    expect(first).toBeGreaterThan(900);
    expect(second).toBeLessThanOrEqual(first! - 45);
  });

  it('rejects with Sandbox.Timedout when the handler outlives its timeout', async () => {
    behaviours.set('task-a', () => new Promise((r) => setTimeout(r, 1_000)));

    const invocation = runtime.invoke('test/task-a', {}, { timeoutMs: 100 });

    await expect(invocation).rejects.toBeInstanceOf(LambdaTimeoutError);
    await expect(invocation).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
  });

  it('passes the handler error through unchanged', async () => {
    class NotAllowedError extends Error {
      override name = 'NotAllowedError';
    }
    behaviours.set('task-a', async () => {
      throw new NotAllowedError('no');
    });

    await expect(runtime.invoke('test/task-a', {})).rejects.toMatchObject({ name: 'NotAllowedError', message: 'no' });
  });

  it('names the module when it exports no handler function', async () => {
    await expect(runtime.invoke('test/no-handler', {})).rejects.toThrow(/does not export a function named 'handler'/);
  });

  it('maps wiring handlers to functions/<handler>.ts and refuses paths that leave it', () => {
    expect(resolveFunctionHandler('intake/register-raw-input')).toMatch(/\/functions\/intake\/register-raw-input\.ts$/);
    expect(() => resolveFunctionHandler('../infra/wiring')).toThrow(/not a wiring handler path/);
  });
});
