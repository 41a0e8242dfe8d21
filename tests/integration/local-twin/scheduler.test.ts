import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileExpression } from '#infra/local/scheduler.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import type { ScheduleDecl } from '#infra/wiring.ts';
import { behaviours, callsOf } from '../../helpers/twin-handlers/recorder.ts';
import { eventually, startTestTwin } from './support.ts';

const after = new Date('2026-01-15T12:00:00Z'); // a Thursday

describe('compileExpression', () => {
  it('reads EventBridge cron in its timezone, daylight saving included', () => {
    const next = compileExpression('cron(0 2 1 * ? *)', 'Europe/Amsterdam');

    expect(next(after)?.toISOString()).toBe('2026-02-01T01:00:00.000Z');
    expect(next(new Date('2026-04-15T00:00:00Z'))?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });

  it('numbers days of the week 1-7 from Sunday, as EventBridge does', () => {
    expect(compileExpression('cron(0 9 ? * 1 *)', 'UTC')(after)?.toISOString()).toBe('2026-01-18T09:00:00.000Z');
    expect(compileExpression('cron(30 8 ? * MON-FRI *)', 'UTC')(after)?.toISOString()).toBe('2026-01-16T08:30:00.000Z');
    expect(compileExpression('cron(0 9 ? * 2#1 *)', 'UTC')(after)?.toISOString()).toBe('2026-02-02T09:00:00.000Z');
  });

  it('counts rate() from its origin and fires at() once', () => {
    const origin = new Date('2026-01-15T11:58:00Z');

    expect(compileExpression('rate(5 minutes)', 'UTC', origin)(after)?.toISOString()).toBe('2026-01-15T12:03:00.000Z');
    expect(compileExpression('at(2026-01-20T10:00:00)', 'Europe/Amsterdam')(after)?.toISOString()).toBe(
      '2026-01-20T09:00:00.000Z',
    );
    expect(compileExpression('at(2026-01-01T10:00:00)', 'UTC')(after)).toBeNull();
  });

  it('refuses expressions EventBridge refuses', () => {
    expect(() => compileExpression('cron(0 2 1 * *)', 'UTC')).toThrow(/6 fields/);
    expect(() => compileExpression('cron(0 2 1 * MON *)', 'UTC')).toThrow(
      /exactly one of day-of-month and day-of-week/,
    );
    expect(() => compileExpression('rate(1 minutes)', 'UTC')).toThrow(/singular unit/);
    expect(() => compileExpression('cron(0 2 1 * ? *)', 'Mars/Olympus')).toThrow(/Unknown timezone/);
  });
});

describe('local scheduler', () => {
  let twin: LocalTwin;
  const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString().slice(0, 19);
  const schedules = (): ScheduleDecl[] => [
    {
      name: 'monthly-close',
      description: 'test',
      expression: 'cron(0 2 1 * ? *)',
      timezone: 'Europe/Amsterdam',
      target: { kind: 'stateMachine', name: 'close' },
      input: { period: 'previous-month' },
    },
    {
      name: 'bank-sync',
      description: 'test',
      expression: 'rate(1 day)',
      timezone: 'UTC',
      target: { kind: 'queue', name: 'bank' },
      input: { source: 'schedule' },
    },
    {
      name: 'soon',
      description: 'test',
      // Far enough ahead to outlast the twin's start-up (DynamoDB Local takes a few seconds).
      expression: `at(${inSeconds(12)})`,
      timezone: 'UTC',
      target: { kind: 'queue', name: 'bank' },
      input: { source: 'timer' },
    },
  ];

  beforeAll(async () => {
    behaviours.set('task-a', (event) => ({ received: event }));
    behaviours.set('queue-consumer', () => ({ batchItemFailures: [] }));
    twin = await startTestTwin({
      scheduleTimers: true,
      wiring: {
        schedules: schedules(),
        queues: [
          {
            name: 'bank',
            handler: 'test/queue-consumer',
            batchSize: 10,
            visibilityTimeoutSeconds: 30,
            maxReceiveCount: 3,
            table: 'none',
            bucket: 'none',
          },
        ],
        stateMachines: [
          {
            name: 'close',
            tasks: { Close: { handler: 'test/task-a', table: 'none', bucket: 'none' } },
            definition: { StartAt: 'Close', States: { Close: { Type: 'Task', Resource: '${Close}', End: true } } },
          },
        ],
      },
    });
  });
  afterAll(async () => {
    await twin?.stop();
  });

  const bankBodies = () =>
    callsOf('queue-consumer').flatMap((c) => (c.event as SQSEvent).Records.map((r) => JSON.parse(r.body) as unknown));

  it('starts the target state machine with the schedule input when fired', async () => {
    const fired = twin.scheduler.fire('monthly-close');

    expect(fired.kind).toBe('stateMachine');
    const execution = await twin.stateMachines.waitForExecution(
      fired.kind === 'stateMachine' ? fired.executionArn : '',
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ received: { period: 'previous-month' } });
  });

  it('sends the schedule input to a target queue when fired', async () => {
    const fired = twin.scheduler.fire('bank-sync');

    await twin.queues.drain('bank');

    expect(fired).toMatchObject({ kind: 'queue', name: 'bank', messageId: expect.any(String) });
    expect(bankBodies()).toContainEqual({ source: 'schedule' });
  });

  it('tells when a schedule fires next', () => {
    const next = twin.scheduler.next('monthly-close', after);

    expect(next?.toISOString()).toBe('2026-02-01T01:00:00.000Z');
  });

  it('fires a schedule by itself when its time comes', async () => {
    await eventually(() => bankBodies().some((b) => (b as { source?: string }).source === 'timer'), 30_000);

    expect(twin.scheduler.next('soon')).toBeNull();
  }, 40_000);
});
