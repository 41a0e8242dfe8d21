import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { Cents } from '#packages/kernel';
import type { BalanceCheck, BankLine } from '../model.js';

/**
 * Bytes to text: UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), otherwise
 * Windows-1252, a superset of ISO-8859-1 for every printable character. Banks still write MT940 and CODA in ISO-8859-1 or cp1252; a
 * Latin-1 file with accents is practically never valid UTF-8, so the order is safe.
 */
export function decodeText(bytes: Uint8Array): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return decodeWindows1252(body);
  }
}

// Windows-1252 where ISO-8859-1 has C1 control codes (0x80–0x9F); 0x81, 0x8D, 0x8F, 0x90 and
// 0x9D are undefined and stay as they are.
const cp1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/**
 * ISO-8859-1 / Windows-1252 bytes to text. Node 20's `TextDecoder('windows-1252')` decodes as
 * plain ISO-8859-1, so the 0x80–0x9F range (€, smart quotes, Œ) is mapped here.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1')
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (ch) => cp1252[ch.charCodeAt(0) - 0x80] ?? ch);
}

/**
 * A decimal amount with any number of places (`"1234.5"`, `"0.12345"`, MT940 `"12,"`) to
 * cents, rounded half away from zero past the second decimal. Undefined when not a number.
 */
export function decimalToCents(value: string, decimalSeparator: '.' | ',' = '.'): Cents | undefined {
  const trimmed = value.trim();
  const pattern = decimalSeparator === '.' ? /^([+-]?)(\d*)(?:\.(\d*))?$/ : /^([+-]?)(\d*)(?:,(\d*))?$/;
  const match = pattern.exec(trimmed);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = match[3] ?? '';
  if (whole.length > 15) return undefined;
  const cents = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  const roundUp = fraction.length > 2 && Number(fraction[2]) >= 5 ? 1 : 0;
  const total = cents + roundUp;
  return match[1] === '-' && total !== 0 ? -total : total;
}

/** `YYMMDD` → `YYYY-MM-DD`, years 00–79 in this century. Undefined when not a calendar date. */
export function yymmdd(value: string): string | undefined {
  if (!/^\d{6}$/.test(value)) return undefined;
  const yy = Number(value.slice(0, 2));
  return isoDate(yy < 80 ? 2000 + yy : 1900 + yy, Number(value.slice(2, 4)), Number(value.slice(4, 6)));
}

/** `DDMMYY` → `YYYY-MM-DD` (CODA); undefined for `000000` and non-dates. */
export function ddmmyy(value: string): string | undefined {
  if (!/^\d{6}$/.test(value) || value === '000000') return undefined;
  const yy = Number(value.slice(4, 6));
  return isoDate(yy < 80 ? 2000 + yy : 1900 + yy, Number(value.slice(2, 4)), Number(value.slice(0, 2)));
}

/**
 * An ISO date from parts. Day 30 of February and friends (German banks book on them) are moved
 * to the month's last day rather than rejected.
 */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const d = Math.min(day, last);
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Opening + Σ movements against closing; a missing balance is said, not guessed. */
export function checkBalance(
  opening: Cents | undefined,
  closing: Cents | undefined,
  lines: readonly Pick<BankLine, 'amount'>[],
): BalanceCheck {
  if (opening === undefined || closing === undefined) {
    const missing =
      opening === undefined && closing === undefined
        ? 'opening and closing'
        : opening === undefined
          ? 'opening'
          : 'closing';
    return { ok: true, difference: 0, unchecked: `The source gives no ${missing} balance.` };
  }
  const sum = lines.reduce((total, line) => total + line.amount, 0);
  const difference = closing - (opening + sum);
  return { ok: difference === 0, difference };
}

/** Whitespace runs to one space, trimmed; undefined when nothing is left. */
export function clean(value: string | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

/** The IBAN in electronic format when `value` (spaces allowed) is a valid one, else undefined. */
export function validIban(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const compact = electronicFormatIBAN(value.trim()) ?? '';
  return isValidIBAN(compact) ? compact : undefined;
}
