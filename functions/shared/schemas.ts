import { z } from 'zod';
import { documentSources, documentStatuses } from '#packages/intake';
import {
  CostCentreCode,
  invoiceSides,
  openItemSides,
  PurchaseInvoiceInput,
  SalesInvoiceInput,
  SettleInput,
  timeEntryStatuses,
} from '#packages/invoicing';
import { proposalStatuses } from '#packages/proposals';

const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a valid id.');

/** Path and query shapes shared by routes; also registered in the OpenAPI document. */
export const administrationPath = z.object({ administrationId: id });
export const userPath = z.object({ userId: id });
export const membershipPath = z.object({ administrationId: id, userId: id });
export const pageQuery = z
  .object({
    cursor: z.string().max(2048).optional().describe('Opaque cursor from the previous page.'),
    limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1 to 100 (default 50).'),
  })
  .strict();

const period = z.string().regex(/^\d{4}-(0\d|1[0-2])$/, 'A period as YYYY-MM.');

export const accountPath = z.object({ administrationId: id, code: z.string().regex(/^[0-9A-Za-z.]{1,12}$/) });
export const entryPath = z.object({
  administrationId: id,
  entryId: z.string().regex(/^[A-Z0-9]{1,10}-\d{4}-\d{1,7}$/),
});
export const periodPath = z.object({ administrationId: id, period });
export const reportPath = z.object({
  administrationId: id,
  report: z.enum(['trial-balance', 'profit-and-loss', 'balance-sheet', 'kpis']),
});
export const reportQuery = z
  .object({
    from: period.optional().describe('First period (default: January of the year of `to`).'),
    to: period.describe('Last period, inclusive.'),
  })
  .strict();
export const entriesQuery = pageQuery.extend({ period });
export const ReverseEntryBody = z
  .object({ date: z.iso.date().optional(), description: z.string().trim().min(1).max(500).optional() })
  .strict()
  .meta({ id: 'ReverseEntryInput' });

export const relationPath = z.object({ administrationId: id, relationId: z.string().regex(/^[0-9A-Za-z-]{1,64}$/) });
export const externalIdPath = z.object({
  administrationId: id,
  source: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'A lower-case source name such as "crm" or "keeping".'),
  externalId: z.string().min(1).max(200),
});
export const RelationStatusBody = z
  .object({ status: z.enum(['active', 'archived']) })
  .strict()
  .meta({ id: 'RelationStatusInput' });

export const vatReturnPath = z.object({
  administrationId: id,
  returnId: z.string().regex(/^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/, 'A VAT period as YYYY-Qn or YYYY-MM.'),
});

/**
 * A body checked against a domain input schema at the door (400 with pointers, before any
 * access check) but handed on as sent: the invoicing services parse their input themselves,
 * and parsing twice would turn decimal strings into cents twice.
 */
export function asSent<S extends z.ZodType>(schema: S): z.ZodType<z.input<S>> {
  return z.unknown().superRefine((value, ctx) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      for (const issue of parsed.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
  }) as unknown as z.ZodType<z.input<S>>;
}

const isoDate = z.iso.date('A date as YYYY-MM-DD.');

export const invoicePath = z.object({ administrationId: id, invoiceId: id });
export const openItemPath = z.object({ administrationId: id, openItemId: id });
export const quotePath = z.object({ administrationId: id, quoteId: id });
export const costCentrePath = z.object({ administrationId: id, code: CostCentreCode });
export const timeEntryPath = z.object({ administrationId: id, timeEntryId: id });

export const invoicesQuery = pageQuery.extend({
  side: z.enum(invoiceSides).default('sales').describe('Sales (default) or purchase invoices.'),
  from: isoDate.optional().describe('First invoice date.'),
  to: isoDate.optional().describe('Last invoice date, inclusive.'),
});
export const openItemsQuery = pageQuery.extend({
  side: z.enum(openItemSides).default('receivable').describe('Receivables (default) or payables.'),
  dueTo: isoDate.optional().describe('Only items due on or before this date.'),
});
export const relationOpenItemsQuery = pageQuery.extend({
  status: z.enum(['open', 'paid', 'all']).default('open').describe('Open (default), paid or all items.'),
});
export const dateRangeQuery = pageQuery.extend({
  from: isoDate.optional().describe('First date.'),
  to: isoDate.optional().describe('Last date, inclusive.'),
});
export const timeEntriesQuery = dateRangeQuery.extend({
  customerId: id.describe('The customer (relation id) whose hours to list.'),
  status: z.enum(timeEntryStatuses).default('unbilled').describe('Unbilled (default) or billed hours.'),
});

/** One body for both sides: `side` picks the sales or the purchase invoice input. */
export const InvoiceBody = z
  .discriminatedUnion('side', [
    SalesInvoiceInput.extend({ side: z.literal('sales') }).meta({ id: 'SalesInvoiceBody' }),
    PurchaseInvoiceInput.extend({ side: z.literal('purchase') }).meta({ id: 'PurchaseInvoiceBody' }),
  ])
  .meta({ id: 'InvoiceInput' });
export type InvoiceBody = z.input<typeof InvoiceBody>;

/** A credit note's open item (the path) settled against an invoice's open item. */
export const SettlementBody = SettleInput.extend({
  invoiceItemId: id.describe('Open item of the invoice the credit note settles against.'),
}).meta({ id: 'SettlementInput' });

export const QuoteStatusBody = z
  .object({ status: z.enum(['sent', 'accepted', 'rejected']) })
  .strict()
  .meta({ id: 'QuoteStatusInput' });

export const documentPath = z.object({
  administrationId: id,
  documentId: z.string().regex(/^[0-9a-z]{26}$/, 'Not a document id.'),
});
export const proposalPath = z.object({
  administrationId: id,
  proposalId: z.string().regex(/^[0-9a-z]{26}$/, 'Not a proposal id.'),
});
export const proposalsQuery = pageQuery.extend({
  status: z.enum(proposalStatuses).optional().describe('Only proposals in this status.'),
});

export const documentsQuery = pageQuery.extend({
  status: z.enum(documentStatuses).optional().describe('Only documents in this status.'),
  source: z.enum(documentSources).optional().describe('Only documents that came in by this door.'),
  from: isoDate.optional().describe('Arrived on or after this date.'),
  to: isoDate.optional().describe('Arrived on or before this date.'),
});

export const bankAccountPath = z.object({
  administrationId: id,
  iban: z
    .string()
    .regex(/^[A-Za-z]{2}\d{2}[A-Za-z0-9]{10,30}$/, 'An IBAN in electronic format, e.g. NL91ABNA0417164300.'),
});
export const bankLinePath = z.object({
  administrationId: id,
  lineId: z.string().regex(/^[0-9a-f]{26}$/, 'Not a bank line id.'),
});
export const statementImportPath = z.object({ administrationId: id, importId: id });
export const loanPath = z.object({ administrationId: id, loanId: id });
export const documentRequestsQuery = pageQuery.extend({
  status: z.enum(['open', 'answered', 'closed']).optional().describe('Default `open`.'),
});
