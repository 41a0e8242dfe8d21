import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ExpenseDocument, normaliseExpenseDocuments, RecognitionResult } from '#packages/recognition';

// Optional check against real AnalyzeExpense responses saved by AWS sample projects. The folder
// sits next to the repository and is never committed, so without it this file runs one test only.
const repoRoot = new URL('../../../../../', import.meta.url);
const corpus = fileURLToPath(new URL('../shared/corpora/textract-analyzeexpense/', repoRoot));

const responses = {
  /** The older format: no GroupProperties, no Currency. */
  older: 'invoice-expense-response.json',
  /** The newer format with GroupProperties, Currency and Blocks. */
  newer: 'test_analyze_expense_from_path.json',
  /** A two-page asynchronous result, one expense document per page. */
  multipage: 'analyzeExpenseResponse-multipage.json',
} as const;

/** The corpus path of a saved response, as `_derived_pairs.json` lists it. */
function responsePath(name: string): string {
  const { pairs } = JSON.parse(readFileSync(join(corpus, '_derived_pairs.json'), 'utf8')) as {
    pairs: { response: string }[];
  };
  const pair = pairs.find((p) => p.response.endsWith(`/${name}`));
  if (!pair) throw new Error(`${name} is not listed in ${corpus}_derived_pairs.json`);
  return join(corpus, pair.response);
}

function normalised(name: string): RecognitionResult {
  const response = JSON.parse(readFileSync(responsePath(name), 'utf8')) as { ExpenseDocuments: ExpenseDocument[] };
  return normaliseExpenseDocuments(response.ExpenseDocuments);
}

describe('normaliseExpenseDocuments on ../shared/corpora/textract-analyzeexpense', () => {
  if (!existsSync(corpus)) {
    it('finds no ../shared/corpora/textract-analyzeexpense next to the repository, so reads no saved responses', () => {
      console.info(`textract corpora: ${corpus} is absent; nothing to check.`);
      expect(existsSync(corpus)).toBe(false);
    });
    return;
  }

  describe('on the older response format (no groups, no currency codes)', () => {
    const result = normalised(responses.older);

    it('returns a valid recognition result from Textract', () => {
      expect(RecognitionResult.safeParse(result).success).toBe(true);
      expect(result.source).toBe('textract');
    });

    it('reads the invoice number, month-first dollar dates and totals in cents', () => {
      expect(result.invoiceNumber?.value).toBe('123PQR456');
      expect(result.invoiceNumber?.confidence).toBeCloseTo(0.9911, 4);
      expect(result.invoiceDate?.value).toBe('2021-01-01');
      expect(result.dueDate?.value).toBe('2021-01-31');
      expect(result.currency?.value).toBe('USD');
      expect(result.totals.net?.value).toBe(616_940);
      expect(result.totals.vat?.value).toBe(6_169);
      expect(result.totals.gross?.value).toBe(623_109);
    });

    it('takes an ungrouped NAME as no supplier, and RECEIVER_NAME as the customer', () => {
      expect(result.supplier.name).toBeUndefined();
      expect(result.customer.name?.value).toBe('XZY Company');
    });

    it('rejects the US tax id as VAT number and says so', () => {
      expect(result.supplier.vatNumber).toBeUndefined();
      expect(result.issues).toEqual([
        { field: 'supplier.vatNumber', message: "'12-3456789' is not a valid Dutch or Belgian VAT number" },
      ]);
    });

    it('classifies it as an invoice (number and due date) and reads its four lines', () => {
      expect(result.documentType.value).toBe('invoice');
      expect(result.lines).toHaveLength(4);
      expect(result.lines[1]).toEqual({ description: 'Service 3', unitPrice: 278_900, net: 278_900 });
      expect(result.lines[2]).toEqual({ description: 'Product 2', quantity: '2', unitPrice: 10_604, net: 21_208 });
    });
  });

  describe('on the newer response format (VENDOR groups, currency codes)', () => {
    const result = normalised(responses.newer);

    it('returns a valid recognition result', () => {
      expect(RecognitionResult.safeParse(result).success).toBe(true);
    });

    it('takes the most confident VENDOR name and the currency code', () => {
      expect(result.supplier.name).toEqual({ value: 'MEGA MARKET PLUS', confidence: 0.9997 });
      expect(result.currency?.value).toBe('USD');
    });

    it('reads receipt number, date and totals that add up', () => {
      expect(result.invoiceNumber?.value).toBe('21772');
      expect(result.invoiceDate?.value).toBe('2019-12-07');
      expect(result.totals).toMatchObject({
        net: { value: 169_996 },
        vat: { value: 11_050 },
        gross: { value: 181_046 },
      });
      expect(result.issues).toEqual([]);
    });

    it('classifies a till receipt without due date or IBAN as a receipt', () => {
      expect(result.documentType.value).toBe('receipt');
    });

    it('reads line prices that carry a trailing tax flag', () => {
      expect(result.lines.map((l) => l.net)).toEqual([89_999, 68_999, 1_999, 8_999]);
      expect(result.lines[0]?.description).toBe('LG FLATSCREEN 65');
    });
  });

  describe('on a two-page asynchronous result', () => {
    const result = normalised(responses.multipage);

    it('merges both pages into one invoice', () => {
      expect(RecognitionResult.safeParse(result).success).toBe(true);
      expect(result.documentType.value).toBe('invoice');
      expect(result.invoiceNumber?.value).toBe('00000135');
      expect(result.invoiceDate?.value).toBe('2020-03-12');
      expect(result.dueDate?.value).toBe('2020-03-26');
      expect(result.totals.gross?.value).toBe(571_500);
      expect(result.issues).toEqual([]);
    });

    it('cleans the OCR vendor name and skips the "Attn:" contact as customer', () => {
      expect(result.supplier.name).toEqual({ value: 'META', confidence: 0.7203 });
      expect(result.customer.name?.value).toBe('Abstractors and Design Co.');
    });

    it('joins multi-line item descriptions and keeps decimal quantities', () => {
      expect(result.lines).toHaveLength(8);
      expect(result.lines[1]).toEqual({
        description: 'ACP101T Online Training Hours of Training in Premier Version Interactive Demos with Q&A Sessions',
        quantity: '4.5',
        net: 49_500,
      });
      expect(result.lines.reduce((sum, l) => sum + (l.net ?? 0), 0)).toBe(571_500);
    });
  });
});
