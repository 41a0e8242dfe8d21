import { type BillingDeps, noteAdministrationChange } from '#packages/billing';
import type { TenantContext } from '#packages/kernel';
import { getAdministration } from '#packages/tenancy';
import { table } from './clients.js';
import { tenancy } from './tenancy.js';

export const billing: BillingDeps = { table, clock: tenancy.clock };

/**
 * Runs a change to an administration and tells billing what it is subscribed to from today:
 * plan and add-ons (PATCH), client users (memberships). Billing's record follows the
 * administration's, so the two never disagree about what was sold.
 */
export async function withBilledTerms<T>(
  tenant: TenantContext,
  administrationId: string,
  change: () => Promise<T>,
): Promise<T> {
  const before = await getAdministration(tenancy, tenant, administrationId);
  const result = await change();
  const after = await getAdministration(tenancy, tenant, administrationId);
  await noteAdministrationChange(billing, before, after, tenancy.clock().toISOString().slice(0, 10));
  return result;
}
