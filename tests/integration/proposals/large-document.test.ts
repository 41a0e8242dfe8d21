import { beforeAll, describe, expect, it } from 'vitest';
import {
  acceptProposal,
  createProposal,
  documentLinesKept,
  getProposal,
  lineIssuesKept,
  type ProposalsDeps,
} from '#packages/proposals';
import { readStructuredInvoice } from '#packages/recognition';
import { listAdministrationAudit } from '#packages/table';
import { renderUbl } from '../../helpers/invoices/index.ts';
import { invoiceWithLines } from '../../helpers/peppol-large.ts';
import { books, proposalInput, proposalsDeps } from './support.ts';

let deps: ProposalsDeps;

beforeAll(async () => {
  deps = await proposalsDeps();
});

/** A Peppol invoice of 5 000 lines as read, its lines kept beside the document as the pipeline keeps them. */
function largeInput() {
  const recognition = readStructuredInvoice(Buffer.from(renderUbl(invoiceWithLines(8300, 5000))));
  const input = proposalInput(recognition, { source: 'peppol' });
  const lines = { key: `documents/${input.document.id}/recognition-lines.json`, count: 5000 };
  return { ...input, document: { ...input.document, lines } };
}

describe('createProposal: a document whose 5 000 lines are kept beside it', () => {
  it('books every line, and its item and audit line keep the first lines only', async () => {
    const { adm, tenant } = await books(deps);
    const input = largeInput();

    const { proposal, created } = await createProposal(deps, tenant, adm, input);

    expect(created).toBe(true);
    expect(proposal.status).toBe('proposed');
    expect(proposal.documentLinesBeside).toEqual(input.document.lines);
    const booked = proposal.lines.flatMap((l) => l.sourceLineIndexes).sort((a, b) => a - b);
    expect(booked).toEqual([...Array(5000).keys()]);
    const stored = await getProposal(deps, adm, proposal.id);
    expect(stored.documentLines).toEqual(input.recognition.lines.slice(0, documentLinesKept));
    const [audit] = (await listAdministrationAudit(deps.table, adm.firmId, adm.id)).items.filter(
      (e) => e.action === 'proposal.created',
    );
    expect(audit?.after).toEqual(stored);
  });

  it('is made from lines read without a VAT rate, its reading issues counted past the first lines', async () => {
    const { adm, tenant } = await books(deps);
    const input = largeInput();
    const lines = input.recognition.lines.map(({ vatRateBasisPoints: _, ...line }) => line);
    expect(new Set(input.recognition.vatBreakdown.map((b) => b.rateBasisPoints)).size).toBeGreaterThan(1);

    const { proposal } = await createProposal(deps, tenant, adm, {
      ...input,
      recognition: { ...input.recognition, lines },
    });

    expect(proposal.status).toBe('proposed');
    const reading = proposal.issues.filter((i) => i.field.startsWith('documentLines'));
    expect(reading).toHaveLength(lineIssuesKept + 1);
    expect(reading.at(-1)?.message).toBe(
      `${5000 - lineIssuesKept} more lines: ${5000 - lineIssuesKept} without a VAT rate, the rate assumed as above.`,
    );
  });

  it('is accepted, with every line booked', async () => {
    const { adm, tenant } = await books(deps);
    const { proposal } = await createProposal(deps, tenant, adm, largeInput());

    const accepted = await acceptProposal(deps, tenant, adm, proposal.id, proposal.version);

    expect(accepted.status).toBe('accepted');
    expect(accepted.lines).toEqual(proposal.lines);
  });
});
