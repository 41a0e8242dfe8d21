/**
 * Text as SEPA messages carry it. The EPC's SEPA rulebooks guarantee only the Latin subset
 * `a-z A-Z 0-9 / - ? : ( ) . , ' +` and space end to end; banks may pass more, but a name with
 * an `é` or `&` can be refused or garbled on the way. So text is transliterated to that subset
 * (accents dropped, ligatures spelled out, anything else a space) before it is written, and
 * escaped for XML all the same.
 */

const spelled: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  '&': '+',
  '@': '(at)',
  '€': 'EUR',
  '‘': "'",
  '’': "'",
  '`': "'",
  '"': "'",
  '“': "'",
  '”': "'",
  '–': '-',
  '—': '-',
  _: '-',
  ';': ',',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
  '#': ' ',
};

const allowed = /[A-Za-z0-9/\-?:().,'+ ]/;

/** `Crème & Brûlée BV` → `Creme + Brulee BV`: the SEPA Latin subset, spaces collapsed. */
export function toSepaText(value: string): string {
  let out = '';
  for (const ch of value.normalize('NFC')) {
    const mapped = spelled[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += [...base].map((c) => (allowed.test(c) ? c : ' ')).join('');
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Transliterated and cut to `max` characters (the field's length in the schema). */
export function sepaText(value: string, max: number): string {
  return toSepaText(value).slice(0, max).trim();
}

/** True when `value` needs no transliteration: only the SEPA Latin subset. */
export function isSepaText(value: string): boolean {
  return [...value].every((c) => allowed.test(c));
}

/** Escapes the five XML special characters (identifiers and anything not transliterated). */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
