import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { XMLParser, XMLValidator } from 'fast-xml-parser-v5';
import { beforeAll, describe, expect, it } from 'vitest';
import { putBankAccount } from '#packages/bank';
import {
  createPurchaseInvoice,
  createSalesInvoice,
  getOpenItem,
  type Invoice,
  invoicingKeys,
  registerPayment,
} from '#packages/invoicing';
import { ConflictError, PlanRestrictionError, type TenantContext, ValidationError } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import {
  approvePaymentBatch,
  cancelPaymentBatch,
  changePaymentBatch,
  createPaymentBatch,
  getPaymentBatch,
  listPaymentBatches,
  markPaymentBatchSent,
  type PayingAdministration,
  type PaymentBatchInput,
  type PaymentsDeps,
  paymentBatchFile,
} from '#packages/payments';
import type { Relation } from '#packages/relations';
import { books, customer, invoicingDeps, supplier, tenant } from '../invoicing/support.ts';

let deps: PaymentsDeps;

beforeAll(async () => {
  deps = await invoicingDeps();
});

const client: TenantContext = { userId: 'client-1', firmId: tenant.firmId, userType: 'client' };
const otherClient: TenantContext = { userId: 'client-2', firmId: tenant.firmId, userType: 'client' };
const debtorIban = 'NL91ABNA0417164300';

/** An NL administration with books, a registered bank account and the given plan. */
async function payingAdministration(plan: PayingAdministration['plan'] = 'samenwerken'): Promise<PayingAdministration> {
  const b: BooksOf = await books(deps, 'NL');
  await putBankAccount(deps, tenant, b, debtorIban, { name: 'Zakelijke rekening', glAccount: '1100' });
  return {
    ...b,
    plan,
    legalName: 'Bakkerij Jansen BV',
    companyNumber: '12345678',
    address: { street: 'Dorpsstraat 1', postalCode: '1234 AB', city: 'Utrecht' },
  };
}

let counter = 0;
async function purchase(
  adm: PayingAdministration,
  relation: Relation,
  price: string,
  extra: { kind?: 'invoice' | 'credit-note'; paymentReference?: string; dueDate?: string } = {},
): Promise<Invoice> {
  counter += 1;
  return createPurchaseInvoice(deps, tenant, adm, {
    relationId: relation.id,
    invoiceNumber: `INK-${counter}`,
    invoiceDate: '2026-03-01',
    dueDate: extra.dueDate ?? '2026-03-31',
    lines: [{ description: 'Meel', quantity: '1', unitPrice: price, vatCode: 'NL-I21' }],
    ...(extra.kind ? { kind: extra.kind } : {}),
    ...(extra.paymentReference ? { paymentReference: extra.paymentReference } : {}),
  });
}

const suppliers = async (adm: PayingAdministration) => ({
  molen: await supplier(deps, adm, {
    name: 'Molen De Hoop BV',
    ibans: ['NL20INGB0001234567'],
    address: { street: 'Molenweg 3', postalCode: '3511 AA', city: 'Utrecht', country: 'NL' },
  }),
  suiker: await supplier(deps, adm, { name: 'Suikerfabriek Tienen NV', ibans: ['BE68539007547034'] }),
});

const batchInput = (items: PaymentBatchInput['items'], extra: Partial<PaymentBatchInput> = {}): PaymentBatchInput => ({
  requestedExecutionDate: '2026-03-20',
  items,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => name === 'CdtTrfTxInf',
});

describe('createPaymentBatch', () => {
  it('makes one transfer per supplier from 3 payables of 2 suppliers, netting a credit note against its invoices', async () => {
    const adm = await payingAdministration();
    const { molen, suiker } = await suppliers(adm);
    const m1 = await purchase(adm, molen, '1000.00'); // 1210.00
    const m2 = await purchase(adm, molen, '500.00'); // 605.00
    const credit = await purchase(adm, molen, '100.00', { kind: 'credit-note' }); // -121.00
    const s1 = await purchase(adm, suiker, '300.00', { paymentReference: '+++090/9337/55493+++' }); // 363.00

    const batch = await createPaymentBatch(
      deps,
      client,
      adm,
      batchInput([
        { openItemId: m1.openItemId },
        { openItemId: m2.openItemId },
        { openItemId: credit.openItemId },
        { openItemId: s1.openItemId },
      ]),
    );

    expect(batch).toMatchObject({
      status: 'draft',
      painVersion: '09',
      batchBooking: true,
      requestedExecutionDate: '2026-03-20',
      debtor: { name: 'Bakkerij Jansen BV', iban: debtorIban },
      numberOfTransactions: 2,
      controlSum: 169_400 + 36_300,
      messageId: batch.id,
      version: 1,
      createdBy: 'client-1',
    });
    expect(batch.items.map((i) => [i.invoiceNumber, i.kind, i.amount])).toEqual([
      [m1.number, 'invoice', 121_000],
      [m2.number, 'invoice', 60_500],
      [credit.number, 'credit-note', 12_100],
      [s1.number, 'invoice', 36_300],
    ]);
    expect(batch.transfers).toEqual([
      {
        endToEndId: `${batch.id}-01`,
        relationId: molen.id,
        creditorName: 'Molen De Hoop BV',
        creditorIban: 'NL20INGB0001234567',
        creditorAddress: { street: 'Molenweg 3', postalCode: '3511 AA', town: 'Utrecht', country: 'NL' },
        amount: 169_400,
        remittance: { kind: 'unstructured', text: `Facturen ${m1.number}, ${m2.number} - creditnota ${credit.number}` },
        openItemIds: [m1.openItemId, m2.openItemId, credit.openItemId],
      },
      {
        endToEndId: `${batch.id}-02`,
        relationId: suiker.id,
        creditorName: 'Suikerfabriek Tienen NV',
        creditorIban: 'BE68539007547034',
        amount: 36_300,
        remittance: { kind: 'structured', reference: '090933755493', issuer: 'BBA' },
        openItemIds: [s1.openItemId],
      },
    ]);
    // Building the list books nothing: the items stay outstanding until the bank pays them.
    expect((await getOpenItem(deps, adm, m1.openItemId)).outstanding).toBe(121_000);
    expect((await listPaymentBatches(deps, tenant, adm, { status: 'draft' })).items.map((b) => b.id)).toEqual([
      batch.id,
    ]);
  });

  it('pays part of an invoice (a split payment) and leaves the rest open for a later batch once the part is booked', async () => {
    const adm = await payingAdministration();
    const { molen } = await suppliers(adm);
    const invoice = await purchase(adm, molen, '1000.00'); // 1210.00

    const first = await createPaymentBatch(
      deps,
      tenant,
      adm,
      batchInput([{ openItemId: invoice.openItemId, amount: '400.00' }]),
    );
    expect(first.transfers[0]).toMatchObject({
      amount: 40_000,
      remittance: { kind: 'unstructured', text: `Factuur ${invoice.number} (deel)` },
    });
    await approvePaymentBatch(deps, tenant, adm, first.id);
    await markPaymentBatchSent(deps, tenant, adm, first.id);
    // Sent but not booked: the rest cannot be paid yet (the part would be paid twice).
    expect(
      await failure(createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: invoice.openItemId }]))),
    ).toMatchObject({ code: 'OPEN_ITEM_IN_BATCH' });

    // The bank line of the part is booked: 810.00 stays open and can go in the next batch.
    await registerPayment(deps, tenant, adm, invoice.openItemId, { date: '2026-03-21', amount: '400.00' });
    expect((await getOpenItem(deps, adm, invoice.openItemId)).outstanding).toBe(81_000);
    const rest = await createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: invoice.openItemId }]));
    expect(rest.controlSum).toBe(81_000);
    expect(rest.items[0]).toMatchObject({ amount: 81_000, outstanding: 81_000 });
  });

  it('refuses more than is outstanding, a receivable, credit notes without an invoice of the supplier, and a supplier without IBAN', async () => {
    const adm = await payingAdministration();
    const { molen, suiker } = await suppliers(adm);
    const noIban = await supplier(deps, adm, { name: 'Contant BV' });
    const invoice = await purchase(adm, molen, '100.00'); // 121.00
    const credit = await purchase(adm, suiker, '10.00', { kind: 'credit-note' });
    const cash = await purchase(adm, noIban, '10.00');

    const tooMuch = await failure(
      createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: invoice.openItemId, amount: '121.01' }])),
    );
    expect(tooMuch).toBeInstanceOf(ValidationError);
    expect((tooMuch as ValidationError).issues[0]).toMatchObject({ path: 'items.0.amount' });

    const buyer = await customer(deps, adm);
    const sale = await createSalesInvoice(deps, tenant, adm, {
      relationId: buyer.id,
      invoiceDate: '2026-03-01',
      lines: [{ description: 'Brood', quantity: '1', unitPrice: '10.00', vatCode: 'NL-V9' }],
    });
    const receivable = await failure(
      createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: sale.openItemId }])),
    );
    expect((receivable as ValidationError).issues[0]?.message).toMatch(/is not a purchase invoice/);

    const lonely = await failure(
      createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: credit.openItemId }])),
    );
    expect((lonely as ValidationError).issues[0]?.message).toMatch(/select an invoice of Suikerfabriek/);

    const nothing = await failure(createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: cash.openItemId }])));
    expect((nothing as ValidationError).issues[0]?.message).toMatch(/Contant BV has no IBAN/);

    const foreign = await failure(
      createPaymentBatch(
        deps,
        tenant,
        adm,
        batchInput([{ openItemId: invoice.openItemId }], { debtorIban: 'BE68539007547034' }),
      ),
    );
    expect((foreign as ValidationError).issues[0]).toMatchObject({ path: 'debtorIban' });
  });

  it('refuses an item whose payment the approval flows block', async () => {
    const adm = await payingAdministration();
    const { molen } = await suppliers(adm);
    const invoice = await purchase(adm, molen, '6000.00');
    const blocked = { ...deps, isPaymentBlocked: async (id: string) => id === invoice.openItemId };

    const error = await failure(
      createPaymentBatch(blocked, tenant, adm, batchInput([{ openItemId: invoice.openItemId }])),
    );

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'PAYMENT_BLOCKED' });
    expect((error as Error).message).toContain(invoice.number);
  });
});

describe('payment blocks of the approval flows', () => {
  it("refuses an item whose open item carries the approval flows' paymentBlock, when building and when approving", async () => {
    const adm = await payingAdministration();
    const { molen } = await suppliers(adm);
    const invoice = await purchase(adm, molen, '100.00');
    const block = () =>
      deps.table.doc.send(
        new UpdateCommand({
          TableName: deps.table.name,
          Key: invoicingKeys(adm.firmId, adm.id).openItem(invoice.openItemId),
          UpdateExpression: 'SET paymentBlock = :b',
          ExpressionAttributeValues: { ':b': { approvalId: 'A1', since: '2026-03-02', reason: 'over 5000' } },
        }),
      );
    const batch = await createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: invoice.openItemId }]));
    await block();

    expect(await failure(approvePaymentBatch(deps, client, adm, batch.id))).toMatchObject({ code: 'PAYMENT_BLOCKED' });
    await cancelPaymentBatch(deps, tenant, adm, batch.id);
    expect(
      await failure(createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: invoice.openItemId }]))),
    ).toMatchObject({ code: 'PAYMENT_BLOCKED' });
  });
});

describe('cancelPaymentBatch', () => {
  it('cancels a draft or approved batch and frees its items; a sent batch stays', async () => {
    const adm = await payingAdministration();
    const { molen } = await suppliers(adm);
    const invoice = await purchase(adm, molen, '100.00');
    const batch = await createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: invoice.openItemId }]));
    await approvePaymentBatch(deps, client, adm, batch.id);

    const cancelled = await cancelPaymentBatch(deps, client, adm, batch.id);

    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledBy: 'client-1', version: 3 });
    expect(await cancelPaymentBatch(deps, tenant, adm, batch.id)).toEqual(cancelled);
    expect(await failure(paymentBatchFile(deps, tenant, adm, batch.id))).toMatchObject({ code: 'BATCH_CANCELLED' });
    expect(await failure(approvePaymentBatch(deps, client, adm, batch.id))).toMatchObject({ code: 'BATCH_CANCELLED' });
    const next = await createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: invoice.openItemId }]));
    await approvePaymentBatch(deps, tenant, adm, next.id);
    await markPaymentBatchSent(deps, tenant, adm, next.id);
    expect(await failure(cancelPaymentBatch(deps, tenant, adm, next.id))).toMatchObject({ code: 'BATCH_SENT' });
  });
});

describe('changePaymentBatch', () => {
  it('changes a draft under If-Match, releases items taken out, and refuses a stale version', async () => {
    const adm = await payingAdministration();
    const { molen, suiker } = await suppliers(adm);
    const a = await purchase(adm, molen, '100.00');
    const b = await purchase(adm, suiker, '200.00');
    const batch = await createPaymentBatch(
      deps,
      tenant,
      adm,
      batchInput([{ openItemId: a.openItemId }, { openItemId: b.openItemId }]),
    );

    const changed = await changePaymentBatch(
      deps,
      client,
      adm,
      batch.id,
      {
        items: [{ openItemId: a.openItemId, amount: '50.00' }],
        painVersion: '03',
        requestedExecutionDate: '2026-03-25',
      },
      1,
    );

    expect(changed).toMatchObject({
      version: 2,
      painVersion: '03',
      requestedExecutionDate: '2026-03-25',
      controlSum: 5000,
    });
    expect(changed.transfers).toHaveLength(1);
    expect(await failure(changePaymentBatch(deps, tenant, adm, batch.id, { batchBooking: false }, 1))).toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    // b was released: another batch may take it.
    const other = await createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: b.openItemId }]));
    expect(other.controlSum).toBe(24_200);
  });
});

describe('approvePaymentBatch', () => {
  it('lets a client user of a Samenwerken administration approve', async () => {
    const adm = await payingAdministration('samenwerken');
    const { molen } = await suppliers(adm);
    const invoice = await purchase(adm, molen, '100.00');
    const batch = await createPaymentBatch(deps, client, adm, batchInput([{ openItemId: invoice.openItemId }]));

    const approved = await approvePaymentBatch(deps, client, adm, batch.id, 1);

    expect(approved).toMatchObject({
      status: 'approved',
      approvedBy: 'client-1',
      approvedByType: 'client',
      version: 2,
    });
    expect(await getPaymentBatch(deps, client, adm, batch.id)).toEqual(approved);
    expect(await failure(changePaymentBatch(deps, client, adm, batch.id, { batchBooking: false }, 2))).toMatchObject({
      code: 'BATCH_NOT_DRAFT',
    });
  });

  it('refuses a client user of a Standaard administration (no client approvals in the plan); the firm may', async () => {
    const adm = await payingAdministration('standaard');
    const { molen } = await suppliers(adm);
    const invoice = await purchase(adm, molen, '100.00');
    const batch = await createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: invoice.openItemId }]));

    const error = await failure(approvePaymentBatch(deps, client, adm, batch.id));

    expect(error).toBeInstanceOf(PlanRestrictionError);
    expect((error as Error).message).toMatch(/Samenwerken or higher/);
    expect((await getPaymentBatch(deps, tenant, adm, batch.id)).status).toBe('draft');
    expect((await approvePaymentBatch(deps, tenant, adm, batch.id)).status).toBe('approved');
  });

  it('approves once: the same user again gets the approval back; two users at once give one approval and one 409', async () => {
    const adm = await payingAdministration();
    const { molen } = await suppliers(adm);
    const one = await purchase(adm, molen, '100.00');
    const two = await purchase(adm, molen, '200.00');
    const first = await createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: one.openItemId }]));
    const approved = await approvePaymentBatch(deps, client, adm, first.id);
    expect(await approvePaymentBatch(deps, client, adm, first.id)).toEqual(approved);
    expect(await failure(approvePaymentBatch(deps, otherClient, adm, first.id))).toMatchObject({
      code: 'BATCH_ALREADY_APPROVED',
    });

    const second = await createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: two.openItemId }]));
    const results = await Promise.allSettled([
      approvePaymentBatch(deps, client, adm, second.id),
      approvePaymentBatch(deps, otherClient, adm, second.id),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'BATCH_ALREADY_APPROVED' });
    expect((await getPaymentBatch(deps, tenant, adm, second.id)).version).toBe(2);
  });

  it('refuses to approve when an item was paid another way meanwhile', async () => {
    const adm = await payingAdministration();
    const { molen } = await suppliers(adm);
    const invoice = await purchase(adm, molen, '100.00');
    const batch = await createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: invoice.openItemId }]));
    await registerPayment(deps, tenant, adm, invoice.openItemId, { date: '2026-03-10', amount: '121.00' });

    expect(await failure(approvePaymentBatch(deps, tenant, adm, batch.id))).toMatchObject({
      code: 'OPEN_ITEM_CHANGED',
    });
  });
});

describe('paymentBatchFile and markPaymentBatchSent', () => {
  it('gives a valid pain.001.001.09 file with the batch control sum, then marks batch and items sent so they cannot join another batch', async () => {
    const adm = await payingAdministration();
    const { molen, suiker } = await suppliers(adm);
    const m1 = await purchase(adm, molen, '1000.00');
    const credit = await purchase(adm, molen, '100.00', { kind: 'credit-note' });
    const s1 = await purchase(adm, suiker, '300.00', { paymentReference: 'RF18539007547034' });
    const batch = await createPaymentBatch(
      deps,
      tenant,
      adm,
      batchInput([{ openItemId: m1.openItemId }, { openItemId: credit.openItemId }, { openItemId: s1.openItemId }], {
        debtorBic: 'ABNANL2A',
      }),
    );
    expect(await failure(paymentBatchFile(deps, tenant, adm, batch.id))).toMatchObject({ code: 'BATCH_NOT_APPROVED' });
    const approved = await approvePaymentBatch(deps, client, adm, batch.id);

    const file = await paymentBatchFile(deps, client, adm, batch.id);

    expect(file.fileName).toBe(`${batch.id}.pain.001.001.09.xml`);
    expect(XMLValidator.validate(file.xml)).toBe(true);
    const doc = parser.parse(file.xml).Document;
    expect(doc['@xmlns']).toBe('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
    const { GrpHdr, PmtInf } = doc.CstmrCdtTrfInitn;
    expect(GrpHdr).toEqual({
      MsgId: batch.id,
      CreDtTm: `${approved.approvedAt?.slice(0, 19)}Z`,
      NbOfTxs: '2',
      CtrlSum: '1452.00',
      InitgPty: { Nm: 'Bakkerij Jansen BV', Id: { OrgId: { Othr: { Id: '12345678', Issr: 'KVK' } } } },
    });
    expect(PmtInf).toMatchObject({
      PmtInfId: `${batch.id}-1`,
      PmtMtd: 'TRF',
      BtchBookg: 'true',
      NbOfTxs: '2',
      CtrlSum: '1452.00',
      ReqdExctnDt: { Dt: '2026-03-20' },
      Dbtr: {
        Nm: 'Bakkerij Jansen BV',
        PstlAdr: { StrtNm: 'Dorpsstraat 1', PstCd: '1234 AB', TwnNm: 'Utrecht', Ctry: 'NL' },
      },
      DbtrAcct: { Id: { IBAN: debtorIban } },
      DbtrAgt: { FinInstnId: { BICFI: 'ABNANL2A' } },
      ChrgBr: 'SLEV',
    });
    expect(PmtInf.CdtTrfTxInf).toEqual([
      {
        PmtId: { EndToEndId: `${batch.id}-01` },
        Amt: { InstdAmt: { '#text': '1089.00', '@Ccy': 'EUR' } },
        Cdtr: {
          Nm: 'Molen De Hoop BV',
          PstlAdr: { StrtNm: 'Molenweg 3', PstCd: '3511 AA', TwnNm: 'Utrecht', Ctry: 'NL' },
        },
        CdtrAcct: { Id: { IBAN: 'NL20INGB0001234567' } },
        RmtInf: { Ustrd: `Factuur ${m1.number} - creditnota ${credit.number}` },
      },
      {
        PmtId: { EndToEndId: `${batch.id}-02` },
        Amt: { InstdAmt: { '#text': '363.00', '@Ccy': 'EUR' } },
        Cdtr: { Nm: 'Suikerfabriek Tienen NV' },
        CdtrAcct: { Id: { IBAN: 'BE68539007547034' } },
        RmtInf: { Strd: { CdtrRefInf: { Tp: { CdOrPrtry: { Cd: 'SCOR' }, Issr: 'ISO' }, Ref: 'RF18539007547034' } } },
      },
    ]);
    // Every download is the same file; .03 on request.
    expect((await paymentBatchFile(deps, tenant, adm, batch.id)).xml).toBe(file.xml);
    const v03 = await paymentBatchFile(deps, tenant, adm, batch.id, '03');
    expect(parser.parse(v03.xml).Document.CstmrCdtTrfInitn.PmtInf.ReqdExctnDt).toBe('2026-03-20');

    const sent = await markPaymentBatchSent(deps, client, adm, batch.id);
    expect(sent).toMatchObject({ status: 'sent', sentBy: 'client-1', version: 3 });
    expect(await markPaymentBatchSent(deps, tenant, adm, batch.id)).toEqual(sent);
    expect((await listPaymentBatches(deps, tenant, adm, { status: 'sent' })).items.map((b) => b.id)).toEqual([
      batch.id,
    ]);
    expect((await listPaymentBatches(deps, tenant, adm, { status: 'approved' })).items).toEqual([]);

    const again = await failure(createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: s1.openItemId }])));
    expect(again).toMatchObject({ code: 'OPEN_ITEM_IN_BATCH' });
    expect((again as Error).message).toContain(`batch ${batch.id}, sent`);
  });

  it('keeps an item of a draft batch out of another batch, also when two batches race for it', async () => {
    const adm = await payingAdministration();
    const { molen } = await suppliers(adm);
    const invoice = await purchase(adm, molen, '100.00');

    const results = await Promise.allSettled([
      createPaymentBatch(deps, tenant, adm, batchInput([{ openItemId: invoice.openItemId }])),
      createPaymentBatch(deps, client, adm, batchInput([{ openItemId: invoice.openItemId }])),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(
      ConflictError,
    );
    expect((await listPaymentBatches(deps, tenant, adm)).items).toHaveLength(1);
  });
});
