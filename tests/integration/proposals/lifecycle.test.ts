import { beforeAll, describe, expect, it } from 'vitest';
import { createPurchaseInvoice, getInvoice, getOpenItem } from '#packages/invoicing';
import { ConflictError, ForbiddenError, ValidationError } from '#packages/kernel';
import { getEntry } from '#packages/ledger';
import {
  acceptProposal,
  createProposal,
  editProposal,
  getProposal,
  listProposals,
  type ProposalsDeps,
  rejectProposal,
} from '#packages/proposals';
import { createRelation, getRelation } from '#packages/relations';
import { listAdministrationAudit } from '#packages/table';
import {
  books,
  dutchVatNumber,
  own,
  proposalInput,
  proposalsDeps,
  recognised,
  supplierParty,
  tenantOf,
} from './support.ts';

let deps: ProposalsDeps;

beforeAll(async () => {
  deps = await proposalsDeps();
});

describe('acceptProposal', () => {
  it('creates the new supplier and posts a balanced purchase entry and a payable open item of the gross', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty('Kantoorvakhandel Smit B.V.');
    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(
        recognised({
          supplier: party,
          invoiceNumber: 'KS-2026-041',
          lines: [
            { description: 'Printpapier A4', net: 4_599, rate: 2100 },
            { description: 'Koffie', net: 1_250, rate: 900 },
          ],
        }),
      ),
    );
    expect(proposal.issues).toEqual([]);

    const accepted = await acceptProposal(deps, tenant, adm, proposal.id, proposal.version);

    expect(accepted).toMatchObject({ status: 'accepted', decidedBy: tenant.userId, version: 2 });
    const posted = accepted.posted!;
    const invoice = await getInvoice(deps, adm, posted.invoiceId);
    expect(invoice).toMatchObject({ side: 'purchase', number: 'KS-2026-041', totals: proposal.totals });
    const entry = await getEntry(deps, adm, posted.entryId!);
    expect(entry.lines.reduce((s, l) => s + l.amount, 0)).toBe(0);
    expect(entry.lines.map((l) => [l.accountCode, l.amount])).toEqual([
      ['1600', -(4_599 + 966 + 1_250 + 113)],
      ['4990', 4_599],
      ['4990', 1_250],
      ['1520', 966],
      ['1520', 113],
    ]);
    const item = await getOpenItem(deps, adm, posted.openItemId!);
    expect(item).toMatchObject({ side: 'payable', amount: proposal.totals.gross, outstanding: proposal.totals.gross });
    const relation = await getRelation(deps, tenant, adm.id, accepted.relation.relationId!);
    expect(relation).toMatchObject({
      name: party.name,
      vatNumber: party.vatNumber,
      ibans: [party.iban],
      roles: ['supplier'],
      defaultGlAccount: '4990',
    });
    const trail = await listAdministrationAudit(deps.table, adm.firmId, adm.id);
    expect(trail.items.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'proposal.created',
        'relation.created',
        'invoice.issued',
        'entry.posted',
        'proposal.accepted',
      ]),
    );
  });

  it('posts a sales document as a sales invoice in the documents series, creating the customer', async () => {
    const { adm, tenant } = await books(deps);
    const customerVat = dutchVatNumber();
    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(
        recognised({
          supplier: { name: 'Ons Bedrijf', vatNumber: own.vatNumber, iban: own.ibans[0] },
          customer: { name: 'Hotel De Zon', vatNumber: customerVat },
          invoiceNumber: '2026-117',
          lines: [{ description: 'Catering 12 maart', net: 250_000, rate: 900 }],
        }),
      ),
    );
    expect(proposal.side).toBe('sales');

    const accepted = await acceptProposal(deps, tenant, adm, proposal.id);

    const invoice = await getInvoice(deps, adm, accepted.posted!.invoiceId);
    expect(invoice).toMatchObject({
      side: 'sales',
      series: 'D',
      number: 'D2026-0001',
      totals: { net: 250_000, vat: 22_500, gross: 272_500 },
    });
    expect(invoice.lines[0]).toMatchObject({ glAccount: '8000', vatCode: 'NL-V9' });
    expect(invoice.description).toContain('2026-117');
    const item = await getOpenItem(deps, adm, accepted.posted!.openItemId!);
    expect(item).toMatchObject({ side: 'receivable', amount: 272_500 });
    const customer = await getRelation(deps, tenant, adm.id, accepted.relation.relationId!);
    expect(customer).toMatchObject({ name: 'Hotel De Zon', vatNumber: customerVat, roles: ['customer'] });
  });

  it('books a rounding difference of the document on the rounding account, so the open item is the gross', async () => {
    const { adm, tenant } = await books(deps);
    // The receipt rounds per line: 21 % of 2.50 = 0.525 → 0.53, three times 1.59; the books take
    // 21 % of the sum 7.50 = 1.575 → 1.58 (EN 16931), one cent less.
    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(
        recognised({
          source: 'ocr',
          lines: [
            { description: 'Parkeren', net: 250, rate: 2100 },
            { description: 'Parkeren', net: 250, rate: 2100 },
            { description: 'Parkeren', net: 250, rate: 2100 },
          ],
          vatPerRate: { 2100: 159 },
        }),
      ),
    );
    expect(proposal.issues.filter((i) => i.blocking)).toEqual([]);

    const accepted = await acceptProposal(deps, tenant, adm, proposal.id);

    expect(accepted.posted?.rounding).toEqual({ glAccount: '4920', difference: 1 });
    const item = await getOpenItem(deps, adm, accepted.posted!.openItemId!);
    expect(item.amount).toBe(750 + 159);
    const entry = await getEntry(deps, adm, accepted.posted!.entryId!);
    expect(entry.lines).toContainEqual(expect.objectContaining({ accountCode: '4920', amount: 1 }));
    expect(entry.lines.reduce((s, l) => s + l.amount, 0)).toBe(0);
  });

  it('posts a credit note as a purchase credit note: amounts negated in the books, a negative open item', async () => {
    const { adm, tenant } = await books(deps);
    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(recognised({ documentType: 'credit-note', lines: [{ description: 'Retour', net: 10_000 }] })),
    );
    expect(proposal).toMatchObject({ kind: 'credit-note', totals: { net: 10_000, vat: 2_100, gross: 12_100 } });

    const accepted = await acceptProposal(deps, tenant, adm, proposal.id);

    const invoice = await getInvoice(deps, adm, accepted.posted!.invoiceId);
    expect(invoice).toMatchObject({ kind: 'credit-note', totals: { net: -10_000, vat: -2_100, gross: -12_100 } });
    expect((await getOpenItem(deps, adm, accepted.posted!.openItemId!)).amount).toBe(-12_100);
  });

  it('refuses a second acceptance with 409 PROPOSAL_DECIDED', async () => {
    const { adm, tenant } = await books(deps);
    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognised()));
    await acceptProposal(deps, tenant, adm, proposal.id);

    const again = acceptProposal(deps, tenant, adm, proposal.id);

    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toMatchObject({ code: 'PROPOSAL_DECIDED' });
  });

  it('lets one of two concurrent acceptances post, the other gets a 409', async () => {
    const { adm, tenant } = await books(deps);
    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognised()));

    const results = await Promise.allSettled([
      acceptProposal(deps, tenant, adm, proposal.id),
      acceptProposal(deps, tenant, adm, proposal.id),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.reason).toBeInstanceOf(ConflictError);
  });

  it('surfaces a supplier invoice number that is already posted as the invoicing 409', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty();
    const relation = await createRelation(deps, tenant, adm.id, {
      roles: ['supplier'],
      name: party.name,
      vatNumber: party.vatNumber,
      ibans: [],
      contacts: [],
      externalIds: [],
    });
    await createPurchaseInvoice(deps, tenant, adm, {
      relationId: relation.id,
      invoiceNumber: 'A-100',
      invoiceDate: '2026-03-01',
      lines: [
        { description: 'Eerder geboekt', quantity: '1', unitPrice: '10.00', vatCode: 'NL-I21', glAccount: '4990' },
      ],
    });
    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(recognised({ supplier: party, invoiceNumber: 'A-100' })),
    );

    await expect(acceptProposal(deps, tenant, adm, proposal.id)).rejects.toMatchObject({
      code: 'DUPLICATE_INVOICE_NUMBER',
    });
    expect((await getProposal(deps, adm, proposal.id)).status).toBe('proposed');
  });

  it('refuses a proposal with blocking issues with a 400 naming them', async () => {
    const { adm, tenant } = await books(deps);
    const recognition = recognised();
    delete recognition.invoiceNumber;
    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognition));
    expect(proposal.issues).toContainEqual(expect.objectContaining({ field: 'header.invoiceNumber', blocking: true }));

    const accepting = acceptProposal(deps, tenant, adm, proposal.id);

    await expect(accepting).rejects.toBeInstanceOf(ValidationError);
    await expect(accepting).rejects.toMatchObject({ issues: [{ path: 'header.invoiceNumber' }] });
  });

  it("refuses another firm's tenant", async () => {
    const { adm, tenant } = await books(deps);
    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognised()));

    await expect(acceptProposal(deps, tenantOf('firm-other'), adm, proposal.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('editProposal', () => {
  it('refuses an edit with a stale version with 409 VERSION_CONFLICT', async () => {
    const { adm, tenant } = await books(deps);
    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognised()));
    await editProposal(deps, tenant, adm, proposal.id, { header: { invoiceNumber: 'X-1' } }, proposal.version);

    const stale = editProposal(deps, tenant, adm, proposal.id, { header: { invoiceNumber: 'X-2' } }, proposal.version);

    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('replaces lines, refusing an account the chart lacks and a VAT code of the wrong side', async () => {
    const { adm, tenant } = await books(deps);
    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(recognised({ lines: [{ description: 'Lunch klant', net: 8_000, rate: 900 }] })),
    );

    const bad = editProposal(
      deps,
      tenant,
      adm,
      proposal.id,
      { lines: [{ description: 'Lunch', glAccount: '9999', vatCode: 'NL-V9', net: '80.00' }] },
      proposal.version,
    );
    await expect(bad).rejects.toMatchObject({
      issues: [
        { path: 'lines.0.vatCode', message: expect.stringContaining('purchase') },
        { path: 'lines.0.glAccount' },
      ],
    });

    const edited = await editProposal(
      deps,
      tenant,
      adm,
      proposal.id,
      { lines: [{ description: 'Lunch klant', glAccount: '4310', vatCode: 'NL-I9', net: '80.00' }] },
      proposal.version,
    );
    expect(edited.version).toBe(proposal.version + 1);
    expect(edited.lines).toEqual([
      expect.objectContaining({
        glAccount: '4310',
        vatCode: 'NL-I9',
        net: 8_000,
        vat: 720,
        costCategory: 'Representatiekosten',
        suggestedBy: 'manual',
        confidence: 1,
        sourceLineIndexes: [0],
      }),
    ]);
    expect(edited.issues).toEqual([]);
  });

  it('reports lines that no longer add up to the document as a blocking issue', async () => {
    const { adm, tenant } = await books(deps);
    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognised()));

    const edited = await editProposal(
      deps,
      tenant,
      adm,
      proposal.id,
      { lines: [{ description: 'Te weinig', glAccount: '4700', vatCode: 'NL-I21', net: '900.00' }] },
      proposal.version,
    );

    expect(edited.issues).toContainEqual(
      expect.objectContaining({ field: 'lines', blocking: true, message: expect.stringContaining('900.00') }),
    );
  });
});

describe('editProposal: relation and duplicates', () => {
  it('moves the proposal to a chosen relation, and refuses an edit that makes it a copy of another proposal', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty();
    const chosen = await createRelation(deps, tenant, adm.id, {
      roles: ['supplier'],
      name: 'Handmatig Gekozen BV',
      ibans: [],
      contacts: [],
      externalIds: [],
    });
    const first = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(recognised({ supplier: party, invoiceNumber: 'D-1' })),
    );
    const second = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(recognised({ supplier: party, invoiceNumber: 'D-2' })),
    );

    const moved = await editProposal(deps, tenant, adm, second.proposal.id, { relationId: chosen.id }, 1);
    expect(moved.relation).toEqual({
      relationId: chosen.id,
      relationName: chosen.name,
      matchedBy: 'manual',
      confidence: 1,
    });

    const copy = editProposal(
      deps,
      tenant,
      adm,
      first.proposal.id,
      { header: { invoiceNumber: 'D 2' }, relationId: chosen.id },
      1,
    );
    await expect(copy).rejects.toMatchObject({ code: 'DUPLICATE_PROPOSAL' });
    await expect(copy).rejects.toThrow(second.proposal.id);
  });
});

describe('rejectProposal', () => {
  it('rejects with a reason, posts nothing, and then refuses acceptance', async () => {
    const { adm, tenant } = await books(deps);
    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognised()));

    const rejected = await rejectProposal(
      deps,
      tenant,
      adm,
      proposal.id,
      { reason: 'Privé-uitgave' },
      proposal.version,
    );

    expect(rejected).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Privé-uitgave',
      decidedBy: tenant.userId,
      version: proposal.version + 1,
    });
    expect(rejected.posted).toBeUndefined();
    await expect(acceptProposal(deps, tenant, adm, proposal.id)).rejects.toMatchObject({ code: 'PROPOSAL_DECIDED' });
    expect((await listProposals(deps, adm, { status: 'rejected' })).items.map((p) => p.id)).toEqual([proposal.id]);
  });
});

describe('listProposals', () => {
  it('lists newest first, all or by status', async () => {
    const { adm, tenant } = await books(deps);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await createProposal(deps, tenant, adm, proposalInput(recognised()))).proposal.id);
    }
    await rejectProposal(deps, tenant, adm, ids[1]!, { reason: 'Dubbel gescand' });

    const all = await listProposals(deps, adm);
    const proposed = await listProposals(deps, adm, { status: 'proposed' });
    const firstPage = await listProposals(deps, adm, { limit: 2 });
    const secondPage = await listProposals(deps, adm, { limit: 2, cursor: firstPage.nextCursor });

    expect(all.items.map((p) => p.id)).toEqual([...ids].reverse());
    expect(proposed.items.map((p) => p.id)).toEqual([ids[2], ids[0]]);
    expect([...firstPage.items, ...secondPage.items].map((p) => p.id)).toEqual([...ids].reverse());
  });
});
