import { beforeAll, describe, expect, it } from 'vitest';
import { staticSmp } from '#functions/shared/adapters/smp-static.ts';
import { createSalesInvoice, type InvoicingDeps } from '#packages/invoicing';
import { ConflictError, ForbiddenError, ValidationError } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import {
  OutboundPeppolMessage,
  type OutboundSalesDocument,
  parseSbdh,
  type SendSalesInvoiceDeps,
  sendSalesInvoice,
  validateInvoice,
} from '#packages/peppol';
import type { Administration } from '#packages/tenancy';
import { books, invoicingDeps, relation, tenant } from '../invoicing/support.ts';

let base: InvoicingDeps;
beforeAll(async () => {
  base = await invoicingDeps();
});

/** An administration as tenancy stores it, on the books `adm` was set up with. */
function administration(adm: BooksOf, overrides: Partial<Administration> = {}): Administration {
  const be = adm.country === 'BE';
  return {
    id: adm.id,
    firmId: adm.firmId,
    legalName: be ? 'Samenwerken BV' : 'Bakkerij Jansen B.V.',
    country: adm.country,
    vatNumber: be ? 'BE0403170701' : 'NL123456782B01',
    companyNumber: be ? '0403170701' : '12345678',
    peppolParticipantIds: be ? ['0208:0403170701'] : [],
    plan: 'standaard',
    addOns: [],
    inboundEmailAddress: `${adm.id}@in.example.com`,
    allowedSenders: [],
    clientUserCount: 0,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function world(unable: readonly string[] = []) {
  const queued: OutboundSalesDocument[] = [];
  const deps: SendSalesInvoiceDeps = {
    ...base,
    smp: staticSmp(unable),
    enqueue: async (message) => {
      queued.push(message);
    },
  };
  return { deps, queued };
}

const belgianCustomer = (adm: BooksOf, companyNumber = '0202239951') =>
  relation(base, adm, {
    roles: ['customer'],
    name: 'Klant NV',
    address: { street: 'Veldstraat 1', postalCode: '9000', city: 'Gent', country: 'BE' },
    companyNumber,
    vatNumber: `BE${companyNumber}`,
  });

async function postedInvoice(adm: BooksOf, relationId: string, kind: 'invoice' | 'credit-note' = 'invoice') {
  return createSalesInvoice(base, tenant, adm, {
    kind,
    relationId,
    invoiceDate: '2026-03-02',
    lines: [
      { description: 'Advies', quantity: '3', unitPrice: '95.00', vatCode: 'BE-V21' },
      { description: 'Boeken', quantity: '2', unitPrice: '24.95', vatCode: 'BE-V6' },
    ],
  });
}

describe('sendSalesInvoice', () => {
  it('queues a posted sales invoice once, and answers a second call with the first message id', async () => {
    const adm = await books(base, 'BE');
    const customer = await belgianCustomer(adm);
    const invoice = await postedInvoice(adm, customer.id);
    const { deps, queued } = world();

    const first = await sendSalesInvoice(deps, tenant, administration(adm), invoice.id);
    const second = await sendSalesInvoice(deps, tenant, administration(adm), invoice.id);

    expect(first).toMatchObject({ outcome: 'queued', invoiceId: invoice.id, receiver: '0208:0202239951' });
    expect(second).toEqual({ ...first, outcome: 'already-queued' });
    expect(queued).toHaveLength(1);
    const [message] = queued;
    expect(message?.messageId).toBe(first.messageId);
    expect(message?.kind).toBe('invoice');
    // The consumer's envelope, apart from the kind, carries it as it carries responses.
    expect(OutboundPeppolMessage.omit({ kind: true }).safeParse(message).success).toBe(true);
    const sbdh = parseSbdh(message?.sbdh ?? '');
    expect(sbdh.header.instanceId).toBe(first.messageId);
    expect(sbdh.header.receiver).toEqual({ scheme: '0208', id: '0202239951' });
    expect(sbdh.header.documentType).toBe(first.documentType);
    expect(validateInvoice(sbdh.document, { peppol: true }).findings).toEqual([]);
  });

  it('sends a credit note with a reference to the invoice it credits', async () => {
    const adm = await books(base, 'BE');
    const customer = await belgianCustomer(adm);
    const invoice = await postedInvoice(adm, customer.id);
    const note = await createSalesInvoice(base, tenant, adm, {
      kind: 'credit-note',
      relationId: customer.id,
      invoiceDate: '2026-03-09',
      creditNoteFor: invoice.id,
      lines: [{ description: 'Advies', quantity: '1', unitPrice: '95.00', vatCode: 'BE-V21' }],
    });
    const { deps, queued } = world();

    await sendSalesInvoice(deps, tenant, administration(adm), note.id);

    expect(queued[0]?.kind).toBe('credit-note');
    expect(queued[0]?.sbdh).toContain(`<cac:InvoiceDocumentReference><cbc:ID>${invoice.number}</cbc:ID>`);
  });

  it('refuses a receiver the SMP does not know with RECEIVER_NOT_ON_PEPPOL and queues nothing', async () => {
    const adm = await books(base, 'BE');
    const customer = await belgianCustomer(adm, '0403170701');
    const invoice = await postedInvoice(adm, customer.id);
    const { deps, queued } = world(['0208:0403170701']);

    const refused = sendSalesInvoice(deps, tenant, administration(adm), invoice.id);

    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'RECEIVER_NOT_ON_PEPPOL' });
    expect(queued).toEqual([]);
  });

  it('refuses a customer without any Peppol, company or VAT number with RECEIVER_NOT_ON_PEPPOL', async () => {
    const adm = await books(base, 'BE');
    const customer = await relation(base, adm, { roles: ['customer'], name: 'Particulier' });
    const invoice = await postedInvoice(adm, customer.id);
    const { deps, queued } = world();

    await expect(sendSalesInvoice(deps, tenant, administration(adm), invoice.id)).rejects.toMatchObject({
      code: 'RECEIVER_NOT_ON_PEPPOL',
    });
    expect(queued).toEqual([]);
  });

  it('queues nothing when the document fails validation, and lists the rule ids', async () => {
    // A Dutch seller without postal address or IBAN: NL-R-002 and NL-R-007.
    const adm = await books(base, 'NL');
    const customer = await relation(base, adm, {
      roles: ['customer'],
      name: 'Korenschoof B.V.',
      address: { street: 'Coolsingel 40', postalCode: '3011 AD', city: 'Rotterdam', country: 'NL' },
      companyNumber: '87654321',
    });
    const invoice = await createSalesInvoice(base, tenant, adm, {
      relationId: customer.id,
      invoiceDate: '2026-03-02',
      lines: [{ description: 'Brood', quantity: '10', unitPrice: '3.10', vatCode: 'NL-V9' }],
    });
    const { deps, queued } = world();

    const failed = await sendSalesInvoice(deps, tenant, administration(adm), invoice.id).catch((e: unknown) => e);

    expect(failed).toBeInstanceOf(ValidationError);
    expect((failed as ValidationError).message).toMatch(/NL-R-002.*NL-R-007/);
    expect((failed as ValidationError).issues.map((i) => i.message.split(':')[0])).toEqual(['NL-R-002', 'NL-R-007']);
    expect(queued).toEqual([]);

    // Once the administration holds its postal address and IBAN, the same invoice goes out.
    const complete = administration(adm, {
      address: { street: 'Damrak 1', postalCode: '1012 LG', city: 'Amsterdam' },
      iban: 'NL91ABNA0417164300',
    });
    const sent = await sendSalesInvoice(deps, tenant, complete, invoice.id);
    expect(sent).toMatchObject({ outcome: 'queued', sender: '0106:12345678', receiver: '0106:87654321' });
    expect(queued).toHaveLength(1);
  });

  it('lets only firm users send', async () => {
    const adm = await books(base, 'BE');
    const { deps } = world();
    await expect(
      sendSalesInvoice(deps, { ...tenant, userType: 'client' }, administration(adm), 'x'),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
