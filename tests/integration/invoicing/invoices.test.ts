import { beforeAll, describe, expect, it } from 'vitest';
import {
  createPurchaseInvoice,
  createSalesInvoice,
  getInvoice,
  getOpenItem,
  type InvoicingDeps,
  invoicingKeys,
  listInvoices,
  listOpenItemsOfRelation,
  listOutstandingItems,
  registerPayment,
  settleOpenItems,
} from '#packages/invoicing';
import {
  ConflictError,
  isValidBelgianStructuredReference,
  isValidDutchPaymentReference,
  ValidationError,
} from '#packages/kernel';
import { accountForRole, getEntry, reverseEntry, trialBalance, vatCodeTotals } from '#packages/ledger';
import { getItem, listAdministrationAudit } from '#packages/table';
import { books, customer, invoicingDeps, supplier, tenant } from './support.ts';

let deps: InvoicingDeps;

beforeAll(async () => {
  deps = await invoicingDeps();
});

const sale = (relationId: string, invoiceDate = '2026-03-10') => ({
  relationId,
  invoiceDate,
  lines: [{ description: 'Advies', quantity: '1', unitPrice: '100.00', vatCode: 'NL-V21' }],
});

describe('createSalesInvoice', () => {
  it('posts an NL invoice with two lines at 21 % and one at 9 %: VAT per code, a balanced entry, an open item and a valid betalingskenmerk', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);

    const invoice = await createSalesInvoice(deps, tenant, adm, {
      relationId: acme.id,
      invoiceDate: '2026-03-10',
      lines: [
        { description: 'Taarten', quantity: '3', unitPrice: '33.33', vatCode: 'NL-V21' },
        { description: 'Bezorging', quantity: '2.5', unitPrice: '10.01', vatCode: 'NL-V21' },
        { description: 'Brood', quantity: '1', unitPrice: '15.00', vatCode: 'NL-V9', glAccount: '8010' },
      ],
    });

    // 3 × 33.33 = 99.99; 2.5 × 10.01 = 25.025 → 25.03; 21 % of 125.02 = 26.2542 → 26.25
    // (per line it would be 21.00 + 5.26 = 26.26); 9 % of 15.00 = 1.35.
    expect(invoice.lines.map((l) => [l.glAccount, l.net])).toEqual([
      ['8000', 9999],
      ['8000', 2503],
      ['8010', 1500],
    ]);
    expect(invoice.vat).toEqual([
      { code: 'NL-V21', rateBasisPoints: 2100, base: 12502, vat: 2625, selfAssessed: false },
      { code: 'NL-V9', rateBasisPoints: 900, base: 1500, vat: 135, selfAssessed: false },
    ]);
    expect(invoice.totals).toEqual({ net: 14002, vat: 2760, gross: 16762 });
    expect(invoice.number).toBe('F2026-0001');
    expect(invoice.dueDate).toBe('2026-03-24');
    expect(isValidDutchPaymentReference(invoice.paymentReference ?? '')).toBe(true);

    const entry = await getEntry(deps, adm, invoice.entryId);
    expect(entry.journalCode).toBe('VRK');
    expect(entry.lines.reduce((s, l) => s + l.amount, 0)).toBe(0);
    expect(entry.lines.map((l) => [l.accountCode, l.amount, l.vat?.code, l.vat?.part])).toEqual([
      ['1300', 16762, undefined, undefined],
      ['8000', -9999, 'NL-V21', 'base'],
      ['8000', -2503, 'NL-V21', 'base'],
      ['8010', -1500, 'NL-V9', 'base'],
      ['1500', -2625, 'NL-V21', 'vat'],
      ['1500', -135, 'NL-V9', 'vat'],
    ]);
    expect(await vatCodeTotals(deps, adm, '2026-03', '2026-03')).toEqual([
      { code: 'NL-V21', creditNote: false, base: 12502, vat: 2625 },
      { code: 'NL-V9', creditNote: false, base: 1500, vat: 135 },
    ]);

    const item = await getOpenItem(deps, adm, invoice.openItemId);
    expect(item).toMatchObject({
      side: 'receivable',
      amount: 16762,
      paid: 0,
      outstanding: 16762,
      status: 'open',
      dueDate: '2026-03-24',
      paymentReference: invoice.paymentReference,
      invoiceNumber: 'F2026-0001',
    });
    const trail = await listAdministrationAudit(deps.table, tenant.firmId, adm.id);
    expect(trail.items.map((a) => a.action)).toEqual(expect.arrayContaining(['invoice.issued', 'entry.posted']));
  });

  it('puts a Belgian structured communication on a BE invoice, posted in the VKP journal', async () => {
    const adm = await books(deps, 'BE');
    const klant = await customer(deps, adm, 'Brouwerij Het Anker NV');
    const invoice = await createSalesInvoice(deps, tenant, adm, {
      relationId: klant.id,
      invoiceDate: '2026-05-02',
      lines: [{ description: 'Consultancy', quantity: '2', unitPrice: '500.00', vatCode: 'BE-V21' }],
    });
    expect(invoice.paymentReference).toMatch(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/);
    expect(isValidBelgianStructuredReference(invoice.paymentReference ?? '')).toBe(true);
    expect(invoice.entryId).toMatch(/^VKP-2026-1$/);
    expect(invoice.totals).toEqual({ net: 100_000, vat: 21_000, gross: 121_000 });
  });

  it('numbers gaplessly per series and year, also under 10 concurrent invoices', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const invoices = await Promise.all(
      Array.from({ length: 10 }, () => createSalesInvoice(deps, tenant, adm, sale(acme.id))),
    );
    expect(invoices.map((i) => i.number).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `F2026-${String(i + 1).padStart(4, '0')}`),
    );
    expect(new Set(invoices.map((i) => i.paymentReference)).size).toBe(10);
    expect(new Set(invoices.map((i) => i.entryId)).size).toBe(10);
    const other = await createSalesInvoice(deps, tenant, adm, { ...sale(acme.id), series: 'X' });
    const nextYear = await createSalesInvoice(deps, tenant, adm, sale(acme.id, '2027-01-04'));
    expect([other.number, nextYear.number]).toEqual(['X2026-0001', 'F2027-0001']);
    const listed = await listInvoices(deps, adm, 'sales', { from: '2026-01-01', to: '2026-12-31', limit: 100 });
    expect(listed.items).toHaveLength(11);
  });

  it('refuses a currency other than EUR, a purchase VAT code, and a relation that is no customer, with field paths', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const seller = await supplier(deps, adm);
    await expect(createSalesInvoice(deps, tenant, adm, { ...sale(acme.id), currency: 'USD' })).rejects.toMatchObject({
      issues: [{ path: 'currency', message: expect.stringContaining('Only EUR') }],
    });
    await expect(
      createSalesInvoice(deps, tenant, adm, {
        ...sale(acme.id),
        lines: [{ description: 'x', quantity: '1', unitPrice: '1.00', vatCode: 'NL-I21' }],
      }),
    ).rejects.toMatchObject({ issues: [{ path: 'lines.0.vatCode' }] });
    await expect(createSalesInvoice(deps, tenant, adm, sale(seller.id))).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('correcting an invoice', () => {
  it('refuses to reverse the entry of an invoice, which would orphan its open item: a credit note corrects it', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const invoice = await createSalesInvoice(deps, tenant, adm, {
      relationId: acme.id,
      invoiceDate: '2026-03-10',
      lines: [{ description: 'Taart', quantity: '1', unitPrice: '20.00', vatCode: 'NL-V21' }],
    });
    await expect(reverseEntry(deps, tenant, adm, invoice.entryId)).rejects.toMatchObject({ code: 'ENTRY_OWNED' });
  });
});

describe('registerPayment', () => {
  it('leaves the rest open after a partial payment; the final payment closes the item and drops it from the outstanding index', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const invoice = await createSalesInvoice(deps, tenant, adm, sale(acme.id)); // gross 121.00

    const first = await registerPayment(deps, tenant, adm, invoice.openItemId, { date: '2026-03-20', amount: '21.00' });
    expect(first.openItem).toMatchObject({ paid: 2100, outstanding: 10000, status: 'open' });
    expect((await listOutstandingItems(deps, adm, 'receivable')).items.map((i) => i.id)).toEqual([invoice.id]);

    const second = await registerPayment(deps, tenant, adm, invoice.openItemId, {
      date: '2026-03-25',
      amount: '100.00',
    });
    expect(second.openItem).toMatchObject({ paid: 12100, outstanding: 0, status: 'paid' });
    expect(second.payment.entryId).toBe('BNK-2026-2');
    expect((await listOutstandingItems(deps, adm, 'receivable')).items).toEqual([]);
    const raw = await getItem<Record<string, unknown>>(
      deps.table,
      invoicingKeys(tenant.firmId, adm.id).openItem(invoice.id),
    );
    expect(raw?.gsi1pk).toBeUndefined();
    expect((await listOpenItemsOfRelation(deps, adm, acme.id)).items).toEqual([]);
    expect((await listOpenItemsOfRelation(deps, adm, acme.id, { status: 'paid' })).items).toHaveLength(1);

    const details = await getOpenItem(deps, adm, invoice.openItemId);
    expect(details.payments.map((p) => [p.date, p.amount])).toEqual([
      ['2026-03-20', 2100],
      ['2026-03-25', 10000],
    ]);
    const tb = await trialBalance(deps, adm, '2026-12');
    expect(tb.accounts.find((a) => a.accountCode === '1300')?.balance ?? 0).toBe(0);
    expect(tb.accounts.find((a) => a.accountCode === '1100')?.balance).toBe(12100);
  });

  it('refuses an overpayment without posting anything, and books it when allowed', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const invoice = await createSalesInvoice(deps, tenant, adm, sale(acme.id));

    const attempt = registerPayment(deps, tenant, adm, invoice.openItemId, { date: '2026-03-20', amount: '121.01' });
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'OVERPAYMENT' });
    const tb = await trialBalance(deps, adm, '2026-12');
    expect(tb.accounts.find((a) => a.accountCode === '1100')).toBeUndefined();
    expect((await getOpenItem(deps, adm, invoice.openItemId)).outstanding).toBe(12100);

    const over = await registerPayment(deps, tenant, adm, invoice.openItemId, {
      date: '2026-03-20',
      amount: '125.00',
      allowOverpayment: true,
    });
    expect(over.openItem).toMatchObject({ paid: 12500, outstanding: -400, status: 'open' });
    expect((await listOutstandingItems(deps, adm, 'receivable')).items.map((i) => i.outstanding)).toEqual([-400]);
  });

  it('pays a supplier: Dr payables / Cr bank', async () => {
    const adm = await books(deps, 'NL');
    const seller = await supplier(deps, adm);
    const invoice = await createPurchaseInvoice(deps, tenant, adm, {
      relationId: seller.id,
      invoiceNumber: 'INV-7781',
      invoiceDate: '2026-04-01',
      lines: [{ description: 'Meel', quantity: '10', unitPrice: '20.00', vatCode: 'NL-I9' }],
    });
    const { payment, openItem } = await registerPayment(deps, tenant, adm, invoice.openItemId, {
      date: '2026-04-15',
      amount: '218.00',
    });
    expect(openItem).toMatchObject({ side: 'payable', amount: 21800, outstanding: 0, status: 'paid' });
    const entry = await getEntry(deps, adm, payment.entryId);
    expect(entry.lines.map((l) => [l.accountCode, l.amount])).toEqual([
      ['1100', -21800],
      ['1600', 21800],
    ]);
  });
});

describe('createPurchaseInvoice', () => {
  it('self-assesses VAT on an intra-EU acquisition: Dr VAT receivable and Cr reverse-charge VAT, gross = net', async () => {
    const adm = await books(deps, 'NL');
    const seller = await supplier(deps, adm, { name: 'Maschinenbau Köln GmbH', defaultVatCode: 'NL-I-EU-GOODS21' });

    const invoice = await createPurchaseInvoice(deps, tenant, adm, {
      relationId: seller.id,
      invoiceNumber: 'RE-2026-0042',
      invoiceDate: '2026-02-10',
      lines: [{ description: 'Deegmachine', quantity: '1', unitPrice: '1000.00' }],
    });

    expect(invoice.vat).toEqual([
      { code: 'NL-I-EU-GOODS21', rateBasisPoints: 2100, base: 100_000, vat: 21_000, selfAssessed: true },
    ]);
    expect(invoice.totals).toEqual({ net: 100_000, vat: 0, gross: 100_000 });
    const entry = await getEntry(deps, adm, invoice.entryId);
    const reverseCharge = (await accountForRole(deps, adm, 'vat-reverse-charge-payable')).code;
    expect(entry.journalCode).toBe('INK');
    expect(entry.lines.map((l) => [l.accountCode, l.amount, l.vat?.part])).toEqual([
      ['1600', -100_000, undefined],
      ['7000', 100_000, 'base'],
      ['1520', 21_000, 'vat'],
      [reverseCharge, -21_000, undefined],
    ]);
    expect(await vatCodeTotals(deps, adm, '2026-02', '2026-02')).toEqual([
      { code: 'NL-I-EU-GOODS21', creditNote: false, base: 100_000, vat: 21_000 },
    ]);
    expect(await getOpenItem(deps, adm, invoice.openItemId)).toMatchObject({ side: 'payable', amount: 100_000 });
  });

  it('takes a supplier invoice number once', async () => {
    const adm = await books(deps, 'NL');
    const seller = await supplier(deps, adm);
    const input = {
      relationId: seller.id,
      invoiceNumber: 'A-1',
      invoiceDate: '2026-04-01',
      lines: [{ description: 'Meel', quantity: '1', unitPrice: '20.00', vatCode: 'NL-I21' }],
    };
    await createPurchaseInvoice(deps, tenant, adm, input);
    await expect(createPurchaseInvoice(deps, tenant, adm, { ...input, invoiceNumber: 'a-1' })).rejects.toMatchObject({
      code: 'DUPLICATE_INVOICE_NUMBER',
    });
  });
});

describe('settleOpenItems', () => {
  it('settles a credit note against an invoice of the same customer, moving paid on both atomically', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const invoice = await createSalesInvoice(deps, tenant, adm, sale(acme.id)); // 121.00
    const credit = await createSalesInvoice(deps, tenant, adm, {
      kind: 'credit-note',
      creditNoteFor: invoice.id,
      relationId: acme.id,
      invoiceDate: '2026-03-15',
      lines: [{ description: 'Korting advies', quantity: '1', unitPrice: '50.00', vatCode: 'NL-V21' }],
    });
    expect(credit.totals).toEqual({ net: -5000, vat: -1050, gross: -6050 });
    expect((await getEntry(deps, adm, credit.entryId)).creditNote).toBe(true);
    expect((await getOpenItem(deps, adm, credit.openItemId)).outstanding).toBe(-6050);

    const settled = await settleOpenItems(deps, tenant, adm, credit.openItemId, invoice.openItemId, {
      date: '2026-03-16',
    });

    expect(settled.settlement.amount).toBe(6050);
    expect(settled.creditNote).toMatchObject({ paid: -6050, outstanding: 0, status: 'paid' });
    expect(settled.invoice).toMatchObject({ paid: 6050, outstanding: 6050, status: 'open' });
    expect((await listOutstandingItems(deps, adm, 'receivable')).items.map((i) => i.id)).toEqual([invoice.id]);
    const trail = await listAdministrationAudit(deps.table, tenant.firmId, adm.id);
    expect(trail.items.some((a) => a.action === 'open-item.settled')).toBe(true);
    await expect(
      settleOpenItems(deps, tenant, adm, credit.openItemId, invoice.openItemId, { date: '2026-03-16' }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await getInvoice(deps, adm, credit.id)).creditNoteFor).toBe(invoice.id);
  });
});
