import type { Key } from '#packages/table';
import type { RelationRole, RelationStatus } from './schemas.js';

/**
 * Key builders for the relations of one administration; every key starts with its tenant path.
 * The relation, its number counter and its lookups share the partition `…#REL`; the lists by
 * name live in their own partitions (per status, and per role on gsi1 / gsi2).
 */
export function relationKeys(firmId: string, administrationId: string) {
  const p = `FIRM#${firmId}#ADM#${administrationId}#REL`;
  return {
    partition: p,
    relation: (relationId: string): Key => ({ pk: p, sk: `REL#${relationId}` }),
    /** The last relation number handed out: the gapless counter. */
    counter: (): Key => ({ pk: p, sk: 'COUNTER' }),
    vat: (vatNumber: string): Key => ({ pk: p, sk: `VAT#${vatNumber}` }),
    iban: (iban: string): Key => ({ pk: p, sk: `IBAN#${iban}` }),
    companyNumber: (country: string, companyNumber: string): Key => ({
      pk: p,
      sk: `COMPANY#${country}#${companyNumber}`,
    }),
    externalId: (source: string, id: string): Key => ({ pk: p, sk: `EXT#${source}#${id}` }),
    /** Every relation of a status, by name: a copy of the relation kept in the same transaction. */
    byName: (status: RelationStatus) => `${p}#NAME#${status}`,
    /** Relations of a role and status, by name: gsi1 for customers, gsi2 for suppliers. */
    byRole: (role: RelationRole, status: RelationStatus) => `${p}#ROLE#${role}#${status}`,
  };
}

export type RelationKeys = ReturnType<typeof relationKeys>;

/** The index that lists each role. */
export const roleIndex = { customer: 'gsi1', supplier: 'gsi2' } as const;
