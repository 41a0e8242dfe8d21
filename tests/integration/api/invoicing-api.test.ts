import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidBelgianStructuredReference, isValidDutchPaymentReference } from '#packages/kernel';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

let t: TestApi;
const accountant = 'accountant@demo-kantoor.nl';
const client = 'klant@bakkerij-jansen.nl';
const nl = '/administrations/adm-uitgebreid-nl';
const be = '/administrations/adm-samenwerken-be';

beforeAll(async () => {
  t = await startTestApi();
  for (const base of [nl, be]) expect((await t.call('POST', `${base}/books`, { as: accountant })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

/** Upserts a relation by the integrator's CRM id and returns its id. */
async function crmRelation(base: string, externalId: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.call('PUT', `${base}/relations/by-external-id/crm/${externalId}`, { as: accountant, body });
  expect([200, 201]).toContain(res.status);
  return res.body.id;
}

type Row = { accountCode: string; balance: string };
const balanceOf = (tb: { accounts: Row[] }, code: string) =>
  tb.accounts.find((a) => a.accountCode === code)?.balance ?? '0.00';

describe('the integrator flow over HTTP', () => {
  it('upserts a customer, posts a sales invoice at two VAT rates, reads the open item, registers the payment and sees receivables back to zero', async () => {
    const customerId = await crmRelation(nl, 'klant-1001', {
      roles: ['customer'],
      name: 'Installatiebedrijf Noord BV',
      paymentTermDays: 14,
    });
    expect(await crmRelation(nl, 'klant-1001', { roles: ['customer'], name: 'Installatiebedrijf Noord BV' })).toBe(
      customerId,
    );

    const posted = await t.call('POST', `${nl}/invoices`, {
      as: accountant,
      body: {
        side: 'sales',
        relationId: customerId,
        invoiceDate: '2026-03-10',
        lines: [
          { description: 'Cv-ketel', quantity: '1', unitPrice: '1000.00', vatCode: 'NL-V21', glAccount: '8000' },
          { description: 'Boeken', quantity: '2', unitPrice: '12.50', vatCode: 'NL-V9', glAccount: '8010' },
        ],
      },
    });
    expect(posted.status).toBe(201);
    const invoice = posted.body;
    expect(posted.headers.get('location')).toBe(`${nl}/invoices/${invoice.id}`);
    expect(invoice).toMatchObject({
      side: 'sales',
      kind: 'invoice',
      number: 'F2026-0001',
      dueDate: '2026-03-24',
      lines: [
        { glAccount: '8000', unitPrice: '1000.00', net: '1000.00' },
        { glAccount: '8010', unitPrice: '12.50', net: '25.00' },
      ],
      vat: [
        { code: 'NL-V21', base: '1000.00', vat: '210.00' },
        { code: 'NL-V9', base: '25.00', vat: '2.25' },
      ],
      totals: { net: '1025.00', vat: '212.25', gross: '1237.25' },
    });
    expect(isValidDutchPaymentReference(invoice.paymentReference)).toBe(true);

    const entry = await t.call('GET', `${nl}/entries/${invoice.entryId}`, { as: accountant });
    expect(entry.body.lines.map((l: { accountCode: string; amount: string }) => [l.accountCode, l.amount])).toEqual([
      ['1300', '1237.25'],
      ['8000', '-1000.00'],
      ['8010', '-25.00'],
      ['1500', '-210.00'],
      ['1500', '-2.25'],
    ]);
    expect((await t.call('GET', `${nl}/invoices/${invoice.id}`, { as: accountant })).body.totals.gross).toBe('1237.25');

    const item = await t.call('GET', `${nl}/open-items/${invoice.openItemId}`, { as: accountant });
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({
      side: 'receivable',
      amount: '1237.25',
      paid: '0.00',
      outstanding: '1237.25',
      status: 'open',
      paymentReference: invoice.paymentReference,
      payments: [],
    });
    const outstanding = await t.call('GET', `${nl}/open-items?side=receivable&dueTo=2026-03-31`, { as: accountant });
    expect(outstanding.body.items.map((i: { id: string }) => i.id)).toContain(invoice.openItemId);

    const paid = await t.call('POST', `${nl}/open-items/${invoice.openItemId}/payments`, {
      as: accountant,
      body: { date: '2026-03-20', amount: '1237.25' },
    });
    expect(paid.status).toBe(201);
    expect(paid.body.payment).toMatchObject({ amount: '1237.25', bankAccount: '1100' });
    const after = await t.call('GET', `${nl}/open-items/${invoice.openItemId}`, { as: accountant });
    expect(after.body).toMatchObject({ status: 'paid', paid: '1237.25', outstanding: '0.00' });
    expect(after.body.payments).toHaveLength(1);
    const open = await t.call('GET', `${nl}/relations/${customerId}/open-items`, { as: accountant });
    expect(open.body.items).toEqual([]);
    const all = await t.call('GET', `${nl}/relations/${customerId}/open-items?status=paid`, { as: accountant });
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([invoice.openItemId]);

    const tb = await t.call('GET', `${nl}/reports/trial-balance?to=2026-03`, { as: accountant });
    expect(balanceOf(tb.body, '1300')).toBe('0.00');
    expect(balanceOf(tb.body, '1100')).toBe('1237.25');
    expect(tb.body.totals.difference).toBe('0.00');
  });

  it('refuses a client user without the sales-invoices add-on, and lets them once the accountant adds it', async () => {
    const customerId = await crmRelation(nl, 'klant-2002', { roles: ['customer'], name: 'Woningcorporatie Zuid' });
    const body = {
      side: 'sales',
      relationId: customerId,
      invoiceDate: '2026-04-01',
      lines: [{ description: 'Onderhoud', quantity: '1', unitPrice: '100.00', vatCode: 'NL-V21' }],
    };
    const refused = await t.call('POST', `${nl}/invoices`, { as: client, body });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PLAN_RESTRICTION');
    expect((await t.call('GET', `${nl}/invoices`, { as: client })).body.code).toBe('PLAN_RESTRICTION');
    // Open items and ageing are readable for every member.
    expect((await t.call('GET', `${nl}/open-items`, { as: client })).status).toBe(200);

    const patched = await t.call('PATCH', nl, { as: accountant, body: { addOns: ['sales-invoices'] } });
    expect(patched.status).toBe(200);
    const allowed = await t.call('POST', `${nl}/invoices`, { as: client, body });
    expect(allowed.status).toBe(201);
    expect(allowed.body.createdBy).toBe('demo-client');
    // Hours still need their own add-on.
    const hours = await t.call('GET', `${nl}/time-entries?customerId=${customerId}`, { as: client });
    expect(hours.body.code).toBe('PLAN_RESTRICTION');
  });

  it('replays the first invoice for a repeated Idempotency-Key instead of posting a second', async () => {
    const customerId = await crmRelation(nl, 'klant-3003', { roles: ['customer'], name: 'Bouwbedrijf West' });
    const body = {
      side: 'sales',
      relationId: customerId,
      invoiceDate: '2026-04-02',
      lines: [{ description: 'Storing', quantity: '1.5', unitPrice: '80.00', vatCode: 'NL-V21' }],
    };
    const headers = { 'idempotency-key': `invoice-${Date.now()}` };
    const first = await t.call('POST', `${nl}/invoices`, { as: accountant, body, headers });
    const again = await t.call('POST', `${nl}/invoices`, { as: accountant, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.number).toBe(first.body.number);
    const listed = await t.call('GET', `${nl}/relations/${customerId}/invoices`, { as: accountant });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([first.body.id]);
  });

  it('answers 400 with pointers into the body for an invalid invoice', async () => {
    const res = await t.call('POST', `${nl}/invoices`, {
      as: accountant,
      body: {
        side: 'sales',
        relationId: 'x',
        invoiceDate: '2026-13-01',
        lines: [{ description: 'x', quantity: '1', unitPrice: '1.001' }],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(['/invoiceDate', '/lines/0/unitPrice']),
    );
  });
});

describe('hours, quotes, cost centres and ageing over HTTP', () => {
  it('invoices recorded hours and reports them billed', async () => {
    const customerId = await crmRelation(nl, 'klant-4004', { roles: ['customer'], name: 'Zorgcentrum Oost' });
    const ids: string[] = [];
    for (const date of ['2026-05-04', '2026-05-05']) {
      const entry = await t.call('POST', `${nl}/time-entries`, {
        as: accountant,
        body: {
          date,
          customerId,
          minutes: 90,
          description: 'Storingsdienst',
          type: 'direct',
          hourlyRate: '80.00',
        },
      });
      expect(entry.status).toBe(201);
      expect(entry.body).toMatchObject({ status: 'unbilled', hourlyRate: '80.00' });
      expect(entry.headers.get('location')).toBe(`${nl}/time-entries/${entry.body.id}`);
      ids.push(entry.body.id);
    }
    const unbilled = await t.call('GET', `${nl}/time-entries?customerId=${customerId}&from=2026-05-01&to=2026-05-31`, {
      as: accountant,
    });
    expect(unbilled.body.items.map((e: { id: string }) => e.id).sort()).toEqual([...ids].sort());

    const made = await t.call('POST', `${nl}/hours-invoices`, {
      as: accountant,
      body: {
        customerId,
        from: '2026-05-01',
        to: '2026-05-31',
        include: 'direct',
        vatCode: 'NL-V21',
        invoiceDate: '2026-06-01',
      },
    });
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe(`${nl}/invoices/${made.body.id}`);
    expect(made.body.totals).toEqual({ net: '240.00', vat: '50.40', gross: '290.40' });
    expect([...made.body.timeEntryIds].sort()).toEqual([...ids].sort());

    const billed = await t.call('GET', `${nl}/time-entries/${ids[0]}`, { as: accountant });
    expect(billed.body).toMatchObject({ status: 'billed', invoiceId: made.body.id });
    const report = await t.call('GET', `${nl}/hours-report?from=2026-05-01&to=2026-05-31&customerId=${customerId}`, {
      as: accountant,
    });
    expect(report.status).toBe(200);
    expect(report.body.billed).toMatchObject({ minutes: 180, amount: '240.00' });
    expect(report.body.unbilled).toMatchObject({ minutes: 0, amount: '0.00' });
  });

  it('turns a sent quote into an invoice once', async () => {
    const customerId = await crmRelation(nl, 'klant-5005', { roles: ['customer'], name: 'School De Linde' });
    const quote = await t.call('POST', `${nl}/quotes`, {
      as: accountant,
      body: {
        relationId: customerId,
        date: '2026-05-10',
        validUntil: '2026-06-10',
        lines: [{ description: 'Warmtepomp', quantity: '1', unitPrice: '4500.00', vatCode: 'NL-V21' }],
      },
    });
    expect(quote.status).toBe(201);
    expect(quote.body).toMatchObject({ number: 'Q2026-0001', status: 'draft', totals: { gross: '5445.00' } });
    const sent = await t.call('PUT', `${nl}/quotes/${quote.body.id}/status`, {
      as: accountant,
      body: { status: 'sent' },
    });
    expect(sent.body.status).toBe('sent');

    const converted = await t.call('POST', `${nl}/quotes/${quote.body.id}/conversion`, {
      as: accountant,
      body: { invoiceDate: '2026-05-20' },
    });
    expect(converted.status).toBe(201);
    expect(converted.body.quote).toMatchObject({ status: 'converted', invoiceId: converted.body.invoice.id });
    expect(converted.body.invoice).toMatchObject({ quoteId: quote.body.id, totals: { gross: '5445.00' } });
    expect(converted.headers.get('location')).toBe(`${nl}/invoices/${converted.body.invoice.id}`);
    const twice = await t.call('POST', `${nl}/quotes/${quote.body.id}/conversion`, {
      as: accountant,
      body: { invoiceDate: '2026-05-21' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('QUOTE_ALREADY_CONVERTED');
    const quotes = await t.call('GET', `${nl}/quotes`, { as: accountant });
    expect(quotes.body.items.find((q: { id: string }) => q.id === quote.body.id)?.status).toBe('converted');
    expect((await t.call('GET', `${nl}/quotes/${quote.body.id}`, { as: accountant })).body.invoiceId).toBe(
      converted.body.invoice.id,
    );
  });

  it('books a purchase on a cost centre and reads the purchases of the cost centre', async () => {
    const created = await t.call('PUT', `${nl}/cost-centres/P-2026-014`, {
      as: accountant,
      body: { name: 'Renovatie Kerkstraat', externalId: 'proj-14' },
    });
    expect(created.status).toBe(201);
    const same = await t.call('PUT', `${nl}/cost-centres/P-2026-014`, {
      as: accountant,
      body: { name: 'Renovatie Kerkstraat', externalId: 'proj-14' },
    });
    expect(same.status).toBe(200);
    const taken = await t.call('PUT', `${nl}/cost-centres/P-2026-015`, {
      as: accountant,
      body: { name: 'Ander project', externalId: 'proj-14' },
    });
    expect(taken.status).toBe(409);

    const supplierId = await crmRelation(nl, 'lev-77', {
      roles: ['supplier'],
      name: 'Technische Groothandel BV',
      defaultGlAccount: '7000',
    });
    const purchaseBody = {
      side: 'purchase',
      relationId: supplierId,
      invoiceNumber: 'TG-2026-0815',
      invoiceDate: '2026-05-15',
      lines: [
        { description: 'Leidingwerk', quantity: '1', unitPrice: '400.00', vatCode: 'NL-I21', costCentre: 'P-2026-014' },
        { description: 'Kantoor', quantity: '1', unitPrice: '50.00', vatCode: 'NL-I21' },
      ],
    };
    const purchase = await t.call('POST', `${nl}/invoices`, { as: accountant, body: purchaseBody });
    expect(purchase.status).toBe(201);
    expect(purchase.body).toMatchObject({ side: 'purchase', number: 'TG-2026-0815', totals: { gross: '544.50' } });
    const duplicate = await t.call('POST', `${nl}/invoices`, { as: accountant, body: purchaseBody });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('DUPLICATE_INVOICE_NUMBER');

    const purchases = await t.call('GET', `${nl}/cost-centres/P-2026-014/purchases?from=2026-05-01&to=2026-05-31`, {
      as: accountant,
    });
    expect(purchases.status).toBe(200);
    expect(purchases.body.items).toEqual([
      expect.objectContaining({ invoiceId: purchase.body.id, invoiceNumber: 'TG-2026-0815', net: '400.00' }),
    ]);
    expect((await t.call('GET', `${nl}/cost-centres/P-2026-014`, { as: accountant })).body.name).toBe(
      'Renovatie Kerkstraat',
    );
    const listed = await t.call('GET', `${nl}/cost-centres`, { as: accountant });
    expect(listed.body.items.map((c: { code: string }) => c.code)).toEqual(['P-2026-014']);
    const payables = await t.call('GET', `${nl}/invoices?side=purchase&from=2026-05-01&to=2026-05-31`, {
      as: accountant,
    });
    expect(payables.body.items.map((i: { id: string }) => i.id)).toEqual([purchase.body.id]);
  });

  it('settles a Belgian credit note against its invoice, records a reminder and ages what is left', async () => {
    const customerId = await crmRelation(be, 'klant-6006', { roles: ['customer'], name: 'Brasserie De Markt' });
    const invoice = await t.call('POST', `${be}/invoices`, {
      as: accountant,
      body: {
        side: 'sales',
        relationId: customerId,
        invoiceDate: '2026-01-10',
        lines: [{ description: 'Taarten', quantity: '10', unitPrice: '20.00', vatCode: 'BE-V21' }],
      },
    });
    expect(invoice.status).toBe(201);
    expect(isValidBelgianStructuredReference(invoice.body.paymentReference)).toBe(true);
    const credit = await t.call('POST', `${be}/invoices`, {
      as: accountant,
      body: {
        side: 'sales',
        kind: 'credit-note',
        creditNoteFor: invoice.body.id,
        relationId: customerId,
        invoiceDate: '2026-01-15',
        lines: [{ description: 'Taarten retour', quantity: '2', unitPrice: '20.00', vatCode: 'BE-V21' }],
      },
    });
    expect(credit.status).toBe(201);
    expect(credit.body.totals.gross).toBe('-48.40');

    const settled = await t.call('POST', `${be}/open-items/${credit.body.openItemId}/settlements`, {
      as: accountant,
      body: { invoiceItemId: invoice.body.openItemId, date: '2026-01-20' },
    });
    expect(settled.status).toBe(201);
    expect(settled.body.settlement.amount).toBe('48.40');
    expect(settled.body.creditNote.outstanding).toBe('0.00');
    expect(settled.body.invoice.outstanding).toBe('193.60');

    const early = await t.call('POST', `${be}/open-items/${invoice.body.openItemId}/reminders`, {
      as: accountant,
      body: { date: '2026-02-01' },
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('NOT_OVERDUE');
    const reminded = await t.call('POST', `${be}/open-items/${invoice.body.openItemId}/reminders`, {
      as: accountant,
      body: { date: '2026-03-01' },
    });
    expect(reminded.status).toBe(201);
    expect(reminded.body.reminders).toEqual([expect.objectContaining({ level: 1, label: 'first' })]);

    const ageing = await t.call('GET', `${be}/ageing?side=receivable&asOf=2026-03-31`, { as: client });
    expect(ageing.status).toBe(200);
    expect(ageing.body.relations).toEqual([
      expect.objectContaining({ relationId: customerId, days31to60: '193.60', total: '193.60', items: 1 }),
    ]);
    expect(ageing.body.totals).toMatchObject({ total: '193.60', notDue: '0.00' });
  });
});
