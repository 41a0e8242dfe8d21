import { DomainError } from '#packages/kernel';

export const structuredDocumentErrorCodes = [
  'XML_NOT_ALLOWED',
  'XML_MALFORMED',
  'XML_TOO_LARGE',
  'NOT_AN_INVOICE',
] as const;
export type StructuredDocumentErrorCode = (typeof structuredDocumentErrorCodes)[number];

/**
 * A structured (UBL/CII) document was refused before any field was read: it declares a DOCTYPE
 * or entities, is not well-formed XML, is over the size limit, or is not an invoice at all.
 */
export class StructuredDocumentError extends DomainError {
  override name = 'StructuredDocumentError';
  declare readonly code: StructuredDocumentErrorCode;
  constructor(code: StructuredDocumentErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
