import type { ExpenseField } from './response.js';

/** One Textract field flattened: what the normaliser matches on and how sure Textract was. */
export interface FieldReading {
  /** `Type.Text`, e.g. `TOTAL`; `OTHER` when absent. */
  readonly type: string;
  readonly label: string;
  readonly value: string;
  /** min(label, value) confidence in 0..1. */
  readonly confidence: number;
  /** `GroupProperties` types such as `VENDOR` or `RECEIVER` (newer responses only). */
  readonly groups: readonly string[];
  readonly currency?: { readonly code: string; readonly confidence: number };
  /** Which of the response's expense documents the field came from. */
  readonly documentIndex: number;
}

/** A value with the confidence it was read with, as the recognition result holds it. */
export interface Confident<T> {
  readonly value: T;
  readonly confidence: number;
}

/** Flattens a Textract field; `undefined` when it has no value text. */
export function readField(field: ExpenseField, documentIndex: number): FieldReading | undefined {
  const value = field.ValueDetection?.Text?.trim() ?? '';
  if (value === '') return undefined;
  const label = field.LabelDetection?.Text?.trim() ?? '';
  const confidences = [field.ValueDetection?.Confidence ?? 0];
  if (label !== '') confidences.push(field.LabelDetection?.Confidence ?? 0);
  const confidence = toUnit(Math.min(...confidences));
  const code = field.Currency?.Code;
  return {
    type: field.Type?.Text ?? 'OTHER',
    label,
    value,
    confidence,
    groups: (field.GroupProperties ?? []).flatMap((g) => g.Types ?? []),
    ...(code ? { currency: { code, confidence: toUnit(field.Currency?.Confidence ?? confidence * 100) } } : {}),
    documentIndex,
  };
}

/** Textract's 0..100 as 0..1, to four places. */
export function toUnit(percent: number): number {
  return Math.round(Math.min(Math.max(percent, 0), 100) * 100) / 10_000;
}

/**
 * The most confident reading that `parse` accepts, with its parsed value; the first one wins
 * a tie, so the order Textract reports fields in breaks ties.
 */
export function mostConfident<T>(
  readings: readonly FieldReading[],
  parse: (reading: FieldReading) => T | undefined,
): (Confident<T> & { readonly reading: FieldReading }) | undefined {
  let best: (Confident<T> & { reading: FieldReading }) | undefined;
  for (const reading of readings) {
    const value = parse(reading);
    if (value !== undefined && (!best || reading.confidence > best.confidence)) {
      best = { value, confidence: reading.confidence, reading };
    }
  }
  return best;
}

/** Readings of any of `types`. */
export function ofType(readings: readonly FieldReading[], ...types: string[]): FieldReading[] {
  return readings.filter((r) => types.includes(r.type));
}

/** Multi-line OCR text as one line, without lines of bare punctuation (`META\n-` → `META`). */
export function cleanText(text: string): string | undefined {
  const kept = text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => /[\p{L}\p{N}]/u.test(line));
  return kept.length > 0 ? kept.join(' ') : undefined;
}

/** Drops the confidence bookkeeping a result does not carry. */
export function plain<T>(found: Confident<T> | undefined): Confident<T> | undefined {
  return found && { value: found.value, confidence: found.confidence };
}
