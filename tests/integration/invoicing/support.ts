import type { InvoicingDeps } from '#packages/invoicing';
import { newId, systemClock, type TenantContext } from '#packages/kernel';
import { type BooksOf, setUpBooks } from '#packages/ledger';
import { type CreateRelationInput, createRelation, type Relation } from '#packages/relations';
import { freshTable } from '../../helpers/table.ts';

export const tenant: TenantContext = { userId: 'accountant-1', firmId: 'firm-invoicing', userType: 'firm' };

/** Deps on a fresh table in the run's DynamoDB Local. Call from `beforeAll`. */
export async function invoicingDeps(): Promise<InvoicingDeps> {
  const { table } = await freshTable();
  return { table, clock: systemClock, newId };
}

/** A new administration of `country` with its books set up. */
export async function books(deps: InvoicingDeps, country: 'NL' | 'BE' = 'NL'): Promise<BooksOf> {
  const adm: BooksOf = { firmId: tenant.firmId, id: `adm-${newId()}`, country };
  await setUpBooks(deps, tenant, adm);
  return adm;
}

export async function relation(
  deps: InvoicingDeps,
  adm: BooksOf,
  input: Partial<CreateRelationInput> & Pick<CreateRelationInput, 'roles' | 'name'>,
): Promise<Relation> {
  return createRelation(deps, tenant, adm.id, { ibans: [], contacts: [], externalIds: [], ...input });
}

export const customer = (
  deps: InvoicingDeps,
  adm: BooksOf,
  name = 'Bakkerij de Korenschoof BV',
  paymentTermDays = 14,
) => relation(deps, adm, { roles: ['customer'], name, paymentTermDays });

export const supplier = (deps: InvoicingDeps, adm: BooksOf, overrides: Partial<CreateRelationInput> = {}) =>
  relation(deps, adm, { roles: ['supplier'], name: 'Groothandel Rijnmond BV', defaultGlAccount: '7000', ...overrides });
