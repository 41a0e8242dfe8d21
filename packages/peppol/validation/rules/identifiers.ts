/**
 * Format and check digit tests for the national identifier schemes Peppol checks (ISO 6523 ICD /
 * EAS codes). Each takes the identifier as written and says whether it is well formed.
 */

const digitsOnly = (value: string, length: number) => value.length === length && /^\d+$/.test(value);
const digitsOf = (value: string) => [...value].map(Number);

/** GS1 GLN (0088): 13 digits, the last a GS1 mod 10 check digit. */
export function isGln(value: string): boolean {
  if (!digitsOnly(value, 13)) return false;
  const digits = digitsOf(value);
  const check = digits.pop() as number;
  const total = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (total % 10)) % 10 === check;
}

/** Norwegian organisation number (0192): 9 digits, mod 11 with weights 3 2 7 6 5 4 3 2. */
export function isNorwegianOrganisationNumber(value: string): boolean {
  if (!digitsOnly(value, 9)) return false;
  const digits = digitsOf(value);
  const total = [3, 2, 7, 6, 5, 4, 3, 2].reduce((acc, w, i) => acc + w * (digits[i] as number), 0);
  const check = 11 - (total % 11);
  return (check === 11 ? 0 : check) === digits[8];
}

/** Danish CVR number (0184) as Peppol writes it: DK followed by 8 digits. */
export function isDanishCvr(value: string): boolean {
  return /^DK\d{8}$/.test(value);
}

/** Belgian enterprise number (0208): 10 digits starting 0 or 1; the last two are 97 − (first eight mod 97). */
export function isBelgianEnterpriseNumber(value: string): boolean {
  if (!/^[01]\d{9}$/.test(value)) return false;
  return 97 - (Number(value.slice(0, 8)) % 97) === Number(value.slice(8));
}

/** Italian IPA code (0201): 6 letters or digits. */
export function isItalianIpaCode(value: string): boolean {
  return /^[0-9A-Za-z]{6}$/.test(value);
}

/** Italian codice fiscale: 16 letters and digits (a person) or 11 digits (an organisation). */
export function isItalianTaxCode(value: string): boolean {
  return /^([0-9A-Za-z]{16}|\d{11})$/.test(value);
}

/** Italian partita IVA: 11 digits, optionally prefixed IT. */
export function isItalianVatNumber(value: string): boolean {
  return /^(IT)?\d{11}$/.test(value);
}

/** Swedish organisation number (0007): 10 digits with a Luhn check digit. */
export function isSwedishOrganisationNumber(value: string): boolean {
  return digitsOnly(value, 10) && luhn(value);
}

/** Australian Business Number (0151): 11 digits; weighted sum with the first digit less one divisible by 89. */
export function isAustralianBusinessNumber(value: string): boolean {
  if (!digitsOnly(value, 11)) return false;
  const digits = digitsOf(value);
  digits[0] = (digits[0] as number) - 1;
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  return weights.reduce((acc, w, i) => acc + w * (digits[i] as number), 0) % 89 === 0;
}

/** Dutch KvK number (0106): 8 digits. */
export function isKvkNumber(value: string): boolean {
  return digitsOnly(value, 8);
}

/** Dutch OIN (0190): 20 digits. */
export function isOin(value: string): boolean {
  return digitsOnly(value, 20);
}

function luhn(value: string): boolean {
  const total = digitsOf(value)
    .reverse()
    .reduce((acc, d, i) => {
      if (i % 2 === 0) return acc + d;
      const doubled = d * 2;
      return acc + (doubled > 9 ? doubled - 9 : doubled);
    }, 0);
  return total % 10 === 0;
}
