import { z } from 'zod';
import { MoneyString } from '#packages/kernel';

/** What a human task asks a decision on. */
export const subjectKinds = ['purchase-invoice', 'vat-return', 'annual-accounts'] as const;
export type SubjectKind = (typeof subjectKinds)[number];

export const decisionKinds = ['approve', 'reject', 'question', 'delegate'] as const;
export type DecisionKind = (typeof decisionKinds)[number];

const userId = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/);
const code = z.string().trim().min(1).max(64);

/**
 * When a flow (or a step of it) applies to a purchase invoice. Every given dimension must
 * match; an absent one matches anything. The invoice's cost centre and GL account are those of
 * its largest line, so each invoice has one value per dimension and overlap checks are exact.
 */
export const Condition = z
  .object({
    /** Gross amount, inclusive bounds, in cents inside (decimal strings in the API). */
    minAmount: MoneyString.optional(),
    maxAmount: MoneyString.optional(),
    costCentres: z.array(code).min(1).max(100).optional(),
    suppliers: z.array(code).min(1).max(100).describe('Relation ids of suppliers.').optional(),
    glAccounts: z.array(code).min(1).max(100).optional(),
  })
  .strict()
  .refine((c) => c.minAmount === undefined || c.maxAmount === undefined || c.minAmount <= c.maxAmount, {
    message: 'minAmount must not exceed maxAmount.',
    path: ['maxAmount'],
  });
export type Condition = z.infer<typeof Condition>;

/**
 * Who decides a step: a named person, or a rule read from the administration's approval
 * settings when the flow runs (the default approver of the invoice's cost centre or supplier,
 * the cost centre's project manager, or the first of a list whose limit covers the amount).
 */
export const ApproverRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId }).strict(),
  z.object({ kind: z.literal('cost-centre-default') }).strict(),
  z.object({ kind: z.literal('supplier-default') }).strict(),
  z.object({ kind: z.literal('project-manager') }).strict(),
  z.object({ kind: z.literal('by-limit'), userIds: z.array(userId).min(1).max(20) }).strict(),
]);
export type ApproverRule = z.infer<typeof ApproverRule>;

export const FlowStep = z
  .object({
    name: z.string().trim().min(1).max(100),
    condition: Condition.default({}),
    approver: ApproverRule,
  })
  .strict();
export type FlowStep = z.infer<typeof FlowStep>;

export const FlowInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    subject: z.literal('purchase-invoice').default('purchase-invoice'),
    /** Which invoices the flow takes; flows of one administration may not overlap. */
    appliesTo: Condition.default({}),
    steps: z.array(FlowStep).min(1).max(10),
    /** Days the approver has for each step. @default the administration's setting */
    deadlineDays: z.number().int().min(1).max(365).optional(),
  })
  .strict()
  .meta({ id: 'ApprovalFlowInput' });
export type FlowInput = z.infer<typeof FlowInput>;

export const Flow = z
  .object({
    id: z.string(),
    administrationId: z.string(),
    name: z.string(),
    subject: z.literal('purchase-invoice'),
    appliesTo: z.record(z.string(), z.unknown()),
    steps: z.array(z.record(z.string(), z.unknown())),
    deadlineDays: z.number().int().optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ApprovalFlow' });
export type StoredFlow = FlowInput & {
  readonly id: string;
  readonly administrationId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
};

/** Per administration: who the rules point at, limits, deadlines and reminder lead time. */
export const SettingsInput = z
  .object({
    costCentreApprovers: z.record(code, userId).default({}),
    supplierApprovers: z.record(code, userId).default({}),
    projectManagers: z.record(code, userId).default({}),
    /** Highest gross amount each approver may approve alone, in cents inside. */
    approverLimits: z.record(userId, MoneyString).default({}),
    /** Days a client or approver gets for a task. */
    deadlineDays: z.number().int().min(1).max(365).default(7),
    /** How long before the deadline the reminder goes out, in seconds. @default 48 hours */
    reminderLeadSeconds: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 3600)
      .default(48 * 3600),
  })
  .strict()
  .meta({ id: 'ApprovalSettingsInput' });
export type ApprovalSettings = z.infer<typeof SettingsInput>;
export const defaultSettings: ApprovalSettings = SettingsInput.parse({});

/** Texts of the firm's e-mails, Dutch by default; `{firm}`, `{administration}`, `{task}`, `{deadline}`, `{link}` are filled in. */
export const TextsInput = z
  .object({
    taskSubject: z.string().trim().min(1).max(200),
    taskBody: z.string().trim().min(1).max(5000),
    reminderSubject: z.string().trim().min(1).max(200),
    reminderBody: z.string().trim().min(1).max(5000),
    deadlineSubject: z.string().trim().min(1).max(200),
    deadlineBody: z.string().trim().min(1).max(5000),
    linkSubject: z.string().trim().min(1).max(200),
    linkBody: z.string().trim().min(1).max(5000),
  })
  .partial()
  .strict()
  .meta({ id: 'ApprovalTextsInput' });
export type ApprovalTextsInput = z.infer<typeof TextsInput>;
export type ApprovalTexts = Required<ApprovalTextsInput>;

/** A subject as the task names it. */
export interface SubjectRef {
  readonly kind: SubjectKind;
  readonly id: string;
  /** What the e-mail and the inbox show: `Factuur GS-0871 van Smit (€ 6.050,00)`. */
  readonly title: string;
}

export const taskStatuses = ['open', 'approved', 'rejected', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** One human decision the workflow waits for. */
export interface ApprovalTask {
  readonly id: string;
  readonly firmId: string;
  readonly administrationId: string;
  readonly approvalId: string;
  readonly subject: SubjectRef;
  /** Purchase invoices: the step of the flow plan this task is for. */
  readonly step?: number;
  readonly stepName?: string;
  readonly status: TaskStatus;
  /** Users who may decide (a delegation replaces them). */
  readonly assignees: readonly string[];
  /** E-mail addresses that get the notices (the one-time link goes only here). */
  readonly notify: readonly string[];
  /** The firm's addresses told when the deadline passes. */
  readonly firmNotify: readonly string[];
  /** Annual accounts of the Samenwerken client type: decided through a one-time link, not the portal. */
  readonly viaLink?: boolean;
  readonly notifiedAt?: string;
  readonly createdAt: string;
  readonly deadlineAt: string;
  readonly remindAt: string;
  readonly reminderSentAt?: string;
  readonly deadlinePassedAt?: string;
  readonly questions?: readonly { readonly by: string; readonly at: string; readonly text: string }[];
  readonly decision?: DecisionRecord;
  readonly version: number;
}

/** Who decided what, when, from which session, and what it changed. */
export interface DecisionRecord {
  readonly id: string;
  readonly taskId: string;
  readonly approvalId: string;
  readonly subject: SubjectRef;
  readonly kind: DecisionKind | 'reminder-sent' | 'deadline-passed' | 'started' | 'link-viewed';
  readonly by: { readonly userId: string; readonly userType: 'firm' | 'client' | 'link' | 'system' };
  readonly at: string;
  readonly session: { readonly requestId?: string; readonly tokenId?: string };
  readonly comment?: string;
  readonly delegateTo?: string;
  readonly before: { readonly task: TaskStatus; readonly subject: string };
  readonly after: { readonly task: TaskStatus; readonly subject: string };
}

export const approvalStatuses = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

/** One planned step of a purchase-invoice flow. */
export interface PlannedStep {
  readonly index: number;
  readonly name: string;
  readonly approver: string;
  /** The approver's limit, when one is set (cents). */
  readonly limit?: number;
  /** Included because the previous approver's limit is below the amount. */
  readonly escalated: boolean;
}

/** One round of approval of a subject (a resubmission starts a new one). */
export interface Approval {
  readonly id: string;
  readonly administrationId: string;
  readonly subject: SubjectRef;
  readonly status: ApprovalStatus;
  readonly flowId?: string;
  readonly plan?: readonly PlannedStep[];
  readonly currentStep?: number;
  readonly openItemId?: string;
  readonly amount?: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly closedAt?: string;
  readonly version: number;
}

export const DecisionInput = z
  .discriminatedUnion('decision', [
    z.object({ decision: z.literal('approve'), comment: z.string().trim().min(1).max(2000).optional() }).strict(),
    z.object({ decision: z.literal('reject'), comment: z.string().trim().min(1).max(2000) }).strict(),
    z.object({ decision: z.literal('question'), comment: z.string().trim().min(1).max(2000) }).strict(),
    z
      .object({
        decision: z.literal('delegate'),
        delegateTo: userId,
        comment: z.string().trim().min(1).max(2000).optional(),
      })
      .strict(),
  ])
  .meta({ id: 'ApprovalDecisionInput' });
export type DecisionInput = z.infer<typeof DecisionInput>;

/** The session a decision came from (API Gateway request id, the token's jti). */
export interface Session {
  readonly requestId?: string;
  readonly tokenId?: string;
}
