import type { Country } from '#packages/kernel';

const HOUR = 3_600_000;

/**
 * When the reminder goes out: `leadHours` before the deadline, but never before `now` (a task
 * with less time left is reminded at once, never skipped).
 */
export function reminderTime(now: Date, deadline: Date, leadMs: number): Date {
  return new Date(Math.max(now.getTime(), deadline.getTime() - leadMs));
}

export const hours = (n: number) => n * HOUR;

/** A deadline `days` after `now`, at 17:00 UTC of that day. */
export function deadlineAfterDays(now: Date, days: number): Date {
  const d = new Date(now.getTime() + days * 24 * HOUR);
  d.setUTCHours(17, 0, 0, 0);
  return d;
}

/**
 * The filing deadline of a VAT return: NL the last day of the month after the period; BE the
 * 20th of the month after (monthly and quarterly alike). End of that day, UTC.
 */
export function vatFilingDeadline(country: Country, periodTo: string): Date {
  const [year, month] = periodTo.split('-').map(Number) as [number, number];
  if (country === 'NL') return new Date(Date.UTC(year, month + 1, 0, 23, 59, 59));
  return new Date(Date.UTC(year, month, 20, 23, 59, 59));
}
