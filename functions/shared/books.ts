import type { TenantContext } from '#packages/kernel';
import type { BooksOf, LedgerDeps } from '#packages/ledger';
import { getAdministration } from '#packages/tenancy';
import { table } from './clients.js';
import { tenancy } from './tenancy.js';

export const ledger: LedgerDeps = { table, clock: tenancy.clock };

/** The administration's books, once the caller is known to reach the administration (else 403). */
export async function booksOf(tenant: TenantContext, administrationId: string): Promise<BooksOf> {
  const administration = await getAdministration(tenancy, tenant, administrationId);
  return { firmId: administration.firmId, id: administration.id, country: administration.country };
}
