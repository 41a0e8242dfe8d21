export * from './ageing.js';
export * from './bank-payments.js';
export {
  type AgeingBucket,
  addDays,
  ageingBucket,
  computeInvoice,
  daysBetween,
  formatDocumentNumber,
  hoursOf,
  type InvoiceCalculation,
  isSelfAssessed,
  lineNet,
  minutesValue,
  type PricedLine,
  salesPaymentReference,
  scaledQuantity,
} from './calculate.js';
export type { InvoicingDeps } from './context.js';
export * from './cost-centres.js';
export { invoiceEntryLines, paymentEntryLines } from './entry-lines.js';
export * from './hours-invoicing.js';
export {
  createPurchaseInvoice,
  createSalesInvoice,
  getInvoice,
  type InvoiceLinks,
  type InvoiceListQuery,
  listInvoices,
  listInvoicesOfRelation,
} from './invoices.js';
export { type InvoicingKeys, invoicingKeys } from './keys.js';
export * from './model.js';
export * from './open-items.js';
export { ledgerRoles } from './pricing.js';
export * from './quotes.js';
export {
  getTimeEntry,
  type HoursReport,
  type HoursTotals,
  hoursReport,
  listTimeEntries,
  recordTimeEntry,
  type StoredTimeEntry,
  summariseHours,
} from './time-entries.js';
