import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { ParseError } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ZodError, z } from 'zod';
import { type TenantContext, tenantFromClaims } from '#packages/kernel';
import { dynamodb, table } from './clients.js';
import { logger, metrics, tracer } from './observability.js';
import { problemResponse, toProblem } from './problem.js';

/** What a route function returns when it needs more than a 200 with a JSON body. */
export interface HttpResult {
  readonly status: number;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as is, for non-JSON content; set its content-type in `headers`. */
  readonly text?: string;
  readonly headers?: Record<string, string>;
}

export const result = (status: number, body?: unknown, headers?: Record<string, string>): HttpResult =>
  body === undefined ? (headers ? { status, headers } : { status }) : { status, body, ...(headers ? { headers } : {}) };

const isResult = (value: unknown): value is HttpResult =>
  typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'number';

export interface RouteInput<P, Q, B> {
  readonly tenant: TenantContext;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface RouteSpec<P, Q, B> {
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /**
   * Names the operation for Idempotency-Key replay (POST): the same key and body from the
   * same user within 24 h returns the first response instead of acting again.
   */
  readonly idempotency?: string;
}

const toResponse = (value: unknown): APIGatewayProxyStructuredResultV2 => {
  const r: HttpResult = isResult(value) ? value : { status: 200, body: value };
  const body = r.text ?? (r.body === undefined ? undefined : JSON.stringify(r.body));
  return {
    statusCode: r.status,
    headers: { ...(r.body === undefined ? {} : { 'content-type': 'application/json' }), ...r.headers },
    ...(body === undefined ? {} : { body }),
  };
};

/** Error middleware: every failure becomes `application/problem+json`. */
const problems = (): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    let error: unknown = request.error;
    if (error instanceof ParseError) {
      const cause = error.cause;
      error = cause instanceof ZodError ? cause : Array.isArray(cause) ? new ZodError(cause) : error;
    }
    const problem = toProblem(error, request.event?.requestContext?.requestId);
    request.response = problemResponse(problem);
  },
});

/** The middleware order every HTTP handler shares; the route function stays a one-call adapter. */
function baseStack<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return middy(handler)
    .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId' }))
    .use(captureLambdaHandler(tracer))
    .use(logMetrics(metrics));
}

/**
 * Builds an authenticated API handler: claims → tenant, zod-validated path, query and body
 * (through the Powertools parser), optional Idempotency-Key replay, errors as problems.
 */
export function httpRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  fn: (input: RouteInput<P, Q, B>) => Promise<unknown>,
) {
  const eventSchema = APIGatewayProxyEventV2Schema.extend({
    // Absent parameters arrive as undefined; validate them as empty so defaults apply.
    pathParameters: z.preprocess((v) => v ?? {}, spec.params ?? z.object({})),
    queryStringParameters: z.preprocess((v) => v ?? {}, spec.query ?? z.object({})),
    body: spec.body ? JSONStringified(spec.body as z.ZodType) : z.unknown().optional(),
  });
  const run = async (event: z.infer<typeof eventSchema>): Promise<APIGatewayProxyStructuredResultV2> => {
    const raw = event as unknown as APIGatewayProxyEventV2 & {
      requestContext: { authorizer?: { jwt?: { claims?: unknown } } };
    };
    const tenant = tenantFromClaims(raw.requestContext.authorizer?.jwt?.claims);
    logger.appendKeys({ firmId: tenant.firmId, userId: tenant.userId });
    const value = await fn({
      tenant,
      params: event.pathParameters as P,
      query: (event.queryStringParameters ?? {}) as Q,
      body: event.body as B,
      headers: raw.headers ?? {},
    });
    return toResponse(value);
  };
  const stack = baseStack(run)
    .use(problems())
    .use(parser({ schema: eventSchema }) as middy.MiddlewareObj);
  if (spec.idempotency) {
    stack.use(
      makeHandlerIdempotent({
        // One store per operation: its records are keyed apart, and handlers sharing a process
        // (the local twin) keep their own configuration.
        persistenceStore: new DynamoDBPersistenceLayer({
          tableName: table.name,
          awsSdkV3Client: dynamodb,
          keyAttr: 'pk',
          sortKeyAttr: 'sk',
          expiryAttr: 'ttl',
          staticPkValue: `SYS#IDEMPOTENCY#${spec.idempotency}`,
        }),
        config: new IdempotencyConfig({
          // No header, no idempotency: the key expression is null and the request runs as is.
          eventKeyJmesPath: `headers."idempotency-key" && [requestContext.authorizer.jwt.claims.sub, '${spec.idempotency}', headers."idempotency-key"]`,
          payloadValidationJmesPath: 'body',
          expiresAfterSeconds: 24 * 3600,
          throwOnNoIdempotencyKey: false,
        }),
      }) as middy.MiddlewareObj,
    );
  }
  return stack;
}

/** Builds an unauthenticated handler (OpenAPI document, docs page). */
export function publicRoute(fn: () => Promise<unknown>) {
  return baseStack(async () => toResponse(await fn())).use(problems());
}

/** `If-Match: "3"` or `W/"3"` → 3; absent → undefined. */
export function versionFromIfMatch(headers: Readonly<Record<string, string | undefined>>): number | undefined {
  const value = headers['if-match'];
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(value.trim());
  if (!match)
    throw new ZodError([
      { code: 'custom', path: ['headers', 'if-match'], message: 'Expected an ETag such as "3".', input: value },
    ]);
  return Number(match[1]);
}

/** For edits that must not overwrite what the caller has not seen: `If-Match` is required. */
export function requireIfMatch(headers: Readonly<Record<string, string | undefined>>): number {
  const version = versionFromIfMatch(headers);
  if (version === undefined) {
    throw new ZodError([
      {
        code: 'custom',
        path: ['headers', 'if-match'],
        message: 'Send the ETag you read as If-Match, e.g. "3".',
        input: undefined,
      },
    ]);
  }
  return version;
}

export const etag = (version: number) => ({ etag: `"${version}"` });
