export * from './errors.js';
export { readStructuredInvoice } from './read-structured-invoice.js';
export { childrenNamed, firstAt, maxXmlBytes, parseXml, textAt, type XmlElement } from './xml.js';
