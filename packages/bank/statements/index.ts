export { parseCamt } from './camt.js';
export { parseCoda } from './coda.js';
export { detectStatementFamily, maxStatementBytes, parseStatementFile, type StatementFamily } from './detect.js';
export { StatementFormatError, type StatementFormatErrorCode } from './errors.js';
export { parseMt940 } from './mt940.js';
export { detectBank, type Mt940Bank } from './mt940-dialects.js';
export { checkBalance } from './text.js';
