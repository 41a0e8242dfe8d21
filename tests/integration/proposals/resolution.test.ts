import { beforeAll, describe, expect, it } from 'vitest';
import { createProposal, type ProposalsDeps } from '#packages/proposals';
import { createRelation } from '#packages/relations';
import {
  books,
  dutchIban,
  dutchVatNumber,
  own,
  proposalInput,
  proposalsDeps,
  recognised,
  supplierParty,
} from './support.ts';

let deps: ProposalsDeps;

beforeAll(async () => {
  deps = await proposalsDeps();
});

const relationInput = (name: string, extra: Record<string, unknown> = {}) => ({
  roles: ['supplier' as const],
  name,
  ibans: [],
  contacts: [],
  externalIds: [],
  ...extra,
});

describe('createProposal: finding the supplier', () => {
  it('matches an existing relation by VAT number, even when the document spells the name differently', async () => {
    const { adm, tenant } = await books(deps);
    const vatNumber = dutchVatNumber();
    const relation = await createRelation(deps, tenant, adm.id, relationInput('Drukkerij Jansen', { vatNumber }));

    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(recognised({ supplier: { name: 'Jansen Drukwerk B.V.', vatNumber: vatNumber.toLowerCase() } })),
    );

    expect(proposal.side).toBe('purchase');
    expect(proposal.relation).toMatchObject({ relationId: relation.id, matchedBy: 'vatNumber', confidence: 1 });
  });

  it('matches by IBAN when the document carries no VAT number', async () => {
    const { adm, tenant } = await books(deps);
    const iban = dutchIban();
    const relation = await createRelation(deps, tenant, adm.id, relationInput('Verhuur Noord', { ibans: [iban] }));

    const printed = iban.replace(/(.{4})/g, '$1 ').trim();
    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(recognised({ supplier: { name: 'Verhuur Noord', iban: printed } })),
    );

    expect(proposal.relation).toMatchObject({ relationId: relation.id, matchedBy: 'iban' });
  });

  it('matches by KvK number when neither VAT number nor IBAN is known', async () => {
    const { adm, tenant } = await books(deps);
    const relation = await createRelation(
      deps,
      tenant,
      adm.id,
      relationInput('Bouwbedrijf De Hoek', { companyNumber: '12345678', address: { country: 'NL' } }),
    );

    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(
        recognised({ supplier: { name: 'Anders Genoemd', companyNumber: '1234 5678', countryCode: 'NL' } }),
      ),
    );

    expect(proposal.relation).toMatchObject({ relationId: relation.id, matchedBy: 'companyNumber' });
  });

  it('matches by exact normalised name, legal form and punctuation aside, when no identifier is known', async () => {
    const { adm, tenant } = await books(deps);
    await createRelation(deps, tenant, adm.id, relationInput('Acme Holding Nederland'));
    const relation = await createRelation(deps, tenant, adm.id, relationInput('Acme B.V.'));

    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(recognised({ supplier: { name: 'ACME BV' } })),
    );

    expect(proposal.relation).toMatchObject({ relationId: relation.id, matchedBy: 'name', confidence: 0.8 });
  });

  it('proposes a new relation from what was read, leaving out an invalid VAT number with an issue', async () => {
    const { adm, tenant } = await books(deps);
    const iban = dutchIban();

    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(
        recognised({
          supplier: { name: 'Nieuwe Leverancier VOF', vatNumber: 'NL123456789B02', iban, countryCode: 'NL' },
        }),
      ),
    );

    expect(proposal.relation).toEqual({
      matchedBy: 'new',
      confidence: 0.5,
      proposedRelation: { name: 'Nieuwe Leverancier VOF', iban, country: 'NL' },
    });
    expect(proposal.issues).toContainEqual(
      expect.objectContaining({ field: 'relation.proposedRelation.vatNumber', source: 'resolution', blocking: false }),
    );
  });

  it('reads a document the administration issued itself (its own VAT number as seller) as sales, matching the customer', async () => {
    const { adm, tenant } = await books(deps);
    const customerVat = dutchVatNumber();
    const customer = await createRelation(deps, tenant, adm.id, {
      ...relationInput('Klant Oost', { vatNumber: customerVat }),
      roles: ['customer'],
    });

    const { proposal } = await createProposal(
      deps,
      tenant,
      adm,
      proposalInput(
        recognised({
          supplier: { name: 'Ons Bedrijf', vatNumber: own.vatNumber },
          customer: { name: 'Klant Oost', vatNumber: customerVat },
        }),
      ),
    );

    expect(proposal.side).toBe('sales');
    expect(proposal.relation).toMatchObject({ relationId: customer.id, matchedBy: 'vatNumber' });
    expect(proposal.lines[0]).toMatchObject({ glAccount: '8000', vatCode: 'NL-V21', suggestedBy: 'chart-default' });
  });

  it('does not match a supplier of another administration of the same firm', async () => {
    const { adm, tenant } = await books(deps);
    const { adm: other } = await books(deps, 'NL', adm.firmId);
    const party = supplierParty();
    await createRelation(deps, tenant, other.id, relationInput(party.name, { vatNumber: party.vatNumber }));

    const { proposal } = await createProposal(deps, tenant, adm, proposalInput(recognised({ supplier: party })));

    expect(proposal.relation.matchedBy).toBe('new');
  });
});
