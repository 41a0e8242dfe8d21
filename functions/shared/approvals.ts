import { createHash } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { ParseError } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ZodError, z } from 'zod';
import { stateMachineArnVariable } from '#infra/wiring.ts';
import {
  type ApprovalDeps,
  LinkGoneError,
  type MailPort,
  presentApproval,
  type ReportStorage,
  type Session,
  subjectKinds,
  submitPurchaseInvoice,
  type WorkflowPort,
  type WorkflowStepDeps,
} from '#packages/approvals';
import { DomainError, newId, PlanRestrictionError, systemClock, type TenantContext } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { s3, ses, table } from './clients.js';
import { configWhenUsed, loadConfig } from './config.js';
import { logger, metrics, tracer } from './observability.js';
import { problemResponse, toProblem } from './problem.js';

const ulidOrId = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a valid id.');
export const flowPath = z.object({ administrationId: ulidOrId, flowId: ulidOrId });
export const taskPath = z.object({ administrationId: ulidOrId, taskId: ulidOrId });
export const annualAccountsPath = z.object({ administrationId: ulidOrId, annualAccountsId: ulidOrId });
export const historyPath = z.object({
  administrationId: ulidOrId,
  subjectKind: z.enum(subjectKinds),
  subjectId: z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a valid id.'),
});
/** A one-time link token: 43 URL-safe characters (256 bits); anything else is refused at the door. */
export const linkPath = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not a link token.') });
export const VatApprovalRequest = z
  .object({ deadline: z.iso.datetime().optional().describe('Earlier than the filing deadline, if wanted.') })
  .strict()
  .meta({ id: 'VatApprovalRequest' });
export const LinkDecisionInput = z
  .object({
    session: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'The session token from opening the link.'),
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((b) => b.decision !== 'reject' || b.comment !== undefined, {
    message: 'Say why the report is rejected.',
    path: ['comment'],
  })
  .meta({ id: 'ApprovalLinkDecisionInput' });

const APPROVAL_TASK = 'approval-task';
let sfnClient: SFNClient | undefined;
const sfn = () => {
  sfnClient ??= tracer.captureAWSv3Client(new SFNClient({}));
  return sfnClient;
};
/** Read on first use: only routes that start or answer a task's workflow need it. */
const approvalTaskArn = configWhenUsed(stateMachineArnVariable(APPROVAL_TASK));

/** Step Functions: one execution per task (named after it), answered with SendTaskSuccess. */
const workflow: WorkflowPort = {
  async start(input) {
    try {
      await sfn().send(
        new StartExecutionCommand({
          stateMachineArn: approvalTaskArn(),
          name: input.taskId,
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      // A retried start of the same task: the execution runs already.
      if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
    }
  },
  async succeed(taskToken, output) {
    try {
      await sfn().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    } catch (error) {
      // The execution stopped waiting meanwhile (ended, timed out): the decision stands in the table.
      const name = (error as Error).name;
      if (name !== 'TaskDoesNotExist' && name !== 'TaskTimedOut' && name !== 'InvalidToken') throw error;
      logger.warn('Task token no longer waiting', { name });
    }
  },
};

export const approvals: ApprovalDeps = { table, clock: systemClock, newId, workflow };

const bucket = configWhenUsed('BUCKET_NAME');

/** Report PDFs in the document bucket, read through short-lived presigned URLs. */
export const reportStorage: ReportStorage = {
  async put(key, body, contentType) {
    await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }));
  },
  urlFor: (key, expiresIn) => getSignedUrl(s3(), new GetObjectCommand({ Bucket: bucket(), Key: key }), { expiresIn }),
};

const linkConfig = () =>
  loadConfig({
    SENDER_ADDRESS: z.string().min(3),
    /** Where the client opens a one-time link (the portal's page for it). */
    PUBLIC_API_URL: z.url().optional(),
  });

const mail: MailPort = {
  async send({ to, subject, text }) {
    await ses().send(
      new SendEmailCommand({
        FromEmailAddress: linkConfig().SENDER_ADDRESS,
        Destination: { ToAddresses: [...to] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' } },
            Headers: [{ Name: 'Auto-Submitted', Value: 'auto-generated' }],
          },
        },
      }),
    );
  },
};

/** The workflow task steps: e-mail through SES, links under the public base URL. */
export const workflowSteps: WorkflowStepDeps = {
  table,
  clock: systemClock,
  newId,
  mail,
  linkUrl: (token) =>
    `${(linkConfig().PUBLIC_API_URL ?? 'https://localhost').replace(/\/$/, '')}/approval-links/${token}`,
};

/**
 * The session a decision came from: API Gateway's request id (the logger's correlation id) and
 * the bearer token's `jti` (or, for tokens without one, a hash of its signature).
 */
export function sessionOf(headers: Readonly<Record<string, string | undefined>>): Session {
  const requestId = logger.getCorrelationId();
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  let tokenId: string | undefined;
  if (bearer) {
    const [, payload, signature] = bearer.split('.');
    try {
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { jti?: unknown };
      tokenId = typeof claims.jti === 'string' ? claims.jti : undefined;
    } catch {
      tokenId = undefined;
    }
    tokenId ??= `sig:${createHash('sha256')
      .update(signature ?? '')
      .digest('hex')
      .slice(0, 16)}`;
  }
  return {
    ...(typeof requestId === 'string' ? { requestId } : {}),
    ...(tokenId ? { tokenId } : {}),
  };
}

/**
 * Builds an unauthenticated one-time-link handler: zod-validated token and body, errors as
 * problems, and a used, expired or decided link as 410 Gone. Responses are never cached.
 */
export function linkRoute<B = undefined>(
  spec: { readonly body?: z.ZodType<B> },
  fn: (input: { token: string; body: B; session: Session }) => Promise<unknown>,
) {
  const Event = APIGatewayProxyEventV2Schema.extend({
    pathParameters: z.preprocess((v) => v ?? {}, linkPath),
    body: spec.body ? JSONStringified(spec.body as z.ZodType) : z.unknown().optional(),
  });
  const noStore = { 'cache-control': 'no-store' };
  return middy(async (event: z.infer<typeof Event>): Promise<APIGatewayProxyStructuredResultV2> => {
    const value = await fn({
      token: event.pathParameters.token,
      body: event.body as B,
      session: { requestId: event.requestContext.requestId },
    });
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', ...noStore },
      body: JSON.stringify(value),
    };
  })
    .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId' }))
    .use(captureLambdaHandler(tracer))
    .use(logMetrics(metrics))
    .use({
      onError: async (request) => {
        let error: unknown = request.error;
        if (error instanceof ParseError) {
          const cause = error.cause;
          error = cause instanceof ZodError ? cause : Array.isArray(cause) ? new ZodError(cause) : error;
        }
        const instance = request.event?.requestContext?.requestId;
        const problem =
          error instanceof LinkGoneError
            ? { ...toProblem(error, instance), status: 410, title: 'Gone' }
            : toProblem(error, instance);
        const response = problemResponse(problem);
        request.response = { ...response, headers: { ...response.headers, ...noStore } };
      },
    })
    .use(parser({ schema: Event }) as middy.MiddlewareObj);
}

/**
 * Starts the approval of a purchase invoice just booked, when one of the administration's flows
 * takes it: payment is blocked from then until it is approved. An administration whose plan
 * has no client approvals has no flows. A flow that cannot plan this invoice (no approver for a
 * step) leaves it unblocked and says why in the log and the `ApprovalNotStarted` metric; the
 * accountant submits it again once the settings are right.
 */
export async function startPurchaseApproval(
  tenant: TenantContext,
  adm: BooksOf,
  invoiceId: string,
  headers: Readonly<Record<string, string | undefined>>,
): Promise<{ approval: unknown; approvalTask: unknown } | undefined> {
  try {
    const submitted = await submitPurchaseInvoice(approvals, tenant, adm, invoiceId, sessionOf(headers));
    return submitted.required
      ? { approval: presentApproval(submitted.approval), approvalTask: submitted.task }
      : undefined;
  } catch (error) {
    if (error instanceof PlanRestrictionError) return undefined;
    if (!(error instanceof DomainError)) throw error;
    logger.warn('Approval flow not started', { administrationId: adm.id, invoiceId, code: error.code, error });
    metrics.addMetric('ApprovalNotStarted', MetricUnit.Count, 1);
    return undefined;
  }
}
