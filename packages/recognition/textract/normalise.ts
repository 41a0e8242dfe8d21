import { type RecognitionResult, totalsIssues } from '../model.js';
import { currencyOf } from './amounts.js';
import { type DateOrder, parseDate } from './dates.js';
import { type Confident, cleanText, type FieldReading, mostConfident, ofType, plain, readField } from './fields.js';
import { linesIssues, readLines } from './lines.js';
import { readParties } from './parties.js';
import type { ExpenseDocument } from './response.js';
import { readTotals } from './totals.js';

type Issues = RecognitionResult['issues'];

const amountTypes = ['TOTAL', 'SUBTOTAL', 'TAX', 'AMOUNT_DUE', 'AMOUNT_PAID'];
const invoiceNumberPrefix =
  /^(?:(?:invoice|factuur|facture|rechnung|receipt|bon)\s*(?:no\.?|nr\.?|n°|#|number|nummer|numéro)?\s*:?\s*|(?:#|n°|nr\.)\s*)/i;
const creditNote = /\b(credit\s*nota|creditnota|credit\s*note|note de cr[ée]dit|gutschrift)\b/i;
const termDays = /(\d{1,3})\s*(?:days?|dagen|jours|tagen?)\b/i;

/**
 * Turns the `ExpenseDocuments` of a Textract AnalyzeExpense or GetExpenseAnalysis response
 * (older or newer generation, one or many pages) into the normalised recognition result.
 * Each field keeps Textract's confidence, min(label, value) / 100; identifiers are accepted
 * only when the kernel validators pass them; what is missing, unreadable or does not add up is
 * listed in `issues`. Several expense documents are read as one document: the most confident
 * reading of each field wins and the lines follow one another.
 */
export function normaliseExpenseDocuments(documents: readonly ExpenseDocument[]): RecognitionResult {
  const readings = documents.flatMap((document, index) =>
    (document.SummaryFields ?? []).flatMap((field) => readField(field, index) ?? []),
  );
  const issues: Issues = [];
  const currency = readCurrency(readings);
  // Dollar documents in the corpus print month first; euro documents day first.
  const order: DateOrder = currency?.value === 'USD' ? 'mdy' : 'dmy';
  const invoiceNumber = readInvoiceNumber(readings, issues);
  const invoiceDate = readDate(readings, 'INVOICE_RECEIPT_DATE', order, issues);
  const dueDate = readDate(readings, 'DUE_DATE', order, issues) ?? dueFromTerms(readings, invoiceDate);
  const parties = readParties(readings, issues);
  const amounts = readTotals(readings, issues);
  const lines = readLines(documents);
  const result: RecognitionResult = {
    source: 'textract',
    documentType: classify(readings, invoiceNumber, dueDate, parties.supplier.iban, amounts.totals.gross),
    ...parties,
    invoiceNumber,
    invoiceDate,
    dueDate,
    currency,
    ...amounts,
    lines,
    issues,
  };
  issues.push(...linesIssues(lines, amounts.totals), ...totalsIssues(result));
  return result;
}

function readCurrency(readings: readonly FieldReading[]): Confident<string> | undefined {
  const coded = readings.flatMap((r) => (r.currency ? [r.currency] : []));
  const best = coded.reduce<(typeof coded)[number] | undefined>(
    (b, c) => (!b || c.confidence > b.confidence ? c : b),
    undefined,
  );
  if (best) return { value: best.code.toUpperCase(), confidence: best.confidence };
  return plain(mostConfident(ofType(readings, ...amountTypes), (r) => currencyOf(r.value)));
}

function readInvoiceNumber(readings: readonly FieldReading[], issues: Issues): Confident<string> | undefined {
  const ids = ofType(readings, 'INVOICE_RECEIPT_ID');
  const numberOf = (r: FieldReading) => cleanText(r.value)?.replace(invoiceNumberPrefix, '') || undefined;
  const distinct = new Set(ids.map(numberOf).filter((n) => n !== undefined));
  if (distinct.size > 1 && new Set(ids.map((r) => r.documentIndex)).size > 1) {
    issues.push({
      field: 'invoiceNumber',
      message: `The response holds several documents with different invoice numbers: ${[...distinct].join(', ')}`,
    });
  }
  return plain(mostConfident(ids, numberOf));
}

function readDate(readings: readonly FieldReading[], type: string, order: DateOrder, issues: Issues) {
  const candidates = ofType(readings, type);
  const found = plain(mostConfident(candidates, (r) => parseDate(r.value, order)));
  const first = candidates[0];
  if (!found && first) issues.push({ field: type.toLowerCase(), message: `Cannot read '${first.value}' as a date` });
  return found;
}

/** "Betaling binnen 30 dagen" / "30 days": the invoice date plus the term. */
function dueFromTerms(
  readings: readonly FieldReading[],
  invoiceDate: Confident<string> | undefined,
): Confident<string> | undefined {
  if (!invoiceDate) return undefined;
  const terms = mostConfident(ofType(readings, 'PAYMENT_TERMS'), (r) => termDays.exec(r.value)?.[1]);
  if (!terms) return undefined;
  const due = new Date(`${invoiceDate.value}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + Number(terms.value));
  return { value: due.toISOString().slice(0, 10), confidence: Math.min(terms.confidence, invoiceDate.confidence) };
}

/**
 * An invoice number with a due date or an IBAN makes an invoice (a till receipt has neither);
 * a credit-note title makes a credit note; a number or total alone makes a receipt.
 */
function classify(
  readings: readonly FieldReading[],
  invoiceNumber: Confident<string> | undefined,
  dueDate: Confident<string> | undefined,
  iban: Confident<string> | undefined,
  gross: Confident<number> | undefined,
): RecognitionResult['documentType'] {
  const credit = mostConfident(readings, (r) => (creditNote.test(`${r.label} ${r.value}`) ? true : undefined));
  if (credit) return { value: 'credit-note', confidence: credit.confidence };
  const payable = [dueDate, iban].filter((f) => f !== undefined);
  if (invoiceNumber && payable.length > 0) {
    return {
      value: 'invoice',
      confidence: Math.min(invoiceNumber.confidence, Math.max(...payable.map((f) => f.confidence))),
    };
  }
  const evidence = gross ?? invoiceNumber;
  return evidence ? { value: 'receipt', confidence: evidence.confidence } : { value: 'unknown', confidence: 0 };
}
