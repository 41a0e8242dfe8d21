import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { twinApConnection } from '#functions/shared/adapters/access-point-bucket.ts';
import { loadConfig } from '#functions/shared/config.ts';
import { putObject } from '#functions/shared/intake.ts';
import { logger, metrics, tracer } from '#functions/shared/observability.ts';
import { problemResponse, toProblem } from '#functions/shared/problem.ts';
import { peppolAccessPoint } from '#functions/shared/secrets.ts';
import { newId, systemClock } from '#packages/kernel';
import { receiveInboundMessage } from '#packages/peppol';

const twinSecrets = { [twinApConnection.id]: twinApConnection.secret };

const config = loadConfig({ LOCAL_TWIN: z.enum(['true', 'false']).default('false') });

/**
 * `{ "<connection id>": "<shared secret>" }`: the `connections` of the `peppol-access-point`
 * secret on AWS; the twin, which has no secret bound, trusts its known dev connection.
 */
async function connections(): Promise<Record<string, string> | undefined> {
  const settings = await peppolAccessPoint();
  if (settings) return Object.keys(settings.connections).length > 0 ? settings.connections : undefined;
  return config.LOCAL_TWIN === 'true' ? twinSecrets : undefined;
}

const Event = APIGatewayProxyEventV2Schema;

/**
 * `POST /peppol/inbound`: an access point delivers an SBDH, signed with its connection's
 * secret. Stored under `raw/peppol/` and answered 202; the bucket trigger takes it from there.
 * No JWT at the gateway: the HMAC is the authentication.
 */
export const handler = middy(async (event: z.infer<typeof Event>): Promise<APIGatewayProxyStructuredResultV2> => {
  const secrets = await connections();
  // Without any connection configured nothing can be verified: every delivery is refused (503),
  // visibly, rather than the function failing.
  if (!secrets) {
    return problemResponse({
      type: 'about:blank',
      title: 'Peppol intake is not configured',
      status: 503,
      code: 'PEPPOL_NOT_CONFIGURED',
      detail: 'No access-point connection is configured (the peppol-access-point secret).',
    });
  }
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const stored = await receiveInboundMessage({ clock: systemClock, newId, secrets, putObject }, { body, headers });
  logger.info('Peppol message received', { key: stored.key, connection: headers['x-ap-connection'] });
  return {
    statusCode: 202,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(stored),
  };
})
  .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId' }))
  .use(captureLambdaHandler(tracer))
  .use(logMetrics(metrics))
  .use({
    onError: async (request) => {
      request.response = problemResponse(toProblem(request.error, request.event?.requestContext?.requestId));
    },
  })
  .use(parser({ schema: Event }) as middy.MiddlewareObj);
