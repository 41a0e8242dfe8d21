import type { Cents } from '#packages/kernel';
import type { BankLine, BankStatement, ParsedStatementFile } from '../model.js';
import { StatementFormatError } from './errors.js';
import { detectBank, interpretDetails, type Mt940Bank } from './mt940-dialects.js';
import { checkBalance, decimalToCents, isoDate, validIban, yymmdd } from './text.js';

/** One tagged field (`:61:`) with its continuation lines. */
interface Field {
  readonly tag: string;
  readonly lines: string[];
  /** 1-based line in the file, for error messages. */
  readonly at: number;
}

interface Balance {
  readonly amount: Cents;
  /** Some German exports leave it out of intermediate balances. */
  readonly currency?: string;
  readonly date: string;
}

/** The SWIFT envelope around block 4 (`{1:…}{2:…}{3:…}{4:` … `-}{5:…}`). */
const envelopeStart = /\{1:[^}]*\}(?:\{2:[^}]*\})?(?:\{3:(?:\{[^}]*\})*\})?(?:\{4:)?/g;
const envelopeEnd = /-\}(?:\{5:(?:\{[^}]*\})*\})?/g;
const fieldStart = /^:(\d{2}[A-Z]?):(.*)$/;

/**
 * Reads an MT940 customer statement or MT942 interim report, as sent by Dutch banks (ING,
 * Rabobank, ABN AMRO, Triodos, Knab, SNS/ASN) and others: with or without the SWIFT envelope,
 * one {@link BankStatement} per `:20:` message. MT942 has no opening and closing balance, so
 * its balance check says it could not be made.
 */
export function parseMt940(text: string): ParsedStatementFile {
  // The envelope goes without adding lines, so line numbers in errors stay those of the file.
  const normalised = text
    .replace(/\r\n?/g, '\n')
    .replace(envelopeStart, '')
    .replace(envelopeEnd, (_end, offset: number, whole: string) =>
      offset === 0 || whole[offset - 1] === '\n' ? '-' : '\n-',
    );
  // What comes before the first field: the envelope's or a header line's BIC names the bank.
  const header = text.slice(0, Math.max(0, text.search(/^:\d{2}[A-Z]?:/m)));
  const messages = joinContinuations(splitMessages(normalised));
  const statements: BankStatement[] = [];
  let interim = 0;
  let stray: Field | undefined;
  for (const fields of messages) {
    const statement = readMessage(fields, header);
    if (!statement) {
      stray ??= fields.find((f) => f.tag === '61');
      continue;
    }
    if (statement.interim) interim += 1;
    statements.push(statement.statement);
  }
  if (statements.length === 0) {
    throw new StatementFormatError(
      'MT940_NO_STATEMENTS',
      'The file has MT940 fields but no statement: each needs an account (:25:) and a balance (:60F:/:62F:), movements (:61:) or, for MT942, a floor limit (:34F:).',
    );
  }
  if (stray) {
    // Movements that belong to no account would silently vanish from the import.
    throw new StatementFormatError(
      'MT940_BROKEN',
      `Line ${stray.at}: a :61: movement outside any statement (no :25: account before it).`,
    );
  }
  return { format: interim === statements.length ? 'mt942' : 'mt940', statements };
}

/**
 * A block of movements after an end-of-message `-` without its own `:20:` or `:25:` continues
 * the statement before it: its lines are kept there (and the balance check shows whether they
 * belong), never dropped.
 */
function joinContinuations(messages: Field[][]): Field[][] {
  const joined: Field[][] = [];
  for (const fields of messages) {
    const previous = joined[joined.length - 1];
    const orphan = !fields.some((f) => f.tag === '20' || f.tag === '25') && fields.some((f) => f.tag === '61');
    if (orphan && previous) previous.push(...fields);
    else joined.push(fields);
  }
  return joined;
}

/** Fields grouped per message: a new message at each `:20:` and after a `-` line. */
function splitMessages(text: string): Field[][] {
  const messages: Field[][] = [];
  let current: Field[] = [];
  let field: Field | undefined;
  const close = () => {
    if (current.length > 0) messages.push(current);
    current = [];
    field = undefined;
  };
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '');
    const start = fieldStart.exec(line);
    if (start) {
      if (start[1] === '20' && current.some((f) => f.tag !== '20')) close();
      field = { tag: start[1] as string, lines: [start[2] ?? ''], at: index + 1 };
      current.push(field);
    } else if (/^-(XXX)?$/.test(line.trim())) {
      close();
    } else if (field) {
      field.lines.push(line);
    }
  });
  close();
  return messages;
}

function readMessage(fields: Field[], header: string): { statement: BankStatement; interim: boolean } | undefined {
  const accountField = fields.find((f) => f.tag === '25');
  const significant = fields.some((f) => /^(60[FM]|62[FM]|61|34F|13D|90[CD])$/.test(f.tag));
  if (!accountField || !significant) return undefined;
  const rawAccount = accountField.lines.join('').trim();
  const account = normaliseAccount(rawAccount);
  const bank: Mt940Bank = detectBank(header, account === rawAccount ? account : `${account} ${rawAccount}`);
  const opening = fields.find((f) => /^60[FM]$/.test(f.tag));
  const closings = fields.filter((f) => /^62[FM]$/.test(f.tag));
  const closing = closings[closings.length - 1];
  const openingBalance = opening ? readBalance(opening) : undefined;
  const closingBalance = closing ? readBalance(closing) : undefined;
  const floor = fields.find((f) => f.tag === '34F');
  const currency =
    openingBalance?.currency ??
    closingBalance?.currency ??
    (floor ? /^[A-Z]{3}/.exec(floor.lines[0] ?? '')?.[0] : undefined) ??
    /([A-Z]{3})$/.exec(rawAccount)?.[1];
  if (!currency) {
    throw new StatementFormatError('MT940_BROKEN', `The statement at line ${accountField.at} gives no currency.`);
  }
  const lines: BankLine[] = [];
  fields.forEach((field, i) => {
    if (field.tag !== '61') return;
    // Old Rabobank files repeat :86: for each line of text.
    const info: string[] = [];
    for (let j = i + 1; fields[j]?.tag === '86'; j++) info.push((fields[j] as Field).lines.join('\n'));
    lines.push(readLine(field, info.join('\n'), currency, bank));
  });
  const statementNumber = fields.find((f) => f.tag === '28C' || f.tag === '28')?.lines[0]?.trim();
  const reference = fields.find((f) => f.tag === '20')?.lines[0]?.trim();
  const statementId = statementNumber || reference;
  return {
    interim: !opening && !closing && fields.some((f) => f.tag === '34F' || f.tag === '13D'),
    statement: {
      account,
      currency,
      ...(statementId ? { statementId } : {}),
      ...(openingBalance ? { openingBalance: openingBalance.amount, openingDate: openingBalance.date } : {}),
      ...(closingBalance ? { closingBalance: closingBalance.amount, closingDate: closingBalance.date } : {}),
      lines,
      balanceCheck: checkBalance(openingBalance?.amount, closingBalance?.amount, lines),
    },
  };
}

/**
 * `:25:` as an IBAN when it holds one (`NL71RABO0123456789`, `INGBNL2A/NL…`,
 * `NL…EUR`), else the account number without bank prefix and currency (`1291.99.348EUR` →
 * `1291.99.348`, `TRIODOSBANK/0390123456` → `0390123456`).
 */
function normaliseAccount(raw: string): string {
  const compact = raw.replace(/\s/g, '');
  for (const part of compact.split('/').reverse()) {
    const iban = validIban(part) ?? validIban(part.replace(/[A-Z]{3}$/, ''));
    if (iban) return iban;
  }
  const last = compact.split('/').filter(Boolean).pop() ?? compact;
  return /\d[A-Z]{3}$/.test(last) ? last.slice(0, -3) : last;
}

function readBalance(field: Field): Balance {
  const text = field.lines.join('').trim();
  const match = /^([CD])(\d{6})([A-Z]{3})?(\d[\d,]*)$/.exec(text);
  const date = match ? yymmdd(match[2] as string) : undefined;
  const cents = match ? decimalToCents(match[4] as string, ',') : undefined;
  if (!match || !date || cents === undefined) {
    throw new StatementFormatError('MT940_BROKEN', `Line ${field.at}: :${field.tag}: '${text}' is not a balance.`);
  }
  return {
    amount: match[1] === 'D' && cents !== 0 ? -cents : cents,
    ...(match[3] ? { currency: match[3] } : {}),
    date,
  };
}

/** `:61:` — value date, optional entry date, mark, funds code, amount, type, references. */
const statementLine = /^(\d{6})(\d{4}|\s{4})?(RC|RD|EC|ED|C|D)([A-Z])?(\d[\d,]*)(?:([NFS])([A-Z0-9]{3}))?(.*)$/;

function readLine(field: Field, info: string, currency: string, bank: Mt940Bank): BankLine {
  const [first = '', ...rest] = field.lines;
  // Some exports break the line after the mark; try the first two lines joined as well.
  let match = statementLine.exec(first.trim());
  let supplementaryLines = rest;
  if (!match || (!match[5]?.includes(',') && rest.length > 0 && /^\d[\d,]*,/.test(rest[0]?.trim() ?? ''))) {
    const joined = statementLine.exec(`${first.trim()}${rest[0]?.trim() ?? ''}`);
    if (joined) {
      match = joined;
      supplementaryLines = rest.slice(1);
    }
  }
  const valueDate = match ? yymmdd(match[1] as string) : undefined;
  const magnitude = match ? decimalToCents(match[5] as string, ',') : undefined;
  if (!match || !valueDate || magnitude === undefined) {
    throw new StatementFormatError('MT940_BROKEN', `Line ${field.at}: :61: '${first}' is not a statement line.`);
  }
  const mark = match[3] as string;
  // C credit, D debit; RC reverses a credit (money out), RD reverses a debit (money in).
  const outgoing = mark === 'D' || mark === 'RC' || mark === 'ED';
  const amount = outgoing && magnitude !== 0 ? -magnitude : magnitude;
  const bookingDate = entryDate(valueDate, match[2]) ?? valueDate;
  const [customerReference = '', bankReference] = (match[8] ?? '').split('//');
  const supplementary = supplementaryLines.join(' ').trim();
  const transactionCode = match[6] ? `${match[6]}${match[7]}` : undefined;
  const details = interpretDetails(bank, info, {
    customerReference,
    ...(bankReference?.trim() ? { bankReference: bankReference.trim() } : {}),
    ...(supplementary ? { supplementary } : {}),
  });
  const endToEndId = details.endToEndId;
  return {
    bookingDate,
    valueDate,
    amount,
    currency,
    ...(details.counterpartyName ? { counterpartyName: details.counterpartyName } : {}),
    ...(details.counterpartyIban ? { counterpartyIban: details.counterpartyIban } : {}),
    ...(details.counterpartyBic ? { counterpartyBic: details.counterpartyBic } : {}),
    ...(details.remittance ? { remittance: details.remittance } : {}),
    ...(details.structuredReference ? { structuredReference: details.structuredReference } : {}),
    ...(bankReference?.trim() ? { bankReference: bankReference.trim() } : {}),
    ...(endToEndId ? { endToEndId } : {}),
    ...(transactionCode ? { transactionCode } : {}),
  };
}

/** The entry (booking) date `MMDD` in the year that puts it nearest the value date. */
function entryDate(valueDate: string, mmdd: string | undefined): string | undefined {
  if (!mmdd || !/^\d{4}$/.test(mmdd)) return undefined;
  const year = Number(valueDate.slice(0, 4));
  const valueMonth = Number(valueDate.slice(5, 7));
  const month = Number(mmdd.slice(0, 2));
  const shifted = month - valueMonth > 6 ? year - 1 : valueMonth - month > 6 ? year + 1 : year;
  return isoDate(shifted, month, Number(mmdd.slice(2, 4)));
}
