import { parse } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import { table } from '#functions/shared/clients.ts';
import { readObject } from '#functions/shared/intake.ts';
import { logger } from '#functions/shared/observability.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import { systemClock } from '#packages/kernel';
import { type DeadLetter, recordDeadLetter } from '#packages/peppol';

/** The raw-input queue carries S3 notifications; one its consumer could never take ends up here. */
const Body = JSONStringified(S3Schema);

type DeadObject = { key: string; sequencer: string; arrivedAt: string; deadLetter: DeadLetter };

export const handler = queueConsumer<DeadObject>({
  name: 'intake/record-dead-letter',
  parse: (record) => {
    const deadLetter = {
      receiveCount: Number(record.attributes.ApproximateReceiveCount),
      sourceQueue: record.attributes.DeadLetterQueueSourceArn ?? record.eventSourceARN,
    };
    return parse(record.body, undefined, Body).Records.map((r) => ({
      // S3 URL-encodes keys in notifications, with '+' for spaces.
      key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
      sequencer: r.s3.object.sequencer ?? r.s3.object.eTag ?? '',
      arrivedAt: new Date(r.eventTime).toISOString(),
      deadLetter,
    }));
  },
  // One notification of one object version is recorded once, however often the DLQ delivers it.
  identity: (o) => `${o.key}#${o.sequencer}`,
  process: async ({ key, arrivedAt, deadLetter }) => {
    const failure = await recordDeadLetter(
      {
        table,
        route: (participantId) => tenancy.repo.routePeppolParticipant(participantId),
        readRaw: async (rawKey) => (await readObject(rawKey)).raw,
      },
      { rawKey: key, arrivedAt, deadLetter, at: systemClock().toISOString() },
    );
    logger.warn('Dead letter recorded as a failed Peppol message', {
      key,
      failureId: failure.failureId,
      administrationId: failure.administrationId,
      receiveCount: deadLetter.receiveCount,
    });
  },
});
