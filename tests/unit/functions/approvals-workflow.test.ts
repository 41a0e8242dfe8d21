import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { approvals, sessionOf } from '#functions/shared/approvals.ts';

// The shared config module reads TABLE_NAME on load; the state machine ARN is read on first use.
vi.hoisted(() => {
  process.env.TABLE_NAME ??= 'samenwerken-unit';
  process.env.AWS_REGION ??= 'eu-west-1';
  process.env.STATE_MACHINE_ARN_APPROVAL_TASK = 'arn:aws:states:eu-west-1:123456789012:stateMachine:approval-task';
});

const sfn = mockClient(SFNClient);
const awsError = (name: string) => Object.assign(new Error(name), { name });
const input = {
  firmId: 'f',
  administrationId: 'a',
  taskId: '01JQ0000000000000000000005',
  remindAt: '2026-11-25T17:00:00.000Z',
  deadlineAt: '2026-11-27T17:00:00.000Z',
};

describe('the approvals workflow port', () => {
  beforeEach(() => sfn.reset());

  it('starts one execution per task, named after it, and takes a repeated start as done', async () => {
    sfn.on(StartExecutionCommand).resolvesOnce({ executionArn: 'x', startDate: new Date() });
    sfn.on(StartExecutionCommand).rejects(awsError('ExecutionAlreadyExists'));
    await approvals.workflow.start(input);
    await approvals.workflow.start(input);
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls[0]?.args[0].input).toEqual({
      stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:approval-task',
      name: input.taskId,
      input: JSON.stringify(input),
    });
  });

  it('answers a waiting token, ignores one no longer waiting and passes other failures on', async () => {
    sfn.on(SendTaskSuccessCommand, { taskToken: 'gone' }).rejects(awsError('TaskTimedOut'));
    sfn.on(SendTaskSuccessCommand, { taskToken: 'throttled' }).rejects(awsError('ThrottlingException'));
    sfn.on(SendTaskSuccessCommand, { taskToken: 'ok' }).resolves({});
    await approvals.workflow.succeed('ok', { decision: 'approve' });
    await approvals.workflow.succeed('gone', { decision: 'approve' });
    await expect(approvals.workflow.succeed('throttled', { decision: 'approve' })).rejects.toThrow('Throttling');
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
      taskToken: 'ok',
      output: '{"decision":"approve"}',
    });
  });
});

describe('sessionOf', () => {
  it("names the session by the token's jti, or a hash of its signature when it has none", () => {
    const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;
    expect(sessionOf({ authorization: `Bearer ${token({ jti: 'abc-123' })}` }).tokenId).toBe('abc-123');
    expect(sessionOf({ authorization: `Bearer ${token({ sub: 'u' })}` }).tokenId).toMatch(/^sig:[0-9a-f]{16}$/);
    expect(sessionOf({}).tokenId).toBeUndefined();
  });
});
