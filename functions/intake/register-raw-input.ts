import { parse } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import { z } from 'zod';
import { table } from '#functions/shared/clients.ts';
import { loadConfig } from '#functions/shared/config.ts';
import { enqueueDocuments, putObject, readObject, sendReceipt } from '#functions/shared/intake.ts';
import { logger } from '#functions/shared/observability.ts';
import { queuePeppolMessage } from '#functions/shared/peppol-outbound.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { tenancy } from '#functions/shared/tenancy.ts';
import {
  claimReceipt,
  type EmailIntakeDeps,
  type InboundEmail,
  ingestEmail,
  ingestUpload,
  intakeReceipt,
  registerRawInput,
} from '#packages/intake';
import { systemClock } from '#packages/kernel';
import { ingestPeppolMessage, type PeppolIngestionDeps, recordPeppolFailure } from '#packages/peppol';
import type { Administration } from '#packages/tenancy';

/** S3 sends one test event when a notification is configured; it carries no object. */
const S3TestEvent = z.object({ Event: z.literal('s3:TestEvent') });
const Body = JSONStringified(z.union([S3Schema, S3TestEvent]));

type S3Object = { bucket: string; key: string; size: number; etag: string; sequencer: string; arrivedAt: string };

const config = loadConfig({
  QUEUE_URL_DOCUMENTS: z.string().min(1),
  SENDER_ADDRESS: z.string().min(3),
});

/** The administration an inbound address belongs to, read once per address and message. */
async function administrationAt(address: string): Promise<Administration | undefined> {
  const target = await tenancy.repo.routeInboundAddress(address);
  return target && tenancy.repo.getAdministration(target.firmId, target.administrationId);
}

/** Intake deps for one message: what routing read is kept for the receipts that follow. */
function emailIntake(routed: Map<string, Administration>): EmailIntakeDeps {
  return {
    table,
    route: async (address) => {
      const administration = await administrationAt(address);
      if (!administration) return undefined;
      routed.set(address, administration);
      return {
        firmId: administration.firmId,
        administrationId: administration.id,
        allowedSenders: administration.allowedSenders,
      };
    },
    putObject,
  };
}

/** Sends the documents of a take-in to recognition; the pipeline passes over any that are not new. */
const recognise = (firmId: string, administrationId: string, documentIds: readonly string[]) =>
  enqueueDocuments(
    config.QUEUE_URL_DOCUMENTS,
    documentIds.map((documentId) => ({ firmId, administrationId, documentId })),
  );

/** The sender's receipt, once per e-mail log, when the administration sends receipts. */
async function sendReceiptFor(administration: Administration, log: InboundEmail) {
  if (administration.intakeReceipts === false) return;
  const receipt = intakeReceipt(log, administration.legalName);
  if (!receipt || !(await claimReceipt(table, administration.firmId, log, systemClock()))) return;
  await sendReceipt(config.SENDER_ADDRESS, receipt);
}

/** Reads a stored e-mail and takes its attachments in; envelope recipients come from the SMTP twin's metadata. */
async function takeInEmail(object: { bucket: string; key: string; arrivedAt: string }) {
  const { raw, metadata } = await readObject(object.key, object.bucket);
  const envelopeTo = (metadata['envelope-to'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const routed = new Map<string, Administration>();
  const outcomes = await ingestEmail(emailIntake(routed), {
    rawKey: object.key,
    raw,
    envelopeTo,
    inboundDomain: tenancy.inboundEmailDomain,
    arrivedAt: object.arrivedAt,
  });
  for (const o of outcomes) {
    const administration = routed.get(o.recipient);
    if (administration) {
      await recognise(administration.firmId, administration.id, o.documents);
      await sendReceiptFor(administration, o);
    }
    logger.info('E-mail taken in', {
      key: object.key,
      recipient: o.recipient,
      outcome: o.outcome,
      documents: o.documents.length,
    });
  }
}

/** Takes a portal upload in as a document (or a rejected one, with its reason). */
async function takeInUpload(object: { bucket: string; key: string; arrivedAt: string }) {
  const { raw, contentType } = await readObject(object.key, object.bucket);
  const document = await ingestUpload(
    { table, putObject },
    {
      rawKey: object.key,
      raw,
      contentType,
      arrivedAt: object.arrivedAt,
    },
  );
  const [, , firmId = ''] = object.key.split('/');
  if (document.status === 'received') await recognise(firmId, document.administrationId, [document.id]);
  logger.info('Upload taken in', { key: object.key, document: document.id, status: document.status });
}

const peppolIntake: PeppolIngestionDeps = {
  table,
  clock: systemClock,
  route: async (participantId) => {
    const target = await tenancy.repo.routePeppolParticipant(participantId);
    const administration = target && (await tenancy.repo.getAdministration(target.firmId, target.administrationId));
    return administration && { ...target, legalName: administration.legalName };
  },
  putObject,
  recognise,
  respond: queuePeppolMessage,
};

/** Takes a Peppol message from the access point in (HTTPS door or the AP writing to `raw/peppol/`). */
async function takeInPeppol(object: { bucket: string; key: string; arrivedAt: string }) {
  const { raw } = await readObject(object.key, object.bucket);
  const input = { rawKey: object.key, raw, arrivedAt: object.arrivedAt };
  let result: Awaited<ReturnType<typeof ingestPeppolMessage>>;
  try {
    result = await ingestPeppolMessage(peppolIntake, input);
  } catch (error) {
    // The queue tries again and in the end keeps it in its DLQ; the firm sees it failed meanwhile.
    const at = systemClock().toISOString();
    await recordPeppolFailure(peppolIntake, { ...input, error, at }).catch((cause: unknown) =>
      logger.error('Peppol failure not recorded', { key: object.key, cause }),
    );
    throw error;
  }
  logger.info('Peppol message taken in', {
    key: object.key,
    outcome: result.outcome,
    instanceId: result.message.instanceId,
    reason: result.message.rejection?.reason,
  });
}

export const handler = queueConsumer<S3Object>({
  name: 'intake/register-raw-input',
  parse: (record) => {
    const body = parse(record.body, undefined, Body);
    if (!('Records' in body)) return [];
    return body.Records.map((r) => ({
      bucket: r.s3.bucket.name,
      // S3 URL-encodes keys in notifications, with '+' for spaces.
      key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
      size: r.s3.object.size ?? 0,
      etag: r.s3.object.eTag ?? '',
      sequencer: r.s3.object.sequencer ?? r.s3.object.eTag ?? '',
      arrivedAt: new Date(r.eventTime).toISOString(),
    }));
  },
  identity: (o) => `${o.bucket}/${o.key}#${o.sequencer}`,
  process: async ({ sequencer: _sequencer, ...object }) => {
    const { input, created } = await registerRawInput({ table, clock: systemClock }, object);
    logger.info(created ? 'Raw input registered' : 'Raw input already registered', {
      key: input.key,
      source: input.source,
    });
    if (input.source === 'email') await takeInEmail(object);
    if (input.source === 'upload') await takeInUpload(object);
    if (input.source === 'peppol') await takeInPeppol(object);
  },
});
