import { z } from 'zod';
import { compactIdentifier, isValidIban, MoneyString } from '#packages/kernel';
import { isValidBic, painVersions } from './sepa/pain001.js';

/**
 * Payment batches: the client's payment list of open payables, approved, then a SEPA credit
 * transfer file for the bank. Amounts are integer cents inside (always positive: what leaves
 * the account for an invoice, what a credit note takes off); decimal strings at the API.
 */

export const batchStatuses = ['draft', 'approved', 'sent', 'cancelled'] as const;
export type BatchStatus = (typeof batchStatuses)[number];

/** A transaction may hold at most 100 writes: the batch, its audit line and two per item. */
export const MAX_BATCH_ITEMS = 45;

const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a valid id.');
const isoDate = z.iso.date('A date as YYYY-MM-DD.');
const iban = z.string().trim().transform(compactIdentifier).refine(isValidIban, 'Not a valid IBAN.');
const bic = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidBic, 'Not a valid BIC (8 or 11 letters and digits, e.g. INGBNL2A).');

export const PaymentSelectionInput = z
  .object({
    openItemId: id,
    /**
     * Default: all that is outstanding. Less pays a part (the rest stays open); for a credit
     * note, how much of it is netted against the supplier's invoices in this batch.
     */
    amount: MoneyString.refine((c) => c > 0, 'More than zero.').optional(),
  })
  .strict()
  .meta({ id: 'PaymentSelectionInput' });
export type PaymentSelectionInput = z.input<typeof PaymentSelectionInput>;

export const CreditorAccountInput = z
  .object({
    relationId: id,
    /** One of the supplier's IBANs (relation); default its first. */
    iban,
    bic: bic.optional(),
  })
  .strict()
  .meta({ id: 'CreditorAccountInput' });

const batchFields = {
  requestedExecutionDate: isoDate,
  /** One of the administration's registered bank accounts, or its own IBAN. Default: the only one. */
  debtorIban: iban.optional(),
  debtorBic: bic.optional(),
  /** pain.001.001.09 (default) or .03 for a bank that still asks for it. */
  painVersion: z.enum(painVersions).default('09'),
  /** One debit on the statement for the whole batch (true) or one per transfer. */
  batchBooking: z.boolean().default(true),
  description: z.string().trim().min(1).max(140).optional(),
  items: z
    .array(PaymentSelectionInput)
    .min(1)
    .max(MAX_BATCH_ITEMS)
    .refine(
      (items) => new Set(items.map((i) => i.openItemId)).size === items.length,
      'An open item appears once in a batch.',
    ),
  /** Which of a supplier's accounts to pay (and its BIC when the bank wants it). */
  creditorAccounts: z.array(CreditorAccountInput).max(MAX_BATCH_ITEMS).default([]),
};

export const PaymentBatchInput = z.object(batchFields).strict().meta({ id: 'PaymentBatchInput' });
export type PaymentBatchInput = z.input<typeof PaymentBatchInput>;

export const PaymentBatchChange = z
  .object({
    requestedExecutionDate: batchFields.requestedExecutionDate.optional(),
    debtorIban: batchFields.debtorIban,
    debtorBic: batchFields.debtorBic.nullable(),
    painVersion: z.enum(painVersions).optional(),
    batchBooking: z.boolean().optional(),
    description: batchFields.description.nullable(),
    items: batchFields.items.optional(),
    creditorAccounts: z.array(CreditorAccountInput).max(MAX_BATCH_ITEMS).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change.')
  .meta({ id: 'PaymentBatchChange' });
export type PaymentBatchChange = z.input<typeof PaymentBatchChange>;

const cents = z.number().int();

/** One selected open item. */
export const BatchItem = z.object({
  openItemId: z.string(),
  relationId: z.string(),
  relationName: z.string(),
  kind: z.enum(['invoice', 'credit-note']),
  invoiceNumber: z.string(),
  dueDate: z.string(),
  paymentReference: z.string().optional(),
  /** Positive: paid on an invoice, or netted from a credit note. */
  amount: cents,
  /** What the item had outstanding when selected (signed like the item). */
  outstanding: cents,
});
export type BatchItem = z.infer<typeof BatchItem>;

export const BatchTransfer = z.object({
  endToEndId: z.string(),
  relationId: z.string(),
  creditorName: z.string(),
  creditorIban: z.string(),
  creditorBic: z.string().optional(),
  creditorAddress: z
    .object({
      street: z.string().optional(),
      postalCode: z.string().optional(),
      town: z.string(),
      country: z.string(),
    })
    .optional(),
  /** The invoices less the credit notes of this supplier in the batch. */
  amount: cents,
  remittance: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('structured'), reference: z.string(), issuer: z.string().optional() }),
    z.object({ kind: z.literal('unstructured'), text: z.string() }),
  ]),
  openItemIds: z.array(z.string()),
});
export type BatchTransfer = z.infer<typeof BatchTransfer>;

export const PaymentBatch = z
  .object({
    id,
    administrationId: z.string(),
    status: z.enum(batchStatuses),
    description: z.string().optional(),
    requestedExecutionDate: z.string(),
    debtor: z.object({ name: z.string(), iban: z.string(), bic: z.string().optional() }),
    painVersion: z.enum(painVersions),
    batchBooking: z.boolean(),
    items: z.array(BatchItem),
    transfers: z.array(BatchTransfer),
    numberOfTransactions: z.number().int(),
    controlSum: cents,
    /** The file's MsgId: the same on every download, so a bank refuses a second upload. */
    messageId: z.string(),
    version: z.number().int().describe('Optimistic-lock version; send it back as If-Match.'),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    approvedAt: z.string().optional(),
    approvedBy: z.string().optional(),
    approvedByType: z.enum(['firm', 'client']).optional(),
    sentAt: z.string().optional(),
    sentBy: z.string().optional(),
    cancelledAt: z.string().optional(),
    cancelledBy: z.string().optional(),
  })
  .meta({ id: 'PaymentBatch' });
export type PaymentBatch = z.infer<typeof PaymentBatch>;

/**
 * The claim an open item carries while it is in a batch: at most one live batch per item.
 * `sent` claims stay until the payment is booked (the item's outstanding moves), so a sent
 * payment cannot be paid again from another batch.
 */
export interface PaymentClaim {
  readonly openItemId: string;
  readonly batchId: string;
  readonly amount: number;
  readonly outstandingAtClaim: number;
  readonly state: 'claimed' | 'sent';
  readonly claimedAt: string;
  readonly sentAt?: string;
}

export const BatchListQuery = z
  .object({
    status: z.enum(batchStatuses).optional(),
    cursor: z.string().max(2048).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict()
  .meta({ id: 'PaymentBatchListQuery' });
export type BatchListQuery = z.infer<typeof BatchListQuery>;

/** Path of one batch. */
export const PaymentBatchPath = z.object({ administrationId: id, batchId: id });

export const PaymentFileQuery = z
  .object({
    version: z.enum(painVersions).optional().describe('pain.001.001.09 or .03; default the version set on the batch.'),
  })
  .strict()
  .meta({ id: 'PaymentFileQuery' });

const money = z.string().describe('Amount as a decimal string, e.g. "1234.50".');

/** A batch as the API returns it: every amount a decimal string. */
export const PaymentBatchOut = PaymentBatch.extend({
  items: z.array(BatchItem.extend({ amount: money, outstanding: money })),
  transfers: z.array(BatchTransfer.extend({ amount: money })),
  controlSum: money,
}).meta({ id: 'PaymentBatchOut' });
