export * from './errors.js';
export { readStructuredInvoice } from './read-structured-invoice.js';
export { maxXmlBytes } from './xml.js';
