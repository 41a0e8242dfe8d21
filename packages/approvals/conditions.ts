import type { FieldIssue } from '#packages/kernel';
import type { ApprovalSettings, ApproverRule, Condition, FlowInput, PlannedStep } from './model.js';

/** What a condition looks at on a purchase invoice: one value per dimension. */
export interface InvoiceFacts {
  /** Gross, cents. */
  readonly amount: number;
  readonly supplier: string;
  /** Cost centre and GL account of the invoice's largest line. */
  readonly costCentre?: string;
  readonly glAccount?: string;
}

/** The facts of an invoice: amount, supplier, and cost centre and GL account of its largest line. */
export function invoiceFacts(invoice: {
  readonly relationId: string;
  readonly totals: { readonly gross: number };
  readonly lines: readonly { readonly net: number; readonly glAccount: string; readonly costCentre?: string }[];
}): InvoiceFacts {
  const largest = [...invoice.lines].sort((a, b) => Math.abs(b.net) - Math.abs(a.net))[0];
  return {
    amount: invoice.totals.gross,
    supplier: invoice.relationId,
    ...(largest?.costCentre ? { costCentre: largest.costCentre } : {}),
    ...(largest ? { glAccount: largest.glAccount } : {}),
  };
}

const inSet = (set: readonly string[] | undefined, value: string | undefined) =>
  set === undefined || (value !== undefined && set.includes(value));

/** Whether every dimension the condition names matches the invoice. */
export function matchesCondition(condition: Condition, facts: InvoiceFacts): boolean {
  if (condition.minAmount !== undefined && facts.amount < condition.minAmount) return false;
  if (condition.maxAmount !== undefined && facts.amount > condition.maxAmount) return false;
  return (
    inSet(condition.costCentres, facts.costCentre) &&
    inSet(condition.suppliers, facts.supplier) &&
    inSet(condition.glAccounts, facts.glAccount)
  );
}

const setsMeet = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  a === undefined || b === undefined || a.some((v) => b.includes(v));

/**
 * Whether some invoice could match both conditions: the amount bands intersect and, in every
 * other dimension, either side is open or the sets share a value.
 */
export function conditionsOverlap(a: Condition, b: Condition): boolean {
  const lowest = Number.NEGATIVE_INFINITY;
  const highest = Number.POSITIVE_INFINITY;
  const amountsMeet =
    (a.minAmount ?? lowest) <= (b.maxAmount ?? highest) && (b.minAmount ?? lowest) <= (a.maxAmount ?? highest);
  return (
    amountsMeet &&
    setsMeet(a.costCentres, b.costCentres) &&
    setsMeet(a.suppliers, b.suppliers) &&
    setsMeet(a.glAccounts, b.glAccounts)
  );
}

/**
 * Problems of a flow among the administration's other flows: a flow whose `appliesTo` overlaps
 * another's would leave an invoice with two flows, so it is refused with the other flow named.
 */
export function flowIssues(
  flow: FlowInput,
  others: readonly { readonly id: string; readonly name: string; readonly appliesTo: Condition }[],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const other of others) {
    if (conditionsOverlap(flow.appliesTo, other.appliesTo)) {
      issues.push({
        path: 'appliesTo',
        message: `Overlaps flow '${other.name}' (${other.id}): an invoice could match both. Narrow the amounts, cost centres, suppliers or GL accounts.`,
      });
    }
  }
  return issues;
}

/** Who a rule points at for this invoice, with their limit (undefined when the rule finds no one). */
export function resolveApprover(
  rule: ApproverRule,
  facts: InvoiceFacts,
  settings: ApprovalSettings,
): { userId: string; limit?: number } | undefined {
  const withLimit = (userId: string | undefined) => {
    if (!userId) return undefined;
    const limit = settings.approverLimits[userId];
    return limit === undefined ? { userId } : { userId, limit };
  };
  switch (rule.kind) {
    case 'user':
      return withLimit(rule.userId);
    case 'cost-centre-default':
      return withLimit(facts.costCentre && settings.costCentreApprovers[facts.costCentre]);
    case 'supplier-default':
      return withLimit(settings.supplierApprovers[facts.supplier]);
    case 'project-manager':
      return withLimit(facts.costCentre && settings.projectManagers[facts.costCentre]);
    case 'by-limit': {
      // The approver with the lowest limit that covers the amount; no limit counts as unlimited.
      const candidates = rule.userIds
        .map((u) => withLimit(u)!)
        .sort((a, b) => (a.limit ?? Number.POSITIVE_INFINITY) - (b.limit ?? Number.POSITIVE_INFINITY));
      return (
        candidates.find((c) => c.limit === undefined || c.limit >= facts.amount) ?? candidates[candidates.length - 1]
      );
    }
  }
}

/** A step whose rule finds no approver: the flow cannot start until the settings name one. */
export interface UnresolvedStep {
  readonly index: number;
  readonly name: string;
  readonly rule: ApproverRule['kind'];
}

/**
 * The steps an invoice goes through, in the flow's order: every step whose condition matches,
 * and — escalation — the step right after one whose approver's limit is below the amount, even
 * when its own condition does not match. Consecutive steps with the same approver stay separate
 * decisions only when they are different steps.
 */
export function planSteps(
  flow: Pick<FlowInput, 'steps'>,
  facts: InvoiceFacts,
  settings: ApprovalSettings,
): { steps: PlannedStep[]; unresolved: UnresolvedStep[] } {
  const steps: PlannedStep[] = [];
  const unresolved: UnresolvedStep[] = [];
  let escalate = false;
  flow.steps.forEach((step, index) => {
    const applies = matchesCondition(step.condition, facts);
    if (!applies && !escalate) return;
    const escalated = !applies && escalate;
    const approver = resolveApprover(step.approver, facts, settings);
    if (!approver) {
      unresolved.push({ index, name: step.name, rule: step.approver.kind });
      escalate = false;
      return;
    }
    steps.push({
      index,
      name: step.name,
      approver: approver.userId,
      ...(approver.limit !== undefined ? { limit: approver.limit } : {}),
      escalated,
    });
    escalate = approver.limit !== undefined && approver.limit < facts.amount;
  });
  return { steps, unresolved };
}

/**
 * Whether the last planned step's approver may approve the amount: if not, there is no step
 * left to escalate to and the flow needs another step.
 */
export function lacksEscalationStep(steps: readonly PlannedStep[], amount: number): boolean {
  const last = steps[steps.length - 1];
  return last?.limit !== undefined && last.limit < amount;
}
