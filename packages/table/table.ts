import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { IndexName } from '#infra/table-schema.ts';
import { ConflictError, decodeCursor, encodeCursor, type Page } from '#packages/kernel';

/** The table and the client to reach it: everything a repository needs. */
export interface Table {
  readonly doc: DynamoDBDocumentClient;
  readonly name: string;
}

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

/** A stored item: its keys, index keys and attributes. */
export type Item = Key & Record<string, unknown>;

/** One write of a transaction, in DocumentClient form (without TableName, added here). */
export type TransactWrite =
  | {
      Put: {
        Item: Item;
        ConditionExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Record<string, unknown>;
      };
    }
  | {
      Update: {
        Key: Key;
        UpdateExpression: string;
        ConditionExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Record<string, unknown>;
      };
    }
  | {
      Delete: {
        Key: Key;
        ConditionExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Record<string, unknown>;
      };
    }
  | {
      ConditionCheck: {
        Key: Key;
        ConditionExpression: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Record<string, unknown>;
      };
    };

/** Maps a failed condition of write `index` to the domain error the caller should see. */
export type ConflictExplainer = (index: number) => ConflictError;

export async function getItem<T>(table: Table, key: Key, consistent = true): Promise<T | undefined> {
  const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: consistent }));
  return out.Item as T | undefined;
}

/** Reads up to 100 keys in one request; returns the items found, in no particular order. */
export async function batchGet<T>(table: Table, keys: readonly Key[]): Promise<T[]> {
  const out = await table.doc.send(
    new BatchGetCommand({ RequestItems: { [table.name]: { Keys: [...keys], ConsistentRead: true } } }),
  );
  const unprocessed = out.UnprocessedKeys?.[table.name]?.Keys;
  if (unprocessed && unprocessed.length > 0) {
    // Throttled keys: read them again rather than report a partial view of access rights.
    const rest = await batchGet<T>(table, unprocessed as Key[]);
    return [...((out.Responses?.[table.name] ?? []) as T[]), ...rest];
  }
  return (out.Responses?.[table.name] ?? []) as T[];
}

export interface QuerySpec {
  readonly index?: IndexName;
  readonly pk: string;
  /** `begins_with` on the sort key. */
  readonly skPrefix?: string;
  /** Inclusive sort-key range. */
  readonly skBetween?: readonly [string, string];
  readonly limit?: number;
  readonly newestFirst?: boolean;
  /**
   * Attribute equalities applied after the key condition (a FilterExpression): a page may then
   * hold fewer than `limit` items while the cursor still goes on.
   */
  readonly filter?: Readonly<Record<string, string>>;
  /** The list's identity, bound into the cursor so it cannot be replayed elsewhere. */
  readonly cursorScope: string;
  readonly cursor?: string;
}

/** One Query (one request) returning a page and an opaque cursor for the next. */
export async function queryPage<T>(table: Table, spec: QuerySpec): Promise<Page<T>> {
  const pkName = spec.index ? `${spec.index}pk` : 'pk';
  const skName = spec.index ? `${spec.index}sk` : 'sk';
  const names: Record<string, string> = { '#pk': pkName };
  const values: Record<string, unknown> = { ':pk': spec.pk };
  let condition = '#pk = :pk';
  if (spec.skPrefix !== undefined) {
    names['#sk'] = skName;
    values[':sk'] = spec.skPrefix;
    condition += ' AND begins_with(#sk, :sk)';
  } else if (spec.skBetween) {
    names['#sk'] = skName;
    values[':from'] = spec.skBetween[0];
    values[':to'] = spec.skBetween[1];
    condition += ' AND #sk BETWEEN :from AND :to';
  }
  const input: QueryCommandInput = {
    TableName: table.name,
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    Limit: spec.limit ?? 50,
    ScanIndexForward: !spec.newestFirst,
    ExclusiveStartKey: decodeCursor(spec.cursorScope, spec.cursor),
  };
  if (spec.index) input.IndexName = spec.index;
  else input.ConsistentRead = true;
  const filters = Object.entries(spec.filter ?? {});
  if (filters.length > 0) {
    input.FilterExpression = filters
      .map(([name, value], i) => {
        names[`#f${i}`] = name;
        values[`:f${i}`] = value;
        return `#f${i} = :f${i}`;
      })
      .join(' AND ');
  }
  const out = await table.doc.send(new QueryCommand(input));
  const nextCursor = encodeCursor(spec.cursorScope, out.LastEvaluatedKey);
  return nextCursor ? { items: (out.Items ?? []) as T[], nextCursor } : { items: (out.Items ?? []) as T[] };
}

/** Every item of a key range, following the pages of {@link queryPage} (the cursor scope is internal). */
export async function queryAll<T>(
  table: Table,
  spec: Omit<QuerySpec, 'cursor' | 'cursorScope' | 'limit'>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage<T>(table, { ...spec, cursor, cursorScope: spec.pk, limit: 1000 });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * Writes all-or-nothing. A failed condition becomes the domain error `explain` gives for the
 * write that failed, so callers never see `ConditionalCheckFailedException`.
 */
export async function transactWrite(table: Table, writes: readonly TransactWrite[], explain: ConflictExplainer) {
  const items = writes.map((w) => {
    const [kind, body] = Object.entries(w)[0] as [string, Record<string, unknown>];
    return { [kind]: { TableName: table.name, ...body } } as unknown as TransactWriteItem;
  });
  try {
    await table.doc.send(new TransactWriteCommand({ TransactItems: items as never }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const failed = error.CancellationReasons?.findIndex((r) => r.Code === 'ConditionalCheckFailed') ?? -1;
      if (failed >= 0) throw explain(failed);
      if (error.CancellationReasons?.some((r) => r.Code === 'TransactionConflict')) {
        throw new ConflictError('CONCURRENT_UPDATE', 'Another change to the same data happened at the same time.', {
          cause: error,
        });
      }
    }
    if (error instanceof ConditionalCheckFailedException) throw explain(0);
    throw error;
  }
}

/** Drops the key and index attributes so a stored item can be returned as an entity. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1p, gsi1sk: _g1s, gsi2pk: _g2p, gsi2sk: _g2s, ttl: _ttl, ...rest } = item;
  return rest as T;
}

/**
 * Puts many items, 25 per BatchWriteItem, retrying what DynamoDB leaves unprocessed. Not
 * atomic: use it for idempotent bulk set-up whose completion is marked by a later write.
 */
export async function batchPut(table: Table, items: readonly Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, unknown>[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after retries`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await table.doc.send(new BatchWriteCommand({ RequestItems: { [table.name]: pending as never } }));
      pending = (out.UnprocessedItems?.[table.name] ?? []) as Record<string, unknown>[];
    }
  }
}
