export { LocalExpenseAnalyzer, type LocalExpenseAnalyzerDeps } from './analyzer.js';
export { type ExtractOptions, extractInvoiceFields, type OwnHints } from './extract-invoice-fields.js';
export type { PageText, TextLine, TextWord } from './layout.js';
export { pdfLimits } from './limits.js';
export { closeOcr } from './ocr.js';
export type { PdfReading } from './read-pages.js';
export { findInvoiceStarts, type PdfPart, splitPdf } from './split.js';
