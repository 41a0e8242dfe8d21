import { describe, expect, it } from 'vitest';
import { type RuleRelease, releaseInForce } from '#packages/peppol';

const current: RuleRelease = { id: 'current', name: 'Current', inForceFrom: '2026-05-01' };
const next: RuleRelease = { id: 'next', name: 'Next', inForceFrom: '2026-11-16' };

describe('releaseInForce', () => {
  it('applies the current release until the next one is in force, then the next', () => {
    expect(releaseInForce('2026-11-15', [current, next]).id).toBe('current');
    expect(releaseInForce('2026-11-16T00:00:00Z', [current, next]).id).toBe('next');
  });

  it('applies the oldest release to a day before any', () => {
    expect(releaseInForce('2020-01-01', [current, next]).id).toBe('current');
  });
});
