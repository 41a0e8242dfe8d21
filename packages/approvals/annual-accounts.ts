import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  formatCents,
  MoneyString,
  NotFoundError,
  PlanRestrictionError,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import {
  auditPut,
  getItem,
  type Item,
  queryPage,
  stripKeys,
  type Table,
  type TransactWrite,
  transactWrite,
} from '#packages/table';
import { type ApprovalDeps, directory } from './context.js';
import { getSettings } from './flows.js';
import { approvalKeys, linkKey } from './keys.js';
import type { Approval, ApprovalTask, DecisionRecord, Session, SubjectRef } from './model.js';
import { closeRoundWrites, readApproval, type SubjectOutcome, startApprovalWrites } from './purchase-invoices.js';
import { historyWrite, newTask, workflowInput } from './tasks.js';

/** Where report PDFs are kept (the document bucket) and how a viewer gets one. */
export interface ReportStorage {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** A short-lived URL to read the object. */
  urlFor(key: string, expiresInSeconds: number): Promise<string>;
}

export const ShareAnnualAccountsInput = z
  .object({
    year: z.number().int().min(2000).max(2100),
    title: z.string().trim().min(1).max(200).optional(),
    /** The report, base64; at most 10 MB. */
    pdf: z.base64().max(14_000_000),
    /** Dashboard figures, e.g. `revenue`, `result`, `equity`, as decimal strings. */
    figures: z.record(z.string().regex(/^[a-z][A-Za-z0-9]{0,40}$/), MoneyString),
    /** When the client must have decided. @default the administration's deadline days from now */
    deadline: z.iso.datetime().optional(),
    /** Samenwerken client type: who gets the one-time link. @default the administration's client users */
    recipients: z.array(z.email()).min(1).max(5).optional(),
  })
  .strict()
  .meta({ id: 'ShareAnnualAccountsInput' });
export type ShareAnnualAccountsInput = z.infer<typeof ShareAnnualAccountsInput>;

/**
 * How the client sees the report: `link` (Samenwerken: a one-time link by e-mail, not
 * viewable after approval) or `portal` (Samenwerken Uitgebreid: the permanent portal with history).
 */
export type ClientType = 'link' | 'portal';

export interface AnnualAccounts {
  readonly id: string;
  readonly administrationId: string;
  readonly year: number;
  readonly title: string;
  readonly figures: Readonly<Record<string, number>>;
  readonly pdfKey: string;
  readonly clientType: ClientType;
  readonly status: 'shared' | 'approved' | 'rejected';
  readonly sharedAt: string;
  readonly sharedBy: string;
  readonly approvalId: string;
  readonly taskId: string;
  readonly deadlineAt: string;
  readonly decidedAt?: string;
  readonly comment?: string;
  readonly version: number;
}

/** The link no longer opens anything: used, expired, or the report is decided (HTTP 410). */
export class LinkGoneError extends DomainError {
  override name = 'LinkGoneError';
}

export const presentAnnualAccounts = (a: AnnualAccounts) => ({
  ...a,
  figures: Object.fromEntries(Object.entries(a.figures).map(([k, v]) => [k, formatCents(v)])),
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** 256 random bits, URL-safe. */
const randomToken = () => randomBytes(32).toString('base64url');

const SESSION_MINUTES = 30;

/**
 * The accountant shares the annual accounts: the PDF goes to the bucket, the figures and the
 * record to the table, and a task opens for the client. The administration's plan is the
 * client type, so tax and annual accounts share one collaboration level: Standaard shares
 * nothing for approval, Samenwerken by one-time link, Samenwerken Uitgebreid in the portal.
 */
export async function shareAnnualAccounts(
  deps: ApprovalDeps & { storage: ReportStorage },
  tenant: TenantContext,
  adm: { firmId: string; id: string },
  input: ShareAnnualAccountsInput,
  session: Session,
): Promise<AnnualAccounts> {
  if (tenant.userType !== 'firm') throw new ForbiddenError('Only the firm shares annual accounts.');
  const dir = directory(deps.table);
  const administration = await dir.administration(adm.firmId, adm.id);
  if (administration.plan !== 'samenwerken' && administration.plan !== 'samenwerken-uitgebreid') {
    throw new PlanRestrictionError(
      'Sharing annual accounts for approval needs the Samenwerken or Samenwerken Uitgebreid client type.',
    );
  }
  const clientType: ClientType = administration.plan === 'samenwerken' ? 'link' : 'portal';
  const pdf = Buffer.from(input.pdf, 'base64');
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new ValidationError([{ path: 'pdf', message: 'Not a PDF file.' }]);
  }
  const now = deps.clock();
  const deadline = input.deadline ? new Date(input.deadline) : undefined;
  if (deadline && deadline <= now)
    throw new ValidationError([{ path: 'deadline', message: 'A deadline in the future.' }]);
  const clients = await dir.clientsOf(adm.firmId, adm.id);
  const notify =
    clientType === 'link' ? (input.recipients ?? clients.map((c) => c.email)) : clients.map((c) => c.email);
  if (notify.length === 0) {
    throw new ValidationError([
      { path: 'recipients', message: 'Name who receives the report: the administration has no client user.' },
    ]);
  }
  const id = deps.newId();
  const subject: SubjectRef = {
    kind: 'annual-accounts',
    id,
    title: input.title ?? `Jaarrekening ${input.year}`,
  };
  const approval: Approval = {
    id: deps.newId(),
    administrationId: adm.id,
    subject,
    status: 'pending',
    createdAt: now.toISOString(),
    createdBy: tenant.userId,
    version: 1,
  };
  const task = newTask(
    deps,
    {
      firmId: adm.firmId,
      administrationId: adm.id,
      approvalId: approval.id,
      subject,
      // The link type has no login: only the link session decides.
      assignees: clientType === 'link' ? [] : clients.map((c) => c.id),
      notify,
      firmNotify: await dir.firmContacts(adm.firmId, tenant.userId),
      viaLink: clientType === 'link',
      ...(deadline ? { deadline } : {}),
    },
    await getSettings(deps.table, adm),
  );
  const record: AnnualAccounts = {
    id,
    administrationId: adm.id,
    year: input.year,
    title: subject.title,
    figures: input.figures,
    pdfKey: `annual-accounts/${adm.firmId}/${adm.id}/${id}.pdf`,
    clientType,
    status: 'shared',
    sharedAt: now.toISOString(),
    sharedBy: tenant.userId,
    approvalId: approval.id,
    taskId: task.id,
    deadlineAt: task.deadlineAt,
    version: 1,
  };
  await deps.storage.put(record.pdfKey, pdf, 'application/pdf');
  const k = approvalKeys(adm.firmId, adm.id);
  await transactWrite(
    deps.table,
    [
      { Put: { Item: { ...k.annualAccount(id), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...startApprovalWrites(approval, adm.firmId, tenant, session, task, { before: 'draft', after: 'shared' }),
      auditPut(tenant, now, {
        action: 'annual-accounts.shared',
        entityType: 'AnnualAccounts',
        entityId: id,
        administrationId: adm.id,
        after: { year: record.year, clientType, taskId: task.id },
      }),
    ],
    () => new ConflictError('CONCURRENT_UPDATE', 'The annual accounts were shared meanwhile.'),
  );
  await deps.workflow.start(workflowInput(task));
  return record;
}

async function readAnnualAccounts(table: Table, firmId: string, administrationId: string, id: string) {
  const item = await getItem<Item>(table, approvalKeys(firmId, administrationId).annualAccount(id));
  if (!item) throw new NotFoundError(`Annual accounts ${id}`);
  return stripKeys<AnnualAccounts>(item);
}

/** The portal is for the Samenwerken Uitgebreid client type; the firm always sees its reports. */
function requirePortal(tenant: TenantContext, plan: string): void {
  if (tenant.userType === 'client' && plan !== 'samenwerken-uitgebreid') {
    throw new PlanRestrictionError('The permanent portal with history needs the Samenwerken Uitgebreid client type.');
  }
}

/** Annual accounts of an administration, newest first (the portal's history). */
export async function listAnnualAccounts(
  table: Table,
  tenant: TenantContext,
  adm: { firmId: string; id: string; plan: string },
  cursor?: string,
) {
  requirePortal(tenant, adm.plan);
  const pk = approvalKeys(adm.firmId, adm.id).annualAccounts;
  const page = await queryPage<Item>(table, { pk, newestFirst: true, limit: 50, cursorScope: pk, cursor });
  return { ...page, items: page.items.map((i) => stripKeys<AnnualAccounts>(i)) };
}

/** One report with a short-lived URL to its PDF. */
export async function viewAnnualAccounts(
  table: Table,
  storage: ReportStorage,
  tenant: TenantContext,
  adm: { firmId: string; id: string; plan: string },
  id: string,
) {
  requirePortal(tenant, adm.plan);
  const record = await readAnnualAccounts(table, adm.firmId, adm.id, id);
  return { annualAccounts: record, pdfUrl: await storage.urlFor(record.pdfKey, 300) };
}

interface StoredLink {
  readonly firmId: string;
  readonly administrationId: string;
  readonly annualAccountsId: string;
  readonly taskId: string;
  readonly expiresAt: string;
  readonly redeemedAt?: string;
  readonly sessionHash?: string;
  readonly sessionExpiresAt?: string;
}

/**
 * A one-time link for a task decided through a link: a fresh 256-bit token of which only the
 * SHA-256 is stored, expiring at the task's deadline (and removed by TTL a month later).
 * Returns the token for the e-mail; it is never stored or logged.
 */
export async function issueLink(table: Table, task: ApprovalTask): Promise<string> {
  const token = randomToken();
  const link: StoredLink = {
    firmId: task.firmId,
    administrationId: task.administrationId,
    annualAccountsId: task.subject.id,
    taskId: task.id,
    expiresAt: task.deadlineAt,
  };
  const ttl = Math.floor(new Date(task.deadlineAt).getTime() / 1000) + 30 * 24 * 3600;
  await transactWrite(
    table,
    [{ Put: { Item: { ...linkKey(sha256(token)), ...link, ttl }, ConditionExpression: 'attribute_not_exists(pk)' } }],
    () => new ConflictError('LINK_COLLISION', 'Try again.'),
  );
  return token;
}

async function usableLink(table: Table, token: string, now: Date) {
  const hash = sha256(token);
  const item = await getItem<Item>(table, linkKey(hash));
  // A guessed token finds nothing: refused without saying more.
  if (!item) throw new NotFoundError('Link');
  const link = stripKeys<StoredLink>(item);
  if (new Date(link.expiresAt) <= now) throw new LinkGoneError('LINK_EXPIRED', 'This link has expired.');
  const record = await readAnnualAccounts(table, link.firmId, link.administrationId, link.annualAccountsId);
  if (record.status !== 'shared') {
    throw new LinkGoneError(
      'ALREADY_DECIDED',
      'These annual accounts have been decided; the link no longer opens them.',
    );
  }
  return { hash, link, record };
}

/**
 * Opens a one-time link: the first use starts the one viewing session (its own 256-bit token,
 * 30 minutes, hashed like the link) and gives the report; any later use answers 410, as do an
 * expired link and a decided report.
 */
export async function openLink(
  deps: Pick<ApprovalDeps, 'table' | 'clock' | 'newId'> & { storage: ReportStorage },
  token: string,
  session: Session,
) {
  const now = deps.clock();
  const { hash, link, record } = await usableLink(deps.table, token, now);
  if (link.redeemedAt) throw new LinkGoneError('LINK_USED', 'This link has been used.');
  const sessionToken = randomToken();
  const sessionExpiresAt = new Date(Math.min(now.getTime() + SESSION_MINUTES * 60_000, Date.parse(link.expiresAt)));
  const viewed: DecisionRecord = {
    id: deps.newId(),
    taskId: link.taskId,
    approvalId: record.approvalId,
    subject: { kind: 'annual-accounts', id: record.id, title: record.title },
    kind: 'link-viewed',
    by: { userId: `link:${hash.slice(0, 12)}`, userType: 'link' },
    at: now.toISOString(),
    session,
    before: { task: 'open', subject: record.status },
    after: { task: 'open', subject: record.status },
  };
  await transactWrite(
    deps.table,
    [
      {
        Update: {
          Key: linkKey(hash),
          UpdateExpression: 'SET redeemedAt = :now, sessionHash = :s, sessionExpiresAt = :until',
          ConditionExpression: 'attribute_not_exists(redeemedAt)',
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':s': sha256(sessionToken),
            ':until': sessionExpiresAt.toISOString(),
          },
        },
      },
      historyWrite(link.firmId, link.administrationId, viewed),
    ],
    () => new LinkGoneError('LINK_USED', 'This link has been used.'),
  );
  return {
    annualAccounts: presentAnnualAccounts(record),
    pdfUrl: await deps.storage.urlFor(record.pdfKey, SESSION_MINUTES * 60),
    session: { token: sessionToken, expiresAt: sessionExpiresAt.toISOString() },
  };
}

/** Checks a link's viewing session; returns what the decision needs. */
export async function linkSession(table: Table, token: string, sessionToken: string, now: Date) {
  const { hash, link } = await usableLink(table, token, now);
  if (!link.redeemedAt || !link.sessionHash || link.sessionHash !== sha256(sessionToken)) {
    throw new ForbiddenError('Not the viewing session of this link.');
  }
  if (new Date(link.sessionExpiresAt ?? 0) <= now) {
    throw new LinkGoneError('SESSION_EXPIRED', 'The viewing session has ended.');
  }
  return {
    linkId: hash.slice(0, 12),
    firmId: link.firmId,
    administrationId: link.administrationId,
    taskId: link.taskId,
  };
}

/** The client's decision on the report, with the task. */
export async function onAnnualAccountsDecision(
  deps: ApprovalDeps,
  task: ApprovalTask,
  decision: 'approve' | 'reject',
  comment: string | undefined,
): Promise<SubjectOutcome> {
  const approval = await readApproval(deps.table, task.firmId, task.administrationId, task.approvalId);
  const record = await readAnnualAccounts(deps.table, task.firmId, task.administrationId, task.subject.id);
  const at = deps.clock().toISOString();
  const status = decision === 'approve' ? 'approved' : 'rejected';
  const update: TransactWrite = {
    Update: {
      Key: approvalKeys(task.firmId, task.administrationId).annualAccount(record.id),
      UpdateExpression: `SET #status = :status, decidedAt = :at, version = :next${comment ? ', #comment = :c' : ''}`,
      ConditionExpression: '#status = :shared AND version = :v',
      ExpressionAttributeNames: { '#status': 'status', ...(comment ? { '#comment': 'comment' } : {}) },
      ExpressionAttributeValues: {
        ':status': status,
        ':at': at,
        ':next': record.version + 1,
        ':shared': 'shared',
        ':v': record.version,
        ...(comment ? { ':c': comment } : {}),
      },
    },
  };
  return {
    writes: [update, ...closeRoundWrites(task.firmId, approval, status, at)],
    subjectBefore: record.status,
    subjectAfter: status,
  };
}
