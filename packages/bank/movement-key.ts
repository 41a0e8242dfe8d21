import type { BankLine } from './model.js';

/**
 * The movement key of each line of one account read in one go: account, booking date, amount
 * and the how-manieth line of that amount on that day in the read (`NL…:2026-11-20:-320:2`). It
 * leaves the texts out on purpose, so that the same movement read from a camt.053, an MT940 and
 * the PSD2 feed (which word and cut the remittance differently) is one line; two equal payments
 * on one day stay two because each read counts them. Every source reads whole booking days, so
 * every read numbers a day's lines alike.
 */
export function movementKeys(account: string, lines: readonly Pick<BankLine, 'bookingDate' | 'amount'>[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const base = `${account}:${line.bookingDate}:${line.amount}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}:${n}`;
  });
}
