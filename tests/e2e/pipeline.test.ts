import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#infra/local/aws-names.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import { listDocuments, listInboundEmails, listRawInputs } from '#packages/intake';
import type { Table } from '#packages/table';
import { generateInvoiceSpec, renderTextPdf } from '../helpers/invoices/index.ts';
import { sendSmtp, startSeededTwin } from '../helpers/twin.ts';

let twin: LocalTwin;
let table: Table;
let s3: S3Client;

const sendMail = (port: number, to: string, raw: string) => sendSmtp(port, to, raw);

beforeAll(async () => {
  ({ twin, table } = await startSeededTwin({ queueVisibilityTimeoutSeconds: 1 }));
  s3 = new S3Client({
    region: LOCAL_REGION,
    endpoint: twin.env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
  });
}, 60_000);

afterAll(async () => {
  await twin?.stop();
});

describe('e-mail in, through the bucket and the queue to the raw-input ledger', () => {
  it('registers a mailed document once, even when S3 delivers the notification twice', async () => {
    const replies = await sendMail(
      twin.ports.smtp,
      'adm-samenwerken-be@in.example.com',
      'From: facturen@leverancier.nl\nTo: adm-samenwerken-be@in.example.com\nSubject: Factuur 2026-0042\n\nZie bijlage.',
    );
    expect(replies.at(-2)).toMatch(/^250 /);
    await twin.queues.waitIdle();
    const day = new Date().toISOString().slice(0, 10);
    const [input] = (await listRawInputs(table, day)).items.filter((i) => i.source === 'email');
    expect(input).toMatchObject({ bucket: twin.bucketName, status: 'received', source: 'email' });
    expect(input?.key).toMatch(/^raw\/email\//);

    // A duplicate notification for the same object version: S3 may deliver one more than once.
    const [delivered] = twin.queues.peek('raw-inputs');
    expect(delivered).toBeUndefined();
    const event = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: LOCAL_REGION,
          eventTime: input?.arrivedAt,
          eventName: 'ObjectCreated:Put',
          userIdentity: { principalId: 'AWS:local' },
          requestParameters: { sourceIPAddress: '127.0.0.1' },
          responseElements: { 'x-amz-request-id': 'r', 'x-amz-id-2': 'i' },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'raw-inputs',
            bucket: {
              name: twin.bucketName,
              ownerIdentity: { principalId: 'local' },
              arn: `arn:aws:s3:::${twin.bucketName}`,
            },
            object: {
              key: encodeURIComponent(input?.key ?? '').replace(/%2F/g, '/'),
              size: input?.size,
              eTag: input?.etag,
              sequencer: 'SAME',
            },
          },
        },
      ],
    };
    twin.queues.send('raw-inputs', JSON.stringify(event));
    twin.queues.send('raw-inputs', JSON.stringify(event));
    await twin.queues.waitIdle();
    const after = (await listRawInputs(table, day)).items.filter((i) => i.key === input?.key);
    expect(after).toHaveLength(1);
    expect(after[0]?.registeredAt).toBe(input?.registeredAt);
    expect(twin.queues.depth('raw-inputs-dlq').visible).toBe(0);
  });

  it('sends a notification it cannot read to the DLQ after maxReceiveCount, keeps it there, and redrive brings it back', async () => {
    // The DLQ's consumer takes only raw input it can name; this one it leaves (and retries) in the DLQ.
    const inDlq = () => {
      const d = twin.queues.depth('raw-inputs-dlq');
      return d.visible + d.inFlight;
    };
    twin.queues.send('raw-inputs', '{"Records": "not an S3 event"}');
    await expect.poll(inDlq, { timeout: 20_000, interval: 200 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(inDlq()).toBe(1);
    expect(twin.queues.redrive('raw-inputs-dlq')).toBe(1);
    expect(inDlq()).toBe(0);
  }, 30_000);
});

/** A real MIME message, as a supplier's mail client would send it. */
async function mime(
  to: string,
  attachments: { filename: string; content: Buffer; contentType: string }[],
  from = 'facturen@leverancier.nl',
) {
  const message = await new MailComposer({ from, to, subject: 'Factuur', text: 'Zie bijlage.', attachments })
    .compile()
    .build();
  return message.toString('utf8');
}
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

describe('e-mail intake: SMTP to documents', () => {
  it('takes a PDF in as a document of the administration, and the same bytes again as a duplicate', async () => {
    const to = 'adm-uitgebreid-nl@in.example.com';
    await sendMail(
      twin.ports.smtp,
      to,
      await mime(to, [{ filename: 'factuur-42.pdf', content: pdf('factuur 42'), contentType: 'application/pdf' }]),
    );
    await sendMail(
      twin.ports.smtp,
      to,
      await mime(to, [{ filename: 'kopie.pdf', content: pdf('factuur 42'), contentType: 'application/pdf' }]),
    );
    await twin.queues.waitIdle();
    const docs = (await listDocuments(table, 'demo-kantoor', 'adm-uitgebreid-nl', {})).items;
    expect(docs).toHaveLength(2);
    // The first arrival is taken in and, being no real PDF, rejected by recognition; the second is its duplicate.
    const original = docs.find((d) => d.status !== 'duplicate');
    expect(original).toMatchObject({
      kind: 'pdf',
      source: 'email',
      fileName: 'factuur-42.pdf',
      status: 'rejected',
      rejection: { reason: 'BAD_DOCUMENT' },
    });
    expect(docs.find((d) => d.status === 'duplicate')?.duplicateOf).toBe(original?.id);
    const stored = await s3.send(new GetObjectCommand({ Bucket: twin.bucketName, Key: original?.objectKey }));
    expect(await stored.Body?.transformToString()).toContain('factuur 42');
  });

  it('logs a message without a usable attachment, an unsupported file and an unknown address with their reasons', async () => {
    const to = 'adm-samenwerken-be@in.example.com';
    await sendMail(twin.ports.smtp, to, await mime(to, []));
    await sendMail(
      twin.ports.smtp,
      to,
      await mime(to, [{ filename: 'notities.docx', content: Buffer.from('x'), contentType: 'application/msword' }]),
    );
    await sendMail(twin.ports.smtp, 'niemand@in.example.com', await mime('niemand@in.example.com', []));
    await twin.queues.waitIdle();
    const log = (await listInboundEmails(table, 'demo-kantoor', 'adm-samenwerken-be', {})).items;
    // Three messages reached this address in this file: the first test's text-only mail and these two.
    expect(log).toHaveLength(3);
    const reasons = log.flatMap((l) => l.rejections.map((r) => r.reason)).sort();
    expect(reasons).toEqual(['NO_ATTACHMENT', 'NO_ATTACHMENT', 'UNSUPPORTED_TYPE']);
    expect(log.every((l) => l.outcome === 'rejected')).toBe(true);
  });
});

describe('structured invoices read on arrival', () => {
  const ubl = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ID>INV-2026-77</cbc:ID>
  <cbc:IssueDate>2026-11-02</cbc:IssueDate>
  <cbc:DueDate>2026-12-02</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyName><cbc:Name>Groothandel Rijnmond BV</cbc:Name></cac:PartyName>
    <cac:PartyTaxScheme><cbc:CompanyID>NL004495445B01</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">21.00</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">21.00</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">121.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">121.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
</Invoice>`;
  const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Invoice>&e;</Invoice>';

  it('reads a UBL invoice on arrival and refuses hostile XML with its reason, keeping the raw message', async () => {
    const to = 'adm-samenwerken-be@in.example.com';
    await sendMail(
      twin.ports.smtp,
      to,
      await mime(to, [
        { filename: 'INV-2026-77.xml', content: Buffer.from(ubl), contentType: 'application/xml' },
        { filename: 'evil.xml', content: Buffer.from(xxe), contentType: 'application/xml' },
      ]),
    );
    await twin.queues.waitIdle();
    const docs = (await listDocuments(table, 'demo-kantoor', 'adm-samenwerken-be', {})).items.filter(
      (d) => d.kind === 'xml',
    );
    const invoice = docs.find((d) => d.fileName === 'INV-2026-77.xml');
    expect(invoice?.status).toBe('proposed');
    expect(invoice?.proposalId).toEqual(expect.any(String));
    expect(invoice?.recognition).toMatchObject({
      source: 'ubl',
      invoiceNumber: { value: 'INV-2026-77' },
      supplier: { name: { value: 'Groothandel Rijnmond BV' } },
      totals: { net: { value: 10000 }, vat: { value: 2100 }, gross: { value: 12100 } },
    });
    const evil = docs.find((d) => d.fileName === 'evil.xml');
    expect(evil).toMatchObject({ status: 'rejected', rejection: { reason: 'XML_NOT_ALLOWED' } });
    const raw = await s3.send(new GetObjectCommand({ Bucket: twin.bucketName, Key: evil?.rawKey }));
    expect(await raw.Body?.transformToString()).toContain('evil.xml');
  });
});

describe('portal upload: presigned URL to document', () => {
  const uploadEvent = (body: unknown) => ({
    version: '2.0',
    routeKey: 'POST /administrations/{administrationId}/uploads',
    rawPath: '/administrations/adm-samenwerken-be/uploads',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: { administrationId: 'adm-samenwerken-be' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'e2e',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: '/administrations/adm-samenwerken-be/uploads',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'e2e',
      },
      requestId: 'e2e',
      routeKey: 'POST /administrations/{administrationId}/uploads',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: {
        jwt: {
          claims: { sub: 'demo-accountant', 'custom:firm_id': 'demo-kantoor', 'custom:user_type': 'firm' },
          scopes: [],
        },
      },
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  });

  it('signs a PUT for the exact type and size; the uploaded PDF becomes a document of the administration', async () => {
    const content = Buffer.from(await renderTextPdf(generateInvoiceSpec(77, { country: 'BE' }), 'be-nl'));
    const res = (await twin.invoke(
      'intake/create-upload',
      uploadEvent({ fileName: 'bon 7.pdf', contentType: 'application/pdf', size: content.length }),
    )) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(201);
    const upload = JSON.parse(res.body) as { url: string; headers: Record<string, string>; documentId: string };
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: content });
    expect(put.status).toBe(200);
    await twin.queues.waitIdle();
    const docs = (await listDocuments(table, 'demo-kantoor', 'adm-samenwerken-be', {})).items;
    expect(docs.find((d) => d.source === 'upload')).toMatchObject({
      id: upload.documentId,
      fileName: 'bon_7.pdf',
      kind: 'pdf',
      status: 'proposed',
    });
  });

  it('refuses a type that cannot be taken in before signing anything', async () => {
    const res = (await twin.invoke(
      'intake/create-upload',
      uploadEvent({ fileName: 'x.exe', contentType: 'application/x-msdownload', size: 10 }),
    )) as { statusCode: number };
    expect(res.statusCode).toBe(400);
  });
});

describe('monthly audit archive, schedule to state machine to bucket', () => {
  it('archives every firm trail of a month as JSON Lines', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const execution = twin.stateMachines.start('audit-archive', JSON.stringify({ month }));
    const done = await twin.stateMachines.waitForExecution(execution.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output ?? '{}');
    expect(output.firms).toEqual(['ander-kantoor', 'demo-kantoor']);
    const object = await s3.send(
      new GetObjectCommand({ Bucket: twin.bucketName, Key: `exports/audit/demo-kantoor/${month}.jsonl` }),
    );
    const lines = (await object.Body?.transformToString())?.trim().split('\n') ?? [];
    expect(lines.map((l) => JSON.parse(l).action)).toEqual(
      expect.arrayContaining(['administration.created', 'membership.granted']),
    );
  });

  it('fires the monthly schedule on demand and archives last month', async () => {
    const fired = twin.scheduler.fire('audit-archive-monthly');
    if (fired.kind !== 'stateMachine') throw new Error('the schedule targets the audit-archive state machine');
    const done = await twin.stateMachines.waitForExecution(fired.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    const previous = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1))
      .toISOString()
      .slice(0, 7);
    expect(JSON.parse(done.output ?? '{}').month).toBe(previous);
    // 02:00 in Amsterdam on the 1st is 00:00 or 01:00 UTC on the 1st.
    expect(twin.scheduler.next('audit-archive-monthly')?.getUTCDate()).toBe(1);
  });
});
