import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twinApConnection } from '#functions/shared/adapters/access-point-bucket.ts';
import { type LocalApi, startLocalApi } from '#infra/local/api-server.ts';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import { routes } from '#infra/wiring.ts';
import { listDocuments } from '#packages/intake';
import { parseSbdh, type SbdhMessage, signApMessage } from '#packages/peppol';
import type { XmlElement } from '#packages/recognition';
import type { Table } from '#packages/table';
import { demo, type TenancyDeps, updateAdministration } from '#packages/tenancy';
import { startSeededTwin } from '../helpers/twin.ts';
import { dutchInvoice, peppolMessage } from '../unit/packages/peppol/ingestion/messages.ts';

/**
 * The seller of a Peppol invoice hears what became of it: when the accountant accepts the
 * booking proposal through the API an Invoice Response AP goes out, when they reject it an RE
 * with their reason, and when the purchase open item is paid in full a PD, each once, through
 * the `peppol-outbound` queue and the twin's access point (`ap-outbox/`).
 */

let twin: LocalTwin;
let table: Table;
let api: LocalApi;
let s3: S3Client;
let token: string;

const firmId = demo.firm.id;
const nl = 'adm-uitgebreid-nl';
const receiver = '0106:27312152';
const own = { name: 'Jansen Installatietechniek B.V.', vatNumber: 'NL123456782B90' };

function invoiceFrom(seed: number) {
  for (let s = seed; ; s++) {
    const spec = dutchInvoice(s);
    if (spec.customer.country !== 'NL' || spec.supplier.country !== 'NL') continue;
    const invoice = { ...spec, customer: { ...spec.customer, ...own } };
    return { invoice, sender: `0106:${invoice.supplier.companyNumber}` };
  }
}

/** Delivers a Peppol invoice through the access point door; the id of the proposal it became. */
async function proposalFrom(seed: number, instanceId: string) {
  const { invoice, sender } = invoiceFrom(seed);
  const body = Buffer.from(peppolMessage({ sender, receiver, instanceId, invoice }));
  const res = await fetch(`${api.url}/peppol/inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/xml',
      'x-ap-connection': twinApConnection.id,
      ...signApMessage(body, twinApConnection.secret, new Date()),
    },
    body,
  });
  const { key } = (await res.json()) as { key: string };
  await twin.queues.waitIdle();
  const documents = (await listDocuments(table, firmId, nl, { source: 'peppol', limit: 100 })).items;
  const proposalId = documents.find((d) => d.rawKey === key)?.proposalId;
  if (!proposalId) throw new Error(`${instanceId} made no proposal`);
  return { invoice, sender, proposalId };
}

async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const result = { status: res.status, etag: res.headers.get('etag') ?? '', body: (await res.json()) as T };
  await twin.queues.waitIdle();
  return result;
}

/** Gives every line an expense account, so nothing blocks acceptance. */
async function readyToAccept(proposalId: string) {
  const read = await call('GET', `/administrations/${nl}/proposals/${proposalId}`);
  const lines = read.body.lines.map((l: Record<string, unknown>) => ({
    description: l.description,
    glAccount: '4110',
    vatCode: l.vatCode,
    net: l.net,
    vat: l.vat,
  }));
  const edited = await call(
    'PATCH',
    `/administrations/${nl}/proposals/${proposalId}`,
    { lines },
    { 'if-match': read.etag },
  );
  expect(edited.status).toBe(200);
  return edited.etag;
}

/** The Invoice Responses for the seller in the AP outbox, by response code. */
async function answers(sender: string) {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: twin.bucketName, Prefix: `ap-outbox/${sender}/` }));
  const messages: SbdhMessage[] = await Promise.all(
    (out.Contents ?? []).map(async (o) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: twin.bucketName, Key: o.Key }));
      return parseSbdh(Buffer.from(await object.Body!.transformToByteArray()));
    }),
  );
  return messages
    .filter((m) => m.header.documentType.includes('invoice_response:3'))
    .map((m) => ({
      code: at(m.root, 'DocumentResponse', 'Response', 'ResponseCode')?.text,
      invoiceId: at(m.root, 'DocumentResponse', 'DocumentReference', 'ID')?.text,
      reasonCode: at(m.root, 'DocumentResponse', 'Response', 'Status', 'StatusReasonCode')?.text,
      reason: at(m.root, 'DocumentResponse', 'Response', 'Status', 'StatusReason')?.text,
      clarifications: (at(m.root, 'DocumentResponse', 'Response')?.children ?? [])
        .filter((c) => c.name === 'Status')
        .map((c) => at(c, 'StatusReasonCode')?.text),
      note: at(m.root, 'Note')?.text,
    }));
}

const at = (element: XmlElement | undefined, ...path: string[]) =>
  path.reduce<XmlElement | undefined>((e, name) => e?.children.find((c) => c.name === name), element);
const codes = async (sender: string) => (await answers(sender)).map((a) => a.code).sort();

beforeAll(async () => {
  let tenancy: TenancyDeps;
  ({ twin, table, s3, tenancy } = await startSeededTwin({ queueVisibilityTimeoutSeconds: 30 }));
  const accountant = { firmId, userId: demo.users.accountant.id, userType: 'firm' as const };
  await updateAdministration(tenancy, accountant, nl, { peppolParticipantIds: [receiver] });
  const issuer = await devIssuer('urn:samenwerken:e2e-peppol-status', null);
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

describe('the seller of a Peppol invoice', () => {
  it('gets an Invoice Response AP once when the accountant accepts the proposal, however often they try', async () => {
    const { invoice, sender, proposalId } = await proposalFrom(6100, 'e2e-status-accept');
    const etag = await readyToAccept(proposalId);

    const accepted = await call('POST', `/administrations/${nl}/proposals/${proposalId}/acceptance`, undefined, {
      'if-match': etag,
    });
    const again = await call('POST', `/administrations/${nl}/proposals/${proposalId}/acceptance`);

    expect(accepted.status).toBe(201);
    expect(again.status).toBe(409);
    expect(await codes(sender)).toEqual(['AB', 'AP']);
    expect((await answers(sender)).find((a) => a.code === 'AP')?.invoiceId).toBe(invoice.invoiceNumber);
  });

  it('gets an RE with the accountant’s reason when the proposal is rejected', async () => {
    const { sender, proposalId } = await proposalFrom(6200, 'e2e-status-reject');

    const rejected = await call('POST', `/administrations/${nl}/proposals/${proposalId}/rejection`, {
      reason: 'Geen inkooporder bekend voor deze levering',
    });

    expect(rejected.status).toBe(201);
    expect(await codes(sender)).toEqual(['AB', 'RE']);
    expect((await answers(sender)).find((a) => a.code === 'RE')).toMatchObject({
      reasonCode: 'OTH',
      reason: 'Geen inkooporder bekend voor deze levering',
    });
  });

  it('hears the invoice is in process, then two distinct queries, and nothing twice for a double click', async () => {
    const { sender, proposalId } = await proposalFrom(6400, 'e2e-status-interim');
    const respond = (body: unknown) =>
      call('POST', `/administrations/${nl}/proposals/${proposalId}/peppol-responses`, body);
    const query = {
      status: 'UQ',
      reasons: [{ code: 'PRI', text: 'De prijs wijkt af van de offerte.' }],
      actions: [{ code: 'CNF', text: 'Stuur een creditnota en een nieuwe factuur.' }],
      note: 'Offerte OF-2026-14 noemt € 95 per uur.',
    };

    const inProcess = await respond({ status: 'IP' });
    const asked = await respond(query);
    const doubleClick = await respond(query);
    const askedAgain = await respond({ status: 'UQ', reasons: [{ code: 'QTY', text: 'Twee dozen ontbreken.' }] });

    expect([inProcess.status, asked.status, doubleClick.status, askedAgain.status]).toEqual([202, 202, 200, 202]);
    expect(doubleClick.body).toEqual({ outcome: 'already-answered', code: 'UQ' });
    expect(await codes(sender)).toEqual(['AB', 'IP', 'UQ', 'UQ']);
    const first = (await answers(sender)).find((a) => a.code === 'UQ' && a.note);
    expect(first).toMatchObject({ clarifications: ['PRI', 'CNF'], note: query.note });
  });

  it('hears a conditional acceptance with its condition, and no interim status once the proposal is decided', async () => {
    const { sender, proposalId } = await proposalFrom(6500, 'e2e-status-conditional');
    const respond = (body: unknown) =>
      call('POST', `/administrations/${nl}/proposals/${proposalId}/peppol-responses`, body);

    const withoutReason = await respond({ status: 'CA' });
    const conditional = await respond({
      status: 'CA',
      reasons: [{ code: 'DEL', text: 'Onder voorbehoud van levering.' }],
    });
    await call('POST', `/administrations/${nl}/proposals/${proposalId}/rejection`, { reason: 'Niet geleverd' });
    const afterDecision = await respond({ status: 'IP' });

    expect(withoutReason.status).toBe(400);
    expect(conditional.status).toBe(202);
    expect(afterDecision.status).toBe(409);
    expect(afterDecision.body.code).toBe('PROPOSAL_DECIDED');
    expect(await codes(sender)).toEqual(['AB', 'CA', 'RE']);
  });

  it('books an invoice from a known supplier without hands, and the approval flow that takes it starts at once', async () => {
    const { invoice } = invoiceFrom(6600);
    const supplier = await call('POST', `/administrations/${nl}/relations`, {
      roles: ['supplier'],
      name: invoice.supplier.name,
      vatNumber: invoice.supplier.vatNumber,
      defaultGlAccount: '4110',
    });
    const flow = await call('POST', `/administrations/${nl}/approval-flows`, {
      name: 'Alle inkoopfacturen',
      steps: [{ name: 'Accountant', approver: { kind: 'user', userId: demo.users.accountant.id } }],
    });
    // A first invoice is booked on the supplier's default account: confident enough for this threshold.
    const patched = await call('PATCH', `/administrations/${nl}`, { autoAcceptThreshold: 0.5 });
    expect([supplier.status, flow.status, patched.status]).toEqual([201, 201, 200]);

    const { proposalId } = await proposalFrom(6600, 'e2e-status-no-hands');
    const proposal = await call('GET', `/administrations/${nl}/proposals/${proposalId}`);
    const item = await call('GET', `/administrations/${nl}/open-items/${proposal.body.posted?.openItemId}`);
    const inbox = await call('GET', '/approval-inbox');
    await call('PATCH', `/administrations/${nl}`, { autoAcceptThreshold: null });
    const removed = await fetch(`${api.url}/administrations/${nl}/approval-flows/${flow.body.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });

    expect(removed.status).toBe(204);
    expect(proposal.body).toMatchObject({ status: 'accepted', decidedBy: 'auto' });
    expect(item.body.paymentBlock).toMatchObject({ reason: 'APPROVAL_PENDING' });
    expect(
      inbox.body.items.some(
        (t: { kind: string; title: string }) =>
          t.kind === 'purchase-invoice' && t.title.includes(proposal.body.header.invoiceNumber),
      ),
    ).toBe(true);
  });

  it('gets a PD once the purchase open item is paid in full, and none for a part payment', async () => {
    const { sender, proposalId } = await proposalFrom(6300, 'e2e-status-paid');
    const etag = await readyToAccept(proposalId);
    const accepted = await call('POST', `/administrations/${nl}/proposals/${proposalId}/acceptance`, undefined, {
      'if-match': etag,
    });
    const openItemId = accepted.body.posted.openItemId as string;
    const item = await call('GET', `/administrations/${nl}/open-items/${openItemId}`);
    const cents = Math.round(Number(item.body.outstanding) * 100);
    const pay = (amount: number) =>
      call('POST', `/administrations/${nl}/open-items/${openItemId}/payments`, {
        date: '2026-11-20',
        amount: (amount / 100).toFixed(2),
      });

    const part = await pay(1);
    const afterPart = await codes(sender);
    const rest = await pay(cents - 1);

    expect([part.status, rest.status]).toEqual([201, 201]);
    expect(afterPart).toEqual(['AB', 'AP']);
    expect(await codes(sender)).toEqual(['AB', 'AP', 'PD']);
  });
});
