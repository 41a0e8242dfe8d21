import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import jsvat from 'jsvat-next';

export const countries = ['NL', 'BE'] as const;
export type Country = (typeof countries)[number];

const vatCountries = { NL: jsvat.netherlands, BE: jsvat.belgium } as const;

/** Upper-cases and strips spaces, dots and dashes: `be 0403.170.701` → `BE0403170701`. */
export function compactIdentifier(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

/** True when `value` is a VAT number of `country` with a correct check digit (mod 11 / mod 97). */
export function isValidVatNumber(country: Country, value: string): boolean {
  const compact = compactIdentifier(value);
  if (!compact.startsWith(country)) return false;
  return jsvat.checkVAT(compact, [vatCountries[country]]).isValid;
}

/** Belgian enterprise number (KBO/BCE): 10 digits, first 0 or 1, last two = 97 - (first eight mod 97). */
export function isValidBelgianEnterpriseNumber(value: string): boolean {
  const compact = compactIdentifier(value).replace(/^BE/, '');
  if (!/^[01]\d{9}$/.test(compact)) return false;
  const base = Number(compact.slice(0, 8));
  return 97 - (base % 97) === Number(compact.slice(8));
}

/** Dutch KvK number: 8 digits (the register issues no check digit since 2016). */
export function isValidKvkNumber(value: string): boolean {
  return /^\d{8}$/.test(compactIdentifier(value));
}

/** The chamber-of-commerce style number of the country: KvK (NL) or enterprise number (BE). */
export function isValidCompanyNumber(country: Country, value: string): boolean {
  return country === 'NL' ? isValidKvkNumber(value) : isValidBelgianEnterpriseNumber(value);
}

export function isValidIban(value: string): boolean {
  const electronic = electronicFormatIBAN(value);
  return electronic !== null && isValidIBAN(electronic);
}

/** Peppol participant identifier schemes (EAS) this back end routes on, with their checks. */
export const peppolSchemes = {
  '0106': (v: string) => isValidKvkNumber(v),
  '0190': (v: string) => /^\d{20}$/.test(v),
  '0208': (v: string) => isValidBelgianEnterpriseNumber(v),
  '9944': (v: string) => isValidVatNumber('NL', v),
  '9925': (v: string) => isValidVatNumber('BE', v),
} as const satisfies Record<string, (value: string) => boolean>;

/** `0208:0403170701` with a known scheme and a value that passes that scheme's check. */
export function isValidPeppolParticipantId(value: string): boolean {
  const match = /^(\d{4}):(.+)$/.exec(value.trim());
  if (!match) return false;
  const check = peppolSchemes[match[1] as keyof typeof peppolSchemes];
  if (!check) return false;
  return check(match[2] ?? '');
}
