import { createHash } from 'node:crypto';
import type { BankLine } from '../model.js';

/**
 * Line fingerprints: one stable key per bank movement, so that a line read twice (an overlapping
 * PSD2 window, a statement file imported again, a camt.053 after the camt.052 of the same day)
 * is stored once. Works for every source of {@link BankLine}s, statement files included.
 *
 * The key of a line on account `A` (IBAN in electronic format, or the bank's account number) is
 *
 * - `v1:ref:<h>` with `h = sha256(A | bankReference)` when the line has a bank reference that
 *   identifies it (not a placeholder such as `NONREF`, `NOTPROVIDED`, `NONE`, `0`). The bank's own
 *   id is the strongest identity: it survives corrections of the text.
 * - `v1:txt:<h>:<n>` otherwise, with `h = sha256(A | bookingDate | amount | counterparty | text)`:
 *   counterparty is the IBAN when known, else the name reduced to lowercase letters and digits;
 *   text is the structured reference followed by the remittance, reduced the same way. `n` counts
 *   identical lines on the same day in the order the source lists them (1, 2, …): two coffees of
 *   €3.20 at the same bar on the same day are two lines, and reading that day again gives the
 *   same two keys.
 *
 * Rules for callers: fingerprint all lines of an account together ({@link fingerprintLines}) and
 * always read whole booking days (a PSD2 window starts at the beginning of a day; a statement
 * holds whole days), so that the occurrence numbers are the same on every read. Sources of the
 * same account agree on the key when both carry the bank reference or neither does; a store
 * that wants to catch the mixed case can keep {@link contentFingerprint} as a second key.
 */

const hash = (parts: readonly (string | number)[]) =>
  createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32);

const placeholderReferences = new Set(['', 'NONREF', 'NOTPROVIDED', 'NOTAVAILABLE', 'NONE', 'NA', 'N/A', '0']);

/** Lowercase letters and digits only (accents dropped), so spacing and punctuation do not matter. */
function reduce(value: string | undefined): string {
  return (value ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const accountKey = (account: string) => account.replace(/\s+/g, '').toUpperCase();

/** The bank reference when it identifies a movement, else `undefined`. */
export function usableBankReference(line: BankLine): string | undefined {
  const reference = line.bankReference?.trim();
  if (!reference || placeholderReferences.has(reference.toUpperCase())) return undefined;
  return reference;
}

/** The content part of a line's key, without the occurrence number (see the module comment). */
export function contentFingerprint(account: string, line: BankLine): string {
  const counterparty = line.counterpartyIban ? accountKey(line.counterpartyIban) : reduce(line.counterpartyName);
  const text = reduce(`${line.structuredReference ?? ''} ${line.remittance ?? ''}`);
  return `v1:txt:${hash([accountKey(account), line.bookingDate, line.amount, counterparty, text])}`;
}

/**
 * The key of one line. `occurrence` (from 1) tells identical lines of the same day apart; use
 * {@link fingerprintLines} to have it counted.
 */
export function lineFingerprint(account: string, line: BankLine, occurrence = 1): string {
  const reference = usableBankReference(line);
  if (reference) return `v1:ref:${hash([accountKey(account), reference])}`;
  return `${contentFingerprint(account, line)}:${occurrence}`;
}

export interface FingerprintedLine {
  readonly fingerprint: string;
  readonly line: BankLine;
}

/**
 * Keys for all lines of one account read in one go, in the source's order. Lines without a bank
 * reference that are identical on the same day get occurrence 1, 2, …; a reference repeated
 * within the read keeps one key (the store keeps the first).
 */
export function fingerprintLines(account: string, lines: readonly BankLine[]): FingerprintedLine[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    if (usableBankReference(line)) return { fingerprint: lineFingerprint(account, line), line };
    const content = contentFingerprint(account, line);
    const occurrence = (seen.get(content) ?? 0) + 1;
    seen.set(content, occurrence);
    return { fingerprint: `${content}:${occurrence}`, line };
  });
}
