import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type ExpenseDocument, normaliseExpenseDocuments } from '#packages/recognition';
import type { EvalCase, Expectation } from './cases.ts';
import type { Unscored } from './corpora.ts';

/**
 * `textract-analyzeexpense`: real AnalyzeExpense responses, whose summary fields are their own
 * ground truth. Each response is turned into a recognition result by the project's Textract
 * adapter and scored against what the response says, read here by a reader of our own: the value
 * most of its fields of a type give (a tie is not scored). The images some responses were made
 * from are read by the local engine and scored against the same values.
 */

interface Field {
  readonly Type?: { readonly Text?: string };
  readonly ValueDetection?: { readonly Text?: string };
  readonly Currency?: { readonly Code?: string };
}

/** The value most fields give, or undefined when none does or two are given equally often. */
function majority<T extends string | number>(values: readonly (T | undefined)[]): T | undefined {
  const counts = new Map<T, number>();
  for (const value of values) if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  const ranked = [...counts.entries()].sort(([, a], [, b]) => b - a);
  const [first, second] = ranked;
  return first && (!second || second[1] < first[1]) ? first[0] : undefined;
}

function cents(text: string): number | undefined {
  const match = /(-)?\s?[$€£]?\s?(-)?\s?(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{2}))?\s*$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number((match[3] ?? '').replace(/,/g, '')) * 100 + Number(match[4] ?? 0);
  return match[1] || match[2] ? -value : value;
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(year: number, month: number, day: number): string | undefined {
  const full = year < 100 ? 2000 + year : year;
  const date = new Date(Date.UTC(full, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date.toISOString().slice(0, 10) : undefined;
}

/**
 * A date as these (American) responses print it: `12 March 2020`, `March 12, 2019`,
 * `01-Jan-2021`, ISO, or numbers month first (`01/13/17`) unless the first cannot be a month.
 */
function date(text: string): string | undefined {
  const named = /(?:(\d{1,2})[\s-]+([a-z]{3,9})[\s,-]+(\d{4})|([a-z]{3,9})\s+(\d{1,2}),?\s+(\d{4}))/i.exec(text);
  if (named) {
    const month = monthNames.indexOf((named[2] ?? named[4] ?? '').slice(0, 3).toLowerCase()) + 1;
    if (month > 0) return iso(Number(named[3] ?? named[6]), month, Number(named[1] ?? named[5]));
  }
  const isoDate = /(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (isoDate) return iso(Number(isoDate[1]), Number(isoDate[2]), Number(isoDate[3]));
  const numeric = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})/.exec(text);
  if (!numeric) return undefined;
  const [a, b, year] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
  return a > 12 ? iso(year, b, a) : iso(year, a, b);
}

const name = (text: string) =>
  text
    .replace(/\s*\n.*$/s, '')
    .replace(/[\s\-–,.:]+$/, '')
    .trim() || undefined;
const number = (text: string) => /[A-Z0-9][A-Z0-9/-]*\d[A-Z0-9/-]*$/i.exec(text.trim())?.[0];

/** What a response states, field by field. */
export function textractExpectation(documents: readonly ExpenseDocument[]): Expectation[] {
  const fields = documents.flatMap((d) => (d.SummaryFields ?? []) as readonly Field[]);
  const of = <T extends string | number>(type: string, read: (text: string) => T | undefined) =>
    majority(
      fields.filter((f) => f.Type?.Text === type).map((f) => read(f.ValueDetection?.Text?.trim() ?? '') || undefined),
    );
  const expected: Expectation[] = [
    { field: 'invoiceNumber', value: of('INVOICE_RECEIPT_ID', number) },
    { field: 'invoiceDate', value: of('INVOICE_RECEIPT_DATE', date) },
    { field: 'dueDate', value: of('DUE_DATE', date) },
    { field: 'supplierName', value: of('VENDOR_NAME', name) },
    { field: 'customerName', value: of('RECEIVER_NAME', name) },
    { field: 'net', value: of('SUBTOTAL', cents) },
    { field: 'vat', value: of('TAX', cents) },
    { field: 'gross', value: of('TOTAL', cents) },
    { field: 'currency', value: majority(fields.map((f) => f.Currency?.Code?.toUpperCase())) },
  ];
  return expected.filter((e) => e.value !== undefined);
}

const imageTypes: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

/** The responses through the Textract adapter, and the paired images through the local engine. */
export async function textractCases(folder: string): Promise<{ cases: EvalCase[]; unscored: Unscored[] }> {
  const corpus = 'textract-analyzeexpense';
  const base = join(folder, corpus);
  const index = await readFile(join(base, '_derived_pairs.json'), 'utf8').catch(() => undefined);
  if (index === undefined) return { cases: [], unscored: [] };
  const pairs = (JSON.parse(index) as { pairs: { response: string; document: string | null }[] }).pairs;
  const adapter: EvalCase[] = [];
  const images: EvalCase[] = [];
  const unscored: Unscored[] = [];
  const imagesSeen = new Set<string>();
  for (const pair of pairs) {
    const response = JSON.parse(await readFile(join(base, pair.response), 'utf8')) as {
      ExpenseDocuments?: ExpenseDocument[];
    };
    const documents = response.ExpenseDocuments ?? [];
    const expected = textractExpectation(documents);
    const group = 'textract-analyzeexpense responses (Textract adapter)';
    if (expected.length === 0) {
      unscored.push({
        corpus,
        group,
        document: pair.response,
        reason: 'the response states no summary field',
        detail: 'nothing to score',
      });
      continue;
    }
    const documentType = 'invoice';
    adapter.push({
      corpus,
      group,
      document: pair.response,
      documentType,
      expected,
      input: async () => ({ bytes: new Uint8Array(), fileName: basename(pair.response) }),
      read: async () => normaliseExpenseDocuments(documents),
    });
    if (pair.document && !imagesSeen.has(pair.document)) {
      imagesSeen.add(pair.document);
      const path = join(base, pair.document);
      images.push({
        corpus,
        group: 'textract-analyzeexpense images read locally (OCR)',
        document: pair.document,
        documentType,
        expected: expected.filter((e) => e.field !== 'currency'),
        input: async () => ({
          bytes: new Uint8Array(await readFile(path)),
          fileName: basename(path),
          contentType: imageTypes[path.split('.').pop()?.toLowerCase() ?? ''],
        }),
      });
    }
  }
  return { cases: [...adapter, ...images], unscored };
}
