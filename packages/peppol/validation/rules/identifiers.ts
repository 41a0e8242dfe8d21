/**
 * Format and check digit tests for the national identifier schemes Peppol checks (ISO 6523 ICD /
 * EAS codes), as the Peppol BIS Billing 3.0 Schematron computes them (its `u:` functions). Each
 * takes the identifier with whitespace normalised, unless it says otherwise, and says whether it
 * passes.
 */

const digitsAt = (value: string) => [...value].map((c) => c.charCodeAt(0) - 48);

/** GS1 GLN (0088): digits only, any length; the last a GS1 mod 10 check digit over the others. */
export function isGln(value: string): boolean {
  if (!/^[0-9]+$/.test(value)) return false;
  const body = digitsAt(value.slice(0, -1)).reverse();
  const sum = body.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === Number(value.slice(-1));
}

/** Norwegian organisation number (0192): 9 digits, mod 11 with weights 2 to 7 from the right. */
export function isNorwegianOrganisationNumber(value: string): boolean {
  if (!/^[0-9]{9}$/.test(value)) return false;
  const body = digitsAt(value.slice(0, -1)).reverse();
  const sum = body.reduce((acc, d, i) => acc + d * ((i % 6) + 2), 0);
  return Number(value) > 0 && (11 - (sum % 11)) % 11 === Number(value.slice(-1));
}

const allDigits = (value: string) => /^[0-9]*$/.test(value);

/** Danish CVR (0184), on the value as written: DK and 8 digits, or 8 digits. */
export function isDanishCvr(raw: string): boolean {
  return (
    (raw.length === 10 && raw.startsWith('DK') && allDigits(raw.slice(2, 10))) || (raw.length === 8 && allDigits(raw))
  );
}

/** Danish SE number (0198), on the value as written: DK and 8 digits. */
export function isDanishSeNumber(raw: string): boolean {
  return raw.length === 10 && raw.startsWith('DK') && allDigits(raw.slice(2, 10));
}

/** Danish P number (0096), on the value as written: 10 digits. */
export function isDanishPNumber(raw: string): boolean {
  return raw.length === 10 && allDigits(raw);
}

/** Belgian enterprise number (0208): 10 digits; the last two are 97 − (first eight mod 97). */
export function isBelgianEnterpriseNumber(value: string): boolean {
  if (!/^[0-9]{10}$/.test(value)) return false;
  return Number(value.slice(8, 10)) === 97 - (Number(value.slice(0, 8)) % 97);
}

/** Italian IPA code (0201): 6 ASCII letters or digits. */
export function isItalianIpaCode(value: string): boolean {
  return /^[A-Za-z0-9]{6}$/.test(value);
}

const castableAsInteger = (value: string) => /^\s*[+-]?[0-9]+\s*$/.test(value);

/** Italian codice fiscale (0210, 9907): 11 digits, or the 16-character personal code's shape. */
export function isItalianTaxCode(value: string): boolean {
  if (value.length === 11) return castableAsInteger(value);
  if (value.length !== 16) return false;
  const letters = (s: string) => /^[A-Za-z]*$/.test(s);
  return (
    letters(value.slice(0, 6)) &&
    castableAsInteger(value.slice(6, 8)) &&
    letters(value.slice(8, 9)) &&
    castableAsInteger(value.slice(9, 11)) &&
    castableAsInteger(value.slice(14, 15)) &&
    letters(value.slice(15, 16))
  );
}

/** Italian partita IVA (0211): when it starts IT (or it), 11 digits after it with a valid check digit. */
export function isItalianVatNumber(value: string): boolean {
  const country = value.slice(0, 2);
  if (country !== 'IT' && country !== 'it') return true;
  const code = value.slice(2);
  if (code.length !== 11 || !castableAsInteger(code)) return false;
  let sum = 0;
  for (const [i, ch] of [...code].entries()) {
    if (!/[0-9]/.test(ch)) return false;
    const d = Number(ch);
    sum += i % 2 === 1 ? Number('0246813579'[d]) : d;
  }
  return sum % 10 === 0;
}

/** Swedish organisation number (0007): 10 digits with a Luhn check digit. */
export function isSwedishOrganisationNumber(value: string): boolean {
  if (value.length !== 10 || !/^[0-9]+$/.test(value)) return false;
  const main = value.slice(0, 9);
  let sum = 0;
  for (let pos = 1; pos <= main.length; pos++) {
    const d = Number(main[main.length - pos]);
    sum += pos % 2 === 1 ? ((d * 2) % 10) + Math.floor((d * 2) / 10) : d;
  }
  return (10 - (sum % 10)) % 10 === Number(value[9]);
}

/** Australian Business Number (0151): 11 digits; the weighted sum, first digit less one, divisible by 89. */
export function isAustralianBusinessNumber(value: string): boolean {
  if (!/^[0-9]{11}$/.test(value)) return false;
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const digits = digitsAt(value);
  digits[0] = (digits[0] as number) - 1;
  return weights.reduce((acc, w, i) => acc + w * (digits[i] as number), 0) % 89 === 0;
}

/** Dutch KvK number (0106): 8 digits. */
export function isKvkNumber(value: string): boolean {
  return /^[0-9]{8}$/.test(value);
}

/** Dutch OIN (0190): 20 digits. */
export function isOin(value: string): boolean {
  return /^[0-9]{20}$/.test(value);
}

/** Dutch VAT number as Peppol writes it (9944, and a VAT scheme company id starting NL). */
export function isDutchVatNumber(value: string): boolean {
  return /^NL[0-9]{9}B[0-9]{2}$/.test(value);
}

/** 0217: 12 digits. */
export function isTwelveDigits(value: string): boolean {
  return /^[0-9]{12}$/.test(value);
}
