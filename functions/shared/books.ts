import type { TenantContext } from '#packages/kernel';
import type { BooksOf, LedgerDeps } from '#packages/ledger';
import { type AddOn, getAdministration, requireAddOnForClient } from '#packages/tenancy';
import { table } from './clients.js';
import { tenancy } from './tenancy.js';

export const ledger: LedgerDeps = { table, clock: tenancy.clock };

/**
 * The administration's books, once the caller is known to reach the administration (else 403)
 * and, for a client user, the administration has the add-on the feature needs.
 */
export async function booksOf(
  tenant: TenantContext,
  administrationId: string,
  options: { clientNeeds?: AddOn } = {},
): Promise<BooksOf> {
  const administration = await getAdministration(tenancy, tenant, administrationId);
  if (options.clientNeeds) requireAddOnForClient(tenant, administration, options.clientNeeds);
  return { firmId: administration.firmId, id: administration.id, country: administration.country };
}
