import {
  type Country,
  compactIdentifier,
  formatBelgianStructuredReference,
  isValidBelgianEnterpriseNumber,
  isValidIban,
  isValidKvkNumber,
  isValidVatNumber,
} from '#packages/kernel';

const ibanStart = /\b[A-Z]{2}\d{2}(?=[ A-Z0-9]{11,})/g;
const vatPatterns: readonly (readonly [Country, RegExp])[] = [
  ['NL', /\bNL(?:[\s.-]?\d){9}[\s.-]?B[\s.-]?\d{2}\b/gi],
  ['BE', /\bBE(?:[\s.-]?\d){9,10}\b/gi],
];
const kvk = /\b(?:KvK|K\.v\.K\.|Kamer van Koophandel)[\s.:-]*(?:nr\.?|nummer|no\.?)?[\s.:-]*(\d{8})\b/i;
const enterpriseNumber =
  /\b(?:KBO|BCE|ondernemingsnummer|ondernemingsnr\.?|n° d'entreprise|numéro d'entreprise|RPR|RPM)[\s.:-]*([01]\d{3}[\s.]?\d{3}[\s.]?\d{3})\b/i;
const structuredReference = /(\+{3}|\*{3})\s*\d{3}\s*\/\s*\d{4}\s*\/\s*\d{5}\s*\1/;

/** The valid IBANs in a text, in electronic form (`NL91ABNA0417164300`), in order of appearance. */
export function findIbans(text: string): string[] {
  const upper = text.toUpperCase();
  const found: string[] = [];
  for (const start of upper.matchAll(ibanStart)) {
    const iban = longestValidIban(upper.slice(start.index).replace(/ /g, '').slice(0, 34));
    if (iban && !found.includes(iban)) found.push(iban);
  }
  return found;
}

// An IBAN's length is fixed per country, so at most one prefix of the run can be valid.
function longestValidIban(run: string): string | undefined {
  for (let length = run.length; length >= 15; length--) {
    const candidate = run.slice(0, length);
    if (isValidIban(candidate)) return candidate;
  }
  return undefined;
}

/** The valid Dutch and Belgian VAT numbers in a text, compact (`BE0403170701`). */
export function findVatNumbers(text: string): string[] {
  const found: string[] = [];
  for (const [country, pattern] of vatPatterns) {
    for (const match of text.matchAll(pattern)) {
      const vat = validVatNumber(country, match[0]);
      if (vat && !found.includes(vat)) found.push(vat);
    }
  }
  return found;
}

/**
 * A value from a field labelled as a VAT number, which may lack its country prefix
 * (`0403.170.701`, `004495445B01`): the compact valid NL or BE number, or `undefined`.
 */
export function vatNumberFromField(value: string): string | undefined {
  const inText = findVatNumbers(value)[0];
  if (inText) return inText;
  const compact = compactIdentifier(value);
  if (/^\d{9}B\d{2}$/.test(compact)) return validVatNumber('NL', `NL${compact}`);
  if (/^[01]?\d{9}$/.test(compact)) return validVatNumber('BE', `BE${compact}`);
  return undefined;
}

function validVatNumber(country: Country, value: string): string | undefined {
  let compact = compactIdentifier(value);
  // Belgian numbers from before 2007 have nine digits; the leading zero was added later.
  if (country === 'BE' && compact.length === 11) compact = `BE0${compact.slice(2)}`;
  return isValidVatNumber(country, compact) ? compact : undefined;
}

/** A labelled Dutch KvK or Belgian enterprise number in a text, compact, when valid. */
export function findCompanyNumber(text: string): string | undefined {
  const dutch = kvk.exec(text)?.[1];
  if (dutch && isValidKvkNumber(dutch)) return dutch;
  const belgian = enterpriseNumber.exec(text)?.[1];
  return belgian && isValidBelgianEnterpriseNumber(belgian) ? compactIdentifier(belgian) : undefined;
}

/** A Belgian structured communication (`+++090/9337/55493+++`) in a text, when its check holds. */
export function findStructuredReference(text: string): string | undefined {
  const match = structuredReference.exec(text);
  return match ? formatBelgianStructuredReference(match[0]) : undefined;
}
