import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, newId, type TenantContext, ValidationError } from '#packages/kernel';
import {
  archiveRelation,
  type CreateRelationInput,
  createRelation,
  findRelationByCompanyNumber,
  findRelationByExternalId,
  findRelationByIban,
  findRelationByVatNumber,
  getRelation,
  listRelations,
  type RelationsDeps,
  relationsRepository,
  restoreRelation,
  updateRelation,
  upsertRelationByExternalId,
} from '#packages/relations';
import { listAdministrationAudit, type Table } from '#packages/table';
import { freshTable } from '../../helpers/table.ts';

let table: Table;
let deps: RelationsDeps;
const tenant: TenantContext = { userId: 'user-anna', firmId: 'firm-a', userType: 'firm' };
const otherFirm: TenantContext = { userId: 'user-bob', firmId: 'firm-b', userType: 'firm' };

beforeAll(async () => {
  ({ table } = await freshTable());
  deps = { table, clock: () => new Date('2026-03-02T09:00:00.000Z'), newId };
});

/** Each test works in its own administration, so numbers start at 1 and lists are its own. */
const newAdministration = () => `adm-${newId()}`;

const supplier = (overrides: Partial<CreateRelationInput> = {}): CreateRelationInput => ({
  roles: ['supplier'],
  name: 'Groothandel De Vries BV',
  ibans: [],
  contacts: [],
  externalIds: [],
  ...overrides,
});

async function conflictOf(promise: Promise<unknown>): Promise<ConflictError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConflictError);
  return error as ConflictError;
}

describe('createRelation', () => {
  it('numbers relations 1, 2, … per administration and stores what it returns', async () => {
    const adm = newAdministration();
    const first = await createRelation(deps, tenant, adm, supplier({ vatNumber: 'NL004495445B01' }));
    const second = await createRelation(deps, tenant, adm, supplier({ name: 'Bakkerij Jansen', roles: ['customer'] }));
    expect([first.number, second.number]).toEqual([1, 2]);
    expect(first).toMatchObject({ administrationId: adm, status: 'active', version: 1 });
    expect(await getRelation(deps, tenant, adm, first.id)).toEqual(first);
    const elsewhere = await createRelation(deps, tenant, newAdministration(), supplier());
    expect(elsewhere.number).toBe(1);
  });

  it('hands out 1..10 without gaps or duplicates to 10 simultaneous creates', async () => {
    const adm = newAdministration();
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createRelation(deps, tenant, adm, supplier({ name: `Leverancier ${i}` }))),
    );
    expect(created.map((r) => r.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await relationsRepository(table).lastRelationNumber(tenant.firmId, adm)).toBe(10);
    const listed = await listRelations(deps, tenant, adm, { limit: 100 });
    expect(listed.items).toHaveLength(10);
  });

  it('refuses a VAT number, IBAN or company number another relation holds with 409, using no number', async () => {
    const adm = newAdministration();
    await createRelation(
      deps,
      tenant,
      adm,
      supplier({
        vatNumber: 'NL004495445B01',
        ibans: ['NL91ABNA0417164300'],
        address: { country: 'NL' },
        companyNumber: '17090117',
      }),
    );
    const vat = await conflictOf(createRelation(deps, tenant, adm, supplier({ vatNumber: 'nl004495445b01' })));
    expect(vat.code).toBe('RELATION_VAT_TAKEN');
    expect(vat.message).toBe('VAT number NL004495445B01 is already used by relation 1.');
    const iban = await conflictOf(createRelation(deps, tenant, adm, supplier({ ibans: ['NL91 ABNA 0417 1643 00'] })));
    expect(iban.code).toBe('RELATION_IBAN_TAKEN');
    const kvk = await conflictOf(
      createRelation(deps, tenant, adm, supplier({ address: { country: 'NL' }, companyNumber: '17090117' })),
    );
    expect(kvk.code).toBe('RELATION_COMPANY_NUMBER_TAKEN');
    const next = await createRelation(deps, tenant, adm, supplier({ ibans: ['BE68539007547034'] }));
    expect(next.number).toBe(2);
  });

  it('refuses input whose identifiers fail their checks, even when it bypassed the schema', async () => {
    const error = await createRelation(
      deps,
      tenant,
      newAdministration(),
      supplier({ vatNumber: 'NL004495446B01', ibans: ['NL91ABNA0417164301'] }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['vatNumber']);
  });

  it('writes an audit entry for the administration in the same transaction', async () => {
    const adm = newAdministration();
    const relation = await createRelation(deps, tenant, adm, supplier());
    const trail = await listAdministrationAudit(table, tenant.firmId, adm);
    expect(trail.items).toHaveLength(1);
    expect(trail.items[0]).toMatchObject({
      action: 'relation.created',
      entityType: 'Relation',
      entityId: relation.id,
      administrationId: adm,
      actor: { userId: 'user-anna', userType: 'firm' },
      after: relation,
    });
  });
});

describe('upsertRelationByExternalId', () => {
  it('returns the same relation for the same external id, created only the first time', async () => {
    const adm = newAdministration();
    const input = { roles: ['customer' as const], name: 'Fietsenmaker De Spaak', ibans: ['NL91ABNA0417164300'] };
    const first = await upsertRelationByExternalId(deps, tenant, adm, 'exact-online', 'C-1001', input);
    const again = await upsertRelationByExternalId(deps, tenant, adm, 'Exact-Online', 'C-1001', input);
    expect(first.created).toBe(true);
    expect(again).toEqual({ relation: first.relation, created: false });
    expect(first.relation.externalIds).toEqual([{ source: 'exact-online', id: 'C-1001' }]);
    const trail = await listAdministrationAudit(table, tenant.firmId, adm);
    expect(trail.items.map((e) => e.action)).toEqual(['relation.created']);
  });

  it('updates the relation when the record changed and keeps the fields it was not sent', async () => {
    const adm = newAdministration();
    const { relation } = await upsertRelationByExternalId(deps, tenant, adm, 'moneybird', '42', {
      roles: ['supplier'],
      name: 'Drukkerij Pers',
      ibans: ['NL91ABNA0417164300'],
      paymentTermDays: 30,
    });
    const changed = await upsertRelationByExternalId(deps, tenant, adm, 'moneybird', '42', {
      roles: ['supplier', 'customer'],
      name: 'Drukkerij Pers & Zn',
    });
    expect(changed.created).toBe(false);
    expect(changed.relation).toMatchObject({
      id: relation.id,
      number: relation.number,
      version: 2,
      roles: ['customer', 'supplier'],
      name: 'Drukkerij Pers & Zn',
      ibans: ['NL91ABNA0417164300'],
      paymentTermDays: 30,
    });
    const trail = await listAdministrationAudit(table, tenant.firmId, adm);
    expect(trail.items.map((e) => e.action).sort()).toEqual(['relation.created', 'relation.upserted']);
  });

  it('makes one relation from 10 simultaneous upserts of the same external id', async () => {
    const adm = newAdministration();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        upsertRelationByExternalId(deps, tenant, adm, 'peppol', '0106:17090117', {
          roles: ['supplier'],
          name: 'Kantoorartikelen Noord',
        }),
      ),
    );
    expect(new Set(results.map((r) => r.relation.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.every((r) => r.relation.number === 1)).toBe(true);
    expect((await listRelations(deps, tenant, adm)).items).toHaveLength(1);
    expect(await relationsRepository(table).lastRelationNumber(tenant.firmId, adm)).toBe(1);
  });

  it('refuses an external id that another relation holds', async () => {
    const adm = newAdministration();
    await createRelation(deps, tenant, adm, supplier({ externalIds: [{ source: 'twinfield', id: 'S1' }] }));
    const error = await conflictOf(
      upsertRelationByExternalId(deps, tenant, adm, 'exact-online', 'X9', {
        roles: ['supplier'],
        name: 'Ander',
        externalIds: [{ source: 'twinfield', id: 'S1' }],
      }),
    );
    expect(error.code).toBe('RELATION_EXTERNAL_ID_TAKEN');
  });
});

describe('updateRelation', () => {
  it('refuses a stale If-Match version with 409 VERSION_CONFLICT and keeps the newer change', async () => {
    const adm = newAdministration();
    const relation = await createRelation(deps, tenant, adm, supplier());
    const updated = await updateRelation(deps, tenant, adm, relation.id, { paymentTermDays: 14 }, 1);
    expect(updated.version).toBe(2);
    const stale = await conflictOf(updateRelation(deps, tenant, adm, relation.id, { paymentTermDays: 60 }, 1));
    expect(stale.code).toBe('VERSION_CONFLICT');
    expect((await getRelation(deps, tenant, adm, relation.id)).paymentTermDays).toBe(14);
  });

  it('loses a write race at the condition when another change landed after the read', async () => {
    const adm = newAdministration();
    const relation = await createRelation(deps, tenant, adm, supplier());
    await updateRelation(deps, tenant, adm, relation.id, { name: 'Eerste' });
    const lateWrite = { ...relation, name: 'Tweede', version: 2 };
    const error = await conflictOf(
      relationsRepository(table).replaceRelation(tenant, relation, lateWrite, 'relation.updated', new Date()),
    );
    expect(error.code).toBe('VERSION_CONFLICT');
  });

  it('moves the VAT, IBAN and KvK lookups with the change and frees the old ones', async () => {
    const adm = newAdministration();
    const relation = await createRelation(
      deps,
      tenant,
      adm,
      supplier({
        vatNumber: 'NL004495445B01',
        ibans: ['NL91ABNA0417164300'],
        address: { country: 'NL' },
        companyNumber: '17090117',
      }),
    );
    expect((await findRelationByVatNumber(deps, tenant, adm, 'NL 0044.95445.B01'))?.id).toBe(relation.id);
    expect((await findRelationByIban(deps, tenant, adm, 'NL91 ABNA 0417 1643 00'))?.id).toBe(relation.id);
    expect((await findRelationByCompanyNumber(deps, tenant, adm, 'nl', '17090117'))?.id).toBe(relation.id);

    await updateRelation(deps, tenant, adm, relation.id, {
      vatNumber: 'BE0403170701',
      ibans: ['BE68539007547034'],
      address: { country: 'BE' },
      companyNumber: '0403.170.701',
    });

    expect(await findRelationByVatNumber(deps, tenant, adm, 'NL004495445B01')).toBeUndefined();
    expect(await findRelationByIban(deps, tenant, adm, 'NL91ABNA0417164300')).toBeUndefined();
    expect(await findRelationByCompanyNumber(deps, tenant, adm, 'NL', '17090117')).toBeUndefined();
    const byVat = await findRelationByVatNumber(deps, tenant, adm, 'BE0403170701');
    expect(byVat).toMatchObject({ id: relation.id, version: 2, companyNumber: '0403170701' });
    expect((await findRelationByIban(deps, tenant, adm, 'BE68539007547034'))?.id).toBe(relation.id);
    expect((await findRelationByCompanyNumber(deps, tenant, adm, 'BE', 'BE0403170701'))?.id).toBe(relation.id);
    const taker = await createRelation(deps, tenant, adm, supplier({ vatNumber: 'NL004495445B01' }));
    expect((await findRelationByVatNumber(deps, tenant, adm, 'NL004495445B01'))?.id).toBe(taker.id);
  });

  it('clears an optional field with null and refuses a company number the new country rejects', async () => {
    const adm = newAdministration();
    const relation = await createRelation(
      deps,
      tenant,
      adm,
      supplier({ vatNumber: 'NL004495445B01', address: { country: 'NL' }, companyNumber: '17090117' }),
    );
    const cleared = await updateRelation(deps, tenant, adm, relation.id, { vatNumber: null });
    expect(cleared.vatNumber).toBeUndefined();
    expect(await findRelationByVatNumber(deps, tenant, adm, 'NL004495445B01')).toBeUndefined();
    const error = await updateRelation(deps, tenant, adm, relation.id, { address: { country: 'BE' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
  });

  it('answers 404 for a relation the administration does not have', async () => {
    await expect(updateRelation(deps, tenant, newAdministration(), 'nope', { name: 'X' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('archiveRelation and restoreRelation', () => {
  it('moves the relation to the archived list, frees its IBAN and VAT number, and keeps its external id', async () => {
    const adm = newAdministration();
    const relation = await createRelation(
      deps,
      tenant,
      adm,
      supplier({
        vatNumber: 'NL004495445B01',
        ibans: ['NL91ABNA0417164300'],
        externalIds: [{ source: 'exact-online', id: 'S-7' }],
      }),
    );
    const archived = await archiveRelation(deps, tenant, adm, relation.id, 1);
    expect(archived).toMatchObject({ status: 'archived', version: 2 });
    expect(await archiveRelation(deps, tenant, adm, relation.id)).toEqual(archived);
    expect((await listRelations(deps, tenant, adm)).items).toEqual([]);
    expect((await listRelations(deps, tenant, adm, { status: 'archived' })).items).toEqual([archived]);
    expect((await listRelations(deps, tenant, adm, { status: 'archived', role: 'supplier' })).items).toEqual([
      archived,
    ]);
    expect(await findRelationByIban(deps, tenant, adm, 'NL91ABNA0417164300')).toBeUndefined();
    expect((await findRelationByExternalId(deps, tenant, adm, 'exact-online', 'S-7'))?.id).toBe(relation.id);

    const successor = await createRelation(deps, tenant, adm, supplier({ ibans: ['NL91ABNA0417164300'] }));
    const error = await conflictOf(restoreRelation(deps, tenant, adm, relation.id));
    expect(error.code).toBe('RELATION_IBAN_TAKEN');
    expect(error.message).toContain(`relation ${successor.number}`);

    await archiveRelation(deps, tenant, adm, successor.id);
    const restored = await restoreRelation(deps, tenant, adm, relation.id);
    expect(restored).toMatchObject({ status: 'active', version: 3 });
    expect((await findRelationByIban(deps, tenant, adm, 'NL91ABNA0417164300'))?.id).toBe(relation.id);

    const trail = await listAdministrationAudit(table, tenant.firmId, adm);
    const mine = trail.items.filter((e) => e.entityId === relation.id);
    expect(mine.map((e) => e.action).sort()).toEqual(['relation.archived', 'relation.created', 'relation.restored']);
    expect(mine.find((e) => e.action === 'relation.archived')).toMatchObject({
      before: { status: 'active', version: 1 },
      after: { status: 'archived', version: 2 },
    });
  });
});

describe('listRelations', () => {
  it('lists by name in pages with an opaque cursor bound to its list', async () => {
    const adm = newAdministration();
    for (const name of ['Echo', 'alfa', 'Delta', 'Charlie', 'Bravo']) {
      await createRelation(deps, tenant, adm, supplier({ name }));
    }
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listRelations(deps, tenant, adm, { limit: 2, cursor });
      names.push(...page.items.map((r) => r.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(names).toEqual(['alfa', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    expect(pages).toBeGreaterThanOrEqual(3);

    const first = await listRelations(deps, tenant, adm, { limit: 2 });
    await expect(
      listRelations(deps, tenant, adm, { limit: 2, role: 'supplier', cursor: first.nextCursor }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('filters by role, lists a relation with both roles under each, and searches by name prefix', async () => {
    const adm = newAdministration();
    await createRelation(deps, tenant, adm, supplier({ name: 'Café Ôlijf', roles: ['customer'] }));
    await createRelation(deps, tenant, adm, supplier({ name: 'Cafetaria Smul', roles: ['supplier'] }));
    await createRelation(deps, tenant, adm, supplier({ name: 'Bouwbedrijf Kap', roles: ['customer', 'supplier'] }));
    const names = async (query: Parameters<typeof listRelations>[3]) =>
      (await listRelations(deps, tenant, adm, query)).items.map((r) => r.name);

    expect(await names({ role: 'customer' })).toEqual(['Bouwbedrijf Kap', 'Café Ôlijf']);
    expect(await names({ role: 'supplier' })).toEqual(['Bouwbedrijf Kap', 'Cafetaria Smul']);
    expect(await names({ name: 'CAFE' })).toEqual(['Café Ôlijf', 'Cafetaria Smul']);
    expect(await names({ name: 'café ô' })).toEqual(['Café Ôlijf']);
    expect(await names({ role: 'supplier', name: 'caf' })).toEqual(['Cafetaria Smul']);
  });

  it('follows a rename and a change of roles', async () => {
    const adm = newAdministration();
    const relation = await createRelation(deps, tenant, adm, supplier({ name: 'Oude Naam' }));
    await updateRelation(deps, tenant, adm, relation.id, { name: 'Nieuwe Naam', roles: ['customer'] });
    expect((await listRelations(deps, tenant, adm)).items.map((r) => r.name)).toEqual(['Nieuwe Naam']);
    expect((await listRelations(deps, tenant, adm, { role: 'supplier' })).items).toEqual([]);
    expect((await listRelations(deps, tenant, adm, { role: 'customer', name: 'nieuw' })).items).toHaveLength(1);
  });
});

describe('tenant isolation', () => {
  it('never shows one firm’s relations to another firm, even for the same administration id', async () => {
    const adm = newAdministration();
    const relation = await createRelation(
      deps,
      tenant,
      adm,
      supplier({ vatNumber: 'NL004495445B01', externalIds: [{ source: 'exact-online', id: 'S-1' }] }),
    );
    const repo = relationsRepository(table);
    expect(await repo.getRelation(otherFirm.firmId, adm, relation.id)).toBeUndefined();
    expect(await repo.findRelationByVatNumber(otherFirm.firmId, adm, 'NL004495445B01')).toBeUndefined();
    expect(await repo.findRelationByExternalId(otherFirm.firmId, adm, 'exact-online', 'S-1')).toBeUndefined();
    expect((await repo.listRelations(otherFirm.firmId, adm, { status: 'active' })).items).toEqual([]);
    expect((await repo.listRelations(otherFirm.firmId, adm, { status: 'active', role: 'supplier' })).items).toEqual([]);
    await expect(getRelation(deps, otherFirm, adm, relation.id)).rejects.toBeInstanceOf(NotFoundError);

    const theirs = await createRelation(deps, otherFirm, adm, supplier({ vatNumber: 'NL004495445B01' }));
    expect(theirs.number).toBe(1);
    expect((await findRelationByVatNumber(deps, tenant, adm, 'NL004495445B01'))?.id).toBe(relation.id);
  });
});
