import { parse } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { z } from 'zod';
import { bucketAccessPoint } from '#functions/shared/adapters/access-point-bucket.ts';
import { httpAccessPoint } from '#functions/shared/adapters/access-point-http.ts';
import { httpSmp } from '#functions/shared/adapters/smp-http.ts';
import { staticSmp } from '#functions/shared/adapters/smp-static.ts';
import { table } from '#functions/shared/clients.ts';
import { loadConfig } from '#functions/shared/config.ts';
import { putObject } from '#functions/shared/intake.ts';
import { logger } from '#functions/shared/observability.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { systemClock } from '#packages/kernel';
import { type AccessPoint, OutboundPeppolMessage, type Smp, sendPeppolMessage } from '#packages/peppol';

const config = loadConfig({
  /**
   * The AP-as-a-service provider's message endpoint and bearer token. On AWS the token belongs
   * in Secrets Manager / SSM (resolved into the environment at deploy); the twin needs neither.
   */
  AP_API_URL: z.url().optional(),
  AP_API_TOKEN: z.string().min(1).optional(),
  /** The provider's participant lookup (SMP capabilities); without it every receiver is tried. */
  AP_SMP_URL: z.url().optional(),
  LOCAL_TWIN: z.enum(['true', 'false']).default('false'),
});

function adapters(): { accessPoint: AccessPoint; smp: Smp } {
  if (config.AP_API_URL && config.AP_API_TOKEN) {
    const token = config.AP_API_TOKEN;
    return {
      accessPoint: httpAccessPoint({ url: config.AP_API_URL, token }),
      smp: config.AP_SMP_URL ? httpSmp({ url: config.AP_SMP_URL, token }) : staticSmp(),
    };
  }
  if (config.LOCAL_TWIN === 'true') {
    // The twin's access point: every message lands in the bucket under ap-outbox/.
    return { accessPoint: bucketAccessPoint(putObject), smp: staticSmp() };
  }
  throw new Error('Invalid function configuration: AP_API_URL and AP_API_TOKEN are required outside the local twin.');
}

const { accessPoint, smp } = adapters();
const Body = JSONStringified(OutboundPeppolMessage);

export const handler = queueConsumer<OutboundPeppolMessage>({
  name: 'peppol/send-message',
  parse: (record) => [parse(record.body, undefined, Body)],
  identity: (message) => message.messageId,
  process: async (message) => {
    const result = await sendPeppolMessage({ table, clock: systemClock, accessPoint, smp }, message);
    logger.info('Peppol message handled', {
      messageId: message.messageId,
      kind: message.kind,
      responseCode: message.responseCode,
      receiver: message.receiver,
      ...result,
    });
  },
});
