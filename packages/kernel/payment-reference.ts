/**
 * Structured payment references: the Belgian structured communication (OGM/VCS), the Dutch
 * betalingskenmerk and the ISO 11649 RF creditor reference. Each has a check that catches
 * mistyped references before a payment is matched on them.
 */

function digitsOf(base: number | string, maxDigits: number, what: string): string {
  const text = typeof base === 'number' ? (Number.isSafeInteger(base) && base >= 0 ? String(base) : '') : base.trim();
  if (!/^\d+$/.test(text) || text.length > maxDigits) {
    throw new RangeError(`${what} needs a whole number of at most ${maxDigits} digits, not '${base}'.`);
  }
  return text.padStart(maxDigits, '0');
}

/** `digits mod 97` for a digit string of any length, without floating point. */
function mod97(digits: string): number {
  let remainder = 0;
  for (const ch of digits) remainder = (remainder * 10 + Number(ch)) % 97;
  return remainder;
}

// ---------------------------------------------------------------------------------------------
// Belgium: gestructureerde mededeling / communication structurée, `+++123/4567/89002+++`.

/** The two check digits of a Belgian structured communication: base mod 97, 97 instead of 0. */
function belgianCheck(base10: string): string {
  const remainder = mod97(base10);
  return String(remainder === 0 ? 97 : remainder).padStart(2, '0');
}

/** `090933755493` → `+++090/9337/55493+++`. */
function formatBelgian(digits12: string): string {
  return `+++${digits12.slice(0, 3)}/${digits12.slice(3, 7)}/${digits12.slice(7)}+++`;
}

/**
 * A Belgian structured communication for `base` (up to 10 digits, left-padded with zeros),
 * formatted as printed on an invoice: `createBelgianStructuredReference(909337554)` →
 * `+++090/9337/55493+++`.
 */
export function createBelgianStructuredReference(base: number | string): string {
  const base10 = digitsOf(base, 10, 'A Belgian structured communication');
  return formatBelgian(`${base10}${belgianCheck(base10)}`);
}

/**
 * The 12 digits of a Belgian structured communication, or `undefined` when it is not one.
 * Accepts `+++…+++`, `***…***`, slashes, spaces or the bare digits.
 */
export function parseBelgianStructuredReference(value: string): string | undefined {
  const trimmed = value.trim();
  const inner = /^(\+{3}|\*{3})(.*)\1$/.exec(trimmed)?.[2] ?? trimmed;
  const digits = inner.replace(/[\s/]/g, '');
  if (!/^\d{12}$/.test(digits)) return undefined;
  return belgianCheck(digits.slice(0, 10)) === digits.slice(10) ? digits : undefined;
}

export function isValidBelgianStructuredReference(value: string): boolean {
  return parseBelgianStructuredReference(value) !== undefined;
}

/** Any accepted spelling → `+++090/9337/55493+++`; `undefined` when not valid. */
export function formatBelgianStructuredReference(value: string): string | undefined {
  const digits = parseBelgianStructuredReference(value);
  return digits && formatBelgian(digits);
}

// ---------------------------------------------------------------------------------------------
// The Netherlands: betalingskenmerk (Betaalvereniging Nederland, formerly Currence/acceptgiro).
//
// 7 digits: no check. 9–14 digits: check digit C, length code L (number of digits after L,
// modulo 10) and 7–12 digits. 16 digits: C and 15 digits. C is a weighted modulus 11 over all
// digits after it, weights 2, 4, 8, 5, 10, 9, 7, 3, 6, 1 from the right, repeating;
// C = 11 − (sum mod 11), with 10 → 1 and 11 → 0. Lengths 8 and 15 do not exist.

const dutchWeights = [2, 4, 8, 5, 10, 9, 7, 3, 6, 1] as const;

function dutchCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    sum += Number(digits[digits.length - 1 - i]) * (dutchWeights[i % dutchWeights.length] ?? 0);
  }
  const check = 11 - (sum % 11);
  return String(check === 11 ? 0 : check === 10 ? 1 : check);
}

/**
 * A 16-digit betalingskenmerk for `base` (up to 15 digits, left-padded with zeros):
 * `createDutchPaymentReference(56789012345)` → `5000056789012345`.
 */
export function createDutchPaymentReference(base: number | string): string {
  const base15 = digitsOf(base, 15, 'A Dutch payment reference');
  return `${dutchCheckDigit(base15)}${base15}`;
}

/**
 * The digits of a Dutch betalingskenmerk (7, 9–14 or 16 digits; spaces, dots and dashes are
 * ignored), or `undefined` when the length, length code or check digit is wrong.
 */
export function parseDutchPaymentReference(value: string): string | undefined {
  const digits = value.replace(/[\s.-]/g, '');
  if (!/^\d+$/.test(digits)) return undefined;
  const length = digits.length;
  if (length === 7) return digits;
  if (length === 16) return dutchCheckDigit(digits.slice(1)) === digits[0] ? digits : undefined;
  if (length >= 9 && length <= 14) {
    const lengthCode = String((length - 2) % 10);
    if (digits[1] !== lengthCode) return undefined;
    return dutchCheckDigit(digits.slice(1)) === digits[0] ? digits : undefined;
  }
  return undefined;
}

export function isValidDutchPaymentReference(value: string): boolean {
  return parseDutchPaymentReference(value) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// ISO 11649 RF creditor reference: `RF` + 2 check digits + 1–21 letters or digits; moved to
// the end and with letters as numbers (A = 10 … Z = 35), the whole is 1 mod 97.

function alphanumericMod97(text: string): number {
  let remainder = 0;
  for (const ch of text) {
    const value = Number.parseInt(ch, 36);
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder;
}

const creditorReferenceBody = /^[0-9A-Z]{1,21}$/;

/**
 * The RF creditor reference for `reference` (1–21 letters or digits; spaces ignored), in its
 * electronic form: `createCreditorReference('539007547034')` → `RF18539007547034`.
 */
export function createCreditorReference(reference: string): string {
  const body = reference.replace(/\s/g, '').toUpperCase();
  if (!creditorReferenceBody.test(body)) {
    throw new RangeError(`An RF creditor reference needs 1 to 21 letters or digits, not '${reference}'.`);
  }
  const check = 98 - alphanumericMod97(`${body}RF00`);
  return `RF${String(check).padStart(2, '0')}${body}`;
}

/** The electronic form (`RF18539007547034`) of an RF creditor reference, or `undefined`. */
export function parseCreditorReference(value: string): string | undefined {
  const compact = value.replace(/\s/g, '').toUpperCase();
  const match = /^RF(\d{2})([0-9A-Z]{1,21})$/.exec(compact);
  if (!match) return undefined;
  const check = Number(match[1]);
  if (check < 2 || check > 98) return undefined;
  return alphanumericMod97(`${match[2]}RF${match[1]}`) === 1 ? compact : undefined;
}

export function isValidCreditorReference(value: string): boolean {
  return parseCreditorReference(value) !== undefined;
}

/** `RF18539007547034` → `RF18 5390 0754 7034` (groups of four, as printed). */
export function formatCreditorReference(value: string): string | undefined {
  return parseCreditorReference(value)?.replace(/(.{4})(?=.)/g, '$1 ');
}
