import { beforeAll, describe, expect, it } from 'vitest';
import {
  ageingReport,
  convertQuoteToInvoice,
  createQuote,
  createSalesInvoice,
  getInvoice,
  getQuote,
  type InvoicingDeps,
  recordReminder,
  registerPayment,
  setQuoteStatus,
} from '#packages/invoicing';
import { books, customer, invoicingDeps, tenant } from './support.ts';

let deps: InvoicingDeps;

beforeAll(async () => {
  deps = await invoicingDeps();
});

const line = (price: string) => [{ description: 'Werk', quantity: '1', unitPrice: price, vatCode: 'NL-V21' }];

describe('ageingReport', () => {
  it('puts outstanding amounts per relation into not-due, 1–30, 31–60, 61–90 and over-90 buckets at a fixed date', async () => {
    const adm = await books(deps, 'NL');
    const a = await customer(deps, adm, 'Aannemersbedrijf Aalders');
    const b = await customer(deps, adm, 'Bloemisterij Bos');
    const invoice = (relationId: string, dueDate: string, price: string) =>
      createSalesInvoice(deps, tenant, adm, { relationId, invoiceDate: '2026-01-15', dueDate, lines: line(price) });
    await invoice(a.id, '2026-07-15', '100.00'); // not due at 2026-06-30: 121.00
    await invoice(a.id, '2026-06-10', '200.00'); // 20 days: 242.00
    await invoice(a.id, '2026-05-15', '300.00'); // 46 days: 363.00
    await invoice(b.id, '2026-04-15', '400.00'); // 76 days: 484.00
    const late = await invoice(b.id, '2026-03-01', '500.00'); // 121 days: 605.00
    const paid = await invoice(b.id, '2026-03-01', '50.00');
    await registerPayment(deps, tenant, adm, paid.openItemId, { date: '2026-03-02', amount: '60.50' });
    await registerPayment(deps, tenant, adm, late.openItemId, { date: '2026-06-01', amount: '105.00' }); // 500.00 left
    await createSalesInvoice(deps, tenant, adm, { relationId: b.id, invoiceDate: '2026-07-01', lines: line('1.00') });

    const report = await ageingReport(deps, adm, { side: 'receivable', asOf: '2026-06-30' });

    expect(report.relations).toEqual([
      expect.objectContaining({
        relationId: a.id,
        notDue: 12100,
        days1to30: 24200,
        days31to60: 36300,
        days61to90: 0,
        over90: 0,
        total: 72600,
        items: 3,
      }),
      expect.objectContaining({
        relationId: b.id,
        notDue: 0,
        days1to30: 0,
        days31to60: 0,
        days61to90: 48400,
        over90: 50000,
        total: 98400,
        items: 2,
      }),
    ]);
    expect(report.totals).toEqual({
      notDue: 12100,
      days1to30: 24200,
      days31to60: 36300,
      days61to90: 48400,
      over90: 50000,
      total: 171000,
    });
    expect((await ageingReport(deps, adm, { side: 'payable', asOf: '2026-06-30' })).relations).toEqual([]);
  });
});

describe('recordReminder', () => {
  it('refuses a reminder before the invoice is overdue, then records the 1st, 2nd and final one, and refuses once paid', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const invoice = await createSalesInvoice(deps, tenant, adm, {
      relationId: acme.id,
      invoiceDate: '2026-02-01',
      lines: line('100.00'),
    }); // due 2026-02-15

    await expect(recordReminder(deps, tenant, adm, invoice.openItemId, { date: '2026-02-15' })).rejects.toMatchObject({
      code: 'NOT_OVERDUE',
    });
    await recordReminder(deps, tenant, adm, invoice.openItemId, { date: '2026-02-16' });
    await recordReminder(deps, tenant, adm, invoice.openItemId, { date: '2026-03-01' });
    const final = await recordReminder(deps, tenant, adm, invoice.openItemId, { date: '2026-03-15' });
    expect(final.reminders.map((r) => [r.level, r.label, r.date])).toEqual([
      [1, 'first', '2026-02-16'],
      [2, 'second', '2026-03-01'],
      [3, 'final', '2026-03-15'],
    ]);
    await expect(recordReminder(deps, tenant, adm, invoice.openItemId, { date: '2026-04-01' })).rejects.toMatchObject({
      code: 'REMINDERS_EXHAUSTED',
    });

    const other = await createSalesInvoice(deps, tenant, adm, {
      relationId: acme.id,
      invoiceDate: '2026-02-01',
      lines: line('1.00'),
    });
    await registerPayment(deps, tenant, adm, other.openItemId, { date: '2026-02-10', amount: '1.21' });
    await expect(recordReminder(deps, tenant, adm, other.openItemId, { date: '2026-03-01' })).rejects.toMatchObject({
      code: 'OPEN_ITEM_PAID',
    });
  });
});

describe('quotes', () => {
  it('numbers a draft quote, and converts it into an invoice once: both linked', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const quote = await createQuote(deps, tenant, adm, {
      relationId: acme.id,
      date: '2026-04-01',
      validUntil: '2026-04-30',
      lines: [
        { description: 'Verbouwing', quantity: '40', unitPrice: '55.00', vatCode: 'NL-V21' },
        { description: 'Materiaal', quantity: '1', unitPrice: '800.00', vatCode: 'NL-V21' },
      ],
    });
    expect(quote).toMatchObject({
      number: 'Q2026-0001',
      status: 'draft',
      totals: { net: 300_000, vat: 63_000, gross: 363_000 },
    });
    await setQuoteStatus(deps, tenant, adm, quote.id, 'sent');
    await setQuoteStatus(deps, tenant, adm, quote.id, 'accepted');

    const { invoice } = await convertQuoteToInvoice(deps, tenant, adm, quote.id, { invoiceDate: '2026-04-20' });

    expect(invoice).toMatchObject({ quoteId: quote.id, number: 'F2026-0001', totals: quote.totals });
    expect(await getQuote(deps, adm, quote.id)).toMatchObject({ status: 'converted', invoiceId: invoice.id });
    await expect(
      convertQuoteToInvoice(deps, tenant, adm, quote.id, { invoiceDate: '2026-04-21' }),
    ).rejects.toMatchObject({ code: 'QUOTE_ALREADY_CONVERTED' });
  });

  it('lets exactly one of two concurrent conversions win', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const quote = await createQuote(deps, tenant, adm, {
      relationId: acme.id,
      date: '2026-04-01',
      lines: line('10.00'),
    });

    const results = await Promise.allSettled([
      convertQuoteToInvoice(deps, tenant, adm, quote.id, { invoiceDate: '2026-04-20' }),
      convertQuoteToInvoice(deps, tenant, adm, quote.id, { invoiceDate: '2026-04-20' }),
    ]);

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['QUOTE_ALREADY_CONVERTED']);
    const invoiceId = (await getQuote(deps, adm, quote.id)).invoiceId as string;
    expect((await getInvoice(deps, adm, invoiceId)).quoteId).toBe(quote.id);
  });

  it('refuses to convert a rejected quote', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const quote = await createQuote(deps, tenant, adm, {
      relationId: acme.id,
      date: '2026-04-01',
      lines: line('10.00'),
    });
    await setQuoteStatus(deps, tenant, adm, quote.id, 'rejected');
    await expect(
      convertQuoteToInvoice(deps, tenant, adm, quote.id, { invoiceDate: '2026-04-20' }),
    ).rejects.toMatchObject({
      code: 'QUOTE_STATUS',
    });
  });
});
