import { fileURLToPath } from 'node:url';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApi, startLocalApi } from '#infra/local/api-server.ts';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import { resolveFunctionHandler } from '#infra/local/lambda-runtime.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import { queues, routes } from '#infra/wiring.ts';
import { listPeppolMessagesOfDay, peppolFailureId } from '#packages/peppol';
import type { Table } from '#packages/table';
import { demo, updateAdministration } from '#packages/tenancy';
import { startSeededTwin } from '../../helpers/twin.ts';
import { dutchInvoice, peppolMessage } from '../../unit/packages/peppol/ingestion/messages.ts';

/**
 * A Peppol message whose intake never gets to record its failure (it times out on every
 * delivery) on the local twin: the raw-input queue gives it up to its DLQ, the DLQ's consumer
 * records it, and the firm sees it through the API and retries it.
 */

let twin: LocalTwin;
let table: Table;
let s3: S3Client;
let api: LocalApi;
let token: string;

const firmId = demo.firm.id;
const nl = 'adm-uitgebreid-nl';
const receiver = '0106:27312152';
const own = { name: 'Jansen Installatietechniek B.V.', vatNumber: 'NL123456782B90' };
const crashingIntake = fileURLToPath(new URL('../../helpers/twin-handlers/crashing-intake.ts', import.meta.url));

// Intake times out after 3 s; a message its first delivery lost goes to the DLQ at its next one.
const wiring = queues.map((q) =>
  q.name === 'raw-inputs' ? { ...q, visibilityTimeoutSeconds: 18, maxReceiveCount: 1 } : q,
);

async function call(method: string, path: string) {
  const res = await fetch(`${api.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

async function arrive(key: string, xml: string) {
  await s3.send(new PutObjectCommand({ Bucket: twin.bucketName, Key: key, Body: xml, ContentType: 'application/xml' }));
}

const dlqMessages = () => {
  const d = twin.queues.depth('raw-inputs-dlq');
  return d.visible + d.inFlight + d.delayed;
};

/** A Dutch purchase invoice to the administration. */
function invoice(seed: number) {
  for (let s = seed; ; s++) {
    const spec = dutchInvoice(s);
    if (spec.customer.country !== 'NL' || spec.supplier.country !== 'NL') continue;
    return {
      invoice: { ...spec, customer: { ...spec.customer, ...own } },
      sender: `0106:${spec.supplier.companyNumber}`,
    };
  }
}

beforeAll(async () => {
  let tenancy: Parameters<typeof updateAdministration>[0];
  ({ twin, table, s3, tenancy } = await startSeededTwin({
    wiring: { queues: wiring },
    resolveHandler: (h) => (h === 'intake/register-raw-input' ? crashingIntake : resolveFunctionHandler(h)),
  }));
  const accountant = { firmId, userId: demo.users.accountant.id, userType: 'firm' as const };
  await updateAdministration(tenancy, accountant, nl, { peppolParticipantIds: [receiver] });
  const issuer = await devIssuer('urn:samenwerken:dead-letters', null);
  api = await startLocalApi({ routes, invoke: twin.invoke, issuer, port: 0 });
  token = await issuer.sign({
    userId: demo.users.accountant.id,
    email: demo.users.accountant.email,
    firmId,
    userType: 'firm',
  });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await twin?.stop();
});

describe('a raw Peppol message every delivery of which timed out', () => {
  it('leaves the DLQ as a failed message in the firm’s Peppol log, reason DEAD_LETTER, and is taken in when retried', async () => {
    const { invoice: spec, sender } = invoice(7300);
    const key = `raw/peppol/${new Date().toISOString().slice(0, 10)}/dead-letter-1.xml`;

    await arrive(key, peppolMessage({ sender, receiver, instanceId: 'dead-letter-1', invoice: spec }));
    const failed = async () => (await call('GET', `/administrations/${nl}/peppol-messages?outcome=failed`)).body;
    await expect.poll(async () => (await failed()).items?.length, { timeout: 45_000, interval: 500 }).toBe(1);

    const [message] = (await failed()).items;
    expect(message).toMatchObject({
      failureId: peppolFailureId(key),
      instanceId: 'dead-letter-1',
      sender,
      rawKey: key,
      outcome: 'failed',
      failure: { reason: 'DEAD_LETTER', receiveCount: 2, sourceQueue: 'raw-inputs' },
    });
    await expect.poll(dlqMessages, { timeout: 10_000, interval: 200 }).toBe(0);

    const retry = await call('POST', `/administrations/${nl}/peppol-failures/${message.failureId}/retry`);
    expect(retry).toMatchObject({ status: 202, body: { outcome: 'queued', rawKey: key } });
    const outcomes = async () =>
      (await call('GET', `/administrations/${nl}/peppol-messages`)).body.items
        .filter((m: { instanceId: string }) => m.instanceId === 'dead-letter-1')
        .map((m: { outcome: string }) => m.outcome);
    await expect.poll(outcomes, { timeout: 30_000, interval: 500 }).toEqual(['accepted']);
  }, 90_000);

  it('is kept under its arrival day when its receiver routes to no administration', async () => {
    const { invoice: spec, sender } = invoice(7400);
    const day = new Date().toISOString().slice(0, 10);
    const key = `raw/peppol/${day}/dead-letter-2.xml`;

    await arrive(key, peppolMessage({ sender, receiver: '0106:99999999', instanceId: 'dead-letter-2', invoice: spec }));
    const ofDay = async () =>
      (await listPeppolMessagesOfDay(table, day)).items.find((m) => m.instanceId === 'dead-letter-2');
    await expect.poll(ofDay, { timeout: 45_000, interval: 500 }).toBeDefined();

    expect(await ofDay()).toMatchObject({ outcome: 'failed', failure: { reason: 'DEAD_LETTER' } });
    expect(await ofDay()).not.toHaveProperty('administrationId');
    await expect.poll(dlqMessages, { timeout: 10_000, interval: 200 }).toBe(0);
  }, 90_000);
});
