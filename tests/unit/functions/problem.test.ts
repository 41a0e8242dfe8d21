import { IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toProblem } from '#functions/shared/problem.ts';
import { ConflictError, ForbiddenError, PlanRestrictionError, ValidationError } from '#packages/kernel';

describe('toProblem', () => {
  it('addresses zod issues on an API event to the request part they are in', () => {
    const schema = z.object({
      body: z.object({ legalName: z.string() }),
      queryStringParameters: z.object({ limit: z.number() }),
    });
    const error = schema.safeParse({ body: {}, queryStringParameters: { limit: 'x' } }).error;
    const problem = toProblem(error, 'req-1');
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', instance: 'req-1' });
    expect(problem.errors).toEqual([
      { location: 'body', pointer: '/legalName', detail: expect.any(String) },
      { location: 'query', pointer: '/limit', detail: expect.any(String) },
    ]);
  });

  it.each([
    [new ForbiddenError(), 403, 'FORBIDDEN'],
    [new ConflictError('VERSION_CONFLICT', 'stale'), 409, 'VERSION_CONFLICT'],
    [new PlanRestrictionError('no'), 403, 'PLAN_RESTRICTION'],
    [new ValidationError([{ path: 'a.b', message: 'bad' }]), 400, 'VALIDATION_FAILED'],
    [new IdempotencyValidationError('payload differs'), 422, 'IDEMPOTENCY_KEY_REUSED'],
  ])('maps %s to status %i with code %s', (error, status, code) => {
    expect(toProblem(error)).toMatchObject({ status, code });
  });

  it('hides the detail of an unexpected error behind a plain 500', () => {
    const problem = toProblem(new Error('connection string with password=hunter2'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });
});
