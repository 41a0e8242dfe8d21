import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantContext } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import {
  acceptProposal,
  type BookingProposal,
  createProposal,
  editProposal,
  type ProposalsDeps,
} from '#packages/proposals';
import type { RecognitionResult } from '#packages/recognition';
import { books, type DocumentSpec, proposalInput, proposalsDeps, recognised, supplierParty } from './support.ts';

let deps: ProposalsDeps;

beforeAll(async () => {
  deps = await proposalsDeps();
});

/** Creates the proposal, corrects its lines to `accounts` (by position) and accepts it: one booking. */
async function book(
  tenant: TenantContext,
  adm: BooksOf,
  recognition: RecognitionResult,
  correct?: (p: BookingProposal) => { glAccount: string; vatCode: string; sourceLineIndexes?: number[] }[],
): Promise<BookingProposal> {
  const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognition));
  let current = proposal;
  if (correct) {
    const wanted = correct(proposal);
    const lines = wanted.map((w, i) => {
      const sources = w.sourceLineIndexes ?? proposal.lines[i]?.sourceLineIndexes ?? [];
      const net = sources.reduce((s, j) => s + (proposal.documentLines[j]?.net ?? 0), 0);
      return {
        description: proposal.lines[i]?.description ?? 'Regel',
        glAccount: w.glAccount,
        vatCode: w.vatCode,
        net: (net / 100).toFixed(2),
        sourceLineIndexes: sources,
      };
    });
    current = await editProposal(deps, tenant, adm, proposal.id, { lines }, proposal.version);
  }
  return acceptProposal(deps, tenant, adm, current.id, current.version);
}

describe('suggestions', () => {
  it('learn from a corrected acceptance at once: the next document of the supplier gets the corrected account', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty('Reclamebureau Blauw');
    const first = recognised({
      supplier: party,
      lines: [{ description: 'Advertentie campagne voorjaar', net: 50_000 }],
    });

    const before = await createProposal(deps, tenant, adm, proposalInput(first));
    expect(before.proposal.lines[0]).toMatchObject({ glAccount: '4990', suggestedBy: 'chart-default' });
    expect(before.proposal.lines[0]?.explanation).toBe(
      'chart default 4990 (Algemene kosten); VAT code NL-I21 from the 21 % rate on the document',
    );
    const edited = await editProposal(
      deps,
      tenant,
      adm,
      before.proposal.id,
      {
        lines: [{ description: 'Advertentie campagne voorjaar', glAccount: '4300', vatCode: 'NL-I21', net: '500.00' }],
      },
      before.proposal.version,
    );
    await acceptProposal(deps, tenant, adm, edited.id, edited.version);

    const { proposal: next } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(recognised({ supplier: party, lines: [{ description: 'Folders drukken', net: 20_000 }] })),
    );

    expect(next.relation.matchedBy).toBe('vatNumber');
    expect(next.lines[0]).toMatchObject({
      glAccount: '4300',
      vatCode: 'NL-I21',
      suggestedBy: 'history',
      confidence: 0.667,
    });
    expect(next.lines[0]?.explanation).toBe(
      'booked 1 of 1 time on 4300 for this supplier; VAT code NL-I21 as booked before',
    );
  });

  it('learn per description for a supplier whose lines go to different accounts', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty('Groothandel Hanos');
    const doc = (n: number) =>
      recognised({
        supplier: party,
        lines: [
          { description: `Koffiebonen espresso ${n} kg`, net: 3_000, rate: 900 },
          { description: 'Schoonmaakmiddel allesreiniger', net: 1_500, rate: 2100 },
        ],
      });
    for (let n = 1; n <= 2; n++) {
      await book(tenant, adm, doc(n), () => [
        { glAccount: '7000', vatCode: 'NL-I9' },
        { glAccount: '4190', vatCode: 'NL-I21' },
      ]);
    }

    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(
        recognised({
          supplier: party,
          lines: [
            { description: 'Allesreiniger citroen', net: 900, rate: 2100 },
            { description: 'Koffiebonen decaf', net: 2_000, rate: 900 },
          ],
        }),
      ),
    );

    expect(proposal.lines.map((l) => [l.glAccount, l.vatCode, l.suggestedBy])).toEqual([
      ['4190', 'NL-I21', 'description-history'],
      ['7000', 'NL-I9', 'description-history'],
    ]);
    expect(proposal.lines[1]?.explanation).toMatch(
      /^lines like "koffiebonen" booked 2 of 2 times on 7000 for this supplier/,
    );
  });

  it('fall back on what the firm booked for the supplier in another administration, and say so', async () => {
    const { adm: first, tenant } = await books(deps);
    const { adm: second } = await books(deps, 'NL', first.firmId);
    const { adm: third } = await books(deps, 'NL', first.firmId);
    const party = supplierParty('Telecom Provider NV');
    const spec: DocumentSpec = { supplier: party, lines: [{ description: 'Abonnement zakelijk mobiel', net: 4_500 }] };
    for (const adm of [first, first, second]) {
      await book(tenant, adm, recognised(spec), () => [{ glAccount: '4510', vatCode: 'NL-I21' }]);
    }

    const { proposal } = await createProposal(deps, tenant, third, proposalInput(recognised(spec)));

    expect(proposal.relation.matchedBy).toBe('new');
    expect(proposal.lines[0]).toMatchObject({ glAccount: '4510', vatCode: 'NL-I21', suggestedBy: 'firm-history' });
    expect(proposal.lines[0]?.explanation).toMatch(
      /^firm-wide: 3 bookings in 2 administrations on 4510 for this supplier's VAT number/,
    );
    expect(proposal.lines[0]?.confidence).toBeLessThan(0.8);
  });

  it('do not carry a Dutch administration’s accounts into a Belgian chart', async () => {
    const { adm: nl, tenant } = await books(deps);
    const { adm: be } = await books(deps, 'BE', nl.firmId);
    const party = supplierParty('Grensoverschrijdend BV');
    const spec: DocumentSpec = { supplier: party, lines: [{ description: 'Advies', net: 10_000 }] };
    await book(tenant, nl, recognised(spec), () => [{ glAccount: '4700', vatCode: 'NL-I21' }]);

    const { proposal } = await createProposal(deps, tenant, be, proposalInput(recognised(spec)));

    expect(proposal.lines[0]).toMatchObject({ suggestedBy: 'chart-default', vatCode: 'BE-I21-SERVICES' });
  });

  it('use the relation default when the relation has no bookings yet', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty('Energie Direct');
    const { createRelation } = await import('#packages/relations');
    await createRelation(deps, tenant, adm.id, {
      roles: ['supplier'],
      name: party.name,
      vatNumber: party.vatNumber,
      ibans: [],
      contacts: [],
      externalIds: [],
      defaultGlAccount: '4110',
    });

    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognised({ supplier: party })));

    expect(proposal.lines[0]).toMatchObject({ glAccount: '4110', suggestedBy: 'relation-default', confidence: 0.6 });
    expect(proposal.lines[0]?.explanation).toMatch(/^relation default 4110; VAT code NL-I21 from the 21 % rate/);
  });
});

describe('consolidation', () => {
  it('turns a 40-line e-invoice into one line per rate and account, keeping every original line', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty('Bouwmaterialen Groot');
    const kinds = [
      { word: 'Schroeven', gl: '7100', rate: 2100 },
      { word: 'Verf', gl: '4200', rate: 2100 },
      { word: 'Handschoenen', gl: '4090', rate: 2100 },
      { word: 'Bouwtekening', gl: '7100', rate: 900 },
    ];
    const lines = (count: number) =>
      Array.from({ length: count }, (_, i) => {
        const kind = kinds[i % kinds.length]!;
        return { description: `${kind.word} partij ${i + 1}`, net: 1_000 + 37 * i, rate: kind.rate };
      });
    // Teach the supplier once: a 4-line document split by account.
    await book(tenant, adm, recognised({ supplier: party, lines: lines(4) }), () =>
      kinds.map((k, i) => ({ glAccount: k.gl, vatCode: k.rate === 900 ? 'NL-I9' : 'NL-I21', sourceLineIndexes: [i] })),
    );
    const forty = recognised({ supplier: party, lines: lines(40) });

    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(forty));

    expect(proposal.documentLines).toHaveLength(40);
    expect(proposal.documentLines).toEqual(forty.lines);
    expect(proposal.lines.map((l) => [l.rateBasisPoints, l.glAccount, l.vatCode, l.sourceLineIndexes.length])).toEqual([
      [2100, '7100', 'NL-I21', 10],
      [2100, '4200', 'NL-I21', 10],
      [2100, '4090', 'NL-I21', 10],
      [900, '7100', 'NL-I9', 10],
    ]);
    const covered = proposal.lines.flatMap((l) => l.sourceLineIndexes).sort((a, b) => a - b);
    expect(covered).toEqual(Array.from({ length: 40 }, (_, i) => i));
    for (const line of proposal.lines) {
      const net = line.sourceLineIndexes.reduce((s, i) => s + (forty.lines[i]?.net ?? 0), 0);
      expect(line.net).toBe(net);
    }
    for (const b of forty.vatBreakdown) {
      const ofRate = proposal.lines.filter((l) => l.rateBasisPoints === b.rateBasisPoints);
      expect(ofRate.reduce((s, l) => s + l.vat, 0)).toBe(b.vat);
    }
    expect(proposal.lines[0]?.description).toBe('Grond- en hulpstoffen: 10 lines (Schroeven partij 1, …)');
    expect(proposal.lines[0]?.explanation).toMatch(/\(10 lines\)$/);
    expect(proposal.issues).toEqual([]);

    const accepted = await acceptProposal(deps, tenant, adm, proposal.id, proposal.version);
    expect(accepted.status).toBe('accepted');
  });

  it('makes one line per rate of the VAT breakdown for a document without lines', async () => {
    const { adm, tenant } = await books(deps);
    const recognition = recognised({
      withoutLines: true,
      lines: [
        { description: 'x', net: 10_000, rate: 2100 },
        { description: 'y', net: 5_000, rate: 900 },
      ],
    });

    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognition));

    expect(proposal.lines.map((l) => [l.rateBasisPoints, l.net, l.vat, l.vatCode, l.sourceLineIndexes])).toEqual([
      [2100, 10_000, 2_100, 'NL-I21', []],
      [900, 5_000, 450, 'NL-I9', []],
    ]);
    expect(proposal.issues).toEqual([]);
  });
});

describe('auto-accept', () => {
  it('accepts without hands at or above the threshold, and leaves it proposed below', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty('Huurbaas Vastgoed');
    const spec = (n: number): DocumentSpec => ({
      supplier: party,
      lines: [{ description: `Huur bedrijfsruimte maand ${n}`, net: 150_000 }],
    });
    for (let n = 1; n <= 5; n++) {
      await book(tenant, adm, recognised(spec(n)), () => [{ glAccount: '4100', vatCode: 'NL-I21' }]);
    }

    const below = await createProposal(deps, tenant, adm, {
      ...proposalInput(recognised(spec(6))),
      autoAcceptThreshold: 0.95,
    });
    const above = await createProposal(deps, tenant, adm, {
      ...proposalInput(recognised(spec(7))),
      autoAcceptThreshold: 0.9,
    });

    expect(below.proposal).toMatchObject({ status: 'proposed', confidence: 0.909 });
    expect(above.proposal).toMatchObject({ status: 'accepted', decidedBy: 'auto', confidence: 0.909 });
    expect(above.proposal.posted?.invoiceId).toBeDefined();
  });

  it('leaves a proposal whose automatic posting fails proposed, with an issue saying why', async () => {
    const { adm, tenant } = await books(deps);
    const party = supplierParty('Schoonmaakbedrijf Glans');
    const spec = (n: number, invoiceNumber = `G-${n}`): DocumentSpec => ({
      supplier: party,
      invoiceNumber,
      lines: [{ description: `Schoonmaak kantoor week ${n}`, net: 30_000 }],
    });
    for (let n = 1; n <= 5; n++) {
      await book(tenant, adm, recognised(spec(n)), () => [{ glAccount: '4190', vatCode: 'NL-I21' }]);
    }

    // The same number again, for another amount: not a duplicate proposal, but the books have it.
    const { proposal } = await createProposal(deps, tenant, adm, {
      ...proposalInput(recognised({ ...spec(6, 'G-5'), lines: [{ description: 'Schoonmaak extra', net: 1_000 }] })),
      autoAcceptThreshold: 0.9,
    });

    expect(proposal.status).toBe('proposed');
    expect(proposal.issues).toEqual([
      expect.objectContaining({
        field: 'status',
        message: expect.stringMatching(/^Not accepted automatically: .*G-5/),
      }),
    ]);
  });

  it('never accepts a new relation or a chart default without hands', async () => {
    const { adm, tenant } = await books(deps);

    const { proposal } = await createProposal(deps, tenant, adm, {
      ...proposalInput(recognised()),
      autoAcceptThreshold: 0.5,
    });

    expect(proposal.status).toBe('proposed');
  });
});
