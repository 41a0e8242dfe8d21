import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalTwin } from '#infra/local/twin.ts';
import type { StateMachineDecl } from '#infra/wiring.ts';
import { behaviours, callsOf } from '../../helpers/twin-handlers/recorder.ts';
import { eventually, startTestTwin } from './support.ts';

const task = (handler: string) => ({ handler, table: 'none', bucket: 'none' }) as const;
const arn = (name: string) => `arn:aws:states:eu-west-1:000000000000:stateMachine:${name}`;

const machines: StateMachineDecl[] = [
  {
    name: 'totals',
    tasks: { Double: task('test/task-a'), Square: task('test/task-b') },
    definition: {
      StartAt: 'Double',
      States: {
        Double: { Type: 'Task', Resource: '${Double}', ResultPath: '$.doubled', Next: 'Pause' },
        Pause: { Type: 'Wait', Seconds: 3600, Next: 'SquareEach' },
        SquareEach: {
          Type: 'Map',
          ItemsPath: '$.doubled.values',
          ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Square',
            States: {
              Square: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: '${Square}', 'Payload.$': '$' },
                ResultSelector: { 'squared.$': '$.Payload.squared', 'status.$': '$.StatusCode' },
                End: true,
              },
            },
          },
          ResultPath: '$.squares',
          End: true,
        },
      },
    },
  },
  {
    name: 'flaky',
    tasks: { Call: task('test/task-a') },
    definition: {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: '${Call}',
          Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2 }],
          Catch: [{ ErrorEquals: ['NotAllowedError'], ResultPath: '$.error', Next: 'Recovered' }],
          End: true,
        },
        Recovered: { Type: 'Pass', End: true },
      },
    },
  },
  {
    name: 'approval',
    tasks: { RequestApproval: task('test/approval-request') },
    definition: {
      StartAt: 'AskClient',
      States: {
        AskClient: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: {
            FunctionName: '${RequestApproval}',
            Payload: { 'proposalId.$': '$.proposalId', 'taskToken.$': '$$.Task.Token' },
          },
          HeartbeatSeconds: 3600,
          ResultPath: '$.decision',
          Next: 'Decided',
        },
        Decided: {
          Type: 'Choice',
          Choices: [{ Variable: '$.decision.approved', BooleanEquals: true, Next: 'Approved' }],
          Default: 'Declined',
        },
        Approved: { Type: 'Succeed' },
        Declined: { Type: 'Fail', Error: 'Declined', Cause: 'The client declined' },
      },
    },
  },
  {
    name: 'heartbeat',
    tasks: { RequestApproval: task('test/approval-request') },
    definition: {
      StartAt: 'AskClient',
      States: {
        AskClient: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: '${RequestApproval}', Payload: { 'taskToken.$': '$$.Task.Token' } },
          HeartbeatSeconds: 1,
          End: true,
        },
      },
    },
  },
];

class NotAllowedError extends Error {
  override name = 'NotAllowedError';
}

describe('local Step Functions', () => {
  let twin: LocalTwin;
  let sfn: SFNClient;

  const run = async (name: string, input: unknown) => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn(name), input: JSON.stringify(input) }),
    );
    return executionArn!;
  };
  const finished = async (executionArn: string) => {
    await twin.stateMachines.waitForExecution(executionArn);
    return sfn.send(new DescribeExecutionCommand({ executionArn }));
  };

  beforeAll(async () => {
    twin = await startTestTwin({
      wiring: { stateMachines: machines },
      stateMachineTimeOverrides: { waitMs: 0, retryIntervalMs: 0 },
    });
    sfn = new SFNClient({});
  });
  afterAll(async () => {
    sfn?.destroy();
    await twin?.stop();
  });
  beforeEach(() => {
    behaviours.set('task-a', (event) => ({ values: (event as { values: number[] }).values.map((v) => v * 2) }));
    behaviours.set('task-b', (event) => ({ squared: (event as { value: number }).value ** 2 }));
    behaviours.delete('approval-request');
  });

  it('runs the ASL with local Lambda tasks, a Map and lambda:invoke, returning the output', async () => {
    const executionArn = await run('totals', { values: [1, 2, 3] });

    const execution = await finished(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({
      values: [1, 2, 3],
      doubled: { values: [2, 4, 6] },
      squares: [
        { squared: 4, status: 200 },
        { squared: 16, status: 200 },
        { squared: 36, status: 200 },
      ],
    });
    expect(callsOf('task-b').map((c) => c.event)).toEqual(
      expect.arrayContaining([
        { value: 2, index: 0 },
        { value: 4, index: 1 },
        { value: 6, index: 2 },
      ]),
    );
    expect(callsOf('task-a').at(-1)?.context.functionName).toBe('TestTaskA');
  });

  it('retries a failing task and hands the Lambda error to Catch as Step Functions does', async () => {
    behaviours.set('task-a', () => {
      throw new NotAllowedError('not this month');
    });
    const before = callsOf('task-a').length;

    const execution = await finished(await run('flaky', {}));

    expect(callsOf('task-a').length - before).toBe(3);
    expect(execution.status).toBe('SUCCEEDED');
    const { error } = JSON.parse(execution.output!) as { error: { Error: string; Cause: string } };
    expect(error.Error).toBe('NotAllowedError');
    expect(JSON.parse(error.Cause)).toMatchObject({ errorType: 'NotAllowedError', errorMessage: 'not this month' });
  });

  it('pauses a waitForTaskToken task until SendTaskSuccess and continues with its output', async () => {
    const executionArn = await run('approval', { proposalId: 'p-1' });

    const pending = await twin.stateMachines.waitForTask(executionArn);
    const request = await eventually(() =>
      callsOf('approval-request').find((c) => c.event && (c.event as { proposalId?: string }).proposalId === 'p-1'),
    );
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: pending.taskToken, output: '{"approved":true}' }));
    const execution = await finished(executionArn);

    expect(running.status).toBe('RUNNING');
    expect(request.event).toEqual({ proposalId: 'p-1', taskToken: pending.taskToken });
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ proposalId: 'p-1', decision: { approved: true } });
  });

  it('fails a waiting task with the error and cause of SendTaskFailure', async () => {
    const executionArn = await run('approval', { proposalId: 'p-2' });
    const { taskToken } = await twin.stateMachines.waitForTask(executionArn);

    await sfn.send(new SendTaskFailureCommand({ taskToken, error: 'Rejected', cause: 'amount is wrong' }));
    const execution = await finished(executionArn);

    expect(execution).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'amount is wrong' });
  });

  it('answers TaskTimedOut for a token whose task already completed', async () => {
    const executionArn = await run('approval', { proposalId: 'p-3' });
    const { taskToken } = await twin.stateMachines.waitForTask(executionArn);
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"approved":false}' }));
    await finished(executionArn);

    const again = sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));

    await expect(again).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('fails a waiting task with States.HeartbeatTimeout when no heartbeat arrives in time', async () => {
    const execution = await finished(await run('heartbeat', {}));

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.HeartbeatTimeout');
  });

  it('lists executions newest first and answers ExecutionDoesNotExist for an unknown one', async () => {
    const first = await run('totals', { values: [1] });
    const second = await run('totals', { values: [2] });
    await finished(second);

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn('totals') }));
    const unknown = sfn.send(
      new DescribeExecutionCommand({ executionArn: 'arn:aws:states:eu-west-1:000000000000:execution:totals:nope' }),
    );

    expect(listed.executions?.slice(0, 2).map((e) => e.executionArn)).toEqual([second, first]);
    await expect(unknown).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });
});
