import { beforeAll, describe, expect, it } from 'vitest';
import { staticSmp } from '#functions/shared/adapters/smp-static.ts';
import { createSalesInvoice, type InvoicingDeps } from '#packages/invoicing';
import { systemClock } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import {
  type Clarification,
  getPeppolSend,
  type InvoiceResponseCode,
  ingestPeppolMessage,
  invoiceResponseMessage,
  type OutboundPeppolMessage,
  type PeppolIngestionDeps,
  peppolKeys,
  sendSalesInvoice,
} from '#packages/peppol';
import { getItem } from '#packages/table';
import type { Administration } from '#packages/tenancy';
import { books, invoicingDeps, relation, tenant } from '../invoicing/support.ts';

let base: InvoicingDeps;
beforeAll(async () => {
  base = await invoicingDeps();
});

const us = { scheme: '0208', id: '0403170701' };
const buyer = { scheme: '0208', id: '0202239951' };

function administration(adm: BooksOf): Administration {
  return {
    id: adm.id,
    firmId: adm.firmId,
    legalName: 'Samenwerken BV',
    country: 'BE',
    vatNumber: 'BE0403170701',
    companyNumber: '0403170701',
    peppolParticipantIds: ['0208:0403170701'],
    plan: 'standaard',
    addOns: [],
    inboundEmailAddress: `${adm.id}@in.example.com`,
    allowedSenders: [],
    clientUserCount: 0,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A Belgian sales invoice sent over Peppol to Klant NV, and the ingestion deps routing our participant id to its books. */
async function sentInvoice() {
  const adm = await books(base, 'BE');
  const customer = await relation(base, adm, {
    roles: ['customer'],
    name: 'Klant NV',
    address: { street: 'Veldstraat 1', postalCode: '9000', city: 'Gent', country: 'BE' },
    companyNumber: buyer.id,
    vatNumber: `BE${buyer.id}`,
  });
  const invoice = await createSalesInvoice(base, tenant, adm, {
    kind: 'invoice',
    relationId: customer.id,
    invoiceDate: '2026-03-02',
    lines: [{ description: 'Advies', quantity: '3', unitPrice: '95.00', vatCode: 'BE-V21' }],
  });
  await sendSalesInvoice(
    { ...base, smp: staticSmp(), enqueue: async () => undefined },
    tenant,
    administration(adm),
    invoice.id,
  );
  const answers: OutboundPeppolMessage[] = [];
  const deps: PeppolIngestionDeps = {
    table: base.table,
    clock: systemClock,
    route: async (participant) =>
      participant === '0208:0403170701'
        ? { firmId: adm.firmId, administrationId: adm.id, legalName: 'Samenwerken BV' }
        : undefined,
    putObject: async () => undefined,
    recognise: async () => undefined,
    respond: async (message) => {
      answers.push(message);
    },
  };
  return { adm, invoice, deps, answers };
}

/** The buyer's Invoice Response, in its SBDH, as their access point delivers it to ours. */
function buyerAnswers(
  invoiceNumber: string,
  code: InvoiceResponseCode,
  id: string,
  issuedAt: string,
  clarifications: Clarification[] = [],
) {
  return Buffer.from(
    invoiceResponseMessage({
      id,
      issuedAt,
      code,
      sender: { participant: buyer, name: 'Klant NV' },
      receiver: { participant: us, name: 'Samenwerken BV' },
      document: { id: invoiceNumber, issueDate: '2026-03-02', typeCode: '380' },
      clarifications,
    }).sbdh,
  );
}

const arrivedAt = '2026-03-05T09:00:00.000Z';

describe('an Invoice Response to an invoice we sent over Peppol', () => {
  it('sets the invoice status to each code the buyer sends, AB to PD, with every answer kept', async () => {
    const { adm, invoice, deps } = await sentInvoice();
    const codes: InvoiceResponseCode[] = ['AB', 'IP', 'UQ', 'RE', 'AP', 'PD'];
    const statuses: (string | undefined)[] = [];

    for (const [n, code] of codes.entries()) {
      const clarifications: Clarification[] =
        code === 'UQ' || code === 'RE' ? [{ kind: 'reason', code: 'PRI', text: 'Prijs klopt niet' }] : [];
      const raw = buyerAnswers(
        invoice.number,
        code,
        `${invoice.id}-${code}`,
        `2026-03-0${n + 3}T10:00:00Z`,
        clarifications,
      );
      const result = await ingestPeppolMessage(deps, {
        rawKey: `raw/peppol/ir-${invoice.id}-${code}.xml`,
        raw,
        arrivedAt,
      });
      expect(result.outcome).toBe('response-recorded');
      statuses.push((await getPeppolSend(base, adm, invoice.id)).status);
    }

    expect(statuses).toEqual(codes);
    const send = await getPeppolSend(base, adm, invoice.id);
    expect(send.responses?.map((r) => r.code)).toEqual(codes);
    expect(send.responses?.find((r) => r.code === 'UQ')?.reasons).toEqual([{ code: 'PRI', text: 'Prijs klopt niet' }]);
  });

  it('keeps the later status when an earlier answer arrives last, and records a redelivered answer once', async () => {
    const { adm, invoice, deps } = await sentInvoice();
    const ap = buyerAnswers(invoice.number, 'AP', `${invoice.id}-ap`, '2026-03-06T10:00:00Z');
    const ab = buyerAnswers(invoice.number, 'AB', `${invoice.id}-ab`, '2026-03-03T10:00:00Z');

    await ingestPeppolMessage(deps, { rawKey: `raw/peppol/ap-${invoice.id}.xml`, raw: ap, arrivedAt });
    await ingestPeppolMessage(deps, { rawKey: `raw/peppol/ab-${invoice.id}.xml`, raw: ab, arrivedAt });
    await ingestPeppolMessage(deps, { rawKey: `raw/peppol/ab-${invoice.id}.xml`, raw: ab, arrivedAt });

    const send = await getPeppolSend(base, adm, invoice.id);
    expect(send.status).toBe('AP');
    expect(send.responses?.map((r) => r.code)).toEqual(['AP', 'AB']);
  });

  it('is rejected with an MLR when it names an invoice the administration never sent', async () => {
    const { deps, answers } = await sentInvoice();
    const raw = buyerAnswers('NOT-OURS-1', 'AP', 'ir-unknown-invoice', '2026-03-06T10:00:00Z');

    const result = await ingestPeppolMessage(deps, { rawKey: 'raw/peppol/ir-unknown.xml', raw, arrivedAt });

    expect(result.outcome).toBe('rejected');
    expect(answers.map((a) => [a.kind, a.responseCode])).toEqual([['mlr', 'RE']]);
    expect(await getItem(base.table, peppolKeys.message('0208:0202239951', 'ir-unknown-invoice'))).toMatchObject({
      rejection: { reason: 'UNKNOWN_INVOICE' },
    });
  });
});
