import { z } from 'zod';
import { getInvoice, type Invoice, type InvoicingDeps } from '#packages/invoicing';
import { ConflictError, ForbiddenError, NotFoundError, type TenantContext, ValidationError } from '#packages/kernel';
import { ledgerKeys } from '#packages/ledger';
import { getRelation } from '#packages/relations';
import { getItem, stripKeys, transactWrite } from '#packages/table';
import type { Administration } from '#packages/tenancy';
import { OutboundPeppolMessage, type Smp } from '../responses/outbound.js';
import { participantValue } from '../responses/participant.js';
import { deterministicUuid } from '../responses/xml.js';
import { validateInvoice } from '../validation/index.js';
import { salesInvoiceMessage } from './message.js';
import { salesInvoiceToUbl, UblBuildError } from './ubl.js';

/**
 * What the `peppol-outbound` queue carries for a sales invoice or credit note: the version-1
 * outbound message with `kind` `invoice` or `credit-note` and the document type code (380/381)
 * as `responseCode`.
 */
export const OutboundSalesDocument = OutboundPeppolMessage.extend({
  kind: z.enum(['invoice', 'credit-note']),
}).meta({ id: 'OutboundSalesDocument' });
export type OutboundSalesDocument = z.infer<typeof OutboundSalesDocument>;

/** The record of one invoice sent over Peppol: its claim, so it is queued once. */
export const PeppolSend = z
  .object({
    invoiceId: z.string(),
    invoiceNumber: z.string(),
    kind: z.enum(['invoice', 'credit-note']),
    /** The SBDH instance id and outbound message id. */
    messageId: z.string(),
    sender: z.string(),
    receiver: z.string(),
    documentType: z.string(),
    queuedAt: z.iso.datetime(),
    queuedBy: z.string(),
    /** What the buyer last answered (Invoice Response): AB, IP, UQ, CA, RE, AP or PD. */
    status: z.string().optional(),
    /** When the buyer issued that answer. */
    statusAt: z.string().optional(),
    /** Every answer received, in arrival order, with the reasons and note the buyer gave. */
    responses: z
      .array(
        z.object({
          code: z.string(),
          issuedAt: z.string(),
          receivedAt: z.string(),
          messageId: z.string(),
          reasons: z.array(z.object({ code: z.string(), text: z.string().optional() })),
          note: z.string().optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'PeppolSend' });
export type PeppolSend = z.infer<typeof PeppolSend>;

export interface SendSalesInvoiceDeps extends InvoicingDeps {
  /** The receiver's capability lookup. */
  readonly smp: Smp;
  /** Puts one message on the `peppol-outbound` queue. */
  readonly enqueue: (message: OutboundSalesDocument) => Promise<void>;
}

export type SendSalesInvoiceResult = PeppolSend & { readonly outcome: 'queued' | 'already-queued' };

export const peppolSendKeys = {
  /** The claim on sending one invoice. */
  send: (firmId: string, administrationId: string, invoiceId: string) => ({
    pk: `${ledgerKeys(firmId, administrationId).prefix}#PEPPOLOUT#${invoiceId}`,
    sk: 'SEND',
  }),
  /** The invoice sent under a number, for the buyer's Invoice Responses, which name it by number. */
  byNumber: (firmId: string, administrationId: string, invoiceNumber: string) => ({
    pk: `${ledgerKeys(firmId, administrationId).prefix}#PEPPOLOUTNO#${invoiceNumber}`,
    sk: 'SEND',
  }),
};

/** How an invoice sent over Peppol stands: the send, with the buyer's answers. */
export async function getPeppolSend(
  deps: Pick<InvoicingDeps, 'table'>,
  adm: { firmId: string; id: string },
  invoiceId: string,
): Promise<PeppolSend> {
  const item = await getItem<Record<string, unknown> & { pk: string; sk: string }>(
    deps.table,
    peppolSendKeys.send(adm.firmId, adm.id, invoiceId),
  );
  if (!item) throw new NotFoundError(`The Peppol send of invoice ${invoiceId}`);
  const { responseIds: _ids, ...send } = stripKeys<PeppolSend & { responseIds?: unknown }>(item);
  return send;
}

async function readSend(deps: SendSalesInvoiceDeps, key: { pk: string; sk: string }) {
  const item = await getItem<Record<string, unknown> & { pk: string; sk: string }>(deps.table, key);
  return item && stripKeys<PeppolSend>(item);
}

/**
 * Sends a posted sales invoice or credit note over Peppol, once: builds the BIS 3.0 UBL and
 * validates it with our own validator (any finding is a ValidationError listing the rule ids,
 * and nothing is sent), asks the receiver's SMP whether it takes the document type (409
 * `RECEIVER_NOT_ON_PEPPOL` when not, or when the relation has no Peppol id, company or VAT
 * number), queues the SBDH on `peppol-outbound` and claims the invoice. A second call answers
 * with the first send's message id. Firm users only (403 for client users). The message id is derived from the invoice, so a crash
 * between queueing and claiming queues the same id again, which the consumer sends once.
 */
export async function sendSalesInvoice(
  deps: SendSalesInvoiceDeps,
  tenant: TenantContext,
  adm: Administration,
  invoiceId: string,
): Promise<SendSalesInvoiceResult> {
  if (tenant.userType !== 'firm') throw new ForbiddenError('Only firm users send invoices over Peppol.');
  const invoice = await getInvoice(deps, adm, invoiceId);
  if (invoice.side !== 'sales') {
    throw new ConflictError(
      'NOT_A_SALES_INVOICE',
      `Invoice ${invoice.number} is a purchase invoice; only sales go out.`,
    );
  }
  const key = peppolSendKeys.send(adm.firmId, adm.id, invoice.id);
  const earlier = await readSend(deps, key);
  if (earlier) return { ...earlier, outcome: 'already-queued' };

  const [relation, credited] = await Promise.all([
    getRelation(deps, tenant, adm.id, invoice.relationId),
    creditedInvoice(deps, adm, invoice),
  ]);
  let ubl: ReturnType<typeof salesInvoiceToUbl>;
  try {
    ubl = salesInvoiceToUbl(invoice, adm, relation, { iban: adm.iban, creditedInvoice: credited });
  } catch (error) {
    if (error instanceof UblBuildError && error.party === 'buyer') {
      throw new ConflictError('RECEIVER_NOT_ON_PEPPOL', error.message, { cause: error });
    }
    if (error instanceof UblBuildError)
      throw new ConflictError('SENDER_NOT_ON_PEPPOL', error.message, { cause: error });
    throw error;
  }
  const findings = validateInvoice(ubl.xml, { peppol: true }).findings;
  if (findings.length > 0) {
    throw new ValidationError(
      findings.map((f) => ({ path: f.location, message: `${f.id}: ${f.text}` })),
      `Invoice ${invoice.number} does not pass Peppol BIS 3.0 validation (${[...new Set(findings.map((f) => f.id))].join(', ')}); nothing was sent.`,
    );
  }
  const receiver = participantValue(ubl.receiver);
  if (!(await deps.smp.canReceive(receiver, ubl.documentType))) {
    throw new ConflictError(
      'RECEIVER_NOT_ON_PEPPOL',
      `${relation.name} (${receiver}) cannot receive a Peppol BIS 3.0 ${invoice.kind === 'credit-note' ? 'credit note' : 'invoice'}.`,
    );
  }

  const at = deps.clock().toISOString();
  const messageId = deterministicUuid('peppol-sales', adm.firmId, adm.id, invoice.id);
  const message = salesInvoiceMessage(ubl, { instanceId: messageId, createdAt: at, countryC1: adm.country });
  await deps.enqueue(
    OutboundSalesDocument.parse({
      version: 1,
      messageId,
      kind: invoice.kind,
      responseCode: invoice.kind === 'credit-note' ? '381' : '380',
      ...message,
    }),
  );
  const send: PeppolSend = {
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    kind: invoice.kind,
    messageId,
    sender: participantValue(ubl.sender),
    receiver,
    documentType: ubl.documentType,
    queuedAt: at,
    queuedBy: tenant.userId,
  };
  try {
    await transactWrite(
      deps.table,
      [
        { Put: { Item: { ...key, ...send }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { Item: { ...peppolSendKeys.byNumber(adm.firmId, adm.id, invoice.number), invoiceId: invoice.id } } },
      ],
      () => new ConflictError('PEPPOL_ALREADY_QUEUED', `Invoice ${invoice.number} was queued before.`),
    );
  } catch (error) {
    // A concurrent call queued the same message id (the consumer sends it once) and claimed first.
    if (error instanceof ConflictError && error.code === 'PEPPOL_ALREADY_QUEUED') {
      const first = await readSend(deps, key);
      if (first) return { ...first, outcome: 'already-queued' };
    }
    throw error;
  }
  return { ...send, outcome: 'queued' };
}

async function creditedInvoice(deps: SendSalesInvoiceDeps, adm: Administration, invoice: Invoice) {
  if (invoice.kind !== 'credit-note' || !invoice.creditNoteFor) return undefined;
  const credited = await getInvoice(deps, adm, invoice.creditNoteFor);
  return { number: credited.number, invoiceDate: credited.invoiceDate };
}
