import { XMLParser, XMLValidator } from 'fast-xml-parser-v5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

let t: TestApi;
const accountant = 'accountant@demo-kantoor.nl';
const client = 'klant@bakkerij-jansen.nl';
const be = '/administrations/adm-samenwerken-be';
const standaard = '/administrations/adm-standaard-nl';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => name === 'CdtTrfTxInf',
});

beforeAll(async () => {
  t = await startTestApi();
  for (const base of [be, standaard]) {
    expect((await t.call('POST', `${base}/books`, { as: accountant })).status).toBe(201);
  }
});
afterAll(async () => {
  await t?.close();
});

async function supplier(base: string, name: string, iban: string, glAccount: string): Promise<string> {
  const res = await t.call('POST', `${base}/relations`, {
    as: accountant,
    body: { roles: ['supplier'], name, ibans: [iban], defaultGlAccount: glAccount },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

let number = 0;
/** Posts a purchase invoice (or credit note) and returns its open item id. */
async function purchase(
  base: string,
  relationId: string,
  price: string,
  vatCode: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  number += 1;
  const res = await t.call('POST', `${base}/invoices`, {
    as: accountant,
    body: {
      side: 'purchase',
      relationId,
      invoiceNumber: `AK-${number}`,
      invoiceDate: '2026-04-01',
      dueDate: '2026-04-30',
      lines: [{ description: 'Grondstoffen', quantity: '1', unitPrice: price, vatCode }],
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  return res.body.openItemId;
}

describe('payment batches over HTTP', () => {
  it('the client builds, changes and approves a batch, downloads a pain.001.001.09 file and marks it sent', async () => {
    const molen = await supplier(be, 'Maalderij Vandenberghe NV', 'BE71096123456769', '600000');
    const suiker = await supplier(be, 'Suikerraffinaderij Tienen NV', 'BE68539007547034', '600000');
    const m1 = await purchase(be, molen, '1000.00', 'BE-I21-GOODS'); // 1210.00
    const m2 = await purchase(be, molen, '500.00', 'BE-I21-GOODS'); // 605.00
    const credit = await purchase(be, molen, '100.00', 'BE-I21-GOODS', { kind: 'credit-note' }); // -121.00
    const s1 = await purchase(be, suiker, '300.00', 'BE-I21-GOODS', { paymentReference: '+++090/9337/55493+++' });

    const built = await t.call('POST', `${be}/payment-batches`, {
      as: client,
      body: {
        requestedExecutionDate: '2026-04-20',
        items: [{ openItemId: m1 }, { openItemId: m2, amount: '300.00' }, { openItemId: credit }, { openItemId: s1 }],
      },
    });
    expect(built.status).toBe(201);
    const id = built.body.id;
    expect(built.headers.get('location')).toBe(`${be}/payment-batches/${id}`);
    expect(built.headers.get('etag')).toBe('"1"');
    expect(built.body).toMatchObject({
      status: 'draft',
      debtor: { iban: 'BE68539007547034' },
      numberOfTransactions: 2,
      controlSum: '1752.00',
      transfers: [
        { creditorIban: 'BE71096123456769', amount: '1389.00', remittance: { kind: 'unstructured' } },
        { creditorIban: 'BE68539007547034', amount: '363.00', remittance: { kind: 'structured', issuer: 'BBA' } },
      ],
    });
    // The split payment leaves the rest of m2 open in the books.
    const m2Item = await t.call('GET', `${be}/open-items/${m2}`, { as: client });
    expect(m2Item.body).toMatchObject({ outstanding: '605.00', status: 'open' });

    expect(
      (await t.call('PATCH', `${be}/payment-batches/${id}`, { as: client, body: { batchBooking: false } })).status,
    ).toBe(400);
    const changed = await t.call('PATCH', `${be}/payment-batches/${id}`, {
      as: client,
      headers: { 'if-match': '"1"' },
      body: { requestedExecutionDate: '2026-04-22', debtorBic: 'GKCCBEBB' },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');

    const early = await t.call('GET', `${be}/payment-batches/${id}/file`, { as: client });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('BATCH_NOT_APPROVED');

    const approved = await t.call('POST', `${be}/payment-batches/${id}/approval`, { as: client });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: 'demo-client', approvedByType: 'client' });
    const twice = await t.call('POST', `${be}/payment-batches/${id}/approval`, { as: client });
    expect(twice.status).toBe(200);
    expect(twice.body.approvedAt).toBe(approved.body.approvedAt);
    const late = await t.call('POST', `${be}/payment-batches/${id}/approval`, { as: accountant });
    expect(late.status).toBe(409);
    expect(late.headers.get('content-type')).toBe('application/problem+json');
    expect(late.body.code).toBe('BATCH_ALREADY_APPROVED');

    const file = await t.call('GET', `${be}/payment-batches/${id}/file`, { as: client });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('application/xml');
    expect(file.headers.get('content-disposition')).toContain(`${id}.pain.001.001.09.xml`);
    expect(XMLValidator.validate(file.body)).toBe(true);
    const doc = parser.parse(file.body).Document;
    expect(doc['@xmlns']).toBe('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
    const { GrpHdr, PmtInf } = doc.CstmrCdtTrfInitn;
    expect(GrpHdr).toMatchObject({ MsgId: id, NbOfTxs: '2', CtrlSum: '1752.00' });
    expect(PmtInf).toMatchObject({
      NbOfTxs: '2',
      CtrlSum: '1752.00',
      ReqdExctnDt: { Dt: '2026-04-22' },
      DbtrAcct: { Id: { IBAN: 'BE68539007547034' } },
      DbtrAgt: { FinInstnId: { BICFI: 'GKCCBEBB' } },
    });
    const amounts = PmtInf.CdtTrfTxInf.map(
      (tx: { Amt: { InstdAmt: { '#text': string } } }) => tx.Amt.InstdAmt['#text'],
    );
    expect(amounts).toEqual(['1389.00', '363.00']);
    expect(PmtInf.CdtTrfTxInf[1].RmtInf.Strd.CdtrRefInf.Ref).toBe('090933755493');

    const v03 = await t.call('GET', `${be}/payment-batches/${id}/file?version=03`, { as: accountant });
    expect(v03.status).toBe(200);
    expect(parser.parse(v03.body).Document.CstmrCdtTrfInitn.PmtInf.DbtrAgt).toEqual({
      FinInstnId: { BIC: 'GKCCBEBB' },
    });

    const sent = await t.call('POST', `${be}/payment-batches/${id}/sending`, { as: client });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', sentBy: 'demo-client' });
    const listed = await t.call('GET', `${be}/payment-batches?status=sent`, { as: client });
    expect(listed.body.items.map((b: { id: string }) => b.id)).toEqual([id]);

    const again = await t.call('POST', `${be}/payment-batches`, {
      as: accountant,
      body: { requestedExecutionDate: '2026-04-25', items: [{ openItemId: m2 }] },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('OPEN_ITEM_IN_BATCH');
  });

  it("refuses the approval of a Standaard administration's client user: client approvals need Samenwerken", async () => {
    const leverancier = await supplier(standaard, 'Groothandel Rijnmond BV', 'NL20INGB0001234567', '7000');
    const item = await purchase(standaard, leverancier, '100.00', 'NL-I21');
    const built = await t.call('POST', `${standaard}/payment-batches`, {
      as: accountant,
      body: { requestedExecutionDate: '2026-04-20', items: [{ openItemId: item }] },
    });
    expect(built.status).toBe(201);
    // A membership left from before the plan had no client users (the service refuses new ones).
    const adm = await t.deps.repo.getAdministration('demo-kantoor', 'adm-standaard-nl');
    await t.deps.repo.grantMembership(
      { userId: 'demo-accountant', firmId: 'demo-kantoor', userType: 'firm' },
      adm!,
      {
        userId: 'demo-client',
        administrationId: 'adm-standaard-nl',
        administrationName: adm!.legalName,
        country: 'NL',
        plan: 'standaard',
        grantedAt: new Date().toISOString(),
        grantedBy: 'demo-accountant',
      },
      new Date(),
    );

    const refused = await t.call('POST', `${standaard}/payment-batches/${built.body.id}/approval`, { as: client });

    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PLAN_RESTRICTION');
    const batch = await t.call('GET', `${standaard}/payment-batches/${built.body.id}`, { as: accountant });
    expect(batch.body.status).toBe('draft');
  });

  it('gives one approval and one 409 when two users approve at once', async () => {
    const leverancier = await supplier(be, 'Drukkerij Peeters BVBA', 'BE62510007547061', '600000');
    const item = await purchase(be, leverancier, '50.00', 'BE-I21-GOODS');
    const built = await t.call('POST', `${be}/payment-batches`, {
      as: accountant,
      body: { requestedExecutionDate: '2026-04-20', items: [{ openItemId: item }] },
    });

    const [a, b] = await Promise.all([
      t.call('POST', `${be}/payment-batches/${built.body.id}/approval`, { as: client }),
      t.call('POST', `${be}/payment-batches/${built.body.id}/approval`, { as: accountant }),
    ]);

    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });
});
