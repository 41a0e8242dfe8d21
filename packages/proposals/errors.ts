import { PlanRestrictionError } from '#packages/kernel';

/** The administration's plan (Standaard) has no booking proposals: no Scan & Herken, no e-invoice proposals. */
export class ProposalsNotInPlanError extends PlanRestrictionError {
  override name = 'ProposalsNotInPlanError';
  override readonly code: string = 'PLAN_EXCLUDES_PROPOSALS';
}
