export type { Finding, Flag, ValidationReport } from './model.js';
export { rules, type ValidateOptions, validateInvoice } from './validate-invoice.js';
