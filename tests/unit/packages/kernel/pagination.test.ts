import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, ValidationError } from '#packages/kernel';

describe('cursors', () => {
  it('round-trips a DynamoDB key within the scope it was issued for', () => {
    const key = { pk: 'FIRM#a', sk: 'ADM#b' };
    const cursor = encodeCursor('FIRM#a#ADM', key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('FIRM#a#ADM', cursor)).toEqual(key);
  });

  it("refuses another list's cursor so it cannot be replayed across tenants", () => {
    const cursor = encodeCursor('FIRM#a#ADM', { pk: 'FIRM#a', sk: 'ADM#b' });
    expect(() => decodeCursor('FIRM#b#ADM', cursor)).toThrow(ValidationError);
  });

  it('refuses garbage with a validation error on the cursor field', () => {
    try {
      decodeCursor('x', 'not-a-cursor');
      expect.unreachable('decodeCursor accepted garbage');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]).toMatchObject({ path: 'cursor', location: 'query' });
    }
  });

  it('gives no cursor on the last page', () => {
    expect(encodeCursor('x', undefined)).toBeUndefined();
  });
});
