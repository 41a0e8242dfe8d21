/** Calendar helpers on `yyyy-mm` months and `yyyy-Qn` quarters, in UTC. */

export const monthOf = (at: string | Date): string => (typeof at === 'string' ? at : at.toISOString()).slice(0, 7);

export function quarterOf(month: string): string {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-Q${Math.ceil(m / 3)}`;
}

export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${year}-${String(mm + 1).padStart(2, '0')}`;
}

/** The months of `month`'s quarter up to and including `month`. */
export function quarterMonthsTo(month: string): string[] {
  const m = Number(month.slice(5, 7));
  const first = m - ((m - 1) % 3);
  const out: string[] = [];
  for (let i = first; i <= m; i++) out.push(`${month.slice(0, 4)}-${String(i).padStart(2, '0')}`);
  return out;
}

/** The months of `month`'s quarter, all three. */
export function quarterMonths(month: string): string[] {
  const m = Number(month.slice(5, 7));
  const first = m - ((m - 1) % 3);
  return [0, 1, 2].map((i) => `${month.slice(0, 4)}-${String(first + i).padStart(2, '0')}`);
}

export function daysInMonth(month: string): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

export const firstDay = (month: string) => `${month}-01`;
export const lastDay = (month: string) => `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;

/** Months from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}
