import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twinApConnection } from '#functions/shared/adapters/access-point-bucket.ts';
import { type LocalApi, startLocalApi } from '#infra/local/api-server.ts';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import { routes } from '#infra/wiring.ts';
import { listDocuments } from '#packages/intake';
import { parseSbdh, peppolKeys, releaseInForce, signApMessage } from '#packages/peppol';
import { listUsage } from '#packages/proposals';
import type { XmlElement } from '#packages/recognition';
import { getItem, type Table } from '#packages/table';
import { demo, type TenancyDeps, updateAdministration } from '#packages/tenancy';
import { startSeededTwin } from '../helpers/twin.ts';
import { dutchInvoice, peppolMessage } from '../unit/packages/peppol/ingestion/messages.ts';

/**
 * The Peppol door end to end on the local twin: an access point POSTs a signed SBDH to
 * `/peppol/inbound`; the raw message lands under `raw/peppol/`, the bucket trigger takes it to
 * intake, a valid invoice becomes a booking proposal and the seller gets an Invoice Response AB
 * through the `peppol-outbound` queue and the twin's access point (the bucket's `ap-outbox/`).
 */

let twin: LocalTwin;
let table: Table;
let api: LocalApi;
let s3: S3Client;

const firmId = demo.firm.id;
const nl = 'adm-uitgebreid-nl';
const receiver = '0106:27312152';
const own = { name: 'Jansen Installatietechniek B.V.', vatNumber: 'NL123456782B90' };

/** A Dutch purchase invoice to the administration, and the seller's participant id (KvK). */
function invoiceFrom(seed: number) {
  for (let s = seed; ; s++) {
    const spec = dutchInvoice(s);
    if (spec.customer.country !== 'NL' || spec.supplier.country !== 'NL') continue;
    const invoice = { ...spec, customer: { ...spec.customer, ...own } };
    return { invoice, sender: `0106:${invoice.supplier.companyNumber}` };
  }
}

async function deliver(xml: string, options: { secret?: string; connection?: string } = {}) {
  const body = Buffer.from(xml);
  const res = await fetch(`${api.url}/peppol/inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/xml',
      'x-ap-connection': options.connection ?? twinApConnection.id,
      ...signApMessage(body, options.secret ?? twinApConnection.secret, new Date()),
    },
    body,
  });
  const status = res.status;
  const json = (await res.json()) as Record<string, unknown>;
  await twin.queues.waitIdle();
  return { status, body: json };
}

async function keys(prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: twin.bucketName, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key ?? '');
}

async function outbox(receiverId: string) {
  const found = await keys(`ap-outbox/${receiverId}/`);
  return Promise.all(
    found.map(async (key) => {
      const out = await s3.send(new GetObjectCommand({ Bucket: twin.bucketName, Key: key }));
      return parseSbdh(Buffer.from(await out.Body!.transformToByteArray()));
    }),
  );
}

const at = (element: XmlElement | undefined, ...path: string[]) =>
  path.reduce<XmlElement | undefined>((e, name) => e?.children.find((c) => c.name === name), element);
const all = (element: XmlElement | undefined, name: string) => element?.children.filter((c) => c.name === name) ?? [];

const usageOf = async () =>
  (await listUsage(table, firmId, new Date().toISOString().slice(0, 7))).filter((u) => u.administrationId === nl);

beforeAll(async () => {
  let tenancy: TenancyDeps;
  ({ twin, table, s3, tenancy } = await startSeededTwin({ queueVisibilityTimeoutSeconds: 30 }));
  const accountant = { firmId, userId: demo.users.accountant.id, userType: 'firm' as const };
  await updateAdministration(tenancy, accountant, nl, { peppolParticipantIds: [receiver] });
  const issuer = await devIssuer('urn:samenwerken:e2e-peppol', null);
  api = await startLocalApi({ routes, invoke: twin.invoke, issuer, port: 0 });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await twin?.stop();
  s3?.destroy();
});

describe('a Peppol invoice delivered by the access point', () => {
  it('becomes a booking proposal, and an Invoice Response AB waits in the AP outbox for the seller', async () => {
    const { invoice, sender } = invoiceFrom(5100);
    const xml = peppolMessage({ sender, receiver, instanceId: 'e2e-valid-1', invoice });

    const res = await deliver(xml);

    expect(res.status).toBe(202);
    expect(res.body.key).toMatch(/^raw\/peppol\/\d{4}-\d{2}-\d{2}\/\w+\.xml$/);
    const documents = (await listDocuments(table, firmId, nl, { source: 'peppol', limit: 100 })).items;
    const document = documents.find((d) => d.rawKey === res.body.key);
    expect(document).toMatchObject({ source: 'peppol', kind: 'xml', status: 'proposed' });
    expect(document?.proposalId).toEqual(expect.any(String));

    const [answer, ...more] = await outbox(sender);
    expect(more).toEqual([]);
    expect(answer?.header.receiver).toEqual({ scheme: '0106', id: invoice.supplier.companyNumber });
    expect(answer?.header.documentType).toContain('invoice_response:3');
    expect(at(answer?.root, 'DocumentResponse', 'Response', 'ResponseCode')?.text).toBe('AB');
    expect(at(answer?.root, 'DocumentResponse', 'DocumentReference', 'ID')?.text).toBe(invoice.invoiceNumber);
  });

  it('is taken in once when the same instance id arrives twice: one proposal, one usage record', async () => {
    const { invoice, sender } = invoiceFrom(5200);
    const xml = peppolMessage({ sender, receiver, instanceId: 'e2e-twice', invoice });
    const usageBefore = (await usageOf()).length;

    const first = await deliver(xml);
    const second = await deliver(xml);

    expect([first.status, second.status]).toEqual([202, 202]);
    const documents = (await listDocuments(table, firmId, nl, { source: 'peppol', limit: 100 })).items.filter((d) =>
      [first.body.key, second.body.key].includes(d.rawKey),
    );
    expect(documents).toHaveLength(1);
    expect(documents[0]?.status).toBe('proposed');
    expect((await usageOf()).length).toBe(usageBefore + 1);
    expect(await getItem(table, peppolKeys.message(sender, 'e2e-twice'))).toMatchObject({
      outcome: 'accepted',
      rawKey: first.body.key,
    });
    expect(await outbox(sender)).toHaveLength(1);
  });

  it('is rejected with an MLR listing the rule ids when it fails validation, and no document is made', async () => {
    const { invoice, sender } = invoiceFrom(5300);
    const xml = peppolMessage({ sender, receiver, instanceId: 'e2e-invalid', invoice, breakTotals: true });

    const res = await deliver(xml);

    expect(res.status).toBe(202);
    const documents = (await listDocuments(table, firmId, nl, { source: 'peppol', limit: 100 })).items;
    expect(documents.some((d) => d.rawKey === res.body.key)).toBe(false);
    const [mlr] = await outbox(sender);
    expect(mlr?.header.documentType).toContain('mlr:3');
    const lines = all(at(mlr?.root, 'DocumentResponse'), 'LineResponse').map(
      (l) => at(l, 'Response', 'Description')?.text ?? '',
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => /^\[(BR|PEPPOL|UBL)-[\w-]+\]/.test(l))).toBe(true);
    expect(await getItem(table, peppolKeys.message(sender, 'e2e-invalid'))).toMatchObject({
      outcome: 'rejected',
      rejection: {
        reason: 'INVALID_DOCUMENT',
        detail: expect.stringContaining(`(${releaseInForce(new Date().toISOString()).id})`),
      },
    });
    expect(at(mlr?.root, 'DocumentResponse', 'Response', 'Description')?.text).toContain(
      releaseInForce(new Date().toISOString()).id,
    );
  });

  it('answers 401 to a bad signature or an unknown connection, and stores nothing', async () => {
    const { invoice, sender } = invoiceFrom(5400);
    const xml = peppolMessage({ sender, receiver, instanceId: 'e2e-unsigned', invoice });
    const before = await keys('raw/peppol/');

    const wrongSecret = await deliver(xml, { secret: 'not-the-connection-secret' });
    const unknownConnection = await deliver(xml, { connection: 'someone-else' });

    expect(wrongSecret.status).toBe(401);
    expect(unknownConnection.status).toBe(401);
    expect(wrongSecret.body.code).toBe('UNAUTHENTICATED');
    expect(await keys('raw/peppol/')).toEqual(before);
  });

  it('is rejected with an MLR when no administration has the receiver id', async () => {
    const { invoice, sender } = invoiceFrom(5500);
    const xml = peppolMessage({ sender, receiver: '0106:17090117', instanceId: 'e2e-unknown', invoice });

    const res = await deliver(xml);

    expect(res.status).toBe(202);
    const [mlr] = await outbox(sender);
    expect(mlr?.header.documentType).toContain('mlr:3');
    expect(mlr?.header.sender).toEqual({ scheme: '0106', id: '17090117' });
    expect(await getItem(table, peppolKeys.message(sender, 'e2e-unknown'))).toMatchObject({
      outcome: 'rejected',
      rejection: { reason: 'UNKNOWN_RECEIVER' },
    });
  });
});
