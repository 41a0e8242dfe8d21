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
import { peppolAccessPoint } from '#functions/shared/secrets.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { systemClock } from '#packages/kernel';
import { type AccessPoint, OutboundPeppolMessage, type Smp, sendPeppolMessage } from '#packages/peppol';

const config = loadConfig({ LOCAL_TWIN: z.enum(['true', 'false']).default('false') });

/**
 * The AP-as-a-service provider's API (`apiUrl`, `apiToken`, `smpUrl` of the `peppol-access-point`
 * secret), or the twin's. Without them outside the twin the message fails, and so is retried and
 * kept in the DLQ until the secret is filled in.
 */
async function adapters(): Promise<{ accessPoint: AccessPoint; smp: Smp }> {
  const settings = await peppolAccessPoint();
  if (settings?.apiUrl && settings.apiToken) {
    const token = settings.apiToken;
    return {
      accessPoint: httpAccessPoint({ url: settings.apiUrl, token }),
      smp: settings.smpUrl ? httpSmp({ url: settings.smpUrl, token }) : staticSmp(),
    };
  }
  if (config.LOCAL_TWIN === 'true') {
    // The twin's access point: every message lands in the bucket under ap-outbox/.
    return { accessPoint: bucketAccessPoint(putObject), smp: staticSmp() };
  }
  throw new Error(
    'Invalid function configuration: apiUrl and apiToken of the peppol-access-point secret are required outside the local twin.',
  );
}

const Body = JSONStringified(OutboundPeppolMessage);

export const handler = queueConsumer<OutboundPeppolMessage>({
  name: 'peppol/send-message',
  parse: (record) => [parse(record.body, undefined, Body)],
  identity: (message) => message.messageId,
  process: async (message) => {
    const { accessPoint, smp } = await adapters();
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
