import { describeRawKey } from '#packages/intake';
import { ConflictError, ForbiddenError, NotFoundError, type TenantContext } from '#packages/kernel';
import { getItem, type Item, stripKeys, type Table, transactWrite } from '#packages/table';
import { participantValue } from '../responses/participant.js';
import { deterministicUuid } from '../responses/xml.js';
import { DeadLetterKeptError } from './errors.js';
import type { PeppolRoute } from './ingest.js';
import { type PeppolMessage, peppolKeys } from './model.js';
import { parseSbdh } from './sbdh.js';

/** The id of the failure record of one raw message: the same raw key, the same record. */
export const peppolFailureId = (rawKey: string) => deterministicUuid('peppol-failure', rawKey);

export const peppolFailureKey = (failureId: string) => ({ pk: `SYS#PEPPOL-FAIL#${failureId}`, sk: 'FAILURE' });

export interface PeppolFailureDeps {
  readonly table: Table;
  /** The administration a receiver participant id routes to. */
  readonly route: (participantId: string) => Promise<Pick<PeppolRoute, 'firmId' | 'administrationId'> | undefined>;
}

/** A message its queue gave up on: how often it was delivered, and the queue it came from. */
export interface DeadLetter {
  readonly receiveCount: number;
  readonly sourceQueue: string;
}

/** Why taking a message in failed: an attempt's error, or the queue's giving up on it. */
export type PeppolFailureCause = { readonly error: unknown } | { readonly deadLetter: DeadLetter };

/**
 * The `failure` a failed message shows: for an error its name only (the message stays in the
 * log); for a dead letter the delivery count and the source queue's name (never its ARN).
 */
export function peppolFailureOf(cause: PeppolFailureCause, at: string): NonNullable<PeppolMessage['failure']> {
  if ('deadLetter' in cause) {
    const { receiveCount, sourceQueue } = cause.deadLetter;
    return {
      reason: 'DEAD_LETTER',
      detail: `Every delivery of the message failed (${receiveCount} in all, a timeout or a crash among them); it waits here to be retried.`,
      receiveCount,
      sourceQueue: sourceQueue.split(':').at(-1) ?? sourceQueue,
      lastAttemptAt: at,
    };
  }
  return {
    reason: 'PROCESSING_FAILED',
    detail: 'Taking the message in failed; it is tried again, and can be retried.',
    error: cause.error instanceof Error ? cause.error.name : 'Error',
    lastAttemptAt: at,
  };
}

/**
 * Records that taking a Peppol message in failed (an outage, a timeout of a dependency, a
 * defect), so it never rests only in a queue's DLQ: the record says when and how often, under
 * the day it arrived and, when its header names a known receiver, in the administration's
 * Peppol log, where the firm sees it (`outcome: failed`) and can retry it. Each failed attempt
 * counts; a later attempt that succeeds removes the record ({@link clearPeppolFailure}). The
 * error itself is for the log: the record holds its name only. A dead letter (the queue gave
 * the message up after a timeout or crash that left no attempt able to record) lands on the same
 * record, reason `DEAD_LETTER`, and counts no attempt of its own.
 */
export async function recordPeppolFailure(
  deps: PeppolFailureDeps,
  input: { rawKey: string; raw: Buffer; arrivedAt: string; at: string } & PeppolFailureCause,
): Promise<PeppolMessage> {
  const id = peppolFailureId(input.rawKey);
  let header: ReturnType<typeof parseSbdh>['header'] | undefined;
  try {
    header = parseSbdh(input.raw).header;
  } catch {
    header = undefined;
  }
  const receiver = header && participantValue(header.receiver);
  const route = receiver ? await deps.route(receiver).catch(() => undefined) : undefined;
  const arrival = `${input.arrivedAt}#${header?.instanceId ?? id}`;
  const record: Item = {
    ...peppolFailureKey(id),
    gsi1pk: peppolKeys.byDay(input.arrivedAt.slice(0, 10)),
    gsi1sk: arrival,
    ...(route ? { gsi2pk: peppolKeys.ofAdministration(route.firmId, route.administrationId), gsi2sk: arrival } : {}),
    failureId: id,
    instanceId: header?.instanceId ?? id,
    ...(header ? { sender: participantValue(header.sender), receiver, documentType: header.documentType } : {}),
    ...(route ? { firmId: route.firmId, administrationId: route.administrationId } : {}),
    rawKey: input.rawKey,
    receivedAt: input.arrivedAt,
    outcome: 'failed',
    responses: [],
  };
  const { pk, sk, ...attributes } = record;
  const failure = peppolFailureOf(input, input.at);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':one': 'deadLetter' in input ? 0 : 1, ':failure': failure };
  const sets = Object.entries(attributes).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return `#a${i} = :a${i}`;
  });
  await transactWrite(
    deps.table,
    [
      {
        Update: {
          Key: { pk, sk },
          UpdateExpression: `SET ${sets.join(', ')}, failure = :failure ADD attempts :one`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    ],
    () => new ConflictError('PEPPOL_FAILURE_RECORD', 'A failure record is not conditional.'),
  );
  const stored = await getItem<Item>(deps.table, { pk, sk });
  return stripKeys<PeppolMessage>(stored ?? record);
}

/**
 * Takes a raw input its queue gave up on (every delivery failed: a timeout, a crash, a failure
 * the attempt could not record) off the dead-letter queue: a Peppol message becomes its failure
 * record, reason `DEAD_LETTER`, one per raw key however often it dead-letters, in the
 * administration's Peppol log when its receiver routes and under its arrival day otherwise;
 * the firm retries it from there like any failed message.
 *
 * @throws {DeadLetterKeptError} raw input of another door, which stays in the dead-letter queue.
 */
export async function recordDeadLetter(
  deps: PeppolFailureDeps & { readonly readRaw: (rawKey: string) => Promise<Buffer> },
  input: { rawKey: string; arrivedAt: string; deadLetter: DeadLetter; at: string },
): Promise<PeppolMessage> {
  if (describeRawKey(input.rawKey).source !== 'peppol') throw new DeadLetterKeptError(input.rawKey);
  const raw = await deps.readRaw(input.rawKey);
  return recordPeppolFailure(deps, { ...input, raw });
}

/** A message taken in after all: its failure record goes. */
export async function clearPeppolFailure(table: Table, rawKey: string): Promise<void> {
  const key = peppolFailureKey(peppolFailureId(rawKey));
  if (!(await getItem(table, key))) return;
  await transactWrite(
    table,
    [{ Delete: { Key: key } }],
    () => new ConflictError('PEPPOL_FAILURE_RECORD', 'A failure record is not conditional.'),
  );
}

/**
 * Puts a failed message through intake again, for the firm: the raw message (kept under
 * `raw/peppol/`) is queued afresh; what the failed attempts did is finished, nothing is done twice.
 *
 * @throws {ForbiddenError} a client user.
 * @throws {NotFoundError} no failure of that id in this administration (taken in since, or another's).
 */
export async function retryPeppolFailure(
  deps: { table: Table; requeue: (rawKey: string) => Promise<void> },
  tenant: TenantContext,
  adm: { firmId: string; id: string },
  failureId: string,
): Promise<{ failureId: string; rawKey: string; outcome: 'queued' }> {
  if (tenant.userType !== 'firm' || tenant.firmId !== adm.firmId) {
    throw new ForbiddenError('Only the firm retries a failed Peppol message.');
  }
  const { firmId, id: administrationId } = adm;
  const item = await getItem<Item & { rawKey: string; firmId?: string; administrationId?: string }>(
    deps.table,
    peppolFailureKey(failureId),
  );
  if (!item || item.firmId !== firmId || item.administrationId !== administrationId) {
    throw new NotFoundError(`Failed Peppol message ${failureId}`);
  }
  await deps.requeue(item.rawKey);
  return { failureId, rawKey: item.rawKey, outcome: 'queued' };
}
