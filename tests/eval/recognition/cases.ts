import type { RecognitionResult } from '#packages/recognition';
import type { EvalField, Value } from './score.ts';

/** What `recogniseDocument` is given. */
export interface DocumentInput {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly contentType?: string;
}

export interface Hints {
  readonly ownVatNumbers?: string[];
  readonly ownIbans?: string[];
  readonly ownNames?: string[];
  readonly country?: 'NL' | 'BE';
}

/** One expected field value; `contains` for a receipt merchant (`aldi` in `ALDI SÜD`). */
export interface Expectation {
  readonly field: EvalField;
  readonly value: Value;
  readonly how?: 'equal' | 'contains';
}

/** One document to recognise and what should come out of it. */
export interface EvalCase {
  /** `generated` or the shared corpus folder. */
  readonly corpus: string;
  /** The row group in the figures: `text-pdf`, `scan`, `zugferd factur-x`, … */
  readonly group: string;
  readonly layout?: string;
  /** Seed or file path, to find the document again. */
  readonly document: string;
  readonly documentType: string;
  readonly hints?: Hints;
  /** Read a PDF from its pages alone, ignoring an attached structured invoice. */
  readonly pageOnly?: boolean;
  readonly expected: readonly Expectation[];
  /** Made on demand, so a large corpus is never held in memory at once. */
  readonly input: () => Promise<DocumentInput>;
  /** Reads the document some other way than `recogniseDocument` (a Textract response's adapter). */
  readonly read?: () => Promise<RecognitionResult>;
}

export const fieldLabels: Readonly<Record<EvalField, string>> = {
  supplierName: 'supplier name',
  supplierVatNumber: 'supplier VAT number',
  supplierCompanyNumber: 'supplier company number',
  supplierIban: 'supplier IBAN',
  invoiceNumber: 'invoice number',
  invoiceDate: 'invoice date',
  dueDate: 'due date',
  currency: 'currency',
  net: 'net',
  vat: 'VAT',
  gross: 'gross',
  paymentReference: 'payment reference',
  documentType: 'document type',
  customerName: 'customer name',
};
