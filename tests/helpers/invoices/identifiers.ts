import { composeIBAN, friendlyFormatIBAN } from 'ibantools';
import { createBelgianStructuredReference, createDutchPaymentReference } from '#packages/kernel';
import type { Random } from './random.ts';

/**
 * Identifiers with valid check digits, so a recogniser that validates what it reads (as the
 * kernel does) has no excuse to drop them.
 */

/** `NL123456782B01`: nine digits whose weighted sum (9..2 over the first eight) mod 11 is the ninth. */
export function dutchVatNumber(random: Random): string {
  for (;;) {
    const base = `${random.int(1, 9)}${random.digits(7)}`;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(base[i]) * (9 - i);
    const check = sum % 11;
    if (check <= 9) return `NL${base}${check}B0${random.pick(['1', '1', '1', '2'])}`;
  }
}

/** A Belgian enterprise number (KBO/BCE), ten digits: first eight, then 97 − (first eight mod 97). */
export function belgianEnterpriseNumber(random: Random): string {
  const base = `${random.pick(['0', '0', '0', '1'])}${random.int(2, 9)}${random.digits(6)}`;
  const check = 97 - (Number(base) % 97);
  return `${base}${String(check).padStart(2, '0')}`;
}

/** A Dutch KvK number: eight digits. */
export function kvkNumber(random: Random): string {
  return `${random.int(1, 9)}${random.digits(7)}`;
}

const dutchBanks = ['ABNA', 'INGB', 'RABO', 'TRIO', 'KNAB', 'BUNQ', 'SNSB', 'ASNB', 'RBRB'] as const;
const belgianBanks = ['001', '068', '063', '310', '363', '539', '735', '737', '751', '973'] as const;

/** An IBAN in electronic form with a valid checksum (and, for Belgium, a valid BBAN check). */
export function iban(random: Random, country: 'NL' | 'BE'): string {
  let bban: string;
  if (country === 'NL') {
    bban = `${random.pick(dutchBanks)}0${random.digits(9)}`;
  } else {
    const ten = `${random.pick(belgianBanks)}${random.digits(7)}`;
    const remainder = Number(ten) % 97;
    bban = `${ten}${String(remainder === 0 ? 97 : remainder).padStart(2, '0')}`;
  }
  const composed = composeIBAN({ countryCode: country, bban });
  if (!composed) throw new Error(`Could not compose an IBAN for ${country} ${bban}`);
  return composed;
}

/** `NL91ABNA0417164300` → `NL91 ABNA 0417 1643 00`. */
export function printedIban(electronic: string): string {
  return friendlyFormatIBAN(electronic) ?? electronic;
}

/** The payment reference a supplier of `country` prints: a betalingskenmerk or a structured communication. */
export function paymentReference(random: Random, country: 'NL' | 'BE'): string {
  return country === 'NL'
    ? createDutchPaymentReference(`${random.int(1, 9)}${random.digits(14)}`)
    : createBelgianStructuredReference(`${random.int(1, 9)}${random.digits(9)}`);
}

/** `BE0403170701` → `BE 0403.170.701`; `NL123456782B01` stays as it is. */
export function printedVatNumber(vat: string, style: 'compact' | 'spaced'): string {
  if (style === 'compact') return vat;
  if (vat.startsWith('BE')) return `BE ${printedEnterpriseNumber(vat.slice(2))}`;
  return `NL ${vat.slice(2, 6)}.${vat.slice(6, 8)}.${vat.slice(8, 11)}.${vat.slice(11)}`;
}

/** `0403170701` → `0403.170.701`. */
export function printedEnterpriseNumber(number: string): string {
  return `${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}`;
}

/** `5000056789012345` → `5000 0567 8901 2345`; a Belgian reference is printed as created. */
export function printedPaymentReference(reference: string): string {
  return reference.startsWith('+++') ? reference : reference.replace(/(\d{4})(?=\d)/g, '$1 ');
}
