import { normaliseName } from '#packages/relations';

/** Legal forms that do not tell companies apart: `Acme B.V.` and `ACME bv` are one name. */
const legalForms = new Set([
  'bv',
  'nv',
  'vof',
  'cv',
  'bvba',
  'cvba',
  'vzw',
  'srl',
  'sprl',
  'sa',
  'sc',
  'scrl',
  'asbl',
  'commv',
  'comm',
  'gcv',
  'gmbh',
  'ag',
  'kg',
  'ltd',
  'llc',
  'inc',
  'plc',
  'eenmanszaak',
  'ez',
  'holding',
]);

/**
 * The name as relations are matched on: {@link normaliseName} (case, accents, punctuation),
 * single letters joined (`b v` → `bv`), legal forms dropped. Empty when nothing is left.
 */
export function canonicalName(name: string): string {
  const tokens = normaliseName(name).split(' ').filter(Boolean);
  const joined: string[] = [];
  let letters = '';
  for (const token of tokens) {
    if (token.length === 1 && /[a-z]/.test(token)) {
      letters += token;
      continue;
    }
    if (letters) joined.push(letters);
    letters = '';
    joined.push(token);
  }
  if (letters) joined.push(letters);
  const kept = joined.filter((t) => !legalForms.has(t));
  return (kept.length > 0 ? kept : joined).join(' ');
}

/** Words that say nothing about what was bought (Dutch, French, English; units; VAT words). */
const stopWords = new Set([
  'de',
  'het',
  'een',
  'van',
  'voor',
  'met',
  'en',
  'op',
  'in',
  'aan',
  'per',
  'tot',
  'uit',
  'bij',
  'naar',
  'le',
  'la',
  'les',
  'des',
  'du',
  'un',
  'une',
  'et',
  'pour',
  'avec',
  'sur',
  'par',
  'the',
  'and',
  'for',
  'of',
  'to',
  'with',
  'stuk',
  'stuks',
  'st',
  'pce',
  'pcs',
  'piece',
  'pieces',
  'excl',
  'incl',
  'inclusief',
  'exclusief',
  'btw',
  'tva',
  'vat',
  'eur',
  'euro',
  'nr',
  'no',
  'ref',
  'art',
  'artikel',
]);

/** At most this many words of one description are learned from and looked up. */
export const MAX_WORDS_PER_DESCRIPTION = 8;

/**
 * The words of a line description that can carry what it is: normalised, at least three
 * letters, no digits (dates, quantities, article numbers change every time), no stop words,
 * each once, at most 24 characters, in order of appearance.
 */
export function descriptionWords(description: string): string[] {
  const words: string[] = [];
  for (const token of normaliseName(description).split(' ')) {
    if (token.length < 3 || /\d/.test(token) || stopWords.has(token)) continue;
    const word = token.slice(0, 24);
    if (!words.includes(word)) words.push(word);
    if (words.length >= MAX_WORDS_PER_DESCRIPTION) break;
  }
  return words;
}

/**
 * An invoice number as compared for duplicates: upper case, letters and digits only, so
 * `2026-0042`, `2026 0042` and `2026/0042` (OCR and e-invoice spellings) meet. With the
 * counterparty and the gross in the claim as well, numbers that differ only in punctuation
 * are the same invoice.
 */
export function invoiceNumberKey(invoiceNumber: string): string {
  return invoiceNumber.toUpperCase().replace(/[^0-9A-Z]/g, '');
}
