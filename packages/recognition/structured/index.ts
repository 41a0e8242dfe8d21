export * from './errors.js';
export { readStructuredInvoice } from './read-structured-invoice.js';
export {
  childrenNamed,
  decodeXml,
  firstAt,
  maxXmlBytes,
  parseXml,
  parseXmlStrictly,
  scanXml,
  textAt,
  type XmlElement,
  XmlElementBuilder,
  type XmlScanHandler,
} from './xml.js';
