import { vatOf } from '#packages/kernel';
import { type RecognitionResult, totalsIssues } from '../model.js';
import { type DateOrder, parseDate } from '../textract/dates.js';
import { linesIssues } from '../textract/lines.js';
import { findAmounts } from './amounts.js';
import { best, type Candidate, labelHits, ocrFactor, readLabelled, unit } from './find.js';
import { findPaymentReference } from './identifiers.js';
import {
  creditNoteWords,
  dueDateLabels,
  invoiceDateLabels,
  invoiceNumberLabels,
  invoiceWords,
  type Label,
  otherDateWords,
  otherNumberWords,
  paymentTerms,
  receiptHints,
  receiptWords,
  totalLabels,
} from './labels.js';
import type { PageText } from './layout.js';
import { type OwnHints, readParties } from './parties.js';
import { readLineItems, readReceiptItems } from './table.js';
import { confidenceOf, type Doc, fold, type Row, relativeY, toDoc } from './text.js';
import { readTotals } from './totals.js';

type Issues = RecognitionResult['issues'];
type Field<T> = { value: T; confidence: number };

export type { OwnHints } from './parties.js';

export interface ExtractOptions {
  /** Where the positioned text came from: a PDF text layer or OCR. */
  readonly source: 'pdf-text' | 'ocr';
  /** The administration's own identifiers, to tell its side of the document apart. */
  readonly hints?: OwnHints;
}

/**
 * Reads invoice, credit-note and receipt fields from positioned text lines, in Dutch, French or
 * English: the parties and their identifiers (checked by the kernel), the invoice number, dates,
 * currency, totals and VAT per rate (chosen so the arithmetic adds up), the payment reference and
 * the line items of a table. Each field's confidence reflects how it was found: lower for OCR and
 * weak labels, higher where a check digit or the arithmetic confirms it. What is missing or does
 * not add up is listed in `issues`. Pure: no I/O.
 */
export function extractInvoiceFields(pages: readonly PageText[], options: ExtractOptions): RecognitionResult {
  const doc = toDoc(pages);
  const issues: Issues = [];
  const hints = options.hints ?? {};
  const items = readLineItems(doc);
  const amounts = readTotals(doc, items.rows, issues, sumOfLines(items.lines));
  const invoiceNumber = readInvoiceNumber(doc);
  const terms = termDays(doc);
  const { labelledDue, invoiceDate } = readDates(doc, terms);
  const documentType = classify(doc, invoiceNumber, labelledDue, amounts.totals.gross);
  const dueDate = readDueDate(labelledDue, invoiceDate, documentType.value === 'invoice' ? terms : undefined, issues);
  const parties = readParties(doc, hints, issues);
  const lines =
    items.lines.length > 0 || documentType.value !== 'receipt'
      ? items.lines
      : readReceiptItems(doc, firstTotalRow(doc)).lines;
  const vatBreakdown = withLineBases(amounts.vatBreakdown, lines, amounts.totals.net?.value);
  const result: RecognitionResult = {
    source: options.source,
    documentType,
    ...parties,
    invoiceNumber,
    invoiceDate,
    dueDate,
    currency: readCurrency(doc, hints, parties.supplier.vatNumber?.value),
    paymentReference: readPaymentReference(doc),
    ...amounts,
    vatBreakdown,
    lines,
    issues,
  };
  issues.push(...missing(result), ...linesIssues(lines, amounts.totals), ...totalsIssues(result));
  return result;
}

/** What the line items add up to, when every line has an amount. */
function sumOfLines(lines: RecognitionResult['lines']): number | undefined {
  if (lines.length === 0 || lines.some((line) => line.net === undefined)) return undefined;
  return lines.reduce((sum, line) => sum + (line.net ?? 0), 0);
}

/**
 * A VAT row printed without its base has it estimated back from the VAT; when the line items
 * add up to the net total, their sums per rate are the exact bases (and show a 0 % part).
 */
function withLineBases(
  breakdown: RecognitionResult['vatBreakdown'],
  lines: RecognitionResult['lines'],
  net: number | undefined,
): RecognitionResult['vatBreakdown'] {
  if (breakdown.length === 0 || lines.length === 0 || net === undefined) return breakdown;
  if (lines.some((line) => line.net === undefined || line.vatRateBasisPoints === undefined)) return breakdown;
  if (lines.reduce((sum, line) => sum + (line.net ?? 0), 0) !== net) return breakdown;
  const bases = new Map<number, number>();
  for (const line of lines) {
    const rate = line.vatRateBasisPoints ?? 0;
    bases.set(rate, (bases.get(rate) ?? 0) + (line.net ?? 0));
  }
  const refined = breakdown.map((row) => {
    const base = bases.get(row.rateBasisPoints);
    return base !== undefined && Math.abs(vatOf(base, row.rateBasisPoints) - row.vat) <= 2 ? { ...row, base } : row;
  });
  const zero = bases.get(0);
  if (zero && !refined.some((row) => row.rateBasisPoints === 0))
    refined.push({ rateBasisPoints: 0, base: zero, vat: 0 });
  return refined;
}

/** The invoice number a page or document prints, for telling invoices apart in a bulk PDF. */
export function firstInvoiceNumber(doc: Doc): string | undefined {
  return readInvoiceNumber(doc)?.value;
}

function plain<T>(candidate: Candidate<T> | undefined): Field<T> | undefined {
  return candidate && { value: candidate.value, confidence: unit(candidate.confidence) };
}

// "Facture liée", "Related invoice": the number of the invoice a credit note corrects.
const titleLabel: Label = {
  pattern:
    /(?<!\b(?:related|original|corrected|linked)\s)\b(?:factuur|facture|invoice|creditnota|credit\s+note|note\s+de\s+credit|avoir|rechnung|gutschrift)\b(?!\s+(?:liee|d'origine|originale?|initiale|corrigee|rectifiee|oorspronkelijke|gerelateerde|originele|ursprungliche|zugehorige|bezogene))/,
  strength: 0.7,
};

function readInvoiceNumber(doc: Doc): Field<string> | undefined {
  const labelled = labelHits(doc, invoiceNumberLabels, { otherWords: otherNumberWords }).map((hit) => {
    const found = readLabelled(doc, hit, invoiceNumberOf);
    // One or two characters away from the label are more likely OCR debris than a number.
    return found && (found.segment === hit.segment || found.value.length >= 3) ? found : undefined;
  });
  const found = best(labelled);
  // A strong label wins outright; a generic one ("Réf.", "Nr.") competes with the title.
  if (found && found.confidence >= 0.7) return plain(found);
  // A title followed by the number: "FACTUUR 2025-0042", "Invoice INV-17".
  // The word alone among column headings ("Client: | N° facture | Date") heads its value.
  const titled = labelHits(doc, [titleLabel]).map((hit) => {
    const heading = hit.segment.row.segments.length > 1 && /^\s*\p{L}+\s*$/u.test(hit.segment.folded);
    return readLabelled(doc, hit, titleNumberOf, { below: heading });
  });
  return plain(best([found, ...titled]));
}

/** The identifier a value text starts with: letters, digits and `-/._`, holding a digit. */
function invoiceNumberOf(text: string): { value: string; start: number; end: number } | undefined {
  // A lone character before the number is what OCR made of a leader line's dots.
  const match =
    /^[\s:;.#°|–*'"’,»>-]*(?:[A-Za-z0-9.,:;'’]\s+(?=[A-Za-z0-9-]*\d[A-Za-z0-9-]{2,}))?([A-Za-z0-9][A-Za-z0-9\-/._]*)/.exec(
      text,
    );
  const token = match?.[1]?.replace(/[-/._]+$/, '');
  if (!match || !token || !/\d/.test(token) || token.length > 30) return undefined;
  // A date or an amount after a number label belongs to another column.
  if (!/[A-Za-z]/.test(token) && parseDate(token) !== undefined) return undefined;
  if (/^\d{1,3}(?:[.,]\d{2})$/.test(token) || findAmounts(text.slice(0, 16)).some((a) => a.start === 0 && a.currency))
    return undefined;
  const start = match[0].length - (match[1]?.length ?? 0);
  return { value: token, start, end: start + token.length };
}

function titleNumberOf(text: string): { value: string; start: number; end: number } | undefined {
  if (parseDate(text.slice(0, 24)) !== undefined && /^\s*\d{1,2}\b/.test(text)) return undefined;
  const found = invoiceNumberOf(text);
  // "Factuur 3" is a page or a count, not a number someone would give an invoice.
  return found && found.value.length >= 3 ? found : undefined;
}

function dateOf(text: string, order: DateOrder = 'dmy'): { value: string; start: number; end: number } | undefined {
  const value = parseDate(text.slice(0, 40), order) ?? parseDate(repairDate(text.slice(0, 40)), order);
  if (!value) return undefined;
  const year = Number(value.slice(0, 4));
  if (year < 1990 || year > 2099) return undefined;
  return { value, start: 0, end: Math.min(text.length, 20) };
}

const months = [
  'januari',
  'january',
  'janvier',
  'februari',
  'february',
  'fevrier',
  'maart',
  'march',
  'mars',
  'april',
  'avril',
  'mei',
  'may',
  'mai',
  'juni',
  'june',
  'juin',
  'juli',
  'july',
  'juillet',
  'augustus',
  'august',
  'aout',
  'september',
  'septembre',
  'oktober',
  'october',
  'octobre',
  'november',
  'novembre',
  'december',
  'decembre',
  'jan',
  'feb',
  'febr',
  'mrt',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'okt',
  'oct',
  'nov',
  'dec',
];

/**
 * A date as OCR may garble it: "4juni 2025" (the space lost), "25 miei 2025" (a month name one
 * letter off). Only used when the text does not read as a date as it is.
 */
function repairDate(text: string): string {
  return text.replace(/(\d)(\p{L}{3,})/gu, '$1 $2').replace(/\p{L}{3,9}/gu, (word) => {
    const folded = fold(word);
    if (months.includes(folded)) return word;
    return months.find((month) => month.length >= 3 && withinOneEdit(month, folded)) ?? word;
  });
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
  if (a.length === b.length) return [...a].filter((ch, i) => ch !== b[i]).length === 1;
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && long[i] === short[i]) i++;
  return long.slice(i + 1) === short.slice(i);
}

const slashDate = /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(?:\d{4}|\d{2})(?![\d/])/g;

/**
 * The order the document prints its numeric dates in, where one of them shows it: a date whose
 * first number cannot be a month is day first (31/01/2025), one whose second number cannot be a
 * month is month first (11/17/2017, an American or English rendering). Undefined when no date
 * tells, or dates contradict each other.
 */
export function dateOrderOf(texts: readonly string[]): DateOrder | undefined {
  let dayFirst = false;
  let monthFirst = false;
  for (const text of texts) {
    for (const m of text.matchAll(slashDate)) {
      const [a, b] = [Number(m[1]), Number(m[2])];
      if (a > 12 && a <= 31 && b >= 1 && b <= 12) dayFirst = true;
      if (b > 12 && b <= 31 && a >= 1 && a <= 12) monthFirst = true;
    }
  }
  if (dayFirst === monthFirst) return undefined;
  return dayFirst ? 'dmy' : 'mdy';
}

/**
 * The invoice date and the labelled due date, numeric dates read in the order the document
 * shows ({@link dateOrderOf}), else month first on a dollar document; otherwise day first,
 * unless only month first makes the due date the invoice date plus the printed payment term.
 */
function readDates(
  doc: Doc,
  terms: Field<number> | undefined,
): { labelledDue: Field<string> | undefined; invoiceDate: Field<string> | undefined } {
  const read = (order: DateOrder) => {
    const labelledDue = plain(
      best(labelHits(doc, dueDateLabels).map((hit) => readLabelled(doc, hit, (text) => dateOf(text, order)))),
    );
    return { labelledDue, invoiceDate: readInvoiceDate(doc, labelledDue, terms, order) };
  };
  const texts = doc.rows.map((row) => row.text);
  // Dollar documents print month first (12/07/2019), as Textract's reading assumes too.
  const dollars = texts.some((text) => /\$\s?\d|\bUSD\b/.test(text)) && !texts.some((text) => /€|\bEUR\b/.test(text));
  const shown = dateOrderOf(texts) ?? (dollars ? 'mdy' : undefined);
  if (shown) return read(shown);
  const dayFirst = read('dmy');
  if (!terms) return dayFirst;
  const keepsTerm = (dates: ReturnType<typeof read>) =>
    dates.labelledDue !== undefined &&
    dates.invoiceDate !== undefined &&
    daysBetween(dates.invoiceDate.value, dates.labelledDue.value) === terms.value;
  if (keepsTerm(dayFirst)) return dayFirst;
  const monthFirst = read('mdy');
  return keepsTerm(monthFirst) ? monthFirst : dayFirst;
}

/**
 * The labelled invoice date; else the due date less the payment term ("binnen 14 dagen, uiterlijk
 * 7 juni"); else the first date near the top of page 1 ("Utrecht, 3 januari 2025", a receipt).
 */
function readInvoiceDate(
  doc: Doc,
  due: Field<string> | undefined,
  terms: Field<number> | undefined,
  order: DateOrder,
): Field<string> | undefined {
  const labelled = best(
    labelHits(doc, invoiceDateLabels, { otherWords: otherDateWords }).map((hit) =>
      readLabelled(doc, hit, (text) => dateOf(text, order)),
    ),
  );
  if (labelled) return plain(labelled);
  if (due && terms) {
    return {
      value: addDays(due.value, -terms.value),
      confidence: unit(0.8 * Math.min(due.confidence, terms.confidence)),
    };
  }
  for (const row of doc.pages[0]?.rows ?? []) {
    if (relativeY(row) > 0.6) break;
    if (otherDateWords.test(row.folded) || dueDateLabels.some((l) => l.pattern.test(row.folded))) continue;
    if (paymentTerms.test(row.folded)) continue;
    const value = parseDate(row.text, order);
    if (value)
      return { value, confidence: unit(0.5 * ocrFactor(Math.min(...row.segments.map((s) => confidenceOf(s))))) };
  }
  return undefined;
}

/** The labelled due date; else, on an invoice, the invoice date plus the payment term. */
function readDueDate(
  labelled: Field<string> | undefined,
  invoiceDate: Field<string> | undefined,
  terms: Field<number> | undefined,
  issues: Issues,
): Field<string> | undefined {
  const fromTerms =
    invoiceDate && terms
      ? { value: addDays(invoiceDate.value, terms.value), confidence: unit(Math.min(0.7, invoiceDate.confidence)) }
      : undefined;
  let due = labelled ?? fromTerms;
  // A due date half a year or more from the invoice date, where the printed term says otherwise,
  // is a misread digit ("2028" for "2025").
  if (labelled && fromTerms && invoiceDate && Math.abs(daysBetween(invoiceDate.value, labelled.value)) > 180) {
    issues.push({ field: 'dueDate', message: `due date ${labelled.value} does not match the payment term` });
    due = { ...fromTerms, confidence: unit(fromTerms.confidence * 0.85) };
  }
  if (due && invoiceDate && due.value < invoiceDate.value) {
    issues.push({ field: 'dueDate', message: `due date ${due.value} is before the invoice date ${invoiceDate.value}` });
    return { ...due, confidence: unit(due.confidence * 0.5) };
  }
  return due;
}

/** "Betaling binnen 30 dagen", "Payment terms: 14 days", "à 30 jours": the term in days. */
function termDays(doc: Doc): Field<number> | undefined {
  for (const row of doc.rows) {
    const days = paymentTerms.exec(row.folded)?.[1];
    if (days && Number(days) <= 120) {
      return { value: Number(days), confidence: ocrFactor(Math.min(...row.segments.map((s) => confidenceOf(s)))) };
    }
  }
  return undefined;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const currencySigns: readonly (readonly [RegExp, string])[] = [
  [/€|\beur\b|\beuro?s?\b/gi, 'EUR'],
  [/\$|\busd\b/gi, 'USD'],
  [/£|\bgbp\b/gi, 'GBP'],
  [/\bchf\b/gi, 'CHF'],
];

/** The currency the document prints most; EUR for a Dutch or Belgian document that prints none. */
/** A currency named by its label: "Währung: GBP", "Rechnungswährung : GBP", "Pénznem: HUF", "Currency: USD". */
const labelledCurrency =
  /(?:w[äa]hrung|currency|devise|valuta|munt|p[ée]nznem)\s*:\s*(EUR|USD|GBP|CHF|HUF|PLN|CZK|SEK|DKK|NOK|RON|BGN|JPY|CAD|AUD)\b/i;

function readCurrency(doc: Doc, hints: OwnHints, supplierVat: string | undefined): Field<string> | undefined {
  for (const row of doc.rows) {
    const code = labelledCurrency.exec(row.text)?.[1];
    if (code && code === code.toUpperCase()) return { value: code, confidence: 0.95 };
  }
  const counts = new Map<string, number>();
  for (const row of doc.rows) {
    for (const [pattern, code] of currencySigns) {
      const seen = row.text.match(pattern)?.length ?? 0;
      if (seen > 0) counts.set(code, (counts.get(code) ?? 0) + seen);
    }
  }
  const [code, seen] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (code && seen) return { value: code, confidence: counts.size === 1 ? 0.95 : 0.8 };
  // Decimal commas and Dutch or Belgian identifiers say euro as clearly as a sign would.
  const benelux =
    hints.country !== undefined ||
    /^(?:NL|BE)/.test(supplierVat ?? '') ||
    doc.rows.some((row) => /(?<![\d.,])\d{1,3}(?:\.\d{3})*,\d{2}(?![\d,])/.test(row.text));
  return benelux ? { value: 'EUR', confidence: 0.5 } : undefined;
}

function readPaymentReference(doc: Doc): Field<string> | undefined {
  let unlabelled: Field<string> | undefined;
  for (const row of doc.rows) {
    const found = findPaymentReference(row.text, row.folded);
    if (!found) continue;
    const read = ocrFactor(Math.min(...row.segments.map((s) => confidenceOf(s))));
    if (found.labelled) return { value: found.value, confidence: unit(0.97 * read) };
    unlabelled ??= { value: found.value, confidence: unit(0.7 * read) };
  }
  return unlabelled;
}

/**
 * Credit-note wording makes a credit note; a receipt title or till wording a receipt; invoice
 * wording an invoice. A title near the top of page 1 counts most.
 */
function classify(
  doc: Doc,
  invoiceNumber: Field<string> | undefined,
  dueDate: Field<string> | undefined,
  gross: Field<number> | undefined,
): RecognitionResult['documentType'] {
  const first = doc.pages[0]?.rows ?? [];
  const top = first.filter((row) => relativeY(row) < 0.5);
  const has = (rows: readonly Row[], pattern: RegExp) => rows.some((row) => pattern.test(row.folded));
  // A title is a short segment: it may share its line with the letterhead, in another column.
  const title = (pattern: RegExp) =>
    top.some((row) => row.segments.some((s) => pattern.test(s.folded) && s.folded.split(/\s+/).length <= 5));
  if (title(creditNoteWords) || has(top, /\bcredit\s?-?nota\s?-?(?:nummer|nr)|\bnote\s+de\s+credit\s+n/)) {
    return { value: 'credit-note', confidence: 0.95 };
  }
  if (title(receiptWords)) return { value: 'receipt', confidence: 0.9 };
  if (title(invoiceWords)) {
    return {
      value: gross && gross.value < 0 ? 'credit-note' : 'invoice',
      confidence: gross && gross.value < 0 ? 0.7 : 0.95,
    };
  }
  if (has(top, creditNoteWords)) return { value: 'credit-note', confidence: 0.8 };
  const tillHints = doc.rows.filter((row) => receiptHints.test(row.folded)).length;
  if (has(doc.rows, receiptWords) || (tillHints >= 2 && !dueDate)) return { value: 'receipt', confidence: 0.8 };
  if (has(doc.rows, invoiceWords) || (invoiceNumber && dueDate)) return { value: 'invoice', confidence: 0.8 };
  if (tillHints >= 1 && gross) return { value: 'receipt', confidence: 0.6 };
  if (invoiceNumber || gross) return { value: 'invoice', confidence: 0.4 };
  return { value: 'unknown', confidence: 0.2 };
}

function firstTotalRow(doc: Doc): Row | undefined {
  const labels = [...totalLabels.gross, ...totalLabels.net, ...totalLabels.vat];
  const hits = labelHits(doc, labels).filter((hit) => findAmounts(hit.segment.row.text).length > 0);
  return hits.map((hit) => hit.segment.row).sort((a, b) => a.order - b.order)[0];
}

function missing(result: RecognitionResult): Issues {
  const fields: [string, unknown][] = [
    ['invoiceNumber', result.documentType.value === 'receipt' ? true : result.invoiceNumber],
    ['invoiceDate', result.invoiceDate],
    ['supplier.name', result.supplier.name],
    ['currency', result.currency],
  ];
  return fields
    .filter(([, value]) => value === undefined)
    .map(([field]) => ({ field, message: 'not found in the document' }));
}
