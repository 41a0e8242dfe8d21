import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BankLine,
  type BookingSpec,
  bookBankLine,
  getBankLine,
  putBankAccount,
  runRobot,
  storeLines,
  undoBankLine,
} from '#packages/bank';
import { createSalesInvoice, getOpenItem, type InvoicingDeps, type OpenItem } from '#packages/invoicing';
import { ConflictError } from '#packages/kernel';
import { type BooksOf, getEntry } from '#packages/ledger';
import { type Plan, tenancyRepository } from '#packages/tenancy';
import { books, customer, invoicingDeps, tenant } from '../invoicing/support.ts';

/**
 * Booking bank lines against DynamoDB Local: one entry per line with every open item it pays,
 * the difference as costs or discount, undo that restores each item exactly, and no line
 * booked twice when the robot and a person book it at the same time.
 */

let deps: InvoicingDeps;
const iban = 'NL20INGB0001234567';

beforeAll(async () => {
  deps = await invoicingDeps();
});

async function administration(plan: Plan = 'samenwerken-uitgebreid'): Promise<BooksOf> {
  const adm = await books(deps, 'NL');
  const at = new Date().toISOString();
  await tenancyRepository(deps.table).createAdministration(
    tenant,
    {
      id: adm.id,
      firmId: adm.firmId,
      legalName: 'Bakkerij de Korenschoof B.V.',
      country: 'NL',
      peppolParticipantIds: [],
      plan,
      addOns: [],
      inboundEmailAddress: `${adm.id}@in.test`,
      allowedSenders: [],
      clientUserCount: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
    new Date(at),
  );
  await putBankAccount(deps, tenant, adm, iban, { name: 'ING', glAccount: '1100' });
  return adm;
}

async function invoice(adm: BooksOf, relationId: string, euros: string): Promise<OpenItem> {
  const posted = await createSalesInvoice(deps, tenant, adm, {
    relationId,
    invoiceDate: '2026-10-01',
    lines: [{ description: 'Werk', quantity: '1', unitPrice: euros, vatCode: 'NL-V0', glAccount: '8100' }],
  });
  return getOpenItem(deps, adm, posted.id);
}

async function lineOf(adm: BooksOf, amount: number, extra: Partial<BankLine> = {}) {
  const line: BankLine = {
    bookingDate: '2026-11-20',
    amount,
    currency: 'EUR',
    counterpartyName: 'Bakkerij de Korenschoof',
    ...extra,
  };
  const { stored } = await storeLines(deps, adm, iban, [line], {
    kind: 'file',
    importId: `imp-${amount}-${Math.random()}`,
  });
  if (!stored[0]) throw new Error('line not stored');
  return stored[0];
}

const spec = (s: Partial<BookingSpec> & Pick<BookingSpec, 'allocations'>): BookingSpec => ({
  kind: 'open-items',
  glLines: [],
  ...s,
});

describe('booking a bank line', () => {
  it('settles three invoices with one payment in one entry, and undo opens all three again', async () => {
    const adm = await administration();
    const c = await customer(deps, adm);
    const items = await Promise.all(['100.00', '250.00', '75.50'].map((e) => invoice(adm, c.id, e)));
    const line = await lineOf(adm, 42_550);

    const booked = await bookBankLine(
      deps,
      tenant,
      adm,
      line.id,
      spec({ allocations: items.map((i) => ({ openItemId: i.id, amount: i.outstanding, settles: true })) }),
      { automatic: false },
    );
    const entry = await getEntry(deps, adm, booked.booking?.entryId as string);
    const after = await Promise.all(items.map((i) => getOpenItem(deps, adm, i.id)));
    await undoBankLine(deps, tenant, adm, line.id);
    const undone = await Promise.all(items.map((i) => getOpenItem(deps, adm, i.id)));

    expect(entry.lines.map((l) => [l.accountCode, l.amount])).toEqual([
      ['1100', 42_550],
      ['1300', -10_000],
      ['1300', -25_000],
      ['1300', -7_550],
    ]);
    expect(after.map((i) => [i.status, i.outstanding, i.payments.length])).toEqual([
      ['paid', 0, 1],
      ['paid', 0, 1],
      ['paid', 0, 1],
    ]);
    expect(undone.map((i) => [i.status, i.outstanding, i.payments.length])).toEqual(
      [
        ['open', 10_000],
        ['open', 25_000],
        ['open', 7_550],
      ].map(([s, o]) => [s, o, 0]),
    );
    expect((await getBankLine(deps.table, adm, line.id)).state).toBe('to-process');
  });

  it('leaves the rest of a partial payment open, and books bank costs and a discount beside the item', async () => {
    const adm = await administration();
    const c = await customer(deps, adm);
    const [partial, withCosts, withDiscount] = await Promise.all(
      ['500.00', '200.00', '1000.00'].map((e) => invoice(adm, c.id, e)),
    );

    await bookBankLine(
      deps,
      tenant,
      adm,
      (await lineOf(adm, 30_000)).id,
      spec({ allocations: [{ openItemId: partial!.id, amount: 30_000, settles: false }] }),
      {
        automatic: true,
      },
    );
    const costsLine = await lineOf(adm, 19_750);
    const costs = await bookBankLine(
      deps,
      tenant,
      adm,
      costsLine.id,
      spec({
        allocations: [{ openItemId: withCosts!.id, amount: 20_000, settles: true }],
        remainder: { kind: 'bank-costs', amount: 250, glAccount: '4900' },
      }),
      { automatic: true },
    );
    const discountLine = await lineOf(adm, 98_000);
    await bookBankLine(
      deps,
      tenant,
      adm,
      discountLine.id,
      spec({
        allocations: [{ openItemId: withDiscount!.id, amount: 100_000, settles: true }],
        remainder: { kind: 'discount', direction: 'given', amount: 2_000, glAccount: '8300' },
      }),
      { automatic: true },
    );

    expect(await getOpenItem(deps, adm, partial!.id)).toMatchObject({ status: 'open', outstanding: 20_000 });
    expect(await getOpenItem(deps, adm, withCosts!.id)).toMatchObject({ status: 'paid', outstanding: 0 });
    expect(await getOpenItem(deps, adm, withDiscount!.id)).toMatchObject({ status: 'paid', outstanding: 0 });
    const entry = await getEntry(deps, adm, costs.booking?.entryId as string);
    expect(entry.lines.map((l) => [l.accountCode, l.amount])).toEqual([
      ['1100', 19_750],
      ['1300', -20_000],
      ['4900', 250],
    ]);
  });

  it('keeps an overpayment on the item as a negative outstanding', async () => {
    const adm = await administration();
    const c = await customer(deps, adm);
    const item = await invoice(adm, c.id, '100.00');
    const line = await lineOf(adm, 11_000);

    await bookBankLine(
      deps,
      tenant,
      adm,
      line.id,
      spec({
        allocations: [{ openItemId: item.id, amount: 10_000, settles: true }],
        remainder: { kind: 'overpayment', relationId: c.id, amount: 1_000 },
      }),
      { automatic: false },
    );

    expect(await getOpenItem(deps, adm, item.id)).toMatchObject({ outstanding: -1_000, paid: 11_000 });
  });

  it('refuses a booking that does not add up to the line, writing nothing', async () => {
    const adm = await administration();
    const c = await customer(deps, adm);
    const item = await invoice(adm, c.id, '100.00');
    const line = await lineOf(adm, 9_000);

    const refused = bookBankLine(
      deps,
      tenant,
      adm,
      line.id,
      spec({ allocations: [{ openItemId: item.id, amount: 10_000, settles: true }] }),
      {
        automatic: false,
      },
    );

    await expect(refused).rejects.toMatchObject({
      issues: [{ path: 'allocations', message: 'The booking moves 100.00 through the bank, the line 90.00.' }],
    });
    expect(await getOpenItem(deps, adm, item.id)).toMatchObject({ outstanding: 10_000 });
    expect((await getBankLine(deps.table, adm, line.id)).state).toBe('to-process');
  });

  it('books a line once when the robot and a person book it at the same moment', async () => {
    const adm = await administration();
    const c = await customer(deps, adm);
    const item = await invoice(adm, c.id, '100.00');
    const line = await lineOf(adm, 10_000);
    const both = spec({ allocations: [{ openItemId: item.id, amount: 10_000, settles: true }] });

    const results = await Promise.allSettled([
      bookBankLine(deps, tenant, adm, line.id, both, { automatic: true }),
      bookBankLine(deps, tenant, adm, line.id, both, { automatic: false }),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(ConflictError);
    expect(await getOpenItem(deps, adm, item.id)).toMatchObject({ outstanding: 0, paid: 10_000 });
  });

  it('stores a movement once however often a file or the feed brings it, and two equal payments on a day twice', async () => {
    const adm = await administration();
    const coffee: BankLine = {
      bookingDate: '2026-11-20',
      amount: -320,
      currency: 'EUR',
      counterpartyName: 'Bar Centraal',
    };

    const first = await storeLines(deps, adm, iban, [coffee, coffee], { kind: 'file', importId: 'a' });
    const again = await storeLines(deps, adm, iban, [{ ...coffee, remittance: 'BAR CENTRAAL UTRECHT' }, coffee], {
      kind: 'feed',
      connectionId: 'c',
    });

    expect([first.stored.length, first.duplicates]).toEqual([2, 0]);
    expect([again.stored.length, again.duplicates, again.fresh]).toEqual([0, 2, [false, false]]);
  });

  it('leaves the lines of a Standaard administration without suggestions: the robot comes with Samenwerken', async () => {
    const adm = await administration('standaard');
    const c = await customer(deps, adm);
    const item = await invoice(adm, c.id, '242.00');
    const line = await lineOf(adm, 24_200, { structuredReference: item.paymentReference });

    const [outcome] = await runRobot(deps, adm, [line.id]);

    expect(outcome).toMatchObject({ lineId: line.id, outcome: 'skipped' });
    expect((await getBankLine(deps.table, adm, line.id)).suggestion).toBeUndefined();
  });

  it('lets the robot book a payment that carries the invoice’s betalingskenmerk', async () => {
    const adm = await administration();
    const c = await customer(deps, adm);
    const item = await invoice(adm, c.id, '242.00');
    const line = await lineOf(adm, 24_200, {
      structuredReference: item.paymentReference,
      counterpartyName: 'KORENSCHOOF',
    });

    const [outcome] = await runRobot({ ...deps }, adm, [line.id]);

    expect(outcome).toEqual({ lineId: line.id, outcome: 'auto-booked' });
    expect(await getOpenItem(deps, adm, item.id)).toMatchObject({ status: 'paid' });
  });
});
