import { z } from 'zod';
import { type Clock, ConflictError } from '#packages/kernel';
import { getItem, type Item, queryPage, stripKeys, type Table, transactWrite } from '#packages/table';

export const rawInputSources = ['email', 'upload', 'peppol', 'scan', 'other'] as const;

/**
 * A raw object under `raw/` as it arrived, registered before anything interprets it, so no
 * input can be lost between the bucket and processing.
 */
export const RawInput = z
  .object({
    bucket: z.string(),
    key: z.string(),
    size: z.number().int().nonnegative(),
    etag: z.string(),
    source: z.enum(rawInputSources),
    /** Tenant path in the key, for doors that know it (portal upload: `raw/upload/<firm>/<adm>/…`). */
    firmId: z.string().optional(),
    administrationId: z.string().optional(),
    arrivedAt: z.iso.datetime(),
    registeredAt: z.iso.datetime(),
    status: z.literal('received'),
  })
  .meta({ id: 'RawInput' });
export type RawInput = z.infer<typeof RawInput>;

/** Registered raw inputs are a system-scope ledger per arrival day. */
const rawKey = (arrivedAt: string, key: string) => ({ pk: `SYS#RAW#${arrivedAt.slice(0, 10)}`, sk: key });

/** Which door an object came through, from its key: `raw/<door>/…`. */
export function describeRawKey(key: string): Pick<RawInput, 'source' | 'firmId' | 'administrationId'> {
  const [, door, ...rest] = key.split('/');
  const source = (rawInputSources as readonly string[]).includes(door ?? '') ? (door as RawInput['source']) : 'other';
  if (source === 'upload' && rest.length >= 3) return { source, firmId: rest[0], administrationId: rest[1] };
  return { source };
}

export interface RawInputDeps {
  readonly table: Table;
  readonly clock: Clock;
}

/**
 * Records an object notification once. A redelivered or duplicated notification for the
 * same object version finds the record and changes nothing.
 */
export async function registerRawInput(
  deps: RawInputDeps,
  object: { bucket: string; key: string; size: number; etag: string; arrivedAt: string },
): Promise<{ input: RawInput; created: boolean }> {
  const input: RawInput = {
    ...object,
    ...describeRawKey(object.key),
    registeredAt: deps.clock().toISOString(),
    status: 'received',
  };
  const key = rawKey(object.arrivedAt, object.key);
  try {
    await transactWrite(
      deps.table,
      [{ Put: { Item: { ...key, ...input }, ConditionExpression: 'attribute_not_exists(pk)' } }],
      () => new ConflictError('RAW_INPUT_EXISTS', `Raw input ${object.key} is already registered.`),
    );
    return { input, created: true };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await getItem<Item>(deps.table, key);
    if (!existing) throw error;
    return { input: stripKeys<RawInput>(existing), created: false };
  }
}

/** Raw inputs that arrived on one day (`2026-11-22`), in key order. */
export async function listRawInputs(table: Table, day: string, cursor?: string) {
  const pk = `SYS#RAW#${day}`;
  const page = await queryPage<Item>(table, { pk, cursor, cursorScope: pk, limit: 100 });
  return { ...page, items: page.items.map((i) => stripKeys<RawInput>(i)) };
}
