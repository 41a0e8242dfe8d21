import { describe, expect, it } from 'vitest';
import { deadlineAfterDays, defaultTexts, reminderTime, renderText, vatFilingDeadline } from '#packages/approvals';

describe('vatFilingDeadline', () => {
  it('is the end of the month after the period in NL and the 20th of that month in BE', () => {
    expect(vatFilingDeadline('NL', '2026-03').toISOString()).toBe('2026-04-30T23:59:59.000Z');
    expect(vatFilingDeadline('NL', '2026-12').toISOString()).toBe('2027-01-31T23:59:59.000Z');
    expect(vatFilingDeadline('BE', '2026-06').toISOString()).toBe('2026-07-20T23:59:59.000Z');
    expect(vatFilingDeadline('BE', '2026-12').toISOString()).toBe('2027-01-20T23:59:59.000Z');
  });
});

describe('reminderTime', () => {
  const now = new Date('2026-11-20T10:00:00Z');
  it('is the lead time before the deadline, but never before now', () => {
    expect(reminderTime(now, new Date('2026-11-27T10:00:00Z'), 48 * 3600_000).toISOString()).toBe(
      '2026-11-25T10:00:00.000Z',
    );
    expect(reminderTime(now, new Date('2026-11-20T12:00:00Z'), 48 * 3600_000)).toEqual(now);
  });

  it('puts a deadline in days at 17:00 UTC of that day', () => {
    expect(deadlineAfterDays(now, 7).toISOString()).toBe('2026-11-27T17:00:00.000Z');
  });
});

describe('renderText', () => {
  it('fills the firm, task and deadline into the Dutch default texts and leaves unknown placeholders', () => {
    const text = renderText(defaultTexts.reminderSubject, { firm: 'Demo Kantoor', task: 'Btw-aangifte 2026-Q3' });
    expect(text).toBe('Herinnering van Demo Kantoor: Btw-aangifte 2026-Q3');
    expect(renderText('{firm} {onbekend}', { firm: 'K' })).toBe('K {onbekend}');
  });
});
