import { z } from 'zod';
import { MoneyString } from '#packages/kernel';

/**
 * Invoicing shapes. Amounts are integer cents (`Cents`), signed the way the document reads:
 * credit notes carry negative amounts. Dates are ISO `YYYY-MM-DD`. Inputs are zod schemas
 * whose parsed form (amounts in cents) the services work on; entities are what they return.
 */

export const invoiceSides = ['sales', 'purchase'] as const;
export type InvoiceSide = (typeof invoiceSides)[number];
export const invoiceKinds = ['invoice', 'credit-note'] as const;
export type InvoiceKind = (typeof invoiceKinds)[number];
export const openItemSides = ['receivable', 'payable'] as const;
export type OpenItemSide = (typeof openItemSides)[number];
export const timeEntryStatuses = ['unbilled', 'billed'] as const;
export type TimeEntryStatus = (typeof timeEntryStatuses)[number];
export const quoteStatuses = ['draft', 'sent', 'accepted', 'rejected', 'converted'] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a valid id.');
const isoDate = z.iso.date('A date as YYYY-MM-DD.');
const accountCode = z.string().trim().min(1).max(12);
const vatCodeName = z.string().trim().min(1).max(20);
const cents = z.number().int();

/** A cost centre (project) code as integrators send it, e.g. `P-2026-014`. */
export const CostCentreCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,30}$/, 'A code of 1 to 30 letters, digits, dots, dashes or underscores.');

/** A numbering series: 1 to 3 capital letters (`F` → `F2026-0001`). */
export const Series = z
  .string()
  .trim()
  .regex(/^[A-Z]{1,3}$/, 'A series of 1 to 3 capital letters, e.g. "F".');

/** A quantity as a decimal string with at most four decimals (`"1.5"`, `"0.25"`, `"-1"`). */
export const Quantity = z
  .string()
  .trim()
  .regex(/^-?\d{1,9}(\.\d{1,4})?$/, 'A quantity as a decimal string with at most four decimals, e.g. "1.5".');

const currency = z
  .string()
  .trim()
  .toUpperCase()
  .default('EUR')
  .refine((c) => c === 'EUR', 'Only EUR is supported: convert the invoice to euro before sending it.');

export const InvoiceLineInput = z
  .object({
    description: z.string().trim().min(1).max(500),
    quantity: Quantity,
    unitPrice: MoneyString,
    /** Default: the relation's default VAT code when it fits the invoice's side. */
    vatCode: vatCodeName.optional(),
    /** Default: purchases the relation's default GL account; sales the chart's first revenue account. */
    glAccount: accountCode.optional(),
    costCentre: CostCentreCode.optional(),
  })
  .strict()
  .meta({ id: 'InvoiceLineInput' });
export type InvoiceLineInput = z.input<typeof InvoiceLineInput>;
export type InvoiceLineDraft = z.output<typeof InvoiceLineInput>;

const commonInvoiceFields = {
  kind: z.enum(invoiceKinds).default('invoice'),
  relationId: id,
  invoiceDate: isoDate,
  /** Default: the invoice date plus the relation's payment term (30 days when it has none). */
  dueDate: isoDate.optional(),
  currency,
  description: z.string().trim().max(500).optional(),
  /** For a credit note: the invoice it credits. */
  creditNoteFor: id.optional(),
  lines: z.array(InvoiceLineInput).min(1).max(200),
};

export const SalesInvoiceInput = z
  .object({ ...commonInvoiceFields, series: Series.default('F') })
  .strict()
  .meta({ id: 'SalesInvoiceInput' });
export type SalesInvoiceInput = z.input<typeof SalesInvoiceInput>;

export const PurchaseInvoiceInput = z
  .object({
    ...commonInvoiceFields,
    /** The supplier's invoice number; one per supplier. */
    invoiceNumber: z.string().trim().min(1).max(40),
    /** The payment reference as the supplier printed it. */
    paymentReference: z.string().trim().min(1).max(40).optional(),
  })
  .strict()
  .meta({ id: 'PurchaseInvoiceInput' });
export type PurchaseInvoiceInput = z.input<typeof PurchaseInvoiceInput>;

export const InvoiceLine = z.object({
  description: z.string(),
  quantity: z.string(),
  unitPrice: cents,
  vatCode: z.string(),
  glAccount: z.string(),
  costCentre: z.string().optional(),
  /** Quantity × unit price, rounded half away from zero; negative on credit notes. */
  net: cents,
});
export type InvoiceLine = z.infer<typeof InvoiceLine>;

/** VAT of one code on the sum of the nets of its lines (EN 16931: per category, not per line). */
export const VatBreakdown = z.object({
  code: z.string(),
  rateBasisPoints: z.number().int(),
  base: cents,
  vat: cents,
  /** Reverse charge / intra-EU acquisition / import: VAT the buyer owes and deducts itself; not in gross. */
  selfAssessed: z.boolean(),
});
export type VatBreakdown = z.infer<typeof VatBreakdown>;

export const InvoiceTotals = z.object({ net: cents, vat: cents, gross: cents });
export type InvoiceTotals = z.infer<typeof InvoiceTotals>;

export const Invoice = z
  .object({
    id,
    administrationId: z.string(),
    side: z.enum(invoiceSides),
    kind: z.enum(invoiceKinds),
    /** Sales: ours (`F2026-0001`); purchases: the supplier's. */
    number: z.string(),
    series: z.string().optional(),
    relationId: z.string(),
    relationName: z.string(),
    relationNumber: z.number().int().optional(),
    invoiceDate: z.string(),
    dueDate: z.string(),
    currency: z.literal('EUR'),
    description: z.string().optional(),
    lines: z.array(InvoiceLine),
    vat: z.array(VatBreakdown),
    totals: InvoiceTotals,
    paymentReference: z.string().optional(),
    /** The ledger entry (`VRK-2026-12`). */
    entryId: z.string(),
    /** The open item has the invoice's id. */
    openItemId: z.string(),
    creditNoteFor: z.string().optional(),
    quoteId: z.string().optional(),
    timeEntryIds: z.array(z.string()).optional(),
    /** Hours invoices whose hours were linked after posting (more than one transaction holds). */
    hoursLinking: z.enum(['pending', 'done']).optional(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Invoice' });
export type Invoice = z.infer<typeof Invoice>;

export const reminderLevels = ['first', 'second', 'final'] as const;
export const Reminder = z.object({
  level: z.number().int().min(1).max(3),
  label: z.enum(reminderLevels),
  date: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type Reminder = z.infer<typeof Reminder>;

export const OpenItem = z
  .object({
    id,
    administrationId: z.string(),
    side: z.enum(openItemSides),
    relationId: z.string(),
    relationName: z.string(),
    relationNumber: z.number().int().optional(),
    invoiceId: z.string(),
    invoiceNumber: z.string(),
    kind: z.enum(invoiceKinds),
    invoiceDate: z.string(),
    dueDate: z.string(),
    /** Gross; positive for invoices (receivable: owed to us; payable: owed to the supplier). */
    amount: cents,
    paid: cents,
    outstanding: cents,
    status: z.enum(['open', 'paid']),
    paymentReference: z.string().optional(),
    reminders: z.array(Reminder),
    /** Set while the purchase invoice waits for its approval flow: payments are refused. */
    paymentBlock: z.object({ approvalId: z.string(), since: z.string(), reason: z.string() }).optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'OpenItem' });
export type OpenItem = z.infer<typeof OpenItem>;

export const Payment = z.object({
  openItemId: z.string(),
  entryId: z.string(),
  date: z.string(),
  /** Signed like the open item's amount. */
  amount: cents,
  bankAccount: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type Payment = z.infer<typeof Payment>;

export const Settlement = z.object({
  id: z.string(),
  creditNoteItemId: z.string(),
  invoiceItemId: z.string(),
  date: z.string(),
  /** Positive: taken off the invoice and off the credit note. */
  amount: cents,
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type Settlement = z.infer<typeof Settlement>;

export const RegisterPaymentInput = z
  .object({
    date: isoDate,
    /** Positive: money towards the item (for a credit note: the refund). */
    amount: MoneyString.refine((c) => c > 0, 'A payment moves more than zero.'),
    /** GL account of the bank; default the chart's bank account. */
    bankAccount: accountCode.optional(),
    allowOverpayment: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'RegisterPaymentInput' });
export type RegisterPaymentInput = z.input<typeof RegisterPaymentInput>;

export const SettleInput = z
  .object({
    date: isoDate,
    /** Default: as much as both items allow. */
    amount: MoneyString.refine((c) => c > 0, 'A settlement moves more than zero.').optional(),
  })
  .strict()
  .meta({ id: 'SettleInput' });
export type SettleInput = z.input<typeof SettleInput>;

export const RecordReminderInput = z.object({ date: isoDate }).strict().meta({ id: 'RecordReminderInput' });
export type RecordReminderInput = z.input<typeof RecordReminderInput>;

export const AgeingQuery = z
  .object({ side: z.enum(openItemSides), asOf: isoDate })
  .strict()
  .meta({ id: 'AgeingQuery' });
export type AgeingQuery = z.input<typeof AgeingQuery>;

export const QuoteInput = z
  .object({
    relationId: id,
    date: isoDate,
    validUntil: isoDate.optional(),
    series: Series.default('Q'),
    currency,
    description: z.string().trim().max(500).optional(),
    lines: z.array(InvoiceLineInput).min(1).max(200),
  })
  .strict()
  .meta({ id: 'QuoteInput' });
export type QuoteInput = z.input<typeof QuoteInput>;

export const Quote = z
  .object({
    id,
    administrationId: z.string(),
    number: z.string(),
    series: z.string(),
    relationId: z.string(),
    relationName: z.string(),
    date: z.string(),
    validUntil: z.string().optional(),
    description: z.string().optional(),
    lines: z.array(InvoiceLine),
    vat: z.array(VatBreakdown),
    totals: InvoiceTotals,
    status: z.enum(quoteStatuses),
    invoiceId: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Quote' });
export type Quote = z.infer<typeof Quote>;

export const ConvertQuoteInput = z
  .object({ invoiceDate: isoDate, dueDate: isoDate.optional(), series: Series.default('F') })
  .strict()
  .meta({ id: 'ConvertQuoteInput' });
export type ConvertQuoteInput = z.input<typeof ConvertQuoteInput>;

export const CostCentreInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The integrator's project id; the same external id always maps to the same code. */
    externalId: z.string().trim().min(1).max(100).optional(),
    status: z.enum(['active', 'blocked']).optional(),
  })
  .strict()
  .meta({ id: 'CostCentreInput' });
export type CostCentreInput = z.input<typeof CostCentreInput>;

export const CostCentre = z
  .object({
    code: z.string(),
    name: z.string(),
    externalId: z.string().optional(),
    status: z.enum(['active', 'blocked']),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CostCentre' });
export type CostCentre = z.infer<typeof CostCentre>;

/** One purchase invoice's lines on one cost centre. */
export const CostCentrePurchase = z
  .object({
    costCentre: z.string(),
    invoiceId: z.string(),
    invoiceNumber: z.string(),
    kind: z.enum(invoiceKinds),
    invoiceDate: z.string(),
    relationId: z.string(),
    relationName: z.string(),
    /** Sum of the nets of the invoice's lines on this cost centre (negative for credit notes). */
    net: cents,
    lines: z.array(z.object({ description: z.string(), glAccount: z.string(), net: cents })),
  })
  .meta({ id: 'CostCentrePurchase' });
export type CostCentrePurchase = z.infer<typeof CostCentrePurchase>;

export const TimeEntryInput = z
  .object({
    date: isoDate,
    customerId: id,
    /** A cost-centre code. */
    project: CostCentreCode.optional(),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    description: z.string().trim().min(1).max(500),
    type: z.enum(['direct', 'indirect']),
    hourlyRate: MoneyString.refine((c) => c >= 0, 'A rate is not negative.').optional(),
  })
  .strict()
  .meta({ id: 'TimeEntryInput' });
export type TimeEntryInput = z.input<typeof TimeEntryInput>;

export const TimeEntry = z
  .object({
    id,
    administrationId: z.string(),
    date: z.string(),
    customerId: z.string(),
    project: z.string().optional(),
    minutes: z.number().int(),
    description: z.string(),
    type: z.enum(['direct', 'indirect']),
    hourlyRate: cents.optional(),
    status: z.enum(timeEntryStatuses),
    invoiceId: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TimeEntry' });
export type TimeEntry = z.infer<typeof TimeEntry>;

export const InvoiceFromHoursInput = z
  .object({
    customerId: id,
    /** Either explicit entries, or a date filter (`from`/`to`, optionally one project). */
    entryIds: z.array(id).min(1).max(1000).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    project: CostCentreCode.optional(),
    include: z.enum(['direct', 'direct-and-indirect']),
    vatCode: vatCodeName,
    glAccount: accountCode.optional(),
    /** For hours without a rate of their own. */
    hourlyRate: MoneyString.refine((c) => c >= 0, 'A rate is not negative.').optional(),
    invoiceDate: isoDate,
    dueDate: isoDate.optional(),
    series: Series.default('F'),
    description: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((v) => v.entryIds === undefined || (v.from === undefined && v.to === undefined && !v.project), {
    message: 'Select hours either by entryIds or by from/to/project, not both.',
    path: ['entryIds'],
  })
  .meta({ id: 'InvoiceFromHoursInput' });
export type InvoiceFromHoursInput = z.input<typeof InvoiceFromHoursInput>;

export const HoursReportQuery = z
  .object({ from: isoDate, to: isoDate, customerId: id.optional() })
  .strict()
  .meta({ id: 'HoursReportQuery' });
export type HoursReportQuery = z.input<typeof HoursReportQuery>;
