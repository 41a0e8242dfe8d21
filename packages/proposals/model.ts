import { z } from 'zod';
import { documentSources } from '#packages/intake';
import { MoneyString } from '#packages/kernel';
import { RecognitionResult } from '#packages/recognition';
import type { Plan } from '#packages/tenancy';

/**
 * Booking-proposal shapes. Inside, amounts are integer cents (`Cents`), as in invoicing; the
 * API presents them as decimal strings with `presentMoney` (the keys `net`, `vat`, `gross`,
 * `unitPrice` are money) and takes them as `MoneyString` in inputs. A credit note's amounts
 * are positive, as the document prints them: `kind` says it credits, and posting negates them
 * (the way invoicing takes credit-note lines).
 */

export const proposalStatuses = ['proposed', 'accepted', 'rejected', 'duplicate'] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];

/** The door a document came in through. */
type DocumentSource = (typeof documentSources)[number];

export const proposalSides = ['purchase', 'sales'] as const;
export type ProposalSide = (typeof proposalSides)[number];

export const proposalKinds = ['invoice', 'credit-note'] as const;
export type ProposalKind = (typeof proposalKinds)[number];

/**
 * How the relation was found: by an identifier the document carries, by its exact normalised
 * name, not at all (`new`: a relation is proposed and created on acceptance), or chosen by
 * the accountant while editing (`manual`).
 */
export const matchKinds = ['vatNumber', 'iban', 'companyNumber', 'name', 'new', 'manual'] as const;
export type MatchKind = (typeof matchKinds)[number];

/**
 * Where a line's GL account and VAT code came from, strongest evidence first: this relation's
 * bookings of lines with these words, this relation's bookings, the firm's bookings of the same
 * supplier (by VAT number or IBAN) in other administrations, the relation's defaults, the chart.
 * `manual`: set by the accountant.
 */
export const suggestionSources = [
  'description-history',
  'history',
  'firm-history',
  'relation-default',
  'chart-default',
  'manual',
] as const;
export type SuggestionSource = (typeof suggestionSources)[number];

const cents = z.number().int();
const confidence = z.number().min(0).max(1);
const isoDate = z.iso.date('A date as YYYY-MM-DD.');
const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a valid id.');

export const ProposedRelation = z
  .object({
    name: z.string(),
    vatNumber: z.string().optional(),
    companyNumber: z.string().optional(),
    iban: z.string().optional(),
    /** ISO 3166-1 alpha-2. */
    country: z.string().optional(),
  })
  .meta({ id: 'ProposedRelation' });
export type ProposedRelation = z.infer<typeof ProposedRelation>;

export const ProposalRelation = z
  .object({
    relationId: z.string().optional(),
    relationName: z.string().optional(),
    matchedBy: z.enum(matchKinds),
    confidence,
    /** What the document says about the counterparty; created as a relation on acceptance when `matchedBy` is `new`. */
    proposedRelation: ProposedRelation.optional(),
  })
  .meta({ id: 'ProposalRelation' });
export type ProposalRelation = z.infer<typeof ProposalRelation>;

export const ProposalHeader = z
  .object({
    invoiceNumber: z.string().optional(),
    invoiceDate: z.string().optional(),
    dueDate: z.string().optional(),
    currency: z.string(),
    paymentReference: z.string().optional(),
    /** The weakest confidence the header fields and totals were read with; 1 once the accountant edited them. */
    confidence,
  })
  .meta({ id: 'ProposalHeader' });
export type ProposalHeader = z.infer<typeof ProposalHeader>;

export const ProposalTotals = z.object({ net: cents, vat: cents, gross: cents }).meta({ id: 'ProposalTotals' });
export type ProposalTotals = z.infer<typeof ProposalTotals>;

export const ProposalLine = z
  .object({
    description: z.string(),
    glAccount: z.string(),
    /** Absent when no VAT code of the administration's country fits the document's rate. */
    vatCode: z.string().optional(),
    rateBasisPoints: z.number().int(),
    net: cents,
    /** The document's VAT on this line (per rate, shared out over the lines of that rate by net). */
    vat: cents,
    /** The GL account's name: what kind of cost or revenue the line is. */
    costCategory: z.string().optional(),
    suggestedBy: z.enum(suggestionSources),
    /** Which evidence the suggestion rests on, in words. */
    explanation: z.string(),
    confidence,
    /** The document lines (indexes into `documentLines`) this line consolidates. */
    sourceLineIndexes: z.array(z.number().int().min(0)),
  })
  .meta({ id: 'ProposalLine' });
export type ProposalLine = z.infer<typeof ProposalLine>;

export const DocumentLine = RecognitionResult.shape.lines.element;
export type DocumentLine = z.infer<typeof DocumentLine>;

export const ProposalIssue = z
  .object({
    field: z.string(),
    message: z.string(),
    /** `recognition`: reported by the engine; `resolution`: finding the relation; `check`: the proposal's own checks. */
    source: z.enum(['recognition', 'resolution', 'check']),
    /** A blocking issue must be resolved (by editing) before the proposal can be accepted. */
    blocking: z.boolean(),
  })
  .meta({ id: 'ProposalIssue' });
export type ProposalIssue = z.infer<typeof ProposalIssue>;

export const ProposalPosting = z
  .object({
    invoiceId: z.string(),
    entryId: z.string().optional(),
    openItemId: z.string().optional(),
    /**
     * Booked on the rounding account so the open item equals the document's gross, when the
     * document's VAT differs from the VAT the books compute per code by rounding.
     */
    rounding: z.object({ glAccount: z.string(), difference: cents }).optional(),
  })
  .meta({ id: 'ProposalPosting' });
export type ProposalPosting = z.infer<typeof ProposalPosting>;

export const BookingProposal = z
  .object({
    /** Derived from the administration and the document: one document, one proposal. */
    id: z.string(),
    administrationId: z.string(),
    documentId: z.string(),
    document: z.object({
      source: z.enum(documentSources),
      fileName: z.string(),
      receivedAt: z.string(),
      /** The engine that read it (`ubl`, `ocr`, …). */
      recognitionSource: z.string(),
    }),
    status: z.enum(proposalStatuses),
    side: z.enum(proposalSides),
    kind: z.enum(proposalKinds),
    relation: ProposalRelation,
    header: ProposalHeader,
    /** As the document states them (computed from its VAT breakdown or lines where it states none). */
    totals: ProposalTotals,
    lines: z.array(ProposalLine),
    /** The document's own lines, unchanged. */
    documentLines: z.array(DocumentLine),
    /**
     * Set on a stored proposal whose document has more lines than an item holds: `documentLines`
     * keeps the first ones and the whole list is the document's, in the bucket at `key`. The API
     * answers with every line and without this field.
     */
    documentLinesBeside: z.object({ key: z.string(), count: z.number().int() }).optional(),
    issues: z.array(ProposalIssue),
    /** The weakest of relation match, header fields and line suggestions. */
    confidence,
    /** The proposal that claimed the same counterparty, invoice number and gross first. */
    duplicateOf: z.string().optional(),
    version: z.number().int().describe('Optimistic-lock version; send it back as If-Match.'),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** A user id, or `auto` when accepted without hands. */
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    rejectionReason: z.string().optional(),
    posted: ProposalPosting.optional(),
  })
  .meta({ id: 'BookingProposal' });
export type BookingProposal = z.infer<typeof BookingProposal>;

/** What the pipeline hands over for a recognised document. */
export interface CreateProposalInput {
  readonly document: {
    readonly id: string;
    readonly source: DocumentSource;
    readonly fileName: string;
    readonly receivedAt: string;
    /** Where the document's whole list of lines is kept, when its item holds only the first ones. */
    readonly lines?: { readonly key: string; readonly count: number } | undefined;
  };
  readonly recognition: RecognitionResult;
  /** The administration's own identifiers: a document it issued itself is a sales document. */
  readonly own: {
    readonly vatNumber?: string | undefined;
    readonly companyNumber?: string | undefined;
    readonly ibans: readonly string[];
  };
  /** The administration's plan (`planFeatures[plan].bookingProposals` must be on). */
  readonly plan: Plan;
  /** "No hands": accept at once when nothing needs checking and confidence reaches this. */
  readonly autoAcceptThreshold?: number | undefined;
}

const ProposedRelationInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    vatNumber: z.string().trim().min(2).max(20).optional(),
    companyNumber: z.string().trim().min(2).max(20).optional(),
    iban: z.string().trim().min(5).max(40).optional(),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. NL.')
      .optional(),
  })
  .strict();

export const EditProposalLineInput = z
  .object({
    description: z.string().trim().min(1).max(500),
    glAccount: z.string().trim().min(1).max(12),
    vatCode: z.string().trim().min(1).max(20),
    net: MoneyString,
    /** Default: kept when net and VAT code are unchanged, otherwise computed from the code's rate. */
    vat: MoneyString.optional(),
    /** Default: the source lines of the line at the same position when it keeps its account and code. */
    sourceLineIndexes: z.array(z.number().int().min(0)).max(1000).optional(),
  })
  .strict()
  .meta({ id: 'EditProposalLineInput' });

/** The accountant's corrections while the proposal is still proposed; `lines` replaces every line. */
export const EditProposalInput = z
  .object({
    relationId: id.optional(),
    proposedRelation: ProposedRelationInput.optional(),
    kind: z.enum(proposalKinds).optional(),
    header: z
      .object({
        invoiceNumber: z.string().trim().min(1).max(40).optional(),
        invoiceDate: isoDate.optional(),
        dueDate: isoDate.nullable().optional(),
        paymentReference: z.string().trim().min(1).max(40).nullable().optional(),
      })
      .strict()
      .optional(),
    totals: z.object({ net: MoneyString, vat: MoneyString, gross: MoneyString }).strict().optional(),
    lines: z.array(EditProposalLineInput).min(1).max(200).optional(),
  })
  .strict()
  .refine((v) => !(v.relationId && v.proposedRelation), {
    message: 'Choose an existing relation or propose a new one, not both.',
    path: ['relationId'],
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'Send at least one field to change.')
  .meta({ id: 'EditProposalInput' });
export type EditProposalInput = z.input<typeof EditProposalInput>;

export const RejectProposalInput = z
  .object({ reason: z.string().trim().min(1).max(500) })
  .strict()
  .meta({ id: 'RejectProposalInput' });
export type RejectProposalInput = z.input<typeof RejectProposalInput>;

export const ProposalListQuery = z
  .object({
    status: z.enum(proposalStatuses).optional(),
    cursor: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict()
  .meta({ id: 'ProposalListQuery' });
export type ProposalListQuery = z.input<typeof ProposalListQuery>;

/** One delivered booking proposal: the billing unit, recorded exactly once per proposal. */
export const UsageRecord = z
  .object({
    firmId: z.string(),
    administrationId: z.string(),
    kind: z.literal('booking-proposal'),
    proposalId: z.string(),
    documentId: z.string(),
    at: z.string(),
  })
  .meta({ id: 'UsageRecord' });
export type UsageRecord = z.infer<typeof UsageRecord>;
