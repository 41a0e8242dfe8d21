/**
 * The one declaration of how the back end is wired: HTTP routes, queues, bucket triggers,
 * schedules and state machines. The CDK stacks and the local runtime both read this file,
 * and `tests/infra/wiring-agreement.test.ts` proves the synthesized template matches it.
 *
 * A `handler` is a path under `functions/` without extension; the file exports `handler`.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDecl {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/administrations/{administrationId}`. */
  readonly path: string;
  readonly handler: string;
  /** `jwt`: Cognito JWT authorizer (locally the dev issuer, verified through JWKS). */
  readonly auth: 'jwt' | 'none';
  /** Table access the handler needs; drives least-privilege grants. */
  readonly table: 'read' | 'write' | 'none';
  /** `createUsers`: may create users in the Cognito user pool (`USER_POOL_ID` is set). */
  readonly userPool?: 'createUsers';
  /** Document bucket access, e.g. `write` to sign upload URLs. @default 'none' */
  readonly bucket?: 'read' | 'write';
  /** Queues the handler sends to: SendMessage is granted and `QUEUE_URL_<NAME>` set for each. @default [] */
  readonly sendsTo?: readonly string[];
  /** Secrets Manager secrets the handler reads: GetSecretValue is granted and `SECRET_ARN_<NAME>` set for each. @default [] */
  readonly secrets?: readonly string[];
  /**
   * State machines the handler starts and answers (approvals): StartExecution and
   * SendTaskSuccess/Failure are granted and `STATE_MACHINE_ARN_<NAME>` set for each. @default []
   */
  readonly workflows?: readonly string[];
}

export interface QueueDecl {
  readonly name: string;
  readonly handler: string;
  readonly batchSize: number;
  readonly visibilityTimeoutSeconds: number;
  /** After this many receives a message moves to the queue's DLQ. */
  readonly maxReceiveCount: number;
  readonly table: 'read' | 'write' | 'none';
  readonly bucket: 'read' | 'write' | 'none';
  /** Queues the consumer sends to: SendMessage is granted and `QUEUE_URL_<NAME>` set for each. */
  readonly sendsTo?: readonly string[];
  /** Secrets Manager secrets the consumer reads: GetSecretValue is granted and `SECRET_ARN_<NAME>` set for each. @default [] */
  readonly secrets?: readonly string[];
  /** Sends e-mail through SES (`SENDER_ADDRESS` set). */
  readonly sendsEmail?: boolean;
  /**
   * Runs document recognition: `RECOGNITION_ENGINE` is set (`textract` on AWS, `local` in the twin),
   * and on AWS the Textract expense-analysis calls are granted with the completion topic and its role.
   */
  readonly recognises?: boolean;
  /** Also fed by Textract's completion notices (an SNS topic subscribed to the queue). */
  readonly textractCompletions?: boolean;
  /**
   * State machines the consumer starts (a purchase invoice booked without hands starts its
   * approval): StartExecution is granted and `STATE_MACHINE_ARN_<NAME>` set for each. @default []
   */
  readonly workflows?: readonly string[];
  /** @default 512 */
  readonly memorySize?: number;
  /**
   * The consumer of the queue's DLQ: it takes each message the queue gave up on and records it
   * where the firm sees and redrives it. @default - the DLQ keeps its messages for the operator
   */
  readonly deadLetters?: DeadLetterConsumerDecl;
}

/** The consumer of a queue's DLQ (which has no DLQ of its own: what it cannot take stays there). */
export interface DeadLetterConsumerDecl {
  readonly handler: string;
  readonly batchSize: number;
  /** The DLQ's visibility timeout: how long before a message the consumer failed is tried again. */
  readonly visibilityTimeoutSeconds: number;
  readonly table: 'read' | 'write' | 'none';
  readonly bucket: 'read' | 'write' | 'none';
  /** @default 512 */
  readonly memorySize?: number;
}

/** The environment variable holding a queue's URL for the consumers that send to it. */
export const queueUrlVariable = (queue: string) => `QUEUE_URL_${queue.toUpperCase().replace(/-/g, '_')}`;

/** The environment variable holding a state machine's ARN for the handlers that start or answer it. */
export const stateMachineArnVariable = (name: string) => `STATE_MACHINE_ARN_${name.toUpperCase().replace(/-/g, '_')}`;

/** The environment variable holding a secret's ARN for the handlers that read it. */
export const secretArnVariable = (secret: string) => `SECRET_ARN_${secret.toUpperCase().replace(/-/g, '_')}`;

export interface BucketTriggerDecl {
  /** Key prefix in the document bucket whose ObjectCreated events are routed. */
  readonly prefix: string;
  readonly queue: string;
}

export type ScheduleTarget =
  | { readonly kind: 'stateMachine'; readonly name: string }
  | { readonly kind: 'queue'; readonly name: string };

export interface ScheduleDecl {
  readonly name: string;
  readonly description: string;
  /** EventBridge Scheduler expression, e.g. `cron(0 2 1 * ? *)`. */
  readonly expression: string;
  readonly timezone: string;
  readonly target: ScheduleTarget;
  /** JSON input delivered to the target. */
  readonly input: Record<string, unknown>;
}

export interface StateMachineTaskDecl {
  readonly handler: string;
  readonly table: 'read' | 'write' | 'none';
  readonly bucket: 'read' | 'write' | 'none';
  /** Sends e-mail through SES (`SENDER_ADDRESS` set). @default false */
  readonly sendsEmail?: boolean;
}

export interface StateMachineDecl {
  readonly name: string;
  /**
   * Task functions by substitution key. The ASL refers to each as `${Key}`; CDK substitutes
   * the Lambda ARN, the local runtime the in-process handler.
   */
  readonly tasks: Readonly<Record<string, StateMachineTaskDecl>>;
  /** Amazon States Language, exactly as deployed (before substitution). */
  readonly definition: Readonly<Record<string, unknown>>;
}

const api = (
  method: HttpMethod,
  path: string,
  handler: string,
  table: RouteDecl['table'],
  auth: RouteDecl['auth'] = 'jwt',
  userPool?: RouteDecl['userPool'],
): RouteDecl => ({ method, path, handler, auth, table, ...(userPool ? { userPool } : {}) });

/** A route that talks to the PSD2 provider (its URL and credentials in the `psd2-provider` secret). */
const psd2 = (route: RouteDecl): RouteDecl => ({ ...route, secrets: [...(route.secrets ?? []), 'psd2-provider'] });

/** A route that also sends to queues of the pipeline. */
const sending = (route: RouteDecl, ...sendsTo: string[]): RouteDecl => ({ ...route, sendsTo });

export const routes: readonly RouteDecl[] = [
  api('GET', '/openapi.json', 'docs/get-openapi', 'none', 'none'),
  api('GET', '/docs', 'docs/get-docs-page', 'none', 'none'),
  api('GET', '/me', 'tenancy/get-me', 'read'),
  api('GET', '/administrations', 'tenancy/list-administrations', 'read'),
  api('POST', '/administrations', 'tenancy/create-administration', 'write'),
  api('GET', '/administrations/{administrationId}', 'tenancy/get-administration', 'read'),
  api('PATCH', '/administrations/{administrationId}', 'tenancy/update-administration', 'write'),
  api('GET', '/administrations/{administrationId}/audit', 'tenancy/list-administration-audit', 'read'),
  api('GET', '/administrations/{administrationId}/memberships', 'tenancy/list-memberships', 'read'),
  api('PUT', '/administrations/{administrationId}/memberships/{userId}', 'tenancy/grant-membership', 'write'),
  api('DELETE', '/administrations/{administrationId}/memberships/{userId}', 'tenancy/revoke-membership', 'write'),
  api('GET', '/users', 'tenancy/list-users', 'read'),
  api('POST', '/users', 'tenancy/create-user', 'write', 'jwt', 'createUsers'),
  api('GET', '/users/{userId}', 'tenancy/get-user', 'read'),
  // Documents taken in, and the e-mail intake log.
  api('GET', '/administrations/{administrationId}/documents', 'intake/list-documents', 'read'),
  { ...api('POST', '/administrations/{administrationId}/uploads', 'intake/create-upload', 'read'), bucket: 'write' },
  {
    ...api('POST', '/administrations/{administrationId}/upload-batches', 'intake/create-upload-batch', 'read'),
    bucket: 'write',
  },
  api('GET', '/administrations/{administrationId}/documents/{documentId}', 'intake/get-document', 'read'),
  api('GET', '/administrations/{administrationId}/email-intake', 'intake/list-inbound-emails', 'read'),
  // Booking proposals made from the documents.
  api('GET', '/administrations/{administrationId}/proposals', 'proposals/list-proposals', 'read'),
  api('GET', '/administrations/{administrationId}/proposals/{proposalId}', 'proposals/get-proposal', 'read'),
  {
    ...api('PATCH', '/administrations/{administrationId}/proposals/{proposalId}', 'proposals/update-proposal', 'write'),
    // A correction teaches the supplier's layout, read from the document's pages.
    bucket: 'read',
  },
  // A decision on a proposal from a Peppol invoice answers its seller (Invoice Response AP / RE).
  sending(
    {
      ...api(
        'POST',
        '/administrations/{administrationId}/proposals/{proposalId}/acceptance',
        'proposals/accept-proposal',
        'write',
      ),
      // A booked purchase invoice a flow takes starts its approval.
      workflows: ['approval-task'],
    },
    'peppol-outbound',
  ),
  sending(
    api(
      'POST',
      '/administrations/{administrationId}/proposals/{proposalId}/rejection',
      'proposals/reject-proposal',
      'write',
    ),
    'peppol-outbound',
  ),
  // Before deciding, the seller of a Peppol invoice hears it is in process, under query or conditionally accepted.
  sending(
    api(
      'POST',
      '/administrations/{administrationId}/proposals/{proposalId}/peppol-responses',
      'proposals/send-peppol-status',
      'write',
    ),
    'peppol-outbound',
  ),
  // The books of an administration.
  api('POST', '/administrations/{administrationId}/books', 'books/set-up-books', 'write'),
  api('GET', '/administrations/{administrationId}/accounts', 'books/list-accounts', 'read'),
  api('POST', '/administrations/{administrationId}/accounts', 'books/add-account', 'write'),
  api('PATCH', '/administrations/{administrationId}/accounts/{code}', 'books/update-account', 'write'),
  api('DELETE', '/administrations/{administrationId}/accounts/{code}', 'books/delete-account', 'write'),
  api('GET', '/administrations/{administrationId}/journals', 'books/list-journals', 'read'),
  api('GET', '/administrations/{administrationId}/vat-codes', 'books/list-vat-codes', 'read'),
  api('GET', '/administrations/{administrationId}/entries', 'books/list-entries', 'read'),
  api('POST', '/administrations/{administrationId}/entries', 'books/post-entry', 'write'),
  api('GET', '/administrations/{administrationId}/entries/{entryId}', 'books/get-entry', 'read'),
  api('POST', '/administrations/{administrationId}/entries/{entryId}/reversal', 'books/reverse-entry', 'write'),
  api('GET', '/administrations/{administrationId}/periods', 'books/list-periods', 'read'),
  api('PUT', '/administrations/{administrationId}/periods/{period}', 'books/set-period-status', 'write'),
  api('GET', '/administrations/{administrationId}/reports/{report}', 'books/get-report', 'read'),
  // VAT returns: computed from the ledger, sent, approved by the client, filed.
  api('GET', '/administrations/{administrationId}/vat-returns', 'vat/list-vat-returns', 'read'),
  api('PUT', '/administrations/{administrationId}/vat-returns/{returnId}', 'vat/compute-vat-return', 'write'),
  api('GET', '/administrations/{administrationId}/vat-returns/{returnId}', 'vat/get-vat-return', 'read'),
  api(
    'POST',
    '/administrations/{administrationId}/vat-returns/{returnId}/transitions',
    'vat/transition-vat-return',
    'write',
  ),
  api('GET', '/administrations/{administrationId}/vat-returns/{returnId}/export', 'vat/export-vat-return', 'read'),
  // Debtors and creditors.
  api('GET', '/administrations/{administrationId}/relations', 'relations/list-relations', 'read'),
  api('POST', '/administrations/{administrationId}/relations', 'relations/create-relation', 'write'),
  api(
    'PUT',
    '/administrations/{administrationId}/relations/by-external-id/{source}/{externalId}',
    'relations/upsert-relation',
    'write',
  ),
  api('GET', '/administrations/{administrationId}/relations/{relationId}', 'relations/get-relation', 'read'),
  api('PATCH', '/administrations/{administrationId}/relations/{relationId}', 'relations/update-relation', 'write'),
  api(
    'PUT',
    '/administrations/{administrationId}/relations/{relationId}/status',
    'relations/set-relation-status',
    'write',
  ),
  // Sales and purchase invoices, credit notes.
  // A purchase invoice a flow takes starts its approval.
  {
    ...api('POST', '/administrations/{administrationId}/invoices', 'invoicing/create-invoice', 'write'),
    workflows: ['approval-task'],
  },
  api('GET', '/administrations/{administrationId}/invoices', 'invoicing/list-invoices', 'read'),
  api('GET', '/administrations/{administrationId}/invoices/{invoiceId}', 'invoicing/get-invoice', 'read'),
  // How an invoice sent over Peppol stands: the buyer's Invoice Responses (AB, IP, UQ, CA, RE, AP, PD).
  api('GET', '/administrations/{administrationId}/invoices/{invoiceId}/peppol', 'invoicing/get-invoice-peppol', 'read'),
  // A posted sales invoice or credit note out over Peppol (BIS 3.0), queued once for the access point.
  // Reads the access point's settings for the receiver's SMP lookup.
  {
    ...sending(
      api(
        'POST',
        '/administrations/{administrationId}/invoices/{invoiceId}/peppol',
        'invoicing/send-invoice-peppol',
        'write',
      ),
      'peppol-outbound',
    ),
    secrets: ['peppol-access-point'],
  },
  api(
    'GET',
    '/administrations/{administrationId}/relations/{relationId}/invoices',
    'invoicing/list-relation-invoices',
    'read',
  ),
  // Open items: what is owed, payments, reminders, credit notes settled against invoices.
  api('GET', '/administrations/{administrationId}/open-items', 'invoicing/list-open-items', 'read'),
  api('GET', '/administrations/{administrationId}/open-items/{openItemId}', 'invoicing/get-open-item', 'read'),
  // Paying a Peppol purchase invoice in full answers its seller (Invoice Response PD).
  sending(
    api(
      'POST',
      '/administrations/{administrationId}/open-items/{openItemId}/payments',
      'invoicing/register-payment',
      'write',
    ),
    'peppol-outbound',
  ),
  api(
    'POST',
    '/administrations/{administrationId}/open-items/{openItemId}/reminders',
    'invoicing/record-reminder',
    'write',
  ),
  sending(
    api(
      'POST',
      '/administrations/{administrationId}/open-items/{openItemId}/settlements',
      'invoicing/settle-open-item',
      'write',
    ),
    'peppol-outbound',
  ),
  api(
    'GET',
    '/administrations/{administrationId}/relations/{relationId}/open-items',
    'invoicing/list-relation-open-items',
    'read',
  ),
  api('GET', '/administrations/{administrationId}/ageing', 'invoicing/get-ageing', 'read'),
  // Quotes, converted into invoices once.
  api('POST', '/administrations/{administrationId}/quotes', 'invoicing/create-quote', 'write'),
  api('GET', '/administrations/{administrationId}/quotes', 'invoicing/list-quotes', 'read'),
  api('GET', '/administrations/{administrationId}/quotes/{quoteId}', 'invoicing/get-quote', 'read'),
  api('PUT', '/administrations/{administrationId}/quotes/{quoteId}/status', 'invoicing/set-quote-status', 'write'),
  api('POST', '/administrations/{administrationId}/quotes/{quoteId}/conversion', 'invoicing/convert-quote', 'write'),
  // Cost centres (projects) and the purchases booked on them.
  api('PUT', '/administrations/{administrationId}/cost-centres/{code}', 'invoicing/upsert-cost-centre', 'write'),
  api('GET', '/administrations/{administrationId}/cost-centres', 'invoicing/list-cost-centres', 'read'),
  api('GET', '/administrations/{administrationId}/cost-centres/{code}', 'invoicing/get-cost-centre', 'read'),
  api(
    'GET',
    '/administrations/{administrationId}/cost-centres/{code}/purchases',
    'invoicing/list-cost-centre-purchases',
    'read',
  ),
  // Hours, invoiced from the time entries.
  api('POST', '/administrations/{administrationId}/time-entries', 'invoicing/record-time-entry', 'write'),
  api('GET', '/administrations/{administrationId}/time-entries', 'invoicing/list-time-entries', 'read'),
  api('GET', '/administrations/{administrationId}/time-entries/{timeEntryId}', 'invoicing/get-time-entry', 'read'),
  api('POST', '/administrations/{administrationId}/hours-invoices', 'invoicing/create-hours-invoice', 'write'),
  api('GET', '/administrations/{administrationId}/hours-report', 'invoicing/get-hours-report', 'read'),
  // Bank: the administration's accounts, statement files, lines with the robot's suggestions,
  // bookings (with undo), missing-document requests to the client, the robot's settings and loans.
  api('GET', '/administrations/{administrationId}/bank-accounts', 'bank/list-bank-accounts', 'read'),
  api('PUT', '/administrations/{administrationId}/bank-accounts/{iban}', 'bank/put-bank-account', 'write'),
  sending(
    {
      ...api('POST', '/administrations/{administrationId}/bank-statements', 'bank/import-statement', 'write'),
      bucket: 'write',
    },
    'bank-lines',
  ),
  api('GET', '/administrations/{administrationId}/bank-statements', 'bank/list-statement-imports', 'read'),
  api('GET', '/administrations/{administrationId}/bank-statements/{importId}', 'bank/get-statement-import', 'read'),
  api('GET', '/administrations/{administrationId}/bank-lines', 'bank/list-bank-lines', 'read'),
  api('GET', '/administrations/{administrationId}/bank-lines/{lineId}', 'bank/get-bank-line', 'read'),
  api('POST', '/administrations/{administrationId}/bank-lines/{lineId}/booking', 'bank/book-bank-line', 'write'),
  api('PUT', '/administrations/{administrationId}/bank-lines/{lineId}/booking', 'bank/book-bank-line-as', 'write'),
  api('DELETE', '/administrations/{administrationId}/bank-lines/{lineId}/booking', 'bank/undo-bank-line', 'write'),
  api(
    'POST',
    '/administrations/{administrationId}/bank-lines/{lineId}/suggestion-rejection',
    'bank/reject-suggestion',
    'write',
  ),
  api('POST', '/administrations/{administrationId}/bank-lines/{lineId}/matching', 'bank/rematch-bank-line', 'write'),
  api('GET', '/administrations/{administrationId}/document-requests', 'bank/list-document-requests', 'read'),
  api('GET', '/administrations/{administrationId}/bank-lines/{lineId}/request', 'bank/get-document-request', 'read'),
  api('POST', '/administrations/{administrationId}/bank-lines/{lineId}/request', 'bank/open-document-request', 'write'),
  api(
    'POST',
    '/administrations/{administrationId}/bank-lines/{lineId}/request/messages',
    'bank/add-request-message',
    'write',
  ),
  api(
    'POST',
    '/administrations/{administrationId}/bank-lines/{lineId}/request/closing',
    'bank/close-document-request',
    'write',
  ),
  api('GET', '/administrations/{administrationId}/bank-settings', 'bank/get-bank-settings', 'read'),
  api('PUT', '/administrations/{administrationId}/bank-settings', 'bank/put-bank-settings', 'write'),
  api('GET', '/administrations/{administrationId}/loans', 'bank/list-loans', 'read'),
  api('PUT', '/administrations/{administrationId}/loans/{loanId}', 'bank/put-loan', 'write'),
  // PSD2 connections: a consent started here is approved at the bank, which sends the client's
  // browser back to the callback (no token: the state it carries names the consent, and only the
  // bank's answer moves it). Syncs run every morning (schedule bank-sync-daily) or on request.
  api('GET', '/administrations/{administrationId}/bank-connections', 'bank/list-bank-connections', 'read'),
  psd2(api('POST', '/administrations/{administrationId}/bank-connections', 'bank/start-bank-connection', 'write')),
  api('GET', '/administrations/{administrationId}/bank-connections/{connectionId}', 'bank/get-bank-connection', 'read'),
  psd2(
    api(
      'DELETE',
      '/administrations/{administrationId}/bank-connections/{connectionId}',
      'bank/revoke-bank-connection',
      'write',
    ),
  ),
  psd2(
    sending(
      api(
        'POST',
        '/administrations/{administrationId}/bank-connections/{connectionId}/sync',
        'bank/sync-bank-connection',
        'write',
      ),
      'bank-lines',
    ),
  ),
  psd2(
    api(
      'POST',
      '/administrations/{administrationId}/bank-connections/{connectionId}/renewal',
      'bank/renew-bank-connection',
      'write',
    ),
  ),
  psd2(sending(api('GET', '/bank-connections/callback', 'bank/complete-bank-consent', 'write', 'none'), 'bank-sync')),
  // ── Billing (packages/billing) ───────────────────────────────────────────────────────────
  // Usage per administration, its effective-dated subscription, and the firm's invoices,
  // price catalogue, cockpit and billing events. The monthly close runs in `billing-close`.
  api('GET', '/administrations/{administrationId}/usage', 'billing/get-administration-usage', 'read'),
  api('GET', '/administrations/{administrationId}/subscription', 'billing/get-subscription', 'read'),
  api('POST', '/administrations/{administrationId}/subscription-changes', 'billing/change-subscription', 'write'),
  api('GET', '/billing/invoices', 'billing/list-billing-invoices', 'read'),
  api('GET', '/billing/invoices/{invoiceId}', 'billing/get-billing-invoice', 'read'),
  api('GET', '/billing/catalogue', 'billing/get-catalogue', 'read'),
  api('GET', '/billing/cockpit', 'billing/get-billing-cockpit', 'read'),
  api('GET', '/billing/events', 'billing/list-billing-events', 'read'),
  // ── end of billing ───────────────────────────────────────────────────────────────────────
  // ── Payments (packages/payments) ─────────────────────────────────────────────────────────
  // The payment list: batches of open payables (parts, credit notes netted), approved by the
  // client or the firm, the SEPA credit transfer file (pain.001.001.09 or .03), marked sent.
  api('POST', '/administrations/{administrationId}/payment-batches', 'payments/create-payment-batch', 'write'),
  api('GET', '/administrations/{administrationId}/payment-batches', 'payments/list-payment-batches', 'read'),
  api('GET', '/administrations/{administrationId}/payment-batches/{batchId}', 'payments/get-payment-batch', 'read'),
  api(
    'PATCH',
    '/administrations/{administrationId}/payment-batches/{batchId}',
    'payments/change-payment-batch',
    'write',
  ),
  api(
    'POST',
    '/administrations/{administrationId}/payment-batches/{batchId}/approval',
    'payments/approve-payment-batch',
    'write',
  ),
  api('GET', '/administrations/{administrationId}/payment-batches/{batchId}/file', 'payments/get-payment-file', 'read'),
  api(
    'POST',
    '/administrations/{administrationId}/payment-batches/{batchId}/sending',
    'payments/mark-payment-batch-sent',
    'write',
  ),
  api(
    'DELETE',
    '/administrations/{administrationId}/payment-batches/{batchId}',
    'payments/cancel-payment-batch',
    'write',
  ),
  // ── end of payments ──────────────────────────────────────────────────────────────────────
  // ── Approvals (packages/approvals) ───────────────────────────────────────────────────────
  // Flow definitions per administration, approval settings and the firm's e-mail texts; purchase
  // invoices, VAT returns and annual accounts put to the approver or client; the inbox across
  // administrations, decisions and history. Each task runs the `approval-task` state machine
  // (decision by task token, reminder and deadline by Wait states). One-time links to annual
  // accounts carry no bearer token: the link's own 256-bit token is the credential.
  api('GET', '/administrations/{administrationId}/approval-flows', 'approvals/list-approval-flows', 'read'),
  api('POST', '/administrations/{administrationId}/approval-flows', 'approvals/create-approval-flow', 'write'),
  api('GET', '/administrations/{administrationId}/approval-flows/{flowId}', 'approvals/get-approval-flow', 'read'),
  api('PUT', '/administrations/{administrationId}/approval-flows/{flowId}', 'approvals/update-approval-flow', 'write'),
  api(
    'DELETE',
    '/administrations/{administrationId}/approval-flows/{flowId}',
    'approvals/delete-approval-flow',
    'write',
  ),
  api('GET', '/administrations/{administrationId}/approval-settings', 'approvals/get-approval-settings', 'read'),
  api('PUT', '/administrations/{administrationId}/approval-settings', 'approvals/put-approval-settings', 'write'),
  api('GET', '/approval-texts', 'approvals/get-approval-texts', 'read'),
  api('PUT', '/approval-texts', 'approvals/put-approval-texts', 'write'),
  {
    ...api(
      'POST',
      '/administrations/{administrationId}/invoices/{invoiceId}/approval',
      'approvals/submit-purchase-invoice',
      'write',
    ),
    workflows: ['approval-task'],
  },
  {
    ...api(
      'POST',
      '/administrations/{administrationId}/vat-returns/{returnId}/approval-request',
      'approvals/request-vat-approval',
      'write',
    ),
    workflows: ['approval-task'],
  },
  {
    ...api('POST', '/administrations/{administrationId}/annual-accounts', 'approvals/share-annual-accounts', 'write'),
    bucket: 'write',
    workflows: ['approval-task'],
  },
  api('GET', '/administrations/{administrationId}/annual-accounts', 'approvals/list-annual-accounts', 'read'),
  {
    ...api(
      'GET',
      '/administrations/{administrationId}/annual-accounts/{annualAccountsId}',
      'approvals/get-annual-accounts',
      'read',
    ),
    bucket: 'read',
  },
  api('GET', '/approval-inbox', 'approvals/get-approval-inbox', 'read'),
  api('GET', '/administrations/{administrationId}/approval-tasks/{taskId}', 'approvals/get-approval-task', 'read'),
  {
    ...api(
      'POST',
      '/administrations/{administrationId}/approval-tasks/{taskId}/decisions',
      'approvals/decide-approval-task',
      'write',
    ),
    workflows: ['approval-task'],
  },
  api(
    'GET',
    '/administrations/{administrationId}/approval-history/{subjectKind}/{subjectId}',
    'approvals/list-approval-history',
    'read',
  ),
  {
    ...api('POST', '/approval-links/{token}/session', 'approvals/open-approval-link', 'write', 'none'),
    bucket: 'read',
  },
  {
    ...api('POST', '/approval-links/{token}/decision', 'approvals/decide-by-approval-link', 'write', 'none'),
    workflows: ['approval-task'],
  },
  // ── end of approvals ─────────────────────────────────────────────────────────────────────
  // Peppol: the access point delivers SBDH messages, signed (HMAC) with its connection's secret.
  // Table 'read' only because the shared SDK clients module needs TABLE_NAME; the handler reads no item.
  // The connections' shared secrets live in the `peppol-access-point` secret.
  {
    ...api('POST', '/peppol/inbound', 'peppol/receive-message', 'read', 'none'),
    bucket: 'write',
    secrets: ['peppol-access-point'],
  },
  // The administration's Peppol log: every message taken in, rejected (with its findings) or failed.
  api('GET', '/administrations/{administrationId}/peppol-messages', 'peppol/list-peppol-messages', 'read'),
  {
    ...api('GET', '/administrations/{administrationId}/peppol-findings', 'peppol/list-peppol-findings', 'read'),
    // The whole findings list of a large rejection lies in the bucket.
    bucket: 'read',
  },
  {
    // A failed message goes through intake again: its raw object is copied onto itself, so the trigger fires anew.
    ...api(
      'POST',
      '/administrations/{administrationId}/peppol-failures/{failureId}/retry',
      'peppol/retry-peppol-message',
      'read',
    ),
    bucket: 'write',
  },
];

export const queues: readonly QueueDecl[] = [
  {
    name: 'raw-inputs',
    handler: 'intake/register-raw-input',
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    table: 'write',
    // Reads raw input, writes the documents taken in from it.
    bucket: 'write',
    sendsTo: ['documents', 'peppol-outbound'],
    sendsEmail: true,
    // A Peppol message every delivery failed (a timeout, a crash) becomes a failure the firm
    // sees and retries; it reads the message's header to route it. More memory than intake has,
    // so a message that ran intake out of memory is still read.
    deadLetters: {
      handler: 'intake/record-dead-letter',
      batchSize: 10,
      visibilityTimeoutSeconds: 300,
      table: 'write',
      bucket: 'read',
      memorySize: 1024,
    },
  },
  {
    // Each document taken in: split a bulk PDF, recognise, make the booking proposal.
    name: 'documents',
    handler: 'intake/recognise-document',
    batchSize: 1,
    // OCR of a long scan takes a while: a 120 s function timeout.
    visibilityTimeoutSeconds: 720,
    maxReceiveCount: 3,
    table: 'write',
    bucket: 'write',
    // Parts of a split PDF go round again; an auto-accepted Peppol invoice is answered (AP), and
    // an auto-accepted purchase invoice a flow takes starts its approval.
    sendsTo: ['documents', 'peppol-outbound'],
    workflows: ['approval-task'],
    recognises: true,
    memorySize: 2048,
  },
  {
    // Textract's notice that a multi-page expense analysis finished.
    name: 'textract-completions',
    handler: 'intake/complete-analysis',
    batchSize: 5,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    table: 'write',
    bucket: 'read',
    sendsTo: ['peppol-outbound'],
    workflows: ['approval-task'],
    recognises: true,
    textractCompletions: true,
  },
  {
    // Invoice Responses and Message Level Responses for the access point; a failing AP is retried, then kept in the DLQ.
    name: 'peppol-outbound',
    handler: 'peppol/send-message',
    batchSize: 5,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 8,
    table: 'write',
    // The twin's access point writes what it sends under ap-outbox/.
    bucket: 'write',
    // The provider's API URL and token (and SMP lookup URL) on AWS.
    secrets: ['peppol-access-point'],
  },
  {
    // New bank lines (statement files, the PSD2 feed): suggestions, automatic bookings, document requests.
    name: 'bank-lines',
    handler: 'bank/match-lines',
    batchSize: 1,
    visibilityTimeoutSeconds: 300,
    maxReceiveCount: 5,
    table: 'write',
    bucket: 'none',
  },
  {
    // The morning's fan-out (schedule bank-sync-daily): a bank-sync message per connection, and
    // the renewal reminders to clients whose consent runs out soon.
    name: 'bank-sync-fanout',
    handler: 'bank/fan-out-sync',
    batchSize: 1,
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 3,
    table: 'write',
    bucket: 'none',
    sendsTo: ['bank-sync'],
    sendsEmail: true,
    // The bank's name, for the renewal reminder.
    secrets: ['psd2-provider'],
  },
  {
    // One connection's sync. A 429 or outage that outlasts the run's own retries is redelivered
    // after the visibility timeout (a 300 s function), up to maxReceiveCount; an expired consent is recorded.
    name: 'bank-sync',
    handler: 'bank/sync-connection',
    batchSize: 1,
    visibilityTimeoutSeconds: 1800,
    maxReceiveCount: 5,
    table: 'write',
    bucket: 'none',
    sendsTo: ['bank-lines'],
    secrets: ['psd2-provider'],
  },
  {
    // Billing: the outbox of billing e-mail (a Samenwerken administration past its 10 proposals),
    // sent to the firm's owners; fed by the schedule billing-mail-dispatch.
    name: 'billing-mail',
    handler: 'billing/send-billing-mail',
    batchSize: 1,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 3,
    table: 'write',
    bucket: 'none',
    sendsEmail: true,
  },
];

/** Raw input of every door lands under `raw/` before anything reads it. */
export const bucketTriggers: readonly BucketTriggerDecl[] = [{ prefix: 'raw/', queue: 'raw-inputs' }];

export const stateMachines: readonly StateMachineDecl[] = [
  {
    name: 'audit-archive',
    tasks: {
      ListFirms: { handler: 'audit/list-firms', table: 'read', bucket: 'none' },
      ArchiveFirmAudit: { handler: 'audit/archive-firm-audit', table: 'read', bucket: 'write' },
    },
    definition: {
      Comment: 'Archives the previous month of every firm audit trail to the document bucket.',
      StartAt: 'ListFirms',
      States: {
        ListFirms: {
          Type: 'Task',
          Resource: '${ListFirms}',
          Retry: [
            {
              ErrorEquals: ['States.TaskFailed', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
              IntervalSeconds: 2,
              MaxAttempts: 3,
              BackoffRate: 2,
            },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ListFirmsFailed' }],
          Next: 'ArchiveEachFirm',
        },
        ListFirmsFailed: {
          Type: 'Fail',
          Error: 'ListFirmsFailed',
          Cause: 'The firms to archive could not be listed; the execution history has the task error.',
        },
        ArchiveEachFirm: {
          Type: 'Map',
          ItemsPath: '$.firms',
          ItemSelector: { 'firmId.$': '$$.Map.Item.Value', 'month.$': '$.month' },
          MaxConcurrency: 5,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'ArchiveFirmAudit',
            States: {
              ArchiveFirmAudit: {
                Type: 'Task',
                Resource: '${ArchiveFirmAudit}',
                Retry: [
                  {
                    ErrorEquals: ['States.TaskFailed', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
                    IntervalSeconds: 5,
                    MaxAttempts: 3,
                    BackoffRate: 2,
                  },
                ],
                Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ArchiveFailed' }],
                End: true,
              },
              ArchiveFailed: {
                Type: 'Pass',
                Parameters: { 'firmId.$': '$.firmId', 'month.$': '$.month', failed: true, 'error.$': '$.error' },
                End: true,
              },
            },
          },
          ResultPath: '$.archives',
          End: true,
        },
      },
    },
  },
  {
    // Billing: the monthly close. Each firm's close is rerun-safe (deterministic invoice id,
    // header written once), so a retried or redriven execution issues nothing twice.
    name: 'billing-close',
    tasks: {
      ListFirmsToClose: { handler: 'billing/list-firms-to-close', table: 'read', bucket: 'none' },
      CloseFirmMonth: { handler: 'billing/close-firm-month', table: 'write', bucket: 'none' },
    },
    definition: {
      Comment: "Closes last month (or the input's month) for every firm: one invoice per firm.",
      StartAt: 'ListFirmsToClose',
      States: {
        ListFirmsToClose: {
          Type: 'Task',
          Resource: '${ListFirmsToClose}',
          Retry: [
            {
              ErrorEquals: ['States.TaskFailed', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
              IntervalSeconds: 2,
              MaxAttempts: 3,
              BackoffRate: 2,
            },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ListFirmsToCloseFailed' }],
          Next: 'CloseEachFirm',
        },
        ListFirmsToCloseFailed: {
          Type: 'Fail',
          Error: 'ListFirmsToCloseFailed',
          Cause: 'The firms to close could not be listed; the execution history has the task error.',
        },
        CloseEachFirm: {
          Type: 'Map',
          ItemsPath: '$.firms',
          ItemSelector: { 'firmId.$': '$$.Map.Item.Value', 'month.$': '$.month' },
          MaxConcurrency: 10,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'CloseFirmMonth',
            States: {
              CloseFirmMonth: {
                Type: 'Task',
                Resource: '${CloseFirmMonth}',
                Retry: [
                  {
                    ErrorEquals: ['States.TaskFailed', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
                    IntervalSeconds: 5,
                    MaxAttempts: 3,
                    BackoffRate: 2,
                  },
                ],
                Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'CloseFailed' }],
                End: true,
              },
              CloseFailed: {
                Type: 'Pass',
                Parameters: { 'firmId.$': '$.firmId', 'month.$': '$.month', failed: true, 'error.$': '$.error' },
                End: true,
              },
            },
          },
          ResultPath: '$.closes',
          End: true,
        },
      },
    },
  },
  {
    // Approvals: one execution per human task. It tells the assignees (for an annual-accounts
    // link: issues the one-time link), then waits for the decision's task token while a second
    // branch waits until the reminder and the deadline (ISO times from the input, so tests
    // shorten them). The decision ends both branches (Decided fails the Parallel on purpose).
    name: 'approval-task',
    tasks: {
      NotifyTask: { handler: 'approvals/notify-task', table: 'write', bucket: 'none', sendsEmail: true },
      AwaitDecision: { handler: 'approvals/await-decision', table: 'write', bucket: 'none' },
      SendReminder: { handler: 'approvals/send-reminder', table: 'write', bucket: 'none', sendsEmail: true },
      PassDeadline: { handler: 'approvals/pass-deadline', table: 'write', bucket: 'none', sendsEmail: true },
    },
    definition: {
      Comment: 'A human approval task: notice, decision by task token, reminder and deadline by Wait states.',
      StartAt: 'NotifyTask',
      States: {
        NotifyTask: {
          Type: 'Task',
          Resource: '${NotifyTask}',
          ResultPath: null,
          Retry: [
            {
              ErrorEquals: ['States.TaskFailed', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
              IntervalSeconds: 2,
              MaxAttempts: 3,
              BackoffRate: 2,
            },
          ],
          // Without the notice the task still waits; the reminder goes out at its time.
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notifyError', Next: 'AwaitDecisionOrDeadline' }],
          Next: 'AwaitDecisionOrDeadline',
        },
        AwaitDecisionOrDeadline: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'AwaitDecision',
              States: {
                AwaitDecision: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                  Parameters: {
                    FunctionName: '${AwaitDecision}',
                    Payload: {
                      'taskToken.$': '$$.Task.Token',
                      'firmId.$': '$.firmId',
                      'administrationId.$': '$.administrationId',
                      'taskId.$': '$.taskId',
                    },
                  },
                  ResultPath: '$.decision',
                  Retry: [
                    // Decided before the token was stored: nothing to retry.
                    { ErrorEquals: ['TaskClosed'], MaxAttempts: 0 },
                    {
                      ErrorEquals: ['States.TaskFailed', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
                      IntervalSeconds: 2,
                      MaxAttempts: 3,
                      BackoffRate: 2,
                    },
                  ],
                  Catch: [{ ErrorEquals: ['TaskClosed'], ResultPath: '$.closed', Next: 'Decided' }],
                  Next: 'Decided',
                },
                Decided: {
                  Type: 'Fail',
                  Error: 'Approvals.Decided',
                  Cause: 'The task was decided; the reminder and deadline branch stops with it.',
                },
              },
            },
            {
              StartAt: 'WaitForReminder',
              States: {
                WaitForReminder: { Type: 'Wait', TimestampPath: '$.remindAt', Next: 'SendReminder' },
                SendReminder: {
                  Type: 'Task',
                  Resource: '${SendReminder}',
                  ResultPath: null,
                  Retry: [
                    {
                      ErrorEquals: ['States.TaskFailed', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
                      IntervalSeconds: 5,
                      MaxAttempts: 3,
                      BackoffRate: 2,
                    },
                  ],
                  Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.reminderError', Next: 'WaitForDeadline' }],
                  Next: 'WaitForDeadline',
                },
                WaitForDeadline: { Type: 'Wait', TimestampPath: '$.deadlineAt', Next: 'PassDeadline' },
                PassDeadline: {
                  Type: 'Task',
                  Resource: '${PassDeadline}',
                  ResultPath: null,
                  Retry: [
                    {
                      ErrorEquals: ['States.TaskFailed', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
                      IntervalSeconds: 5,
                      MaxAttempts: 3,
                      BackoffRate: 2,
                    },
                  ],
                  Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.deadlineError', Next: 'DeadlineNoticed' }],
                  Next: 'DeadlineNoticed',
                },
                // The task stays open after its deadline; the decision branch still waits.
                DeadlineNoticed: { Type: 'Succeed' },
              },
            },
          ],
          Catch: [
            { ErrorEquals: ['Approvals.Decided'], ResultPath: '$.outcome', Next: 'Done' },
            { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'TaskWorkflowFailed' },
          ],
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
        TaskWorkflowFailed: {
          Type: 'Fail',
          Error: 'TaskWorkflowFailed',
          Cause: 'The decision could not be awaited; the execution history has the task error.',
        },
      },
    },
  },
];

export const schedules: readonly ScheduleDecl[] = [
  {
    name: 'audit-archive-monthly',
    description: 'On the 1st at 02:00 Amsterdam time, archive last month of every firm audit trail.',
    expression: 'cron(0 2 1 * ? *)',
    timezone: 'Europe/Amsterdam',
    target: { kind: 'stateMachine', name: 'audit-archive' },
    input: {},
  },
  {
    name: 'bank-sync-daily',
    description: 'Every day at 06:00 Amsterdam time, sync every PSD2 bank connection (fan-out per connection).',
    expression: 'cron(0 6 * * ? *)',
    timezone: 'Europe/Amsterdam',
    target: { kind: 'queue', name: 'bank-sync-fanout' },
    input: {},
  },
  {
    // Billing: after the audit archive, every firm's invoice for the month that just ended.
    name: 'billing-close-monthly',
    description: 'On the 1st at 03:00 Amsterdam time, close last month: one invoice per firm.',
    expression: 'cron(0 3 1 * ? *)',
    timezone: 'Europe/Amsterdam',
    target: { kind: 'stateMachine', name: 'billing-close' },
    input: {},
  },
  {
    name: 'billing-mail-dispatch',
    description: 'Every 5 minutes, send the billing e-mail waiting in the outbox.',
    expression: 'rate(5 minutes)',
    timezone: 'Europe/Amsterdam',
    target: { kind: 'queue', name: 'billing-mail' },
    input: {},
  },
];

/** Every handler file the wiring names, once. */
export function allHandlers(): string[] {
  const names = new Set<string>();
  for (const r of routes) names.add(r.handler);
  for (const q of queues) names.add(q.handler);
  for (const q of queues) if (q.deadLetters) names.add(q.deadLetters.handler);
  for (const m of stateMachines) for (const t of Object.values(m.tasks)) names.add(t.handler);
  return [...names].sort();
}

/** CloudFormation-safe id for a handler path: `tenancy/get-me` → `TenancyGetMe`. */
export function handlerId(handler: string): string {
  return handler
    .split(/[/-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
