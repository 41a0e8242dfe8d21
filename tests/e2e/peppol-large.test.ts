import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twinApConnection } from '#functions/shared/adapters/access-point-bucket.ts';
import { type LocalApi, startLocalApi } from '#infra/local/api-server.ts';
import { dlqName } from '#infra/local/aws-names.ts';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import { queues, routes } from '#infra/wiring.ts';
import { documentIdFor } from '#packages/intake';
import { presentMoney } from '#packages/ledger';
import { mlrLineResponsesMax, parseSbdh, signApMessage } from '#packages/peppol';
import type { XmlElement } from '#packages/recognition';
import { demo, type TenancyDeps, updateAdministration } from '#packages/tenancy';
import { invoiceWithLines, withoutItemNames } from '../helpers/peppol-large.ts';
import { startSeededTwin } from '../helpers/twin.ts';
import { peppolMessage } from '../unit/packages/peppol/ingestion/messages.ts';

/**
 * No Peppol message lost, every sender answered, on the local twin: a 5 000-line invoice with an
 * error on every line is answered with an MLR and shown to the firm with every finding, a valid
 * one becomes a booking proposal of all its lines, and nothing rests in a DLQ; a body that is not UTF-8 is checked and kept as the bytes it was.
 */

let twin: LocalTwin;
let api: LocalApi;
let s3: S3Client;
let token: string;

const firmId = demo.firm.id;
const nl = 'adm-uitgebreid-nl';
const receiver = '0106:27312152';
const own = { name: 'Jansen Installatietechniek B.V.', vatNumber: 'NL123456782B90' };

async function deliver(body: Buffer, contentType = 'application/xml') {
  const res = await fetch(`${api.url}/peppol/inbound`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-ap-connection': twinApConnection.id,
      ...signApMessage(body, twinApConnection.secret, new Date()),
    },
    body,
  });
  const json = (await res.json()) as Record<string, unknown>;
  await twin.queues.waitIdle();
  return { status: res.status, body: json };
}

async function get(path: string) {
  const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

async function object(key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: twin.bucketName, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

async function outbox(participant: string) {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: twin.bucketName, Prefix: `ap-outbox/${participant}/` }));
  return Promise.all((out.Contents ?? []).map(async (o) => parseSbdh(await object(o.Key ?? ''))));
}

const at = (element: XmlElement | undefined, ...path: string[]) =>
  path.reduce<XmlElement | undefined>((e, name) => e?.children.find((c) => c.name === name), element);

const dlqDepths = () =>
  queues.map((q) => {
    const d = twin.queues.depth(dlqName(q.name));
    return { queue: q.name, messages: d.visible + d.inFlight + d.delayed };
  });

beforeAll(async () => {
  let tenancy: TenancyDeps;
  ({ twin, s3, tenancy } = await startSeededTwin({ queueVisibilityTimeoutSeconds: 60 }));
  const accountant = { firmId, userId: demo.users.accountant.id, userType: 'firm' as const };
  await updateAdministration(tenancy, accountant, nl, { peppolParticipantIds: [receiver] });
  const issuer = await devIssuer('urn:samenwerken:e2e-peppol-large', null);
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
  s3?.destroy();
});

describe('a 5 000-line Peppol invoice with an error on every line', () => {
  it('is answered with an MLR, shown to the firm with all its findings, and leaves nothing in a DLQ', async () => {
    const spec = invoiceWithLines(8100, 5000);
    const invoice = { ...spec, customer: { ...spec.customer, ...own } };
    const sender = `0106:${invoice.supplier.companyNumber}`;
    const xml = withoutItemNames(peppolMessage({ sender, receiver, instanceId: 'e2e-large-broken', invoice }));

    const res = await deliver(Buffer.from(xml));

    expect(res.status).toBe(202);
    const [mlr, ...more] = await outbox(sender);
    expect(more).toEqual([]);
    expect(mlr?.header.documentType).toContain('mlr:3');
    const response = at(mlr?.root, 'DocumentResponse');
    expect(at(response, 'Response', 'ResponseCode')?.text).toBe('RE');
    expect(at(response, 'Response', 'Description')?.text).toContain('5000 findings (BR-25 × 5000)');
    expect(response?.children.filter((c) => c.name === 'LineResponse')).toHaveLength(mlrLineResponsesMax);

    const log = await get(`/administrations/${nl}/peppol-messages?outcome=rejected`);
    expect(log.status).toBe(200);
    const message = log.body.items.find((m: { rawKey: string }) => m.rawKey === res.body.key);
    expect(message).toMatchObject({
      instanceId: 'e2e-large-broken',
      sender,
      outcome: 'rejected',
      rejection: { reason: 'INVALID_DOCUMENT', findingCount: 5000, findingsByRule: { 'BR-25': 5000 } },
    });
    const first = await get(
      `/administrations/${nl}/peppol-findings?sender=${sender}&instanceId=e2e-large-broken&limit=1000`,
    );
    const last = await get(
      `/administrations/${nl}/peppol-findings?sender=${sender}&instanceId=e2e-large-broken&cursor=4000&limit=1000`,
    );
    expect(first.body).toMatchObject({ total: 5000, nextCursor: '1000' });
    expect(first.body.items).toHaveLength(1000);
    expect(last.body.items.at(-1)).toMatchObject({ id: 'BR-25', location: '/Invoice/cac:InvoiceLine[5000]' });
    expect(last.body.nextCursor).toBeUndefined();

    expect(dlqDepths().filter((d) => d.messages > 0)).toEqual([]);
  }, 180_000);
});

describe('a valid 5 000-line Peppol invoice', () => {
  it('becomes a booking proposal, and the API shows its document and proposal with every line', async () => {
    const spec = invoiceWithLines(8300, 5000);
    const invoice = { ...spec, customer: { ...spec.customer, ...own } };
    const sender = `0106:${invoice.supplier.companyNumber}`;
    const xml = peppolMessage({ sender, receiver, instanceId: 'e2e-large-valid', invoice });

    // Idle within 30 s: on its first receive, since a failed one is tried again only after 60 s.
    const res = await deliver(Buffer.from(xml));

    expect(res.status).toBe(202);
    const documentId = documentIdFor(String(res.body.key), nl, 0);
    const document = await get(`/administrations/${nl}/documents/${documentId}`);
    expect(document.status).toBe(200);
    expect(document.body).toMatchObject({ status: 'proposed', source: 'peppol' });
    expect(document.body.recognition.lines).toHaveLength(5000);
    expect(document.body.recognitionLines).toBeUndefined();
    const proposal = await get(`/administrations/${nl}/proposals/${document.body.proposalId}`);
    expect(proposal.status).toBe(200);
    expect(proposal.body.documentLines).toHaveLength(5000);
    expect(proposal.body.documentLines.at(-1)).toEqual(presentMoney(document.body.recognition.lines.at(-1)));
    const booked = proposal.body.lines.flatMap((l: { sourceLineIndexes: number[] }) => l.sourceLineIndexes);
    expect(booked.sort((a: number, b: number) => a - b)).toEqual([...Array(5000).keys()]);
    expect(proposal.body.documentLinesBeside).toBeUndefined();
    expect(dlqDepths().filter((d) => d.messages > 0)).toEqual([]);
  }, 180_000);
});

describe('a Peppol message whose body is not UTF-8', () => {
  it('is accepted when signed over its bytes, and stored as exactly those bytes', async () => {
    const spec = invoiceWithLines(8200, 2);
    const invoice = { ...spec, customer: { ...spec.customer, ...own } };
    const sender = `0106:${invoice.supplier.companyNumber}`;
    // The same message declared and written in ISO-8859-1: "Müller" is one byte 0xFC, not UTF-8.
    const latin1 = peppolMessage({ sender, receiver, instanceId: 'e2e-latin1', invoice })
      .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
      .replace(own.name, 'Jansen Installatietechniek B.V. t.a.v. Müller');
    const body = Buffer.from(latin1, 'latin1');
    expect(body.toString('utf8')).toContain('\uFFFD');

    const res = await deliver(body);

    expect(res.status).toBe(202);
    expect((await object(String(res.body.key))).equals(body)).toBe(true);
  }, 60_000);
});
