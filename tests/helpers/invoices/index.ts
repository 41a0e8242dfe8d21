/**
 * A labelled invoice corpus generated in code: deterministic from a seed, nothing on disk.
 * An {@link InvoiceSpec} renders as a text PDF (seven layouts), a scan of its first page, UBL
 * 2.1 or Factur-X, and {@link groundTruthOf} says what a recogniser should read from any of them.
 */
export { renderCii, renderFacturX } from './factur-x.ts';
export * from './format.ts';
export * from './identifiers.ts';
export { Random } from './random.ts';
export { renderScan, type Scan, type ScanFormat, type ScanOptions } from './scan.ts';
export * from './spec.ts';
export { drawInvoice, type Layout, type LayoutId, layoutIds, layouts, renderTextPdf } from './text-pdf.ts';
export { renderUbl } from './ubl.ts';
