import { type ParticipantId, parseParticipantId, wrapInSbdh } from '#packages/peppol';
import { generateInvoiceSpec, type InvoiceSpec, renderUbl } from '../../../../helpers/invoices/index.ts';

/** Peppol BIS Billing 3.0 invoice document type and process, as an SMP lists them. */
export const billingInvoiceType =
  'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1';
export const billingProcessId = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

export interface EmbeddedFile {
  readonly id: string;
  readonly fileName: string;
  readonly mimeCode: string;
  readonly content: Buffer;
}

export interface PeppolMessageSpec {
  readonly sender: string;
  readonly receiver: string;
  readonly instanceId: string;
  readonly invoice?: InvoiceSpec;
  readonly attachments?: readonly EmbeddedFile[];
  /** Makes the invoice fail validation: the payable amount no longer matches the totals. */
  readonly breakTotals?: boolean;
}

const participant = (value: string): ParticipantId => {
  const p = parseParticipantId(value);
  if (!p) throw new Error(`not a participant id: ${value}`);
  return p;
};

/** A Dutch invoice from the generated corpus (deterministic by seed). */
export const dutchInvoice = (seed: number, overrides: Partial<InvoiceSpec> = {}): InvoiceSpec => ({
  ...generateInvoiceSpec(seed, { country: 'NL', documentType: 'invoice', maxLines: 3 }),
  ...overrides,
});

/** A valid Peppol BIS 3.0 invoice in its SBDH, as an access point delivers it. */
export function peppolMessage(spec: PeppolMessageSpec): string {
  const invoice = spec.invoice ?? dutchInvoice(7);
  let body = renderUbl(invoice);
  if (spec.attachments?.length) {
    const references = spec.attachments
      .map(
        (a) =>
          `  <cac:AdditionalDocumentReference><cbc:ID>${a.id}</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="${a.mimeCode}" filename="${a.fileName}">${a.content.toString('base64')}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\n`,
      )
      .join('');
    body = body.replace('  <cac:AccountingSupplierParty>', `${references}  <cac:AccountingSupplierParty>`);
  }
  if (spec.breakTotals) {
    body = body.replace(/(<cbc:PayableAmount currencyID="\w+">)[^<]+/, '$1999999.99');
  }
  return wrapInSbdh(
    {
      sender: participant(spec.sender),
      receiver: participant(spec.receiver),
      documentType: billingInvoiceType,
      process: billingProcessId,
      instanceId: spec.instanceId,
      createdAt: '2026-11-20T09:00:00Z',
      type: 'Invoice',
      standard: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
      countryC1: 'NL',
    },
    body,
  );
}
