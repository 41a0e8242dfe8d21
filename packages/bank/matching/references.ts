import { parseBelgianStructuredReference, parseCreditorReference, parseDutchPaymentReference } from '#packages/kernel';
import type { BankLine } from '../model.js';

/** A structured payment reference in one comparable form: the bare digits, or `RF…` electronic. */
export interface FoundReference {
  readonly scheme: 'be' | 'nl' | 'rf';
  readonly value: string;
  /** Where it was found. */
  readonly source: 'structured' | 'remittance';
  /** As written. */
  readonly raw: string;
}

/** The comparable form of any accepted spelling of a reference, or `undefined` when its check fails. */
export function normaliseReference(value: string): FoundReference['value'] | undefined {
  const trimmed = value.trim();
  if (/^rf/i.test(trimmed.replace(/\s/g, ''))) return parseCreditorReference(trimmed);
  return parseBelgianStructuredReference(trimmed) ?? parseDutchPaymentReference(trimmed);
}

function schemeOf(value: string): FoundReference['scheme'] {
  return value.startsWith('RF') ? 'rf' : value.length === 12 ? 'be' : 'nl';
}

export interface ReferenceScan {
  readonly valid: readonly FoundReference[];
  /** References that look structured but fail their check digits: not trusted. */
  readonly invalid: readonly string[];
}

/**
 * Structured references on a line: the structured field (any scheme, checked) and, in the
 * remittance text, Belgian `+++…+++` / `***…***` communications, RF references, and bare
 * 12- or 16-digit runs whose check digits hold.
 */
export function scanReferences(line: Pick<BankLine, 'structuredReference' | 'remittance'>): ReferenceScan {
  const valid: FoundReference[] = [];
  const invalid: string[] = [];
  const add = (raw: string, source: FoundReference['source'], looksStructured: boolean) => {
    const value = normaliseReference(raw);
    if (value) {
      if (!valid.some((r) => r.value === value)) valid.push({ scheme: schemeOf(value), value, source, raw });
    } else if (looksStructured) invalid.push(raw.trim());
  };
  if (line.structuredReference?.trim()) add(line.structuredReference, 'structured', true);
  const text = line.remittance ?? '';
  for (const m of text.matchAll(/(\+{3}|\*{3})\s*([\d\s/]{12,20}?)\s*\1/g)) add(m[0], 'remittance', true);
  for (const m of text.matchAll(/\bRF\s?\d{2}(?:\s?[0-9A-Z]){1,21}\b/gi)) add(m[0], 'remittance', true);
  // A communication written without its plus signs: `090/9337/55493`.
  for (const m of text.matchAll(/(?<![\d/])\d{3}\/\d{4}\/\d{5}(?![\d/])/g)) add(m[0], 'remittance', true);
  // Bare digit runs: only trusted when the check digits hold (a wrong one is just a number).
  for (const m of text.matchAll(/(?<![\d.,/-])(?:\d[ .]?){11,15}\d(?![\d.,/-])/g)) {
    const digits = m[0].replace(/[ .]/g, '');
    if (digits.length === 12 || digits.length === 16) add(digits, 'remittance', false);
  }
  return { valid, invalid };
}
