import type { ParsedStatementFile, StatementFormat } from '../model.js';
import { parseCamt } from './camt.js';
import { parseCoda } from './coda.js';
import { StatementFormatError } from './errors.js';
import { parseMt940 } from './mt940.js';
import { decodeText, decodeWindows1252 } from './text.js';
import { declaredXmlEncoding, maxXmlBytes } from './xml.js';

/** The families a file can be recognised as before it is read. */
export type StatementFamily = 'camt' | 'mt940' | 'coda';

/** Larger than any statement file a bank sends for one account and period. */
export const maxStatementBytes = maxXmlBytes;

/**
 * Which family `text` belongs to, by content alone: XML with a camt namespace or root, a
 * CODA header record (`0000…`, then a record 1), or MT940/MT942 tags (`:20:`, `:25:`, `:61:`).
 */
export function detectStatementFamily(text: string): StatementFamily | undefined {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<'))
    return /camt\.05[234]|<(\w+:)?BkToCstmr(Stmt|AcctRpt|DbtCdtNtfctn)\b/.test(start.slice(0, 4096))
      ? 'camt'
      : undefined;
  if (/^0{5}\d{6}/.test(start) && /\n\s*1[0-3 ]/.test(start.slice(0, 1024))) return 'coda';
  if (/^(\{1:|:\d{2}[A-Z]?:)/m.test(start) && /^:(25|28C?|6[0-2][FM]?|86|34F):/m.test(start)) return 'mt940';
  return undefined;
}

/**
 * Reads a bank statement file of any supported format — camt.052/053/054 (XML), MT940/MT942,
 * CODA — into statements with checked balances. `fileName` only sharpens the error message.
 * Throws a {@link StatementFormatError} when the file is empty, too large, of an unknown format
 * or broken; a statement whose balances do not add up is returned with `balanceCheck.ok`
 * false, never refused.
 */
export function parseStatementFile(bytes: Uint8Array, fileName?: string): ParsedStatementFile {
  const name = fileName ? `'${fileName}'` : 'The file';
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new StatementFormatError('EMPTY_FILE', `${name} is empty.`);
  }
  if (bytes.length > maxStatementBytes) {
    throw new StatementFormatError(
      'FILE_TOO_LARGE',
      `${name} is ${bytes.length} bytes; statement files up to ${maxStatementBytes} bytes are read.`,
    );
  }
  const text = decode(bytes);
  const family = detectStatementFamily(text);
  switch (family) {
    case 'camt':
      return parseCamt(text.replace(/^\uFEFF/, ''));
    case 'coda':
      return parseCoda(text);
    case 'mt940':
      return parseMt940(text);
    default:
      throw new StatementFormatError(
        'UNKNOWN_FORMAT',
        `${name} is not a bank statement: ${unknownReason(text, fileName)}`,
      );
  }
}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const declared = declaredXmlEncoding(bytes);
  if (declared === 'iso-8859-15') return new TextDecoder('iso-8859-15').decode(bytes);
  if (declared && /^(iso-8859-1|latin-?1|windows-1252|cp1252)$/.test(declared)) return decodeWindows1252(bytes);
  return decodeText(bytes);
}

function unknownReason(text: string, fileName: string | undefined): string {
  const start = text.trimStart();
  const expected: StatementFormat | 'XML' | undefined = /\.(xml|camt)$/i.test(fileName ?? '')
    ? 'XML'
    : /\.(sta|940|mt940|swi|txt)$/i.test(fileName ?? '')
      ? 'mt940'
      : /\.(cod|coda)$/i.test(fileName ?? '')
        ? 'coda'
        : undefined;
  if (start.startsWith('<')) return 'it is XML, but not a camt.052, camt.053 or camt.054 message.';
  if (start.startsWith('%PDF')) return "it is a PDF; import the bank's camt.053, MT940 or CODA export instead.";
  if (start.startsWith('PK\u0003\u0004'))
    return 'it is a ZIP archive; unpack it and import the statement files inside.';
  if (expected === 'mt940') return 'the name suggests MT940, but no :20:/:25:/:60F:/:61: fields were found.';
  if (expected === 'coda') return 'the name suggests CODA, but it does not start with a CODA header record (0000…).';
  return 'neither camt XML, MT940/MT942 nor CODA was recognised.';
}
