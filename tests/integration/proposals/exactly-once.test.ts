import { beforeAll, describe, expect, it } from 'vitest';
import { PlanRestrictionError } from '#packages/kernel';
import {
  createProposal,
  listProposals,
  listUsage,
  type ProposalsDeps,
  ProposalsNotInPlanError,
  rejectProposal,
} from '#packages/proposals';
import { books, proposalInput, proposalsDeps, recognised, supplierParty } from './support.ts';

let deps: ProposalsDeps;
/** The ticking clock starts on 2 March 2026: every proposal here is March usage. */
const month = '2026-03';

beforeAll(async () => {
  deps = await proposalsDeps();
});

describe('createProposal: once per document', () => {
  it('returns the same proposal for the same document and records usage once', async () => {
    const { adm, tenant } = await books(deps);
    const input = proposalInput(recognised());

    const first = await createProposal(deps, tenant, adm, input);
    const again = await createProposal(deps, tenant, adm, input);

    expect(first.created).toBe(true);
    expect(again).toEqual({ proposal: first.proposal, created: false });
    expect((await listProposals(deps, adm)).items).toHaveLength(1);
    const usage = await listUsage(deps.table, adm.firmId, month);
    expect(usage).toEqual([
      {
        firmId: adm.firmId,
        administrationId: adm.id,
        kind: 'booking-proposal',
        proposalId: first.proposal.id,
        documentId: input.document.id,
        at: first.proposal.createdAt,
      },
    ]);
  });

  it('makes one proposal and one usage record under five concurrent deliveries of one document', async () => {
    const { adm, tenant } = await books(deps);
    const input = proposalInput(recognised());

    const results = await Promise.all(Array.from({ length: 5 }, () => createProposal(deps, tenant, adm, input)));

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.proposal.id)).size).toBe(1);
    expect((await listProposals(deps, adm)).items).toHaveLength(1);
    expect(await listUsage(deps.table, adm.firmId, month)).toHaveLength(1);
  });
});

describe('createProposal: duplicate invoices across doors', () => {
  it('marks the second document of the same supplier, number and gross as a duplicate of the first, still counting it', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty();
    const byMail = recognised({ supplier: party, invoiceNumber: '2026-0042' });
    // The same invoice as a Peppol e-invoice: the IBAN printed differently, the number with a space.
    const byPeppol = recognised({
      supplier: { ...party, name: party.name.toUpperCase() },
      invoiceNumber: '2026 0042',
    });

    const first = await createProposal(deps, tenant, adm, proposalInput(byMail, { source: 'email' }));
    const second = await createProposal(deps, tenant, adm, proposalInput(byPeppol, { source: 'peppol' }));

    expect(first.proposal.status).toBe('proposed');
    expect(second.proposal).toMatchObject({ status: 'duplicate', duplicateOf: first.proposal.id });
    expect((await listProposals(deps, adm, { status: 'duplicate' })).items.map((p) => p.id)).toEqual([
      second.proposal.id,
    ]);
    expect(await listUsage(deps.table, adm.firmId, month)).toHaveLength(2);
  });

  it('finds the duplicate also when both arrive at once', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty();
    const documents = ['upload', 'scan', 'email'] as const;

    const results = await Promise.all(
      documents.map((source) =>
        createProposal(
          deps,
          tenant,
          adm,
          proposalInput(recognised({ supplier: party, invoiceNumber: 'F-77' }), { source }),
        ),
      ),
    );

    expect(results.map((r) => r.proposal.status).sort()).toEqual(['duplicate', 'duplicate', 'proposed']);
    const original = results.find((r) => r.proposal.status === 'proposed')?.proposal.id;
    expect(results.filter((r) => r.proposal.duplicateOf === original)).toHaveLength(2);
  });

  it('is no duplicate of a rejected proposal, nor of another amount', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty();
    const spec = { supplier: party, invoiceNumber: 'R-1' };
    const first = await createProposal(deps, tenant, adm, proposalInput(recognised(spec)));
    const otherAmount = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(recognised({ ...spec, lines: [{ description: 'Anders', net: 12_345 }] })),
    );
    await rejectProposal(deps, tenant, adm, first.proposal.id, { reason: 'Verkeerd bedrag gelezen' });

    const resent = await createProposal(deps, tenant, adm, proposalInput(recognised(spec)));

    expect(otherAmount.proposal.status).toBe('proposed');
    expect(resent.proposal.status).toBe('proposed');
  });
});

describe('createProposal: plan', () => {
  it('refuses a Standaard administration with PLAN_EXCLUDES_PROPOSALS and writes nothing', async () => {
    const { adm, tenant } = await books(deps);

    const refused = createProposal(deps, tenant, adm, { ...proposalInput(recognised()), plan: 'standaard' });

    await expect(refused).rejects.toBeInstanceOf(ProposalsNotInPlanError);
    await expect(refused).rejects.toBeInstanceOf(PlanRestrictionError);
    await expect(refused).rejects.toMatchObject({ code: 'PLAN_EXCLUDES_PROPOSALS' });
    expect((await listProposals(deps, adm)).items).toEqual([]);
    expect((await listUsage(deps.table, adm.firmId, month)).filter((u) => u.administrationId === adm.id)).toEqual([]);
  });
});
