export * from './errors.js';
export { readStructuredInvoice } from './read-structured-invoice.js';
export { maxXmlBytes, parseXml, type XmlElement } from './xml.js';
