import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApi, startLocalApi } from '#infra/local/api-server.ts';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import { routes } from '#infra/wiring.ts';
import { demo } from '#packages/tenancy';
import { startSeededTwin } from '../helpers/twin.ts';

/**
 * A statement file through the whole back end: the accountant registers the account and
 * imports a camt.053; the lines are stored once, the robot books what it is sure of (a payment
 * with the invoice's betalingskenmerk, a supplier paid by name and invoice number, bank costs),
 * suggests a GL account for a telecom direct debit, and asks the client about a payment nothing
 * explains; the client answers on the thread. Undo opens the invoice again; the same file
 * again adds nothing.
 */

let twin: LocalTwin;
let api: LocalApi;
const tokens: Record<'firm' | 'client', string> = { firm: '', client: '' };
const nl = `/administrations/adm-uitgebreid-nl`;
const ownIban = 'NL20INGB0001234567';

async function call<T = any>(
  method: string,
  path: string,
  body?: unknown,
  as: 'firm' | 'client' = 'firm',
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[as]}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const result = { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  await twin.queues.waitIdle();
  return result;
}

function entry(e: {
  amount: string;
  credit: boolean;
  date: string;
  ref: string;
  name: string;
  iban: string;
  text?: string;
  structured?: string;
}) {
  const party = e.credit ? 'Dbtr' : 'Cdtr';
  return `<Ntry><Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>${e.credit ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>${e.date}</Dt></BookgDt><ValDt><Dt>${e.date}</Dt></ValDt><AcctSvcrRef>${e.ref}</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
<RltdPties><${party}><Nm>${e.name}</Nm></${party}><${party}Acct><Id><IBAN>${e.iban}</IBAN></Id></${party}Acct></RltdPties>
<RmtInf>${e.text ? `<Ustrd>${e.text}</Ustrd>` : ''}${
    e.structured
      ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>CUR</Issr></Tp><Ref>${e.structured}</Ref></CdtrRefInf></Strd>`
      : ''
  }</RmtInf></TxDtls></NtryDtls></Ntry>`;
}

function camt053(entries: string[], opening: string, closing: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>STMT-2026-11-20</MsgId><CreDtTm>2026-11-20T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>2026-11-20-1</Id><CreDtTm>2026-11-20T06:00:00</CreDtTm>
<Acct><Id><IBAN>${ownIban}</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${opening}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${closing}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
${entries.join('\n')}
</Stmt></BkToCstmrStmt></Document>`;
}

const upload = (xml: string) => ({ fileName: 'ing-2026-11-20.xml', content: Buffer.from(xml).toString('base64') });

let salesItemId: string;
let purchaseItemId: string;
let statement: string;

beforeAll(async () => {
  ({ twin } = await startSeededTwin({ queueVisibilityTimeoutSeconds: 30 }));
  const issuer = await devIssuer('urn:samenwerken:e2e-bank', null);
  api = await startLocalApi({ routes, invoke: twin.invoke, issuer, port: 0 });
  tokens.firm = await issuer.sign({
    userId: demo.users.accountant.id,
    email: demo.users.accountant.email,
    firmId: demo.firm.id,
    userType: 'firm',
  });
  tokens.client = await issuer.sign({
    userId: demo.users.client.id,
    email: demo.users.client.email,
    firmId: demo.firm.id,
    userType: 'client',
  });
  expect([200, 201]).toContain((await call('POST', `${nl}/books`)).status);
  const customer = await call('POST', `${nl}/relations`, {
    roles: ['customer'],
    name: 'Bakkerij de Vries B.V.',
    ibans: ['NL91ABNA0417164300'],
  });
  const supplier = await call('POST', `${nl}/relations`, {
    roles: ['supplier'],
    name: 'Groothandel Smit B.V.',
    ibans: ['NL39RABO0300065264'],
  });
  const sales = await call('POST', `${nl}/invoices`, {
    side: 'sales',
    relationId: customer.body.id,
    invoiceDate: '2026-11-02',
    lines: [
      { description: 'Onderhoud ovens', quantity: '1', unitPrice: '1000.00', vatCode: 'NL-V21', glAccount: '8100' },
    ],
  });
  const purchase = await call('POST', `${nl}/invoices`, {
    side: 'purchase',
    relationId: supplier.body.id,
    invoiceNumber: 'GS-2026-0871',
    invoiceDate: '2026-11-05',
    lines: [{ description: 'Onderdelen', quantity: '4', unitPrice: '100.00', vatCode: 'NL-I21', glAccount: '4200' }],
  });
  expect([customer.status, supplier.status, sales.status, purchase.status]).toEqual([201, 201, 201, 201]);
  salesItemId = sales.body.openItemId ?? sales.body.id;
  purchaseItemId = purchase.body.openItemId ?? purchase.body.id;
  const reference = (await call('GET', `${nl}/open-items/${salesItemId}`)).body.paymentReference as string;
  expect(reference).toBeTruthy();
  statement = camt053(
    [
      entry({
        amount: '1210.00',
        credit: true,
        date: '2026-11-20',
        ref: 'ING-1',
        name: 'BAKKERIJ DE VRIES',
        iban: 'NL91ABNA0417164300',
        structured: reference,
      }),
      entry({
        amount: '484.00',
        credit: false,
        date: '2026-11-20',
        ref: 'ING-2',
        name: 'Groothandel Smit BV',
        iban: 'NL39RABO0300065264',
        text: 'Factuur GS-2026-0871',
      }),
      entry({
        amount: '60.50',
        credit: false,
        date: '2026-11-20',
        ref: 'ING-3',
        name: 'KPN B.V.',
        iban: 'NL26INGB0000000128',
        text: 'Abonnement november klantnr 4411',
      }),
      entry({
        amount: '249.99',
        credit: false,
        date: '2026-11-20',
        ref: 'ING-4',
        name: 'Bol.com',
        iban: 'NL52ABNA0473823468',
        text: 'Bestelling 1288',
      }),
    ],
    '5000.00',
    '5415.51',
  );
}, 180_000);

afterAll(async () => {
  await api?.close();
  await twin?.stop();
});

describe('a bank statement through the back end', () => {
  it('is refused for an account the administration has not registered, and kept with the reason', async () => {
    const res = await call('POST', `${nl}/bank-statements`, upload(statement));

    expect(res.status).toBe(422);
    expect(res.body.statements[0].error).toMatch(/not a bank account of this administration/);
    expect(res.body.rawKey).toMatch(/^bank-statements\//);
  });

  it('books what the robot is sure of, suggests the rest and asks the client about the unknown payment', async () => {
    expect(
      (await call('PUT', `${nl}/bank-accounts/${ownIban}`, { name: 'ING zakelijk', glAccount: '1100' })).status,
    ).toBe(200);

    const imported = await call('POST', `${nl}/bank-statements`, upload(statement));

    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ format: 'camt.053', status: 'imported' });
    expect(imported.body.statements[0]).toMatchObject({
      lines: 4,
      stored: 4,
      duplicates: 0,
      balanceCheck: { ok: true, difference: '0.00' },
      openingBalance: '5000.00',
      closingBalance: '5415.51',
    });
    const booked = await call('GET', `${nl}/bank-lines?state=booked`);
    const toProcess = await call('GET', `${nl}/bank-lines?state=to-process`);
    const byName = (lines: { counterpartyName: string }[], name: string) =>
      lines.find((l) => l.counterpartyName === name) as Record<string, any>;
    expect(byName(booked.body.items, 'BAKKERIJ DE VRIES')).toMatchObject({
      booking: { automatic: true, kind: 'open-items' },
    });
    expect((await call('GET', `${nl}/open-items/${salesItemId}`)).body).toMatchObject({
      status: 'paid',
      outstanding: '0.00',
    });
    const kpn = byName([...booked.body.items, ...toProcess.body.items], 'KPN B.V.');
    expect(kpn.suggestion).toMatchObject({ kind: 'gl-account', glLines: [{ glAccount: '4510', vatCode: 'NL-I21' }] });
    expect(byName(booked.body.items, 'Groothandel Smit BV')).toMatchObject({ booking: { automatic: true } });
    expect((await call('GET', `${nl}/open-items/${purchaseItemId}`)).body.status).toBe('paid');
    const unknown = byName(toProcess.body.items, 'Bol.com');
    expect(unknown.requestStatus).toBe('open');
    expect(unknown.suggestion.explanation.evidence.length).toBeGreaterThan(0);
  });

  it('lets the client answer the missing-document request and the firm close it', async () => {
    const lines = (await call('GET', `${nl}/bank-lines?state=to-process`)).body.items;
    const line = lines.find((l: { counterpartyName: string }) => l.counterpartyName === 'Bol.com');
    const requests = await call('GET', `${nl}/document-requests`, undefined, 'client');
    const reply = await call(
      'POST',
      `${nl}/bank-lines/${line.id}/request/messages`,
      { text: 'Printerpapier en toner, de bon volgt via de app.' },
      'client',
    );
    const strangeDocument = await call(
      'POST',
      `${nl}/bank-lines/${line.id}/request/messages`,
      { text: 'Hier is de bon.', documentId: '01jzzzzzzzzzzzzzzzzzzzzzzz' },
      'client',
    );
    const clientCannotClose = await call('POST', `${nl}/bank-lines/${line.id}/request/closing`, undefined, 'client');
    const closed = await call('POST', `${nl}/bank-lines/${line.id}/request/closing`);
    const thread = await call('GET', `${nl}/bank-lines/${line.id}/request`, undefined, 'client');

    expect(requests.body.items.map((r: { lineId: string }) => r.lineId)).toContain(line.id);
    expect(reply.status).toBe(201);
    expect(reply.body.request.status).toBe('answered');
    expect(strangeDocument.status).toBe(400);
    expect(clientCannotClose.status).toBe(403);
    expect(closed.body.status).toBe('closed');
    expect(thread.body.messages.map((m: { from: string }) => m.from)).toEqual(['firm', 'client']);
    expect(thread.body.messages[0].text).toMatch(/Wij missen het document bij de betaling van € 249,99 aan Bol.com/);
  });

  it('undoes an automatic booking: the invoice is open again and the line back to process', async () => {
    const booked = (await call('GET', `${nl}/bank-lines?state=booked`)).body.items;
    const line = booked.find((l: { counterpartyName: string }) => l.counterpartyName === 'BAKKERIJ DE VRIES');

    const undone = await call('DELETE', `${nl}/bank-lines/${line.id}/booking`);
    const again = await call('DELETE', `${nl}/bank-lines/${line.id}/booking`);

    expect(undone.status).toBe(200);
    expect(undone.body.state).toBe('to-process');
    expect(again.status).toBe(409);
    expect((await call('GET', `${nl}/open-items/${salesItemId}`)).body).toMatchObject({
      status: 'open',
      outstanding: '1210.00',
    });
    const rebooked = await call('POST', `${nl}/bank-lines/${line.id}/booking`);
    expect(rebooked.status).toBe(201);
    expect((await call('GET', `${nl}/open-items/${salesItemId}`)).body.status).toBe('paid');
  });

  it('books a line as the accountant splits it, with VAT', async () => {
    const lines = (await call('GET', `${nl}/bank-lines?state=to-process`)).body.items;
    const kpn = lines.find((l: { counterpartyName: string }) => l.counterpartyName === 'KPN B.V.');
    expect(kpn.suggestion.decision).toBe('suggest');

    const booked = await call('PUT', `${nl}/bank-lines/${kpn.id}/booking`, {
      lines: [{ glAccount: '4510', vatCode: 'NL-I21', amount: '-60.50' }],
    });

    expect(booked.status).toBe(201);
    expect(booked.body.booking.kind).toBe('gl-account');
    const posted = await call('GET', `${nl}/entries/${booked.body.booking.entryId}`);
    expect(posted.body.lines.map((l: { accountCode: string; amount: string }) => [l.accountCode, l.amount])).toEqual([
      ['1100', '-60.50'],
      ['4510', '50.00'],
      ['1520', '10.50'],
    ]);
  });

  it('adds nothing when the same file is imported again, and refuses a client user', async () => {
    const again = await call('POST', `${nl}/bank-statements`, upload(statement));
    const byClient = await call('POST', `${nl}/bank-statements`, upload(statement), 'client');

    expect(again.body.statements[0]).toMatchObject({ stored: 0, duplicates: 4 });
    expect(byClient.status).toBe(403);
  });
});
