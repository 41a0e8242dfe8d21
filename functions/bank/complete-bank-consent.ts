import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { callbackQuery, queueSyncs, syncDeps } from '#functions/shared/bank-connections.ts';
import { logger, metrics, tracer } from '#functions/shared/observability.ts';
import { toProblem } from '#functions/shared/problem.ts';
import { bankSyncMessage, completeRedirect } from '#packages/bank';

const Event = APIGatewayProxyEventV2Schema.extend({ queryStringParameters: callbackQuery });

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const page = (status: number, title: string, text: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body: `<!doctype html><html lang="nl"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></html>`,
});

const outcome = {
  active: ['Bankkoppeling actief', 'Uw bank heeft de toestemming bevestigd. U kunt dit venster sluiten.'],
  expiring: ['Bankkoppeling actief', 'Uw bank heeft de toestemming bevestigd. U kunt dit venster sluiten.'],
  pending: [
    'Nog niet bevestigd',
    'Uw bank heeft de toestemming nog niet bevestigd. Probeer het over enkele minuten opnieuw.',
  ],
  failed: ['Bankkoppeling niet gelukt', 'De toestemming is geweigerd of afgebroken. Start de koppeling opnieuw.'],
  expired: ['Bankkoppeling verlopen', 'Deze toestemming is verlopen. Start de koppeling opnieuw.'],
  revoked: ['Bankkoppeling ingetrokken', 'Deze toestemming is ingetrokken. Start de koppeling opnieuw.'],
} as const;

/**
 * `GET /bank-connections/callback?state=…`: the bank sends the client's browser here after SCA
 * (no token: the unguessable `state` we gave the bank names the consent, and only the bank's own
 * answer on the consent moves the connection). Activates it, asks for a first sync, and shows a
 * small page.
 */
export const handler = middy(async (event: z.infer<typeof Event>): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    const { connection, activated } = await completeRedirect(syncDeps, event.queryStringParameters.state);
    logger.info('Bank consent completed', {
      administrationId: connection.administrationId,
      connectionId: connection.id,
      status: connection.status,
    });
    if (activated) await queueSyncs([bankSyncMessage(connection, `activated-${connection.consentId}`)]);
    const [title, text] = outcome[connection.status];
    return page(200, title, text);
  } catch (error) {
    const problem = toProblem(error, event.requestContext.requestId);
    return page(
      problem.status,
      'Bankkoppeling',
      problem.status >= 500 ? 'Er ging iets mis; probeer het later opnieuw.' : problem.detail,
    );
  }
})
  .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId' }))
  .use(captureLambdaHandler(tracer))
  .use(logMetrics(metrics))
  .use({
    onError: async (request) => {
      const problem = toProblem(request.error, request.event?.requestContext?.requestId);
      request.response = page(problem.status, 'Bankkoppeling', 'Deze link is niet (meer) geldig.');
    },
  })
  .use(parser({ schema: Event }) as middy.MiddlewareObj);
