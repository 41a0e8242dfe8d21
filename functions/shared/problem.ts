import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ZodError } from 'zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PlanRestrictionError,
  UnauthenticatedError,
  ValidationError,
} from '#packages/kernel';
import { logger } from './observability.js';

/** One field problem in a problem document: a JSON pointer into the request part it names. */
export interface ProblemFieldError {
  readonly location: 'body' | 'query' | 'path' | 'header';
  readonly pointer: string;
  readonly detail: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly errors?: readonly ProblemFieldError[];
}

const statusOf = (error: DomainError): [number, string] => {
  if (error instanceof ValidationError) return [400, 'Invalid request'];
  if (error instanceof UnauthenticatedError) return [401, 'Unauthenticated'];
  if (error instanceof ForbiddenError) return [403, 'Forbidden'];
  if (error instanceof NotFoundError) return [404, 'Not found'];
  if (error instanceof ConflictError) return [409, 'Conflict'];
  if (error instanceof PlanRestrictionError) return [403, 'Not included in the plan'];
  return [422, 'Unprocessable request'];
};

const locations = { body: 'body', queryStringParameters: 'query', pathParameters: 'path', headers: 'header' } as const;

/** Zod issues on an API Gateway event become field errors addressed inside the request part. */
export function fieldErrorsFromZod(error: ZodError): ProblemFieldError[] {
  return error.issues.map((issue) => {
    const [first, ...rest] = issue.path.map(String);
    const location = locations[first as keyof typeof locations] ?? 'body';
    const within = first && first in locations ? rest : issue.path.map(String);
    return { location, pointer: `/${within.join('/')}`, detail: issue.message };
  });
}

export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(problem),
  };
}

/**
 * Maps anything thrown to an RFC 9457 problem. Domain errors keep their message; anything
 * else is a 500 whose detail stays in the log.
 */
export function toProblem(error: unknown, instance?: string): Problem {
  const base = instance ? { instance } : {};
  if (error instanceof ZodError) {
    return {
      type: 'urn:problem:validation-failed',
      title: 'Invalid request',
      status: 400,
      detail: 'The request is not valid; see errors.',
      code: 'VALIDATION_FAILED',
      errors: fieldErrorsFromZod(error),
      ...base,
    };
  }
  if (error instanceof IdempotencyValidationError) {
    return {
      type: 'urn:problem:idempotency-key-reused',
      title: 'Idempotency key reused',
      status: 422,
      detail: 'This Idempotency-Key was used before with a different request body.',
      code: 'IDEMPOTENCY_KEY_REUSED',
      ...base,
    };
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return {
      type: 'urn:problem:request-in-progress',
      title: 'Request in progress',
      status: 409,
      detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
      code: 'REQUEST_IN_PROGRESS',
      ...base,
    };
  }
  if (error instanceof DomainError) {
    const [status, title] = statusOf(error);
    const problem: Problem = {
      type: `urn:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
      title,
      status,
      detail: error.message,
      code: error.code,
      ...base,
    };
    if (error instanceof ValidationError) {
      return {
        ...problem,
        errors: error.issues.map((i) => ({
          location: i.location ?? 'body',
          pointer: `/${i.path.replaceAll('.', '/')}`,
          detail: i.message,
        })),
      };
    }
    return problem;
  }
  logger.error('Unhandled error', error as Error);
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'Something went wrong on our side. The request id identifies it in our logs.',
    code: 'INTERNAL',
    ...base,
  };
}
