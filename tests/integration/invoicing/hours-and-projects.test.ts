import { beforeAll, describe, expect, it } from 'vitest';
import {
  createInvoiceFromHours,
  createPurchaseInvoice,
  getCostCentre,
  getTimeEntry,
  hoursReport,
  type InvoicingDeps,
  listCostCentres,
  listPurchasesByCostCentre,
  listTimeEntries,
  recordTimeEntry,
  upsertCostCentre,
} from '#packages/invoicing';
import { getEntry } from '#packages/ledger';
import { listAdministrationAudit } from '#packages/table';
import { books, customer, invoicingDeps, supplier, tenant } from './support.ts';

let deps: InvoicingDeps;

beforeAll(async () => {
  deps = await invoicingDeps();
});

describe('upsertCostCentre', () => {
  it('creates a project once per code, writes nothing when nothing changed, and keeps an external id to one code', async () => {
    const adm = await books(deps, 'NL');
    const first = await upsertCostCentre(deps, tenant, adm, 'P-2026-014', {
      name: 'Verbouwing Dorpsstraat',
      externalId: 'crm-14',
    });
    const again = await upsertCostCentre(deps, tenant, adm, 'P-2026-014', {
      name: 'Verbouwing Dorpsstraat',
      externalId: 'crm-14',
    });
    const renamed = await upsertCostCentre(deps, tenant, adm, 'P-2026-014', { name: 'Verbouwing Dorpsstraat 12' });

    expect([first.created, again.created, renamed.created]).toEqual([true, false, false]);
    expect(await getCostCentre(deps, adm, 'P-2026-014')).toMatchObject({
      name: 'Verbouwing Dorpsstraat 12',
      externalId: 'crm-14',
    });
    const trail = await listAdministrationAudit(deps.table, tenant.firmId, adm.id);
    expect(trail.items.filter((a) => a.entityType === 'CostCentre')).toHaveLength(2);
    await expect(
      upsertCostCentre(deps, tenant, adm, 'P-OTHER', { name: 'x', externalId: 'crm-14' }),
    ).rejects.toMatchObject({
      code: 'COST_CENTRE_EXTERNAL_ID_TAKEN',
    });
    expect((await listCostCentres(deps, adm)).items.map((c) => c.code)).toEqual(['P-2026-014']);
  });
});

describe('listPurchasesByCostCentre', () => {
  it('reads back the purchases booked per project, by invoice date', async () => {
    const adm = await books(deps, 'NL');
    const seller = await supplier(deps, adm);
    await upsertCostCentre(deps, tenant, adm, 'P-1', { name: 'Project een' });
    await upsertCostCentre(deps, tenant, adm, 'P-2', { name: 'Project twee' });
    const purchase = (invoiceNumber: string, invoiceDate: string) =>
      createPurchaseInvoice(deps, tenant, adm, {
        relationId: seller.id,
        invoiceNumber,
        invoiceDate,
        lines: [
          { description: 'Hout', quantity: '2', unitPrice: '150.00', vatCode: 'NL-I21', costCentre: 'P-1' },
          { description: 'Verf', quantity: '1', unitPrice: '45.50', vatCode: 'NL-I21', costCentre: 'P-1' },
          { description: 'Tegels', quantity: '3', unitPrice: '20.00', vatCode: 'NL-I21', costCentre: 'P-2' },
          { description: 'Koffie', quantity: '1', unitPrice: '12.00', vatCode: 'NL-I21' },
        ],
      });
    const march = await purchase('M-1', '2026-03-05');
    await purchase('M-2', '2026-05-05');

    const all = await listPurchasesByCostCentre(deps, adm, 'P-1');
    const inMarch = await listPurchasesByCostCentre(deps, adm, 'P-1', { from: '2026-03-01', to: '2026-03-31' });

    expect(all.items.map((p) => [p.invoiceNumber, p.net])).toEqual([
      ['M-1', 34550],
      ['M-2', 34550],
    ]);
    expect(inMarch.items).toEqual([
      expect.objectContaining({ invoiceId: march.id, costCentre: 'P-1', net: 34550, relationName: seller.name }),
    ]);
    expect(inMarch.items[0]?.lines.map((l) => l.description)).toEqual(['Hout', 'Verf']);
    expect((await listPurchasesByCostCentre(deps, adm, 'P-2')).items.map((p) => p.net)).toEqual([6000, 6000]);
    const entry = await getEntry(deps, adm, march.entryId);
    expect(entry.lines.filter((l) => l.costCentre === 'P-1').map((l) => l.amount)).toEqual([30000, 4550]);
  });

  it('refuses a line on an unknown cost centre', async () => {
    const adm = await books(deps, 'NL');
    const seller = await supplier(deps, adm);
    await expect(
      createPurchaseInvoice(deps, tenant, adm, {
        relationId: seller.id,
        invoiceNumber: 'X',
        invoiceDate: '2026-03-05',
        lines: [{ description: 'Hout', quantity: '1', unitPrice: '1.00', vatCode: 'NL-I21', costCentre: 'NOPE' }],
      }),
    ).rejects.toMatchObject({ issues: [{ path: 'lines.0.costCentre' }] });
  });
});

describe('createInvoiceFromHours', () => {
  async function withHours() {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    await upsertCostCentre(deps, tenant, adm, 'P-1', { name: 'Website' });
    const hours = (
      minutes: number,
      type: 'direct' | 'indirect',
      project?: string,
      hourlyRate?: string,
      date = '2026-03-02',
    ) =>
      recordTimeEntry(deps, tenant, adm, {
        date,
        customerId: acme.id,
        minutes,
        type,
        description: `${type} werk`,
        ...(project ? { project } : {}),
        ...(hourlyRate ? { hourlyRate } : {}),
      });
    const entries = [
      await hours(90, 'direct', 'P-1', '100.00'),
      await hours(30, 'direct', 'P-1', '100.00', '2026-03-03'),
      await hours(60, 'indirect', 'P-1', '100.00'),
      await hours(45, 'direct', undefined, '80.00'),
    ];
    return { adm, acme, entries };
  }

  it('bills direct hours only into one invoice with a line per project and rate, marking them billed and linked', async () => {
    const { adm, acme, entries } = await withHours();

    const { invoice, timeEntryIds } = await createInvoiceFromHours(deps, tenant, adm, {
      customerId: acme.id,
      from: '2026-03-01',
      to: '2026-03-31',
      include: 'direct',
      vatCode: 'NL-V21',
      invoiceDate: '2026-04-01',
    });

    // P-1: 120 min = 2 h × 100.00 = 200.00; no project: 45 min = 0.75 h × 80.00 = 60.00.
    expect(invoice.lines.map((l) => [l.costCentre, l.quantity, l.unitPrice, l.net])).toEqual([
      ['P-1', '2', 10000, 20000],
      [undefined, '0.75', 8000, 6000],
    ]);
    expect(invoice.totals).toEqual({ net: 26000, vat: 5460, gross: 31460 });
    expect(timeEntryIds.sort()).toEqual([entries[0]?.id, entries[1]?.id, entries[3]?.id].sort());
    for (const id of timeEntryIds) {
      expect(await getTimeEntry(deps, adm, id)).toMatchObject({ status: 'billed', invoiceId: invoice.id });
    }
    expect(await getTimeEntry(deps, adm, entries[2]?.id as string)).toMatchObject({ status: 'unbilled' });
    expect(invoice.timeEntryIds?.sort()).toEqual(timeEntryIds.sort());
  });

  it('bills indirect hours too when asked, and never bills an hour twice', async () => {
    const { adm, acme, entries } = await withHours();
    const ids = entries.map((e) => e.id);

    const { invoice } = await createInvoiceFromHours(deps, tenant, adm, {
      customerId: acme.id,
      entryIds: ids,
      include: 'direct-and-indirect',
      vatCode: 'NL-V21',
      invoiceDate: '2026-04-01',
    });

    expect(invoice.lines.map((l) => [l.costCentre, l.quantity, l.net])).toEqual([
      ['P-1', '3', 30000],
      [undefined, '0.75', 6000],
    ]);
    await expect(
      createInvoiceFromHours(deps, tenant, adm, {
        customerId: acme.id,
        entryIds: [ids[0] as string],
        include: 'direct',
        vatCode: 'NL-V21',
        invoiceDate: '2026-04-02',
      }),
    ).rejects.toMatchObject({ code: 'HOURS_ALREADY_BILLED' });
    expect((await listTimeEntries(deps, adm, acme.id, { status: 'unbilled' })).items).toEqual([]);
  });

  it('refuses explicitly chosen indirect hours when only direct hours are to be billed', async () => {
    const { adm, acme, entries } = await withHours();
    await expect(
      createInvoiceFromHours(deps, tenant, adm, {
        customerId: acme.id,
        entryIds: [entries[2]?.id as string],
        include: 'direct',
        vatCode: 'NL-V21',
        invoiceDate: '2026-04-01',
      }),
    ).rejects.toMatchObject({ issues: [{ path: 'entryIds.0' }] });
  });

  it('links more hours than one transaction holds, in chunks after posting', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    for (let i = 0; i < 110; i++) {
      await recordTimeEntry(deps, tenant, adm, {
        date: '2026-03-02',
        customerId: acme.id,
        minutes: 15,
        type: 'direct',
        description: `Support ${i}`,
      });
    }

    const { invoice, timeEntryIds } = await createInvoiceFromHours(deps, tenant, adm, {
      customerId: acme.id,
      include: 'direct',
      vatCode: 'NL-V21',
      hourlyRate: '60.00',
      invoiceDate: '2026-04-01',
    });

    expect(timeEntryIds).toHaveLength(110);
    expect(invoice.hoursLinking).toBe('done');
    expect(invoice.lines).toEqual([expect.objectContaining({ quantity: '27.5', net: 165_000 })]);
    expect((await listTimeEntries(deps, adm, acme.id, { status: 'billed', limit: 200 })).items).toHaveLength(110);
    expect((await listTimeEntries(deps, adm, acme.id, { status: 'unbilled' })).items).toEqual([]);
  }, 60_000);
});

describe('hoursReport', () => {
  it('reports billed against unbilled minutes and amounts, per customer and in total', async () => {
    const adm = await books(deps, 'NL');
    const acme = await customer(deps, adm);
    const other = await customer(deps, adm, 'Other BV');
    const rec = (customerId: string, minutes: number, type: 'direct' | 'indirect', date = '2026-03-10') =>
      recordTimeEntry(deps, tenant, adm, { date, customerId, minutes, type, description: 'werk', hourlyRate: '90.00' });
    await rec(acme.id, 120, 'direct');
    await rec(acme.id, 60, 'indirect');
    await rec(other.id, 30, 'direct');
    await rec(acme.id, 600, 'direct', '2026-05-01');
    await createInvoiceFromHours(deps, tenant, adm, {
      customerId: acme.id,
      to: '2026-03-31',
      include: 'direct',
      vatCode: 'NL-V21',
      invoiceDate: '2026-04-01',
    });

    const report = await hoursReport(deps, adm, { from: '2026-03-01', to: '2026-03-31' });
    const acmeOnly = await hoursReport(deps, adm, { from: '2026-03-01', to: '2026-03-31', customerId: acme.id });

    expect(report.billed).toMatchObject({ minutes: 120, amount: 18000 });
    expect(report.unbilled).toMatchObject({ minutes: 90, directMinutes: 30, indirectMinutes: 60, amount: 13500 });
    expect(report.byCustomer.map((c) => c.customerId).sort()).toEqual([acme.id, other.id].sort());
    expect(acmeOnly.billed.minutes).toBe(120);
    expect(acmeOnly.unbilled).toMatchObject({ minutes: 60, amount: 9000 });
  });
});
