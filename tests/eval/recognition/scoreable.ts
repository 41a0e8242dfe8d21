import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Expectation } from './cases.ts';

/**
 * Whether a PDF's page can be scored against the structured invoice it travels with. A page
 * that shows none of that invoice's identifying values cannot: some corpora embed a placeholder
 * PDF ("The invoice") in their UBL, or attach the XML of one invoice to the rendering of
 * another. Such documents are reported apart, with the reason, never scored nor dropped.
 */

/** Why a page cannot be scored against its XML; undefined when it can. */
export interface Unscoreable {
  readonly reason: 'the embedded PDF is a placeholder' | 'the page shows another invoice than its XML';
  readonly detail: string;
}

const pageWordsOfAPlaceholder = 12;

/** The text of every page, joined by spaces. */
export async function pageText(bytes: Uint8Array): Promise<string> {
  const document = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  try {
    const parts: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      for (const item of content.items) if ('str' in item) parts.push(item.str);
    }
    return parts.join(' ');
  } finally {
    await document.destroy();
  }
}

const months: readonly (readonly string[])[] = [
  ['jan', 'janv', 'januar', 'january', 'janvier', 'januari', 'jänner'],
  ['feb', 'févr', 'februar', 'february', 'février', 'februari'],
  ['mar', 'mär', 'mars', 'märz', 'march', 'maart'],
  ['apr', 'avr', 'april', 'avril'],
  ['may', 'mai', 'mei'],
  ['jun', 'juin', 'juni', 'june'],
  ['jul', 'juil', 'juli', 'july', 'juillet'],
  ['aug', 'août', 'august', 'augustus'],
  ['sep', 'sept', 'september', 'septembre'],
  ['oct', 'okt', 'oktober', 'october', 'octobre'],
  ['nov', 'november', 'novembre'],
  ['dec', 'dez', 'déc', 'dezember', 'december', 'décembre'],
];

/** The ways a page may print an ISO date: day first, month first, ISO, with the month in words. */
function dateForms(iso: string): RegExp[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return [];
  const [, year = '', month = '', day = ''] = match;
  const d = String(Number(day));
  const m = String(Number(month));
  const y = `(?:${year}|${year.slice(2)})`;
  const sep = String.raw`\s?[./-]\s?`;
  const names = (months[Number(month) - 1] ?? []).join('|');
  return [
    new RegExp(String.raw`(?<!\d)0?${d}${sep}0?${m}${sep}${y}(?!\d)`),
    new RegExp(String.raw`(?<!\d)0?${m}${sep}0?${d}${sep}${y}(?!\d)`),
    new RegExp(String.raw`${year}${sep}${month}${sep}${day}`),
    new RegExp(String.raw`(?<!\d)0?${d}\.?\s+(?:${names})\.?\s+${year}`, 'i'),
    new RegExp(String.raw`(?:${names})\.?\s+0?${d},?\s+${year}`, 'i'),
  ];
}

const compact = (text: string) => text.replace(/[\s.\-/_]/g, '').toUpperCase();

/**
 * The page's verdict against the expectation read from its XML: a placeholder when its text is a
 * few words showing none of the invoice's number, date or total; another invoice when it shows
 * neither the number nor the issue date the XML states (its totals may still agree: the same
 * sale invoiced twice).
 */
export function judgePage(text: string, expected: readonly Expectation[]): Unscoreable | undefined {
  const value = (field: Expectation['field']) => expected.find((e) => e.field === field)?.value;
  const number = value('invoiceNumber');
  const date = value('invoiceDate');
  const gross = value('gross');
  const showsNumber = typeof number === 'string' && compact(text).includes(compact(number));
  const showsDate = typeof date === 'string' && dateForms(date).some((form) => form.test(text));
  const showsGross = typeof gross === 'number' && amountForms(gross).some((form) => text.includes(form));
  if (showsNumber || showsDate) return undefined;
  const words = text.split(/\s+/).filter(Boolean);
  if (!showsGross && words.length <= pageWordsOfAPlaceholder) {
    return { reason: 'the embedded PDF is a placeholder', detail: `its whole text: '${words.join(' ')}'` };
  }
  return {
    reason: 'the page shows another invoice than its XML',
    detail: `the page shows neither number ${String(number)} nor date ${String(date)}${showsGross ? '' : ' nor the total'}`,
  };
}

/** A total in cents as pages print it: 1.234,56 / 1 234,56 / 1,234.56 / 1234.56 / 1234,56. */
function amountForms(cents: number): string[] {
  const magnitude = Math.abs(cents);
  const units = String(Math.floor(magnitude / 100));
  const fraction = String(magnitude % 100).padStart(2, '0');
  const grouped = (separator: string) => units.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return [
    `${grouped('.')},${fraction}`,
    `${grouped(' ')},${fraction}`,
    `${grouped('\u00a0')},${fraction}`,
    `${grouped(',')}.${fraction}`,
    `${units}.${fraction}`,
    `${units},${fraction}`,
  ];
}
