import { ValidationError } from './errors.js';

/** One page of a list and the opaque cursor for the next, absent on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/**
 * Cursors are the DynamoDB LastEvaluatedKey, base64url-encoded together with the scope they
 * were issued for, so a cursor from one tenant's list cannot be replayed on another's.
 */
export function encodeCursor(scope: string, key: Record<string, unknown> | undefined): string | undefined {
  if (!key) return undefined;
  return Buffer.from(JSON.stringify({ s: scope, k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(scope: string, cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    if (decoded.s === scope && decoded.k !== null && typeof decoded.k === 'object') {
      return decoded.k as Record<string, unknown>;
    }
  } catch {
    // fall through to the validation error below
  }
  throw new ValidationError([{ path: 'cursor', location: 'query', message: 'The cursor is not valid for this list.' }]);
}
