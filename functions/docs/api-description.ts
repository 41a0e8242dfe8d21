import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  annualAccountsPath,
  flowPath,
  historyPath,
  taskPath,
  VatApprovalRequest,
} from '#functions/shared/approvals.ts';
import { callbackQuery, connectionPath } from '#functions/shared/bank-connections.ts';
import { peppolFailurePath, peppolFindingsQuery, peppolMessagesQuery } from '#functions/shared/peppol-intake.ts';
import {
  accountPath,
  administrationPath,
  bankAccountPath,
  bankLinePath,
  costCentrePath,
  dateRangeQuery,
  documentPath,
  documentRequestsQuery,
  documentsQuery,
  entriesQuery,
  entryPath,
  externalIdPath,
  InvoiceBody,
  invoicePath,
  invoicesQuery,
  loanPath,
  membershipPath,
  openItemPath,
  openItemsQuery,
  pageQuery,
  periodPath,
  proposalPath,
  proposalsQuery,
  QuoteStatusBody,
  quotePath,
  RelationStatusBody,
  ReverseEntryBody,
  relationOpenItemsQuery,
  relationPath,
  reportPath,
  reportQuery,
  SettlementBody,
  statementImportPath,
  timeEntriesQuery,
  timeEntryPath,
  userPath,
  vatReturnPath,
} from '#functions/shared/schemas.ts';
import {
  DecisionInput as ApprovalDecisionInput,
  FlowInput as ApprovalFlowInput,
  SettingsInput as ApprovalSettingsInput,
  TextsInput as ApprovalTextsInput,
  ShareAnnualAccountsInput,
} from '#packages/approvals';
import {
  BankAccount,
  BankAccountInput,
  BankLineQuery,
  BankSettingsInput,
  DocumentRequest,
  LoanInput,
  ManualBookingInput,
  RejectSuggestionInput,
  RequestMessage,
  RequestMessageInput,
  StartConnectionInput,
  StatementImportOut,
  StatementUpload,
  StoredBankConnection,
  StoredBankLine,
} from '#packages/bank';
import {
  AdministrationUsageOut,
  BillingEventsOut,
  BillingInvoiceOut,
  BillingInvoicePageOut,
  BillingInvoicePath,
  BillingInvoicesQuery,
  CatalogueOut,
  CockpitOut,
  SubscriptionChange,
  SubscriptionChangeInput,
  SubscriptionOut,
} from '#packages/billing';
import { InboundEmail, IntakeDocument, UploadBatchRequest, UploadRequest } from '#packages/intake';
import {
  AgeingQuery,
  ageingBuckets,
  ConvertQuoteInput,
  CostCentre,
  CostCentreInput,
  CostCentrePurchase,
  HoursReportQuery,
  Invoice,
  InvoiceFromHoursInput,
  InvoiceLine,
  OpenItem,
  openItemSides,
  Payment,
  Quote,
  QuoteInput,
  RecordReminderInput,
  RegisterPaymentInput,
  Settlement,
  TimeEntry,
  TimeEntryInput,
  VatBreakdown,
} from '#packages/invoicing';
import {
  Account,
  AddAccountBody,
  Entry,
  EntryLine,
  Journal,
  PeriodBody,
  PostEntryBody,
  UpdateAccountBody,
  VatCode,
} from '#packages/ledger';
import {
  BatchListQuery,
  PaymentBatchChange,
  PaymentBatchInput,
  PaymentBatchOut,
  PaymentBatchPath,
  PaymentFileQuery,
} from '#packages/payments';
import { interimStatuses, PeppolMessage, PeppolSend, PeppolStatusUpdateInput } from '#packages/peppol';
import { BookingProposal, EditProposalInput, RejectProposalInput } from '#packages/proposals';
import {
  CreateRelationInput,
  Relation,
  RelationListQuery,
  UpdateRelationInput,
  UpsertRelationInput,
} from '#packages/relations';
import {
  Administration,
  CreateAdministrationInput,
  CreateUserInput,
  Me,
  Membership,
  UpdateAdministrationInput,
  User,
} from '#packages/tenancy';
import { VatReturnRecord, VatReturnTransition } from '#packages/vat';

/** What each route of the wiring accepts and returns, keyed `METHOD path`. */
interface Operation {
  readonly summary: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly ok: { readonly status: number; readonly schema?: z.ZodType; readonly description: string };
  readonly idempotent?: boolean;
  readonly ifMatch?: boolean;
}

/** A presigned upload and the id of the document it will become. */
const UploadTicket = z
  .object({
    uploadId: z.string(),
    documentId: z.string().describe('The document this upload becomes: GET it to follow its status.'),
    fileName: z.string(),
    method: z.literal('PUT'),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    expiresIn: z.number(),
  })
  .meta({ id: 'UploadTicket' });

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional().describe('Absent on the last page.') });

const AuditEntry = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.object({ userId: z.string(), userType: z.string() }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    administrationId: z.string().optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })
  .meta({ id: 'AuditEntry' });

const money = z.string().describe('Amount as a decimal string, e.g. "1234.50".');
const BankLineOut = StoredBankLine.extend({ amount: money }).meta({ id: 'BankLineOut' });
const DocumentRequestOut = DocumentRequest.extend({ amount: money }).meta({ id: 'DocumentRequestOut' });
const EntryOut = Entry.extend({ lines: z.array(EntryLine.extend({ amount: money })) }).meta({ id: 'EntryOut' });
const Period = z.object({
  period: z.string(),
  status: z.enum(['open', 'closed']),
  changedAt: z.string().optional(),
  changedBy: z.string().optional(),
});
const Report = z
  .record(z.string(), z.unknown())
  .describe(
    'trial-balance: accounts with debit/credit/balance and totals; profit-and-loss: revenue, expenses, result; ' +
      'balance-sheet: assets, liabilities, equity, result; kpis: revenue, costs, result, bankBalance, receivables, payables, vatPosition. Amounts are decimal strings.',
  )
  .meta({ id: 'Report' });

const VatReturnOut = VatReturnRecord.extend({
  vatReturn: z.object({
    country: z.enum(['NL', 'BE']),
    boxes: z.record(z.string(), money),
    payable: money,
    refundable: money,
  }),
}).meta({ id: 'VatReturnOut' });

/** Invoicing shapes as the API returns them: every amount a decimal string. */
const priced = {
  lines: z.array(InvoiceLine.extend({ unitPrice: money, net: money })),
  vat: z.array(VatBreakdown.extend({ base: money, vat: money })),
  totals: z.object({ net: money, vat: money, gross: money }),
};
const InvoiceOut = Invoice.extend(priced).meta({ id: 'InvoiceOut' });
const QuoteOut = Quote.extend(priced).meta({ id: 'QuoteOut' });
const OpenItemOut = OpenItem.extend({ amount: money, paid: money, outstanding: money }).meta({ id: 'OpenItemOut' });
const PaymentOut = Payment.extend({ amount: money }).meta({ id: 'PaymentOut' });
const SettlementOut = Settlement.extend({ amount: money }).meta({ id: 'SettlementOut' });
const OpenItemDetailsOut = OpenItemOut.extend({
  payments: z.array(PaymentOut),
  settlements: z.array(SettlementOut),
}).meta({ id: 'OpenItemDetailsOut' });
const ageingAmounts = {
  ...Object.fromEntries(ageingBuckets.map((b) => [b, money])),
  total: money,
} as Record<(typeof ageingBuckets)[number] | 'total', typeof money>;
const AgeingReportOut = z
  .object({
    side: z.enum(openItemSides),
    asOf: z.string(),
    relations: z.array(
      z.object({
        relationId: z.string(),
        relationName: z.string(),
        relationNumber: z.number().int().optional(),
        items: z.number().int(),
        ...ageingAmounts,
      }),
    ),
    totals: z.object(ageingAmounts),
  })
  .meta({ id: 'AgeingReportOut' });
const CostCentrePurchaseOut = CostCentrePurchase.extend({
  net: money,
  lines: z.array(z.object({ description: z.string(), glAccount: z.string(), net: money })),
}).meta({ id: 'CostCentrePurchaseOut' });
const TimeEntryOut = TimeEntry.extend({ hourlyRate: money.optional() }).meta({ id: 'TimeEntryOut' });
const HoursTotals = z.object({
  minutes: z.number().int(),
  directMinutes: z.number().int(),
  indirectMinutes: z.number().int(),
  amount: money,
  unratedMinutes: z.number().int(),
});
const HoursReportOut = z
  .object({
    from: z.string(),
    to: z.string(),
    customerId: z.string().optional(),
    billed: HoursTotals,
    unbilled: HoursTotals,
    byCustomer: z.array(z.object({ customerId: z.string(), billed: HoursTotals, unbilled: HoursTotals })),
  })
  .meta({ id: 'HoursReportOut' });

const ConditionOut = z.object({
  minAmount: money.optional(),
  maxAmount: money.optional(),
  costCentres: z.array(z.string()).optional(),
  suppliers: z.array(z.string()).optional(),
  glAccounts: z.array(z.string()).optional(),
});
const ApprovalFlowOut = z
  .object({
    id: z.string(),
    administrationId: z.string(),
    name: z.string(),
    subject: z.literal('purchase-invoice'),
    appliesTo: ConditionOut,
    steps: z.array(
      z.object({ name: z.string(), condition: ConditionOut, approver: z.record(z.string(), z.unknown()) }),
    ),
    deadlineDays: z.number().int().optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ApprovalFlowOut' });
const ApprovalSettingsOut = z
  .object({
    costCentreApprovers: z.record(z.string(), z.string()),
    supplierApprovers: z.record(z.string(), z.string()),
    projectManagers: z.record(z.string(), z.string()),
    approverLimits: z.record(z.string(), money),
    deadlineDays: z.number().int(),
    reminderLeadSeconds: z.number().int(),
  })
  .meta({ id: 'ApprovalSettingsOut' });
const ApprovalTextsOut = z.record(z.string(), z.string()).meta({ id: 'ApprovalTextsOut' });
const SubjectOut = z.object({ kind: z.string(), id: z.string(), title: z.string() });
const DecisionRecordOut = z
  .object({
    id: z.string(),
    taskId: z.string(),
    approvalId: z.string(),
    subject: SubjectOut,
    kind: z.string(),
    by: z.object({ userId: z.string(), userType: z.string() }),
    at: z.string(),
    session: z.object({ requestId: z.string().optional(), tokenId: z.string().optional() }),
    comment: z.string().optional(),
    delegateTo: z.string().optional(),
    before: z.object({ task: z.string(), subject: z.string() }),
    after: z.object({ task: z.string(), subject: z.string() }),
  })
  .meta({ id: 'ApprovalDecisionRecord' });
const ApprovalTaskOut = z
  .object({
    id: z.string(),
    administrationId: z.string(),
    approvalId: z.string(),
    subject: SubjectOut,
    stepName: z.string().optional(),
    status: z.enum(['open', 'approved', 'rejected', 'cancelled']),
    assignees: z.array(z.string()),
    deadlineAt: z.string(),
    remindAt: z.string(),
    decision: DecisionRecordOut.optional(),
    version: z.number().int(),
  })
  .meta({ id: 'ApprovalTask' });
const ApprovalOut = z
  .object({
    id: z.string(),
    administrationId: z.string(),
    subject: SubjectOut,
    status: z.enum(['pending', 'approved', 'rejected', 'cancelled']),
    flowId: z.string().optional(),
    plan: z
      .array(
        z.object({
          index: z.number().int(),
          name: z.string(),
          approver: z.string(),
          limit: money.optional(),
          escalated: z.boolean(),
        }),
      )
      .optional(),
    currentStep: z.number().int().optional(),
    amount: money.optional(),
  })
  .meta({ id: 'Approval' });
const DecisionResultOut = z
  .object({
    task: ApprovalTaskOut,
    decision: DecisionRecordOut,
    next: ApprovalTaskOut.optional(),
    replayed: z.boolean(),
  })
  .meta({ id: 'ApprovalDecisionResult' });
const ApprovalInboxOut = z
  .object({
    items: z.array(
      z.object({
        taskId: z.string(),
        administrationId: z.string(),
        kind: z.string(),
        title: z.string(),
        stepName: z.string().optional(),
        deadlineAt: z.string(),
        createdAt: z.string(),
      }),
    ),
    nextCursor: z.string().optional(),
    counts: z.object({
      'purchase-invoice': z.number().int(),
      'vat-return': z.number().int(),
      'annual-accounts': z.number().int(),
      total: z.number().int(),
    }),
  })
  .meta({ id: 'ApprovalInbox' });
const AnnualAccountsOut = z
  .object({
    id: z.string(),
    administrationId: z.string(),
    year: z.number().int(),
    title: z.string(),
    figures: z.record(z.string(), money),
    clientType: z.enum(['link', 'portal']),
    status: z.enum(['shared', 'approved', 'rejected']),
    sharedAt: z.string(),
    deadlineAt: z.string(),
    decidedAt: z.string().optional(),
  })
  .meta({ id: 'AnnualAccounts' });
const ProblemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable reason code.'),
    instance: z.string().optional().describe('Request id.'),
    errors: z
      .array(
        z.object({ location: z.enum(['body', 'query', 'path', 'header']), pointer: z.string(), detail: z.string() }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

export const operations: Readonly<Record<string, Operation>> = {
  'GET /me': {
    summary: 'The calling user and the administrations they can reach',
    ok: { status: 200, schema: Me, description: 'You.' },
  },
  'GET /administrations': {
    summary: 'List administrations (firm users: all of the firm; client users: their own)',
    query: pageQuery,
    ok: { status: 200, schema: page(Administration), description: 'A page of administrations.' },
  },
  'POST /administrations': {
    summary: 'Create an administration',
    body: CreateAdministrationInput,
    idempotent: true,
    ok: { status: 201, schema: Administration, description: 'Created.' },
  },
  'GET /administrations/{administrationId}': {
    summary: 'Get an administration',
    params: administrationPath,
    ok: { status: 200, schema: Administration, description: 'The administration; ETag carries its version.' },
  },
  'PATCH /administrations/{administrationId}': {
    summary: 'Change details, plan and add-ons',
    params: administrationPath,
    body: UpdateAdministrationInput,
    ifMatch: true,
    ok: { status: 200, schema: Administration, description: 'Changed.' },
  },
  'GET /administrations/{administrationId}/audit': {
    summary: 'Audit trail of an administration, newest first (firm users)',
    params: administrationPath,
    query: pageQuery,
    ok: { status: 200, schema: page(AuditEntry), description: 'A page of audit entries.' },
  },
  'GET /administrations/{administrationId}/memberships': {
    summary: 'Client users with access to an administration (firm users)',
    params: administrationPath,
    ok: { status: 200, schema: z.object({ items: z.array(Membership) }), description: 'Memberships.' },
  },
  'PUT /administrations/{administrationId}/memberships/{userId}': {
    summary: 'Give a client user access (idempotent)',
    params: membershipPath,
    ok: { status: 201, schema: Membership, description: 'Granted (200 when it already existed).' },
  },
  'DELETE /administrations/{administrationId}/memberships/{userId}': {
    summary: "Withdraw a client user's access",
    params: membershipPath,
    ok: { status: 204, description: 'Revoked.' },
  },
  'GET /users': {
    summary: 'Users of the firm (firm users)',
    query: pageQuery,
    ok: { status: 200, schema: page(User), description: 'A page of users.' },
  },
  'POST /users': {
    summary: 'Add a firm user (owner) or a client user (owner, accountant)',
    body: CreateUserInput,
    idempotent: true,
    ok: { status: 201, schema: User, description: 'Created; Cognito e-mails the temporary password.' },
  },
  'GET /users/{userId}': {
    summary: 'Get a user',
    params: userPath,
    ok: { status: 200, schema: User, description: 'The user.' },
  },
  'GET /administrations/{administrationId}/documents': {
    summary: 'Documents taken in (e-mail, upload, Peppol), newest first; filter on status, source and arrival date',
    params: administrationPath,
    query: documentsQuery,
    ok: { status: 200, schema: page(IntakeDocument), description: 'A page of documents.' },
  },
  'POST /administrations/{administrationId}/uploads': {
    summary:
      'A presigned PUT URL for one document (type and exact size are signed); the document appears once uploaded',
    params: administrationPath,
    body: UploadRequest,
    idempotent: true,
    ok: {
      status: 201,
      schema: UploadTicket,
      description: 'Upload with exactly these headers within expiresIn seconds; follow the document by its id.',
    },
  },
  'POST /administrations/{administrationId}/upload-batches': {
    summary: 'Presigned PUT URLs for up to 100 documents at once (bulk upload); each document is tracked separately',
    params: administrationPath,
    body: UploadBatchRequest,
    idempotent: true,
    ok: {
      status: 201,
      schema: z.object({ uploads: z.array(UploadTicket) }),
      description: 'One upload ticket per file, in the order sent.',
    },
  },
  'GET /administrations/{administrationId}/documents/{documentId}': {
    summary: 'Get a document',
    params: documentPath,
    ok: { status: 200, schema: IntakeDocument, description: 'The document.' },
  },
  'GET /administrations/{administrationId}/email-intake': {
    summary: 'E-mail intake log: every message to the inbound address, taken in or rejected with its reasons',
    params: administrationPath,
    query: pageQuery,
    ok: { status: 200, schema: page(InboundEmail), description: 'A page of inbound e-mails, newest first.' },
  },
  'GET /administrations/{administrationId}/proposals': {
    summary: 'Booking proposals made from the documents, newest first; filter on status',
    params: administrationPath,
    query: proposalsQuery,
    ok: { status: 200, schema: page(BookingProposal), description: 'A page of booking proposals.' },
  },
  'GET /administrations/{administrationId}/proposals/{proposalId}': {
    summary: 'Get a booking proposal, with each suggestion explained and the original document lines',
    params: proposalPath,
    ok: { status: 200, schema: BookingProposal, description: 'The proposal; its ETag is its version.' },
  },
  'PATCH /administrations/{administrationId}/proposals/{proposalId}': {
    summary: 'Correct a proposal before accepting it: relation, header fields, lines (send If-Match)',
    params: proposalPath,
    body: EditProposalInput,
    ifMatch: true,
    ok: { status: 200, schema: BookingProposal, description: 'Changed; issues recomputed.' },
  },
  'POST /administrations/{administrationId}/proposals/{proposalId}/acceptance': {
    summary:
      'Accept a proposal: posts the purchase or sales invoice (entry and open item), creates a new relation if proposed, and learns from it',
    params: proposalPath,
    idempotent: true,
    ok: { status: 201, schema: BookingProposal, description: 'Accepted, with what was posted.' },
  },
  'POST /administrations/{administrationId}/proposals/{proposalId}/rejection': {
    summary: 'Reject a proposal, with the reason',
    params: proposalPath,
    body: RejectProposalInput,
    idempotent: true,
    ok: { status: 201, schema: BookingProposal, description: 'Rejected.' },
  },
  'POST /administrations/{administrationId}/proposals/{proposalId}/peppol-responses': {
    summary:
      'Tell the seller of an undecided Peppol invoice it is in process (IP), under query (UQ, with reasons and the action asked) or conditionally accepted (CA): an Invoice Response through the access point; 409 NOT_A_PEPPOL_INVOICE or PROPOSAL_DECIDED',
    params: proposalPath,
    body: PeppolStatusUpdateInput,
    ok: {
      status: 202,
      schema: z.object({
        outcome: z.enum(['queued', 'already-answered']),
        code: z.enum(interimStatuses),
        messageId: z.string().optional(),
      }),
      description: 'Queued for the access point (200 `already-answered` when this status was sent before).',
    },
  },
  'POST /administrations/{administrationId}/books': {
    summary: "Set up the books from the country's chart of accounts (idempotent)",
    params: administrationPath,
    ok: {
      status: 201,
      schema: z.object({ created: z.boolean() }),
      description: 'Set up (200 when they already were).',
    },
  },
  'GET /administrations/{administrationId}/accounts': {
    summary: 'The chart of accounts',
    params: administrationPath,
    ok: { status: 200, schema: z.object({ items: z.array(Account) }), description: 'Accounts in code order.' },
  },
  'POST /administrations/{administrationId}/accounts': {
    summary: 'Add a GL account',
    params: administrationPath,
    body: AddAccountBody,
    idempotent: true,
    ok: { status: 201, schema: Account, description: 'Added.' },
  },
  'PATCH /administrations/{administrationId}/accounts/{code}': {
    summary: 'Rename, re-code (RGS) or block an account',
    params: accountPath,
    body: UpdateAccountBody,
    ok: { status: 200, schema: Account, description: 'Changed.' },
  },
  'DELETE /administrations/{administrationId}/accounts/{code}': {
    summary: 'Delete an account that never took a posting (409 ACCOUNT_IN_USE otherwise: block it)',
    params: accountPath,
    ok: { status: 204, description: 'Deleted.' },
  },
  'GET /administrations/{administrationId}/journals': {
    summary: 'Journals (purchase, sales, bank, memorial)',
    params: administrationPath,
    ok: { status: 200, schema: z.object({ items: z.array(Journal) }), description: 'Journals.' },
  },
  'GET /administrations/{administrationId}/vat-codes': {
    summary: "The country's VAT codes and the VAT-return boxes they fill",
    params: administrationPath,
    ok: { status: 200, schema: z.object({ items: z.array(VatCode) }), description: 'VAT codes.' },
  },
  'GET /administrations/{administrationId}/entries': {
    summary: 'Entries of a period, in date order',
    params: administrationPath,
    query: entriesQuery,
    ok: { status: 200, schema: page(EntryOut), description: 'A page of entries.' },
  },
  'POST /administrations/{administrationId}/entries': {
    summary: 'Post an entry; it must balance to the cent and fall in an open period',
    params: administrationPath,
    body: PostEntryBody,
    idempotent: true,
    ok: { status: 201, schema: EntryOut, description: 'Posted, with its gapless number.' },
  },
  'GET /administrations/{administrationId}/entries/{entryId}': {
    summary: 'Get an entry',
    params: entryPath,
    ok: { status: 200, schema: EntryOut, description: 'The entry.' },
  },
  'POST /administrations/{administrationId}/entries/{entryId}/reversal': {
    summary: 'Correct an entry by reversal (never by deletion)',
    params: entryPath,
    body: ReverseEntryBody,
    idempotent: true,
    ok: { status: 201, schema: EntryOut, description: 'The reversing entry.' },
  },
  'GET /administrations/{administrationId}/periods': {
    summary: 'Periods that were closed or reopened',
    params: administrationPath,
    ok: { status: 200, schema: z.object({ items: z.array(Period) }), description: 'Periods.' },
  },
  'PUT /administrations/{administrationId}/periods/{period}': {
    summary: 'Close or reopen a period',
    params: periodPath,
    body: PeriodBody,
    ok: { status: 200, schema: Period, description: 'The period.' },
  },
  'GET /administrations/{administrationId}/vat-returns': {
    summary: 'VAT returns, newest period first',
    params: administrationPath,
    ok: { status: 200, schema: z.object({ items: z.array(VatReturnOut) }), description: 'VAT returns.' },
  },
  'PUT /administrations/{administrationId}/vat-returns/{returnId}': {
    summary: 'Compute (or recompute, while draft or rejected) the return of a month (YYYY-MM) or quarter (YYYY-Qn)',
    params: vatReturnPath,
    ok: { status: 201, schema: VatReturnOut, description: 'Computed (200 when recomputed).' },
  },
  'GET /administrations/{administrationId}/vat-returns/{returnId}': {
    summary: 'Get a VAT return with its boxes and history',
    params: vatReturnPath,
    ok: { status: 200, schema: VatReturnOut, description: 'The VAT return.' },
  },
  'POST /administrations/{administrationId}/vat-returns/{returnId}/transitions': {
    summary: 'send (firm) → approve or reject with a comment (client) → file (firm; closes its months)',
    params: vatReturnPath,
    body: VatReturnTransition,
    ok: { status: 200, schema: VatReturnOut, description: 'The return in its new status.' },
  },
  'GET /administrations/{administrationId}/vat-returns/{returnId}/export': {
    summary: 'The machine-readable return: NL Omzetbelasting XBRL instance, BE Intervat VATConsignment XML',
    params: vatReturnPath,
    ok: { status: 200, description: 'The file (application/xml).' },
  },
  'GET /administrations/{administrationId}/relations': {
    summary: 'Debtors and creditors by name (filter on role, status, name prefix)',
    params: administrationPath,
    query: RelationListQuery,
    ok: { status: 200, schema: page(Relation), description: 'A page of relations.' },
  },
  'POST /administrations/{administrationId}/relations': {
    summary: 'Create a relation; it gets the next relation number',
    params: administrationPath,
    body: CreateRelationInput,
    idempotent: true,
    ok: { status: 201, schema: Relation, description: 'Created.' },
  },
  'PUT /administrations/{administrationId}/relations/by-external-id/{source}/{externalId}': {
    summary: "Upsert by the integrator's own id: the same external id always gives the same relation number",
    params: externalIdPath,
    body: UpsertRelationInput,
    ok: {
      status: 201,
      schema: Relation,
      description: 'Created (200 when it existed; fields left out keep their value).',
    },
  },
  'GET /administrations/{administrationId}/relations/{relationId}': {
    summary: 'Get a relation',
    params: relationPath,
    ok: { status: 200, schema: Relation, description: 'The relation; ETag carries its version.' },
  },
  'PATCH /administrations/{administrationId}/relations/{relationId}': {
    summary: 'Change a relation (send If-Match)',
    params: relationPath,
    body: UpdateRelationInput,
    ifMatch: true,
    ok: { status: 200, schema: Relation, description: 'Changed.' },
  },
  'PUT /administrations/{administrationId}/relations/{relationId}/status': {
    summary: 'Archive a relation (its identifiers become free) or restore it',
    params: relationPath,
    body: RelationStatusBody,
    ifMatch: true,
    ok: { status: 200, schema: Relation, description: 'Archived or restored.' },
  },
  'GET /administrations/{administrationId}/reports/{report}': {
    summary: 'Trial balance, profit and loss, balance sheet or cockpit KPIs, from maintained balances',
    params: reportPath,
    query: reportQuery,
    ok: { status: 200, schema: Report, description: 'The report.' },
  },
  'POST /administrations/{administrationId}/invoices': {
    summary:
      'Post a sales (`side: sales`, numbered in its series, with a payment reference) or purchase invoice or credit note: entry, open item and audit in one transaction',
    params: administrationPath,
    body: InvoiceBody,
    idempotent: true,
    ok: { status: 201, schema: InvoiceOut, description: 'Posted; Location names the invoice.' },
  },
  'GET /administrations/{administrationId}/invoices': {
    summary: 'Sales or purchase invoices by invoice date, newest first',
    params: administrationPath,
    query: invoicesQuery,
    ok: { status: 200, schema: page(InvoiceOut), description: 'A page of invoices.' },
  },
  'GET /administrations/{administrationId}/invoices/{invoiceId}': {
    summary: 'Get an invoice or credit note',
    params: invoicePath,
    ok: { status: 200, schema: InvoiceOut, description: 'The invoice.' },
  },
  'GET /administrations/{administrationId}/invoices/{invoiceId}/peppol': {
    summary:
      "How an invoice sent over Peppol stands: the buyer's latest Invoice Response status and every answer with its reasons",
    params: invoicePath,
    ok: { status: 200, schema: PeppolSend, description: 'The send; 404 when the invoice was not sent over Peppol.' },
  },
  'POST /administrations/{administrationId}/invoices/{invoiceId}/peppol': {
    summary:
      'Send a sales invoice or credit note over Peppol (BIS Billing 3.0), once; 422 listing the rule ids when it does not validate, 409 RECEIVER_NOT_ON_PEPPOL when the buyer cannot receive it',
    params: invoicePath,
    ok: {
      status: 202,
      schema: PeppolSend.extend({ outcome: z.enum(['queued', 'already-queued']) }),
      description: 'Queued for the access point (200 with the first message id when it was sent before).',
    },
  },
  'GET /administrations/{administrationId}/relations/{relationId}/invoices': {
    summary: 'Invoices of a relation, newest first',
    params: relationPath,
    query: pageQuery,
    ok: { status: 200, schema: page(InvoiceOut), description: 'A page of invoices.' },
  },
  'GET /administrations/{administrationId}/open-items': {
    summary: 'Outstanding receivables or payables by due date, oldest first',
    params: administrationPath,
    query: openItemsQuery,
    ok: { status: 200, schema: page(OpenItemOut), description: 'A page of open items.' },
  },
  'GET /administrations/{administrationId}/open-items/{openItemId}': {
    summary: 'Get an open item with its payments and settlements (its id is the invoice id)',
    params: openItemPath,
    ok: { status: 200, schema: OpenItemDetailsOut, description: 'The open item.' },
  },
  'POST /administrations/{administrationId}/open-items/{openItemId}/payments': {
    summary:
      'Register a payment (or a refund of a credit note) through the bank journal; 409 OVERPAYMENT beyond what is outstanding',
    params: openItemPath,
    body: RegisterPaymentInput,
    idempotent: true,
    ok: {
      status: 201,
      schema: z.object({ openItem: OpenItemOut, payment: PaymentOut }).meta({ id: 'PaymentResult' }),
      description: 'Booked; the open item after it.',
    },
  },
  'POST /administrations/{administrationId}/open-items/{openItemId}/reminders': {
    summary: 'Record a reminder for an overdue sales invoice (first, second, final)',
    params: openItemPath,
    body: RecordReminderInput,
    idempotent: true,
    ok: { status: 201, schema: OpenItemOut, description: 'Recorded; the open item with its reminders.' },
  },
  'POST /administrations/{administrationId}/open-items/{openItemId}/settlements': {
    summary:
      "Settle this credit note's open item against an invoice's open item of the same relation, without an entry",
    params: openItemPath,
    body: SettlementBody,
    idempotent: true,
    ok: {
      status: 201,
      schema: z
        .object({ creditNote: OpenItemOut, invoice: OpenItemOut, settlement: SettlementOut })
        .meta({ id: 'SettlementResult' }),
      description: 'Settled; both open items after it.',
    },
  },
  'GET /administrations/{administrationId}/relations/{relationId}/open-items': {
    summary: 'Open items of a relation by due date: open (default), paid or all',
    params: relationPath,
    query: relationOpenItemsQuery,
    ok: { status: 200, schema: page(OpenItemOut), description: 'A page of open items.' },
  },
  'GET /administrations/{administrationId}/ageing': {
    summary: 'Ageing of receivables or payables per relation: not due, 1-30, 31-60, 61-90, over 90 days',
    params: administrationPath,
    query: AgeingQuery,
    ok: { status: 200, schema: AgeingReportOut, description: 'The ageing report.' },
  },
  'POST /administrations/{administrationId}/quotes': {
    summary: 'Create a draft quote, numbered in its series per year',
    params: administrationPath,
    body: QuoteInput,
    idempotent: true,
    ok: { status: 201, schema: QuoteOut, description: 'Created; Location names the quote.' },
  },
  'GET /administrations/{administrationId}/quotes': {
    summary: 'Quotes, newest first',
    params: administrationPath,
    query: pageQuery,
    ok: { status: 200, schema: page(QuoteOut), description: 'A page of quotes.' },
  },
  'GET /administrations/{administrationId}/quotes/{quoteId}': {
    summary: 'Get a quote',
    params: quotePath,
    ok: { status: 200, schema: QuoteOut, description: 'The quote.' },
  },
  'PUT /administrations/{administrationId}/quotes/{quoteId}/status': {
    summary: 'Mark a quote sent, accepted or rejected (draft → sent → accepted | rejected)',
    params: quotePath,
    body: QuoteStatusBody,
    ok: { status: 200, schema: QuoteOut, description: 'The quote in its new status.' },
  },
  'POST /administrations/{administrationId}/quotes/{quoteId}/conversion': {
    summary: 'Turn a quote into a sales invoice, once (409 QUOTE_ALREADY_CONVERTED after)',
    params: quotePath,
    body: ConvertQuoteInput,
    idempotent: true,
    ok: {
      status: 201,
      schema: z.object({ quote: QuoteOut, invoice: InvoiceOut }).meta({ id: 'QuoteConversion' }),
      description: 'Converted; Location names the invoice.',
    },
  },
  'PUT /administrations/{administrationId}/cost-centres/{code}': {
    summary: 'Create or update a cost centre (project) by code; an external id maps to one code for good',
    params: costCentrePath,
    body: CostCentreInput,
    ok: { status: 201, schema: CostCentre, description: 'Created (200 when it existed).' },
  },
  'GET /administrations/{administrationId}/cost-centres': {
    summary: 'Cost centres in code order',
    params: administrationPath,
    query: pageQuery,
    ok: { status: 200, schema: page(CostCentre), description: 'A page of cost centres.' },
  },
  'GET /administrations/{administrationId}/cost-centres/{code}': {
    summary: 'Get a cost centre',
    params: costCentrePath,
    ok: { status: 200, schema: CostCentre, description: 'The cost centre.' },
  },
  'GET /administrations/{administrationId}/cost-centres/{code}/purchases': {
    summary: 'Purchase invoices booked on a cost centre by invoice date, each with the net on it',
    params: costCentrePath,
    query: dateRangeQuery,
    ok: { status: 200, schema: page(CostCentrePurchaseOut), description: 'A page of purchases.' },
  },
  'POST /administrations/{administrationId}/time-entries': {
    summary: 'Record worked time for a customer, optionally on a project (cost centre)',
    params: administrationPath,
    body: TimeEntryInput,
    idempotent: true,
    ok: { status: 201, schema: TimeEntryOut, description: 'Recorded, unbilled.' },
  },
  'GET /administrations/{administrationId}/time-entries': {
    summary: 'Hours of a customer by status (unbilled by default) and date',
    params: administrationPath,
    query: timeEntriesQuery,
    ok: { status: 200, schema: page(TimeEntryOut), description: 'A page of time entries.' },
  },
  'GET /administrations/{administrationId}/time-entries/{timeEntryId}': {
    summary: 'Get a time entry',
    params: timeEntryPath,
    ok: { status: 200, schema: TimeEntryOut, description: 'The time entry.' },
  },
  'POST /administrations/{administrationId}/hours-invoices': {
    summary:
      "Create one sales invoice from a customer's hours (by ids, or unbilled hours in a date range); the hours become billed",
    params: administrationPath,
    body: InvoiceFromHoursInput,
    idempotent: true,
    ok: { status: 201, schema: InvoiceOut, description: 'Posted; Location names the invoice.' },
  },
  'GET /administrations/{administrationId}/hours-report': {
    summary: 'Billed versus unbilled hours and their value over a date range, in total and per customer',
    params: administrationPath,
    query: HoursReportQuery,
    ok: { status: 200, schema: HoursReportOut, description: 'The hours report.' },
  },
  // ── Billing ──
  'GET /administrations/{administrationId}/usage': {
    summary:
      'Booking proposals of the administration this month and this quarter, the bundle, and a forecast to each period end with the month’s charge at that pace',
    params: administrationPath,
    ok: { status: 200, schema: AdministrationUsageOut, description: 'The usage (maintained counters).' },
  },
  'GET /administrations/{administrationId}/subscription': {
    summary:
      'The administration’s effective-dated subscription changes and the terms this month is charged at (firm users)',
    params: administrationPath,
    ok: { status: 200, schema: SubscriptionOut, description: 'The subscription.' },
  },
  'POST /administrations/{administrationId}/subscription-changes': {
    summary:
      'Change plan, add-ons, client users or annual-accounts client type from a date (firm users); a month is charged whole at the most in force on any day of it',
    params: administrationPath,
    body: SubscriptionChangeInput,
    idempotent: true,
    ok: { status: 201, schema: SubscriptionChange, description: 'Recorded.' },
  },
  'GET /billing/invoices': {
    summary: 'The firm’s monthly invoices, newest first, without lines (firm users)',
    query: BillingInvoicesQuery,
    ok: { status: 200, schema: BillingInvoicePageOut, description: 'A page of invoices.' },
  },
  'GET /billing/invoices/{invoiceId}': {
    summary:
      'The firm’s invoice for a month: one line per administration per charge, proposal lines traced to their counter and usage records (firm users)',
    params: BillingInvoicePath,
    ok: { status: 200, schema: BillingInvoiceOut, description: 'The invoice; 404 when the month is not closed.' },
  },
  'GET /billing/catalogue': {
    summary: 'Price lists with their effective dates (amounts in cents), the one in force, and what each plan unlocks',
    ok: { status: 200, schema: CatalogueOut, description: 'The catalogue.' },
  },
  'GET /billing/cockpit': {
    summary:
      'Administrations per plan, those past their proposal bundle, and the cheapest plan over the last 3 and 12 months with the saving (firm users)',
    ok: { status: 200, schema: CockpitOut, description: 'The cockpit.' },
  },
  'GET /billing/events': {
    summary:
      'The firm’s in-app billing events, such as a Samenwerken administration past its 10 proposals (firm users)',
    ok: { status: 200, schema: BillingEventsOut, description: 'The events.' },
  },
  // ── Payments ──
  'POST /administrations/{administrationId}/payment-batches': {
    summary:
      'Build a payment batch from open payables: a part of an item pays in part, credit notes are netted against the same supplier, one transfer per supplier',
    params: administrationPath,
    body: PaymentBatchInput,
    idempotent: true,
    ok: {
      status: 201,
      schema: PaymentBatchOut,
      description:
        'The draft; 409 OPEN_ITEM_IN_BATCH when an item is in another live batch, PAYMENT_BLOCKED until approval.',
    },
  },
  'GET /administrations/{administrationId}/payment-batches': {
    summary: 'Payment batches, newest first, optionally of one status (draft, approved, sent)',
    params: administrationPath,
    query: BatchListQuery,
    ok: { status: 200, schema: page(PaymentBatchOut), description: 'A page of batches.' },
  },
  'GET /administrations/{administrationId}/payment-batches/{batchId}': {
    summary: 'One payment batch with its items and transfers',
    params: PaymentBatchPath,
    ok: { status: 200, schema: PaymentBatchOut, description: 'The batch; ETag carries its version.' },
  },
  'PATCH /administrations/{administrationId}/payment-batches/{batchId}': {
    summary: 'Change a draft batch: execution date, accounts, file version or the selection (If-Match required)',
    params: PaymentBatchPath,
    body: PaymentBatchChange,
    ifMatch: true,
    ok: { status: 200, schema: PaymentBatchOut, description: 'Changed; 409 BATCH_NOT_DRAFT once approved.' },
  },
  'POST /administrations/{administrationId}/payment-batches/{batchId}/approval': {
    summary:
      'Approve a draft batch (firm users; client users on Samenwerken or higher); approving it again yourself returns it',
    params: PaymentBatchPath,
    idempotent: true,
    ifMatch: true,
    ok: {
      status: 200,
      schema: PaymentBatchOut,
      description: 'Approved; 409 BATCH_ALREADY_APPROVED when someone else approved it.',
    },
  },
  'GET /administrations/{administrationId}/payment-batches/{batchId}/file': {
    summary: 'The SEPA credit transfer file (pain.001.001.09, or .03) of an approved batch, as application/xml',
    params: PaymentBatchPath,
    query: PaymentFileQuery,
    ok: { status: 200, description: 'The XML file; 409 BATCH_NOT_APPROVED for a draft.' },
  },
  'POST /administrations/{administrationId}/payment-batches/{batchId}/sending': {
    summary: 'Mark an approved batch sent to the bank: the batch and its open items record it',
    params: PaymentBatchPath,
    idempotent: true,
    ok: { status: 200, schema: PaymentBatchOut, description: 'Sent (again: unchanged).' },
  },
  'DELETE /administrations/{administrationId}/payment-batches/{batchId}': {
    summary: 'Cancel a draft or approved batch that did not go to the bank: its open items are free again',
    params: PaymentBatchPath,
    ok: { status: 200, schema: PaymentBatchOut, description: 'Cancelled; 409 BATCH_SENT once sent.' },
  },
  // Access-point door, no bearer token (auth 'none', so not in the OpenAPI document): the body is
  // the SBDH as application/xml, signed with x-ap-connection, x-ap-timestamp (Unix seconds) and
  // x-ap-signature (sha256=<hex HMAC-SHA256 of "timestamp.body">); a bad signature answers 401.
  'GET /administrations/{administrationId}/bank-accounts': {
    summary: "The administration's bank accounts and the GL account each is booked through",
    params: administrationPath,
    ok: { status: 200, schema: z.object({ items: z.array(BankAccount) }), description: 'Its accounts.' },
  },
  'PUT /administrations/{administrationId}/bank-accounts/{iban}': {
    summary: 'Register (or change) a bank account; lines are taken in only for registered accounts',
    params: bankAccountPath,
    body: BankAccountInput,
    ok: { status: 200, schema: BankAccount, description: 'The account.' },
  },
  'POST /administrations/{administrationId}/bank-statements': {
    summary:
      'Import a statement file (camt.052/053/054, MT940/942 incl. Dutch dialects, CODA 2.x): kept, read, lines stored once each with the balance check, then matched by the robot',
    params: administrationPath,
    body: StatementUpload,
    ok: {
      status: 201,
      schema: StatementImportOut,
      description: 'Imported (422 with the same record and its reason when the file could not be read; it is kept).',
    },
  },
  'GET /administrations/{administrationId}/bank-statements': {
    summary: 'Statement files taken in, newest first, each with what became of its statements',
    params: administrationPath,
    query: pageQuery,
    ok: { status: 200, schema: page(StatementImportOut), description: 'A page of imports.' },
  },
  'GET /administrations/{administrationId}/bank-statements/{importId}': {
    summary: 'One statement import: format, statements, lines stored and duplicates, balance checks, errors',
    params: statementImportPath,
    ok: { status: 200, schema: StatementImportOut, description: 'The import.' },
  },
  'GET /administrations/{administrationId}/bank-lines': {
    summary:
      'Bank lines to process (default) or booked, or of one account, with the robot’s suggestion and its evidence',
    params: administrationPath,
    query: BankLineQuery,
    ok: { status: 200, schema: page(BankLineOut), description: 'A page of lines, newest first.' },
  },
  'GET /administrations/{administrationId}/bank-lines/{lineId}': {
    summary: 'One bank line with its suggestion (evidence, scores, alternatives) and booking',
    params: bankLinePath,
    ok: { status: 200, schema: BankLineOut, description: 'The line; its ETag is its version.' },
  },
  'POST /administrations/{administrationId}/bank-lines/{lineId}/booking': {
    summary: "Accept the robot's suggestion: book the line as suggested (open items, costs, GL account, loan split)",
    params: bankLinePath,
    idempotent: true,
    ok: { status: 201, schema: BankLineOut, description: 'Booked; 409 LINE_BOOKED or NO_SUGGESTION.' },
  },
  'PUT /administrations/{administrationId}/bank-lines/{lineId}/booking': {
    summary: 'Book the line as the accountant splits it: open items and/or GL accounts with VAT (a changed suggestion)',
    params: bankLinePath,
    body: ManualBookingInput,
    idempotent: true,
    ok: { status: 201, schema: BankLineOut, description: 'Booked.' },
  },
  'DELETE /administrations/{administrationId}/bank-lines/{lineId}/booking': {
    summary: 'Undo a booking (automatic ones too): a reversing entry, the open items opened again, the line to process',
    params: bankLinePath,
    ok: { status: 200, schema: BankLineOut, description: 'Back to process.' },
  },
  'POST /administrations/{administrationId}/bank-lines/{lineId}/suggestion-rejection': {
    summary: "Reject the robot's suggestion for a line, with a reason",
    params: bankLinePath,
    body: RejectSuggestionInput,
    ok: { status: 200, schema: BankLineOut, description: 'The suggestion is marked rejected.' },
  },
  'POST /administrations/{administrationId}/bank-lines/{lineId}/matching': {
    summary: 'Run the robot again on one line (after new open items, documents, loans or settings)',
    params: bankLinePath,
    ok: {
      status: 200,
      schema: z.object({ outcome: z.string(), line: BankLineOut }),
      description: 'What the robot did and the line now.',
    },
  },
  'GET /administrations/{administrationId}/document-requests': {
    summary: 'Missing-document requests of one status (default open), newest first',
    params: administrationPath,
    query: documentRequestsQuery,
    ok: { status: 200, schema: page(DocumentRequestOut), description: 'A page of requests.' },
  },
  'GET /administrations/{administrationId}/bank-lines/{lineId}/request': {
    summary: 'The missing-document request on a line, with its messages',
    params: bankLinePath,
    ok: {
      status: 200,
      schema: DocumentRequestOut.extend({ messages: z.array(RequestMessage) }),
      description: 'The thread, oldest message first.',
    },
  },
  'POST /administrations/{administrationId}/bank-lines/{lineId}/request': {
    summary: 'Ask the client for the document behind a line (firm users; once per line)',
    params: bankLinePath,
    ok: { status: 201, schema: DocumentRequestOut, description: 'The request (the existing one when asked before).' },
  },
  'POST /administrations/{administrationId}/bank-lines/{lineId}/request/messages': {
    summary:
      'A message on the thread: the client replies or links an uploaded document (answered); the firm writes back (open)',
    params: bankLinePath,
    body: RequestMessageInput,
    ok: {
      status: 201,
      schema: z.object({ request: DocumentRequestOut, message: RequestMessage }),
      description: 'The request and the message; 409 REQUEST_CLOSED.',
    },
  },
  'POST /administrations/{administrationId}/bank-lines/{lineId}/request/closing': {
    summary: 'Close a missing-document request (firm users)',
    params: bankLinePath,
    ok: { status: 200, schema: DocumentRequestOut, description: 'Closed.' },
  },
  'GET /administrations/{administrationId}/bank-settings': {
    summary:
      "The bank robot's settings: matcher priority, auto-book threshold, tolerances (with the defaults in force)",
    params: administrationPath,
    ok: { status: 200, schema: z.record(z.string(), z.unknown()), description: 'Own settings and `effective`.' },
  },
  'PUT /administrations/{administrationId}/bank-settings': {
    summary: 'Change the matcher priority, the auto-book threshold, or switch automatic booking or client requests off',
    params: administrationPath,
    body: BankSettingsInput,
    ok: { status: 200, schema: z.record(z.string(), z.unknown()), description: 'Own settings and `effective`.' },
  },
  'GET /administrations/{administrationId}/loans': {
    summary: 'Loans set up for splitting instalments into interest and principal, with their schedules',
    params: administrationPath,
    ok: { status: 200, schema: z.object({ items: z.array(z.record(z.string(), z.unknown())) }), description: 'Loans.' },
  },
  'PUT /administrations/{administrationId}/loans/{loanId}': {
    summary: 'Set up a loan (annuity or linear): the robot splits matching instalments by its schedule',
    params: loanPath,
    body: LoanInput,
    ok: { status: 200, schema: z.record(z.string(), z.unknown()), description: 'The loan with its schedule.' },
  },
  'GET /administrations/{administrationId}/bank-connections': {
    summary: 'PSD2 bank connections of the administration: consent status, valid-until, accounts, last sync and error',
    params: administrationPath,
    query: pageQuery,
    ok: { status: 200, schema: page(StoredBankConnection), description: 'A page of connections, oldest first.' },
  },
  'POST /administrations/{administrationId}/bank-connections': {
    summary:
      'Start a PSD2 consent (180 days) for registered bank accounts; the client approves it at the bank through `scaRedirect`',
    params: administrationPath,
    body: StartConnectionInput,
    idempotent: true,
    ok: {
      status: 201,
      schema: z.object({ connection: StoredBankConnection, scaRedirect: z.string().optional() }),
      description: 'The pending connection and the bank’s SCA page; 400 for an IBAN that is not registered.',
    },
  },
  'GET /administrations/{administrationId}/bank-connections/{connectionId}': {
    summary: 'One PSD2 connection: pending, active, expiring (renew), expired, revoked or failed',
    params: connectionPath,
    ok: { status: 200, schema: StoredBankConnection, description: 'The connection; its ETag is its version.' },
  },
  'DELETE /administrations/{administrationId}/bank-connections/{connectionId}': {
    summary: 'Revoke a PSD2 connection: the consent is ended at the bank, the connection kept as revoked',
    params: connectionPath,
    ok: { status: 200, schema: StoredBankConnection, description: 'The revoked connection.' },
  },
  'POST /administrations/{administrationId}/bank-connections/{connectionId}/sync': {
    summary: 'Sync a PSD2 connection now: new booked lines are stored once each and handed to the robot',
    params: connectionPath,
    ok: {
      status: 200,
      schema: z.object({
        connection: StoredBankConnection,
        summary: z.object({
          accounts: z.number().int(),
          fetched: z.number().int(),
          new: z.number().int(),
          duplicates: z.number().int(),
          errors: z.array(z.object({ accountId: z.string().optional(), code: z.string(), message: z.string() })),
        }),
        newLines: z.number().int(),
      }),
      description: 'The connection after the run and what it found (rate limits, outages and expiry in `errors`).',
    },
  },
  'POST /administrations/{administrationId}/bank-connections/{connectionId}/renewal': {
    summary:
      'Renew a PSD2 connection before (or after) its consent runs out: a new consent on the same accounts, approved at `scaRedirect`',
    params: connectionPath,
    idempotent: true,
    ok: {
      status: 201,
      schema: z.object({ connection: StoredBankConnection, scaRedirect: z.string().optional() }),
      description: 'The connection with its `renewal` waiting; the current consent works until the new one is given.',
    },
  },
  'GET /bank-connections/callback': {
    summary: 'Where the bank sends the client’s browser after SCA (no token; `state` names the consent): a small page',
    query: callbackQuery,
    ok: { status: 200, description: 'An HTML page saying whether the connection is active.' },
  },
  // ── Approvals ────────────────────────────────────────────────────────────────────────────
  'GET /administrations/{administrationId}/approval-flows': {
    summary: 'Approval flows of purchase invoices: ordered steps, each with a condition and an approver rule',
    params: administrationPath,
    ok: { status: 200, schema: z.object({ items: z.array(ApprovalFlowOut) }), description: 'The flows.' },
  },
  'POST /administrations/{administrationId}/approval-flows': {
    summary: 'Define an approval flow (firm users); one overlapping another flow of the administration is refused',
    params: administrationPath,
    body: ApprovalFlowInput,
    idempotent: true,
    ok: { status: 201, schema: ApprovalFlowOut, description: 'Created; ETag carries its version.' },
  },
  'GET /administrations/{administrationId}/approval-flows/{flowId}': {
    summary: 'One approval flow',
    params: flowPath,
    ok: { status: 200, schema: ApprovalFlowOut, description: 'The flow; ETag carries its version.' },
  },
  'PUT /administrations/{administrationId}/approval-flows/{flowId}': {
    summary: 'Change an approval flow (If-Match required); rounds already running keep their plan',
    params: flowPath,
    body: ApprovalFlowInput,
    ifMatch: true,
    ok: { status: 200, schema: ApprovalFlowOut, description: 'Changed.' },
  },
  'DELETE /administrations/{administrationId}/approval-flows/{flowId}': {
    summary: 'Delete an approval flow',
    params: flowPath,
    ok: { status: 204, description: 'Deleted.' },
  },
  'GET /administrations/{administrationId}/approval-settings': {
    summary:
      'Default approvers per cost centre and supplier, project managers, approver limits, deadline and reminder lead',
    params: administrationPath,
    ok: { status: 200, schema: ApprovalSettingsOut, description: 'The settings (defaults when none are set).' },
  },
  'PUT /administrations/{administrationId}/approval-settings': {
    summary: 'Set approvers, limits, deadline days and reminder lead time (firm users)',
    params: administrationPath,
    body: ApprovalSettingsInput,
    ok: { status: 200, schema: ApprovalSettingsOut, description: 'The settings.' },
  },
  'GET /approval-texts': {
    summary: "The firm's approval e-mail texts (Dutch defaults where none are set)",
    ok: { status: 200, schema: ApprovalTextsOut, description: 'The texts.' },
  },
  'PUT /approval-texts': {
    summary: "Set the firm's approval e-mail texts; {firm}, {administration}, {task}, {deadline}, {link} are filled in",
    body: ApprovalTextsInput,
    ok: { status: 200, schema: ApprovalTextsOut, description: 'The texts now in use.' },
  },
  'POST /administrations/{administrationId}/invoices/{invoiceId}/approval': {
    summary:
      'Submit a booked purchase invoice for approval (again after a rejection); payment is blocked until approved',
    params: invoicePath,
    idempotent: true,
    ok: {
      status: 201,
      schema: z.object({ required: z.boolean(), approval: ApprovalOut.optional(), task: ApprovalTaskOut.optional() }),
      description: 'The round and its first task (200 with `required: false` when no flow takes the invoice).',
    },
  },
  'POST /administrations/{administrationId}/vat-returns/{returnId}/approval-request': {
    summary: 'Send a computed VAT return to the client for approval before the filing deadline',
    params: vatReturnPath,
    body: VatApprovalRequest,
    idempotent: true,
    ok: {
      status: 201,
      schema: z.object({ approval: ApprovalOut, task: ApprovalTaskOut }),
      description: 'The return is sent; the client task runs.',
    },
  },
  'POST /administrations/{administrationId}/annual-accounts': {
    summary:
      'Share annual accounts (PDF and dashboard figures): a one-time link by e-mail (Samenwerken) or the portal (Uitgebreid)',
    params: administrationPath,
    body: ShareAnnualAccountsInput,
    idempotent: true,
    ok: { status: 201, schema: AnnualAccountsOut, description: 'Shared; the client task runs.' },
  },
  'GET /administrations/{administrationId}/annual-accounts': {
    summary: 'Annual accounts shared with the client, newest first (the portal history; Uitgebreid for client users)',
    params: administrationPath,
    query: pageQuery,
    ok: { status: 200, schema: page(AnnualAccountsOut), description: 'A page of reports.' },
  },
  'GET /administrations/{administrationId}/annual-accounts/{annualAccountsId}': {
    summary: 'One report with a short-lived URL to its PDF',
    params: annualAccountsPath,
    ok: {
      status: 200,
      schema: z.object({ annualAccounts: AnnualAccountsOut, pdfUrl: z.string() }),
      description: 'The report.',
    },
  },
  'GET /approval-inbox': {
    summary: 'Everything waiting for you across administrations, soonest deadline first, with counts per kind',
    query: pageQuery,
    ok: { status: 200, schema: ApprovalInboxOut, description: 'A page of your open tasks and the counts.' },
  },
  'GET /administrations/{administrationId}/approval-tasks/{taskId}': {
    summary: 'One approval task',
    params: taskPath,
    ok: { status: 200, schema: ApprovalTaskOut, description: 'The task; ETag carries its version.' },
  },
  'POST /administrations/{administrationId}/approval-tasks/{taskId}/decisions': {
    summary: 'Approve, reject (with a reason), ask a question or delegate; a task another approver closed answers 409',
    params: taskPath,
    body: ApprovalDecisionInput,
    idempotent: true,
    ok: { status: 200, schema: DecisionResultOut, description: 'The decision (a double click replays it).' },
  },
  'GET /administrations/{administrationId}/approval-history/{subjectKind}/{subjectId}': {
    summary: 'Who started, viewed, was reminded of and decided what on a subject, with sessions, before and after',
    params: historyPath,
    query: pageQuery,
    ok: { status: 200, schema: page(DecisionRecordOut), description: 'The history, oldest first.' },
  },
  'GET /administrations/{administrationId}/peppol-messages': {
    summary:
      'Peppol log: every message received for the administration, taken in, rejected (reason, first findings, counts per rule) or failed (retry it)',
    params: administrationPath,
    query: peppolMessagesQuery,
    ok: { status: 200, schema: page(PeppolMessage), description: 'A page of Peppol messages, newest first.' },
  },
  'GET /administrations/{administrationId}/peppol-findings': {
    summary: 'Every finding of a rejected Peppol message (thousands for a large invoice), a page at a time',
    params: administrationPath,
    query: peppolFindingsQuery,
    ok: {
      status: 200,
      schema: z.object({
        items: z.array(z.object({ id: z.string(), flag: z.string(), location: z.string(), text: z.string() })),
        total: z.number().int(),
        nextCursor: z.string().optional(),
      }),
      description: 'A page of findings in document order.',
    },
  },
  'POST /administrations/{administrationId}/peppol-failures/{failureId}/retry': {
    summary: 'Put a Peppol message whose intake failed through intake again (firm users)',
    params: peppolFailurePath,
    ok: {
      status: 202,
      schema: z.object({ failureId: z.string(), rawKey: z.string(), outcome: z.literal('queued') }),
      description: 'The stored raw message is queued again.',
    },
  },
  'POST /peppol/inbound': {
    summary: 'An access point delivers a Peppol message (SBDH), HMAC-signed with its connection secret',
    ok: {
      status: 202,
      schema: z.object({ key: z.string(), receivedAt: z.string() }),
      description: 'Stored as raw input under raw/peppol/; taken in asynchronously.',
    },
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});

/** The OpenAPI 3.1 document, generated from the zod schemas the handlers validate with. */
export function openApiDocument(routes: readonly { method: string; path: string; auth: string }[]) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Cognito ID token (locally: `npm run cli -- token --user <e-mail>`).',
  });
  for (const route of routes) {
    if (route.auth === 'none') continue;
    const op = operations[`${route.method} ${route.path}`];
    if (!op) throw new Error(`No API description for ${route.method} ${route.path}`);
    const headers = z.object({
      ...(op.idempotent
        ? { 'idempotency-key': z.string().max(255).optional().describe('Replays the first response for 24 h.') }
        : {}),
      ...(op.ifMatch
        ? { 'if-match': z.string().optional().describe('ETag from the last read; a stale one gives 409.') }
        : {}),
    });
    const config: RouteConfig = {
      method: route.method.toLowerCase() as RouteConfig['method'],
      path: route.path,
      summary: op.summary,
      security: [{ [bearer.name]: [] }],
      request: {
        ...(op.params ? { params: op.params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(Object.keys(headers.shape).length > 0 ? { headers } : {}),
        ...(op.body ? { body: { content: { 'application/json': { schema: op.body } }, required: true } } : {}),
      },
      responses: {
        [op.ok.status]: op.ok.schema
          ? { description: op.ok.description, content: { 'application/json': { schema: op.ok.schema } } }
          : { description: op.ok.description },
        400: problem('The request is not valid; `errors` points at the fields.'),
        401: problem('No valid bearer token.'),
        403: problem('Not yours, not your role, or not in the plan.'),
        ...(route.method === 'GET'
          ? {}
          : { 409: problem('Conflict: stale version, duplicate, or request in progress.') }),
      },
    };
    registry.registerPath(config);
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Samenwerken back end',
      version: '1.0.0',
      description: 'Collaboration between accountancy firms and their clients: administrations, users, access.',
    },
  });
}
