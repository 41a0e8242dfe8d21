import { DomainError } from '#packages/kernel';

/** Why a statement file could not be read; stable codes for callers and stored rejections. */
export type StatementFormatErrorCode =
  | 'EMPTY_FILE'
  | 'FILE_TOO_LARGE'
  | 'UNKNOWN_FORMAT'
  | 'XML_NOT_ALLOWED'
  | 'XML_MALFORMED'
  | 'XML_TOO_DEEP'
  | 'CAMT_UNSUPPORTED'
  | 'CAMT_NO_STATEMENTS'
  | 'CAMT_BROKEN'
  | 'MT940_BROKEN'
  | 'MT940_NO_STATEMENTS'
  | 'CODA_BROKEN';

/**
 * A statement file that is not one of the supported formats, or that is one but cannot be read.
 * `code` is stable; the message says in plain words what is wrong and where.
 */
export class StatementFormatError extends DomainError {
  override name = 'StatementFormatError';
  declare readonly code: StatementFormatErrorCode;
  constructor(code: StatementFormatErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
