import { type Clock, newId, type TenantContext } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { createProposal, type ProposalsDeps } from '#packages/proposals';
import type { Plan } from '#packages/tenancy';
import { freshTable } from '../../helpers/table.ts';
import { books, proposalInput, recognised } from '../proposals/support.ts';

/** A clock the test moves: each reading ticks one second on from the last `set`. */
export interface MovableClock {
  readonly clock: Clock;
  set(iso: string): void;
}

export function movableClock(start = '2026-01-05T08:00:00Z'): MovableClock {
  let t = Date.parse(start);
  return {
    clock: () => {
      t += 1000;
      return new Date(t);
    },
    set: (iso) => {
      t = Date.parse(iso);
    },
  };
}

export interface BillingTestDeps extends ProposalsDeps {
  readonly time: MovableClock;
}

/** Deps on a fresh table, with a clock the test moves. Call from `beforeAll`. */
export async function billingDeps(start?: string): Promise<BillingTestDeps> {
  const { table } = await freshTable();
  const time = movableClock(start);
  return { table, clock: time.clock, newId, time };
}

/** A new firm with one administration whose books are set up. */
export async function administration(deps: ProposalsDeps, firmId = `firm-${newId()}`) {
  return books(deps, 'NL', firmId);
}

/** Makes `n` booking proposals (each its own document and invoice) for `adm` at the clock's time. */
export async function propose(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  n: number,
  plan: Plan = 'samenwerken',
): Promise<void> {
  for (let i = 0; i < n; i++) {
    await createProposal(deps, tenant, adm, proposalInput(recognised(), { plan }));
  }
}
