import jsvat from 'jsvat-next';
import {
  type Country,
  formatBelgianStructuredReference,
  isValidIban,
  isValidVatNumber,
  parseBelgianStructuredReference,
  parseCreditorReference,
  parseDutchPaymentReference,
} from '#packages/kernel';

/** An identifier found in a text, with where it sits and whether its check holds. */
export interface FoundIdentifier {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly valid: boolean;
  /** A VAT number of a country other than the Netherlands or Belgium. */
  readonly foreign?: boolean;
}

// OCR reads O for 0 and I or l for 1 in digit runs; a digit position may hold any of them.
const d = '[0-9OoIlD]';
// Between digit groups: a space or a dot, or the comma OCR makes of a dot.
const gap = '[\\s.,]?';
const dutchVat = new RegExp(`\\b(?:NL|N1|NI)${gap}((?:${d}${gap}){9})(?:B|8)${gap}(${d}${gap}${d})(?![0-9])`, 'gi');
const belgianVat = new RegExp(`\\bBE${gap}[:]?\\s?((?:${d}${gap}){9,10})(?![0-9])`, 'gi');
const bareBelgian = new RegExp(`(?<![0-9A-Z])([01]${d}{3}${gap}${d}{3}${gap}${d}{3})(?![0-9])`, 'gi');
const bareDutch = new RegExp(`(?<![0-9A-Z])((?:${d}${gap}){9})(?:B|8)${gap}(${d}{2})(?![0-9])`, 'gi');

// Other EU VAT numbers (DE123456789, FR11999999998, ATU12345678, HU30048650): the country's
// format and check come from the VAT library; OCR repairs are only made for NL and BE.
const euCountries = [
  jsvat.austria,
  jsvat.bulgaria,
  jsvat.croatia,
  jsvat.cyprus,
  jsvat.czechRepublic,
  jsvat.denmark,
  jsvat.estonia,
  jsvat.finland,
  jsvat.france,
  jsvat.germany,
  jsvat.greece,
  jsvat.hungary,
  jsvat.ireland,
  jsvat.italy,
  jsvat.latvia,
  jsvat.lithuania,
  jsvat.luxembourg,
  jsvat.malta,
  jsvat.poland,
  jsvat.portugal,
  jsvat.romania,
  jsvat.slovakiaRepublic,
  jsvat.slovenia,
  jsvat.spain,
  jsvat.sweden,
  jsvat.unitedKingdom,
  jsvat.switzerland,
  jsvat.norway,
].filter((country) => country !== undefined);
const otherVat =
  /(?<![0-9A-Z])(AT|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|PL|PT|RO|SE|SI|SK|CHE|NO|XI)[\s-]?(U?[0-9A-Z]{2}(?:[\s.]?[0-9A-Z]{2,3}){2,5}[A-Z]?)(?![0-9A-Z])/g;

function digitsOf(text: string): string {
  return text
    .replace(/[\s.,]/g, '')
    .replace(/[Oo]/g, '0')
    .replace(/[IlD]/g, (ch) => (ch === 'D' ? '0' : '1'));
}

/**
 * Dutch and Belgian VAT numbers in a text (`NL004495445B01`, `BE 0403.170.701`, `BE403170701`),
 * compact, with OCR look-alikes (O for 0, I for 1) repaired, and those of other European
 * countries in their own format (`DE 123 456 789`, `FR11999999998`, `ATU12345678`). Numbers whose check digit fails
 * are returned too, marked not valid. With `bare`, numbers without a country prefix count
 * (for text right after a VAT label).
 */
export function findVatNumbers(text: string, bare = false): FoundIdentifier[] {
  const found: FoundIdentifier[] = [];
  const add = (country: Country, compact: string, start: number, end: number) => {
    if (found.some((f) => f.start < end && start < f.end)) return;
    found.push({ value: compact, start, end, valid: isValidVatNumber(country, compact) });
  };
  for (const m of text.matchAll(dutchVat)) {
    add('NL', `NL${digitsOf(m[1] ?? '')}B${digitsOf(m[2] ?? '')}`, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(belgianVat)) {
    const digits = digitsOf(m[1] ?? '');
    add('BE', `BE${digits.length === 9 ? `0${digits}` : digits}`, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(otherVat)) {
    const compact = `${m[1]}${m[2]}`.replace(/[\s.-]/g, '');
    if ((compact.match(/\d/g)?.length ?? 0) < 7) continue;
    const check = jsvat.checkVAT(compact, euCountries);
    if (!check.isValidFormat) continue;
    const end = m.index + m[0].length;
    if (found.some((f) => f.start < end && m.index < f.end)) continue;
    found.push({ value: compact, start: m.index, end, valid: check.isValid, foreign: true });
  }
  if (bare) {
    for (const m of text.matchAll(bareDutch)) {
      add('NL', `NL${digitsOf(m[1] ?? '')}B${digitsOf(m[2] ?? '')}`, m.index, m.index + m[0].length);
    }
    for (const m of text.matchAll(bareBelgian)) {
      add('BE', `BE${digitsOf(m[1] ?? '')}`, m.index, m.index + m[0].length);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const ibanStart = /\b[A-Z]{2}\s?[0-9O]{2}(?=[\s0-9A-Z]{11,})/g;
// Where an IBAN holds digits, by country: OCR letters there are repaired before the check.
// Where a Dutch IBAN holds the bank's four letters: OCR digits there are repaired the other way.
const letterPositions: Readonly<Record<string, (index: number) => boolean>> = {
  NL: (i) => i >= 4 && i < 8,
};
const digitPositions: Readonly<Record<string, (index: number) => boolean>> = {
  NL: (i) => i < 4 || i >= 8,
  BE: () => true,
  DE: () => true,
  FR: (i) => i < 14 || i >= 25,
  LU: (i) => i < 7,
};

/** Valid IBANs in a text (`NL91 ABNA 0417 1643 00`), electronic form, in order. */
export function findIbans(text: string): FoundIdentifier[] {
  const upper = text.toUpperCase();
  const found: FoundIdentifier[] = [];
  for (const start of upper.matchAll(ibanStart)) {
    const iban = longestValidIban(upper.slice(start.index));
    if (iban && !found.some((f) => f.value === iban.value)) {
      found.push({ value: iban.value, start: start.index, end: start.index + iban.length, valid: true });
    }
  }
  return found;
}

const ibanShape = /(?<![0-9A-Z])([A-Z]{2}[0-9]{2}(?:\s?[0-9A-Z]{4}){2,7}(?:\s?[0-9A-Z]{1,3})?)(?![0-9A-Z])/g;

/**
 * IBAN-shaped runs whose check fails (`DE12 1234 4321 9876 00`), for text right after an IBAN
 * label: what the document prints, to be given with a low confidence rather than dropped.
 */
export function findInvalidIbans(text: string): FoundIdentifier[] {
  const found: FoundIdentifier[] = [];
  for (const m of text.toUpperCase().matchAll(ibanShape)) {
    const value = (m[1] ?? '').replace(/\s/g, '');
    if (!isValidIban(value)) found.push({ value, start: m.index, end: m.index + m[0].length, valid: false });
  }
  return found;
}

function longestValidIban(text: string): { value: string; length: number } | undefined {
  // Characters of the run with their end offsets in the text, spaces skipped.
  const chars: { ch: string; end: number }[] = [];
  for (let i = 0; i < text.length && chars.length < 34; i++) {
    const ch = text.charAt(i);
    if (ch === ' ') {
      if (text.charAt(i + 1) === ' ') break;
      continue;
    }
    if (!/[0-9A-Z]/.test(ch)) break;
    chars.push({ ch, end: i + 1 });
  }
  const run = chars.map((c) => c.ch).join('');
  const country = run.slice(0, 2);
  const isDigit = digitPositions[country] ?? ((i: number) => i < 4 && i >= 2);
  const isLetter = letterPositions[country] ?? (() => false);
  const repaired = [...run]
    .map((ch, i) => (i >= 2 && isDigit(i) ? ocrDigit(ch) : isLetter(i) ? ocrLetter(ch) : ch))
    .join('');
  for (let length = repaired.length; length >= 15; length--) {
    const candidate = repaired.slice(0, length);
    if (isValidIban(candidate)) return { value: candidate, length: chars[length - 1]?.end ?? length };
  }
  return undefined;
}

function ocrLetter(ch: string): string {
  return { '0': 'O', '1': 'I', '5': 'S', '8': 'B', '2': 'Z' }[ch] ?? ch;
}

function ocrDigit(ch: string): string {
  if (ch === 'O' || ch === 'D' || ch === 'Q') return '0';
  if (ch === 'I' || ch === 'L') return '1';
  if (ch === 'S') return '5';
  if (ch === 'B') return '8';
  return ch;
}

const structured = /(\+{2,3}|\*{2,3})\s?(\d{3})\s?\/\s?(\d{4})\s?\/\s?(\d{5})\s?(\+{2,3}|\*{2,3})/;
const bareStructured = /(?<![\d/])(\d{3})\s?\/\s?(\d{4})\s?\/\s?(\d{5})(?![\d/])/;
const referenceLabel =
  /\b(?:betalings?\s?kenmerk|betaal\s?kenmerk|kenmerk|o\.?\s?v\.?\s?v\.?|onder\s+vermelding\s+van|gestructureerde\s+mededeling|mededeling|communication(?:\s+structuree)?|payment\s+reference|reference\s+de\s+paiement|referentie|reference|ref\.?)\b\s*:?/gi;

/** A payment reference with its check: `+++090/9337/55493+++`, a betalingskenmerk, or RF. */
export interface FoundReference {
  readonly value: string;
  readonly start: number;
  readonly labelled: boolean;
}

/**
 * The structured payment reference in a text: a Belgian structured communication
 * (`+++090/9337/55493+++` or `***…***`, mod 97 checked), a labelled 7- or 9–16-digit Dutch
 * betalingskenmerk (check digit checked) or an ISO 11649 RF creditor reference.
 */
export function findPaymentReference(text: string, folded: string): FoundReference | undefined {
  const belgian = structured.exec(text);
  if (belgian) {
    const value = formatBelgianStructuredReference(`${belgian[2]}${belgian[3]}${belgian[4]}`);
    if (value) return { value, start: belgian.index, labelled: true };
  }
  for (const label of folded.matchAll(referenceLabel)) {
    const afterLabel = text.slice(label.index + label[0].length);
    const bare = bareStructured.exec(afterLabel);
    const digits = bare ? `${bare[1]}${bare[2]}${bare[3]}` : undefined;
    if (digits && parseBelgianStructuredReference(digits)) {
      return { value: formatBelgianStructuredReference(digits) ?? digits, start: label.index, labelled: true };
    }
    const dutch = /^\s*((?:\d[\s.]?){7,16})(?!\d)/.exec(afterLabel)?.[1];
    const parsed = dutch ? parseDutchPaymentReference(dutch.trim().replace(/\.$/, '')) : undefined;
    if (parsed && parsed.length >= 9) return { value: parsed, start: label.index, labelled: true };
  }
  const sixteen = /(?<![\d.,])(\d{4}\s?\d{4}\s?\d{4}\s?\d{4})(?![\d,]|\.\d)/.exec(text);
  const kenmerk = sixteen?.[1] ? parseDutchPaymentReference(sixteen[1]) : undefined;
  if (sixteen && kenmerk) return { value: kenmerk, start: sixteen.index, labelled: false };
  const rf = /\bRF\s?\d{2}(?:\s?[0-9A-Z]){1,21}/i.exec(text);
  if (rf) {
    const tokens = rf[0].split(/\s/);
    for (let count = tokens.length; count > 0; count--) {
      const value = parseCreditorReference(tokens.slice(0, count).join(''));
      if (value) return { value, start: rf.index, labelled: true };
    }
  }
  return undefined;
}
