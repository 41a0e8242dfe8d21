import MailComposer from 'nodemailer/lib/mail-composer';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApi, startLocalApi } from '#infra/local/api-server.ts';
import { type DevIssuer, devIssuer } from '#infra/local/dev-issuer.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import { routes } from '#infra/wiring.ts';
import { type IntakeDocument, listDocuments, listInboundEmails } from '#packages/intake';
import { listUsage } from '#packages/proposals';
import type { Table } from '#packages/table';
import { demo } from '#packages/tenancy';
import { generateInvoiceSpec, type InvoiceSpec, type LayoutId, renderTextPdf } from '../helpers/invoices/index.ts';
import { sendSmtp, startSeededTwin } from '../helpers/twin.ts';

/**
 * The whole intake as a client and a supplier use it: an e-mailed PDF invoice goes through
 * the SMTP twin, the bucket, the queues and recognition to a booking proposal; the accountant
 * corrects and accepts it through the API, which posts the entry and the open item; the next
 * invoice of that supplier is recognised with what was learnt.
 */

let twin: LocalTwin;
let table: Table;
let api: LocalApi;
let issuer: DevIssuer;
let token: string;

const firmId = demo.firm.id;
const nl = 'adm-uitgebreid-nl';
const own = { name: 'Jansen Installatietechniek B.V.', vatNumber: 'NL123456782B90' };

/** A Dutch purchase invoice to the administration, with its own name and VAT number as customer. */
function invoiceTo(seed: number, overrides: Partial<InvoiceSpec> = {}): InvoiceSpec {
  for (let s = seed; ; s++) {
    const spec = generateInvoiceSpec(s, { country: 'NL', documentType: 'invoice', maxLines: 4 });
    if (spec.customer.country !== 'NL') continue;
    return { ...spec, customer: { ...spec.customer, ...own }, ...overrides };
  }
}

async function mail(
  to: string,
  attachments: { filename: string; content: Buffer; contentType: string }[],
  from = 'facturen@leverancier.nl',
) {
  const message = await new MailComposer({ from, to, subject: 'Factuur', text: 'Zie bijlage.', attachments })
    .compile()
    .build();
  await sendSmtp(twin.ports.smtp, to, message.toString('utf8'), from);
  await twin.queues.waitIdle();
}

const pdfOf = async (spec: InvoiceSpec, layout: LayoutId = 'nl-classic') =>
  Buffer.from(await renderTextPdf(spec, layout));

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
  return { status: res.status, etag: res.headers.get('etag') ?? '', body: (await res.json()) as T };
}

const documentsOf = async (administrationId: string) =>
  (await listDocuments(table, firmId, administrationId, { limit: 100 })).items;
const byFile = (docs: IntakeDocument[], fileName: string) => docs.find((d) => d.fileName === fileName);

beforeAll(async () => {
  ({ twin, table } = await startSeededTwin({ queueVisibilityTimeoutSeconds: 30 }));
  issuer = await devIssuer('urn:samenwerken:e2e', null);
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

describe('an e-mailed PDF invoice becomes a booking proposal that posts when accepted', () => {
  const first = invoiceTo(4100);
  const second = invoiceTo(4200, { supplier: first.supplier });
  let proposalId: string;

  it('recognises supplier, totals and lines, proposes a new creditor, and sends the sender a receipt', async () => {
    await mail(`${nl}@in.example.com`, [
      { filename: 'factuur-1.pdf', content: await pdfOf(first), contentType: 'application/pdf' },
    ]);
    const document = byFile(await documentsOf(nl), 'factuur-1.pdf');
    expect(document?.status).toBe('proposed');
    proposalId = document?.proposalId ?? '';

    const { status, body } = await call('GET', `/administrations/${nl}/proposals/${proposalId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'proposed',
      side: 'purchase',
      documentId: document?.id,
      relation: {
        matchedBy: 'new',
        proposedRelation: { name: first.supplier.name, vatNumber: first.supplier.vatNumber },
      },
      header: { invoiceNumber: first.invoiceNumber, invoiceDate: first.invoiceDate },
    });
    expect(body.totals.gross).toBe((first.totals.gross / 100).toFixed(2));
    expect(body.lines.length).toBeGreaterThan(0);
    for (const line of body.lines) {
      expect(line.glAccount).toMatch(/^\d{4}$/);
      expect(line.explanation).toEqual(expect.any(String));
    }

    const receipts = (await twin.outbox.list()).filter((m) => m.recipients.includes('facturen@leverancier.nl'));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.subject).toBe('Ontvangen: 1 document');
  });

  it('takes the accountant’s correction and, on acceptance, posts a balanced entry and a payable open item', async () => {
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
      {
        'if-match': read.etag,
      },
    );
    expect(edited.status).toBe(200);

    const accepted = await call('POST', `/administrations/${nl}/proposals/${proposalId}/acceptance`, undefined, {
      'if-match': edited.etag,
    });
    expect(accepted.body).toMatchObject({ status: 'accepted' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.status).toBe('accepted');
    const { entryId, openItemId } = accepted.body.posted;

    const entry = await call('GET', `/administrations/${nl}/entries/${entryId}`);
    expect(entry.status).toBe(200);
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    const sum = entry.body.lines.reduce((s: number, l: { amount: string }) => s + cents(l.amount), 0);
    expect(sum).toBe(0);
    expect(entry.body.lines.some((l: { accountCode: string }) => l.accountCode === '4110')).toBe(true);

    const item = await call('GET', `/administrations/${nl}/open-items/${openItemId}`);
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({ side: 'payable' });
    expect(JSON.stringify(item.body)).toContain((first.totals.gross / 100).toFixed(2));
  });

  it('matches the supplier’s next invoice to the new creditor and suggests the account it learnt', async () => {
    await mail(`${nl}@in.example.com`, [
      { filename: 'factuur-2.pdf', content: await pdfOf(second, 'en-modern'), contentType: 'application/pdf' },
    ]);
    const document = byFile(await documentsOf(nl), 'factuur-2.pdf');
    expect(document?.status).toBe('proposed');
    const { body } = await call('GET', `/administrations/${nl}/proposals/${document?.proposalId}`);
    expect(body.relation.matchedBy).toBe('vatNumber');
    expect(body.lines.every((l: { glAccount: string }) => l.glAccount === '4110')).toBe(true);
    expect(body.lines[0].explanation).toMatch(/4110/);
  });

  it('catches the same invoice arriving again in another rendering as a duplicate proposal', async () => {
    await mail(`${nl}@in.example.com`, [
      {
        filename: 'factuur-2-kopie.pdf',
        content: await pdfOf(second, 'nl-header-right'),
        contentType: 'application/pdf',
      },
    ]);
    const document = byFile(await documentsOf(nl), 'factuur-2-kopie.pdf');
    const { body } = await call('GET', `/administrations/${nl}/proposals/${document?.proposalId}`);
    expect(body.status).toBe('duplicate');
    expect(body.duplicateOf).toBeDefined();
  });

  it('records exactly one usage record per proposal', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const usage = (await listUsage(table, firmId, month)).filter((u) => u.administrationId === nl);
    const proposals = (await documentsOf(nl)).filter((d) => d.proposalId);
    expect(usage).toHaveLength(proposals.length);
    expect(new Set(usage.map((u) => u.proposalId)).size).toBe(usage.length);
  });
});

describe('bulk, plans and bad input', () => {
  it('splits one PDF holding three invoices into three documents, each with its own proposal', async () => {
    const bulk = await PDFDocument.create();
    for (const seed of [5100, 5200, 5300]) {
      const part = await PDFDocument.load(await renderTextPdf(invoiceTo(seed), 'nl-classic'));
      for (const page of await bulk.copyPages(part, part.getPageIndices())) bulk.addPage(page);
    }
    await mail(`${nl}@in.example.com`, [
      { filename: 'scan-batch.pdf', content: Buffer.from(await bulk.save()), contentType: 'application/pdf' },
    ]);
    const docs = await documentsOf(nl);
    const parent = byFile(docs, 'scan-batch.pdf');
    expect(parent?.status).toBe('split');
    expect(parent?.children).toHaveLength(3);
    const children = docs.filter((d) => d.parentId === parent?.id);
    expect(children.map((c) => c.status)).toEqual(['proposed', 'proposed', 'proposed']);
  });

  it('files a Standaard administration’s document without recognition', async () => {
    const standaard = 'adm-standaard-nl';
    await mail(`${standaard}@in.example.com`, [
      { filename: 'factuur.pdf', content: await pdfOf(invoiceTo(6100)), contentType: 'application/pdf' },
    ]);
    const document = byFile(await documentsOf(standaard), 'factuur.pdf');
    expect(document?.status).toBe('filed');
    expect(document?.note).toMatch(/^PLAN_EXCLUDES_PROPOSALS/);
    const { body } = await call('GET', `/administrations/${standaard}/proposals`);
    expect(body.items).toEqual([]);
  });

  it('rejects a corrupt PDF and an empty file with their reasons, keeps the raw message, and goes on with the rest', async () => {
    const be = 'adm-samenwerken-be';
    await mail(`${be}@in.example.com`, [
      { filename: 'kapot.pdf', content: Buffer.from('%PDF-1.7\n1 0 obj <<'), contentType: 'application/pdf' },
      { filename: 'leeg.pdf', content: Buffer.alloc(0), contentType: 'application/pdf' },
      { filename: 'goed.pdf', content: await pdfOf(invoiceTo(7100)), contentType: 'application/pdf' },
    ]);
    const docs = await documentsOf(be);
    expect(byFile(docs, 'kapot.pdf')).toMatchObject({ status: 'rejected', rejection: { reason: 'BAD_DOCUMENT' } });
    expect(byFile(docs, 'goed.pdf')?.status).toBe('proposed');
    const [log] = (await listInboundEmails(table, firmId, be, {})).items;
    expect(log?.rejections.map((r) => r.reason)).toEqual(['EMPTY_FILE']);
    expect(log?.rawKey).toMatch(/^raw\/email\//);
    expect(twin.queues.depth('documents-dlq').visible).toBe(0);
  });
});
