import { type Cents, parseBelgianStructuredReference } from '#packages/kernel';
import type { BankLine, BankStatement, ParsedStatementFile } from '../model.js';
import { StatementFormatError } from './errors.js';
import { checkBalance, clean, ddmmyy, decimalToCents, validIban } from './text.js';

/** Positions as in the Febelfin CODA 2.x standard: 1-based, inclusive. */
function at(record: string, from: number, to: number): string {
  return record.slice(from - 1, to);
}

interface Movement {
  readonly sequence: string;
  bookingDate?: string;
  valueDate?: string;
  amount: Cents;
  bankReference?: string;
  transactionCode: string;
  structuredReference?: string;
  /** Fixed-width communication segments, joined when the movement is complete. */
  readonly communication: string[];
  readonly information: string[];
  customerReference?: string;
  counterpartyBic?: string;
  counterpartyIban?: string;
  counterpartyName?: string;
}

interface OpenStatement {
  account: string;
  currency: string;
  statementId: string;
  openingBalance: Cents;
  openingDate?: string;
  closingBalance?: Cents;
  closingDate?: string;
  readonly movements: Movement[];
}

/**
 * Reads a Belgian CODA file (Febelfin 2.x; version 1 files read as far as they agree): record
 * 0 header, 1 old balance, 2.1–2.3 movements, 3.1–3.3 information, 4 free text, 8 new balance,
 * 9 trailer. One statement per record 1; the detail records of a globalised movement
 * (detail number other than 0000) break the booked amount down and are not booked again.
 * Structured communication type 101/102 gives the Belgian structured reference.
 */
export function parseCoda(text: string): ParsedStatementFile {
  const records = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\s+$/, ''))
    .filter((line) => line.length > 0)
    .map((line) => line.padEnd(128, ' '));
  const first = records[0] ?? '';
  if (first[0] !== '0') {
    throw new StatementFormatError('CODA_BROKEN', 'A CODA file starts with a header record (type 0).');
  }
  const version = at(first, 128, 128).trim() || undefined;
  const statements: BankStatement[] = [];
  let open: OpenStatement | undefined;
  let current: Movement | undefined;
  let trailer = false;
  for (const [index, record] of records.entries()) {
    const type = record[0];
    const article = record[1];
    if (type === '0') {
      trailer = false;
      continue;
    }
    if (type === '1') {
      if (open)
        fail(index, 'a new statement (record 1) starts before the previous one has its new balance (record 8).');
      open = readOldBalance(record, index);
      current = undefined;
      continue;
    }
    if (type === '9') {
      trailer = true;
      continue;
    }
    if (type === '4') continue;
    if (!open) fail(index, `a record of type ${type} outside a statement.`);
    const statement = open;
    if (type === '8') {
      const sign = at(record, 42, 42);
      const amount = amountAt(record, 43, 57) ?? fail(index, 'the new balance is not a number.');
      statement.closingBalance = sign === '1' && amount !== 0 ? -amount : amount;
      const date = ddmmyy(at(record, 58, 63));
      if (date) statement.closingDate = date;
      statements.push(finish(statement));
      open = undefined;
      current = undefined;
      continue;
    }
    if (type === '2') {
      const sequence = at(record, 3, 6);
      const detail = at(record, 7, 10);
      if (article === '1') {
        if (detail !== '0000') {
          // A detail of a globalised movement: its amount is already in the global one.
          current = undefined;
          continue;
        }
        current = readMovement(record, index);
        statement.movements.push(current);
        continue;
      }
      if (!current || current.sequence !== sequence) continue;
      if (article === '2') {
        current.communication.push(at(record, 11, 63));
        const customerReference = clean(at(record, 64, 98));
        if (customerReference && customerReference !== 'NOTPROVIDED') current.customerReference = customerReference;
        const bic = clean(at(record, 99, 109));
        if (bic) current.counterpartyBic = bic;
      } else if (article === '3') {
        const account = at(record, 11, 47).trim().split(/\s+/)[0] ?? '';
        const iban = validIban(account);
        if (iban) current.counterpartyIban = iban;
        const name = clean(at(record, 48, 82));
        if (name) current.counterpartyName = name;
        current.communication.push(at(record, 83, 125));
      }
      continue;
    }
    if (type === '3') {
      // Information records belong to the movement of the same sequence number.
      const sequence = at(record, 3, 6);
      const movement = statement.movements.findLast((m) => m.sequence === sequence);
      if (!movement) continue;
      if (article === '1') {
        // Structured information is not free text. Type 001 names the counterparty (70
        // characters from position 44), which fills in when record 2.3 gave no name.
        if (at(record, 40, 40) === '0') movement.information.push(at(record, 41, 113));
        else if (at(record, 41, 43) === '001') movement.counterpartyName ??= clean(at(record, 44, 113));
      } else if (article === '2') {
        movement.information.push(at(record, 11, 115));
      } else if (article === '3') {
        movement.information.push(at(record, 11, 100));
      }
      continue;
    }
    fail(index, `unknown record type '${type}${article ?? ''}'.`);
  }
  if (open) {
    throw new StatementFormatError(
      'CODA_BROKEN',
      `The statement for ${(open as OpenStatement).account} has no new balance (record 8): the file is cut short.`,
    );
  }
  if (!trailer) {
    throw new StatementFormatError('CODA_BROKEN', 'The file has no trailer record (type 9): it is cut short.');
  }
  if (statements.length === 0) {
    throw new StatementFormatError('CODA_BROKEN', 'The CODA file holds no statement (no record 1).');
  }
  return { format: 'coda', ...(version ? { version } : {}), statements };
}

function fail(index: number, reason: string): never {
  throw new StatementFormatError('CODA_BROKEN', `Record ${index + 1}: ${reason}`);
}

/** A 15-digit amount with three decimals, to cents. */
function amountAt(record: string, from: number, to: number): Cents | undefined {
  const digits = at(record, from, to);
  if (!/^\d{15}$/.test(digits)) return undefined;
  return decimalToCents(`${digits.slice(0, 12)}.${digits.slice(12)}`);
}

function readOldBalance(record: string, index: number): OpenStatement {
  const structure = at(record, 2, 2);
  let account: string;
  let currency: string;
  if (structure === '0' || structure === ' ') {
    account = at(record, 6, 17).trim();
    currency = at(record, 19, 21);
  } else if (structure === '2') {
    account = at(record, 6, 21).trim();
    currency = at(record, 40, 42);
  } else {
    account = at(record, 6, 39).trim();
    currency = at(record, 40, 42);
  }
  if (!account) fail(index, 'the old balance record (1) names no account.');
  if (!/^[A-Z]{3}$/.test(currency)) fail(index, `the account currency '${currency}' is not an ISO code.`);
  const amount = amountAt(record, 44, 58) ?? fail(index, 'the old balance is not a number.');
  const date = ddmmyy(at(record, 59, 64));
  return {
    account: validIban(account) ?? account,
    currency,
    statementId: at(record, 3, 5),
    openingBalance: at(record, 43, 43) === '1' && amount !== 0 ? -amount : amount,
    ...(date ? { openingDate: date } : {}),
    movements: [],
  };
}

function readMovement(record: string, index: number): Movement {
  const magnitude = amountAt(record, 33, 47) ?? fail(index, 'the movement amount is not a number.');
  const valueDate = ddmmyy(at(record, 48, 53));
  const bookingDate = ddmmyy(at(record, 116, 121)) ?? valueDate;
  if (!bookingDate) fail(index, 'the movement has neither an entry nor a value date.');
  const structured = at(record, 62, 62) === '1';
  const communication = at(record, 63, 115);
  const type = at(record, 63, 65);
  const structuredReference =
    structured && (type === '101' || type === '102') ? parseBelgianStructuredReference(at(record, 66, 77)) : undefined;
  const bankReference = clean(at(record, 11, 31));
  return {
    sequence: at(record, 3, 6),
    ...(bookingDate ? { bookingDate } : {}),
    ...(valueDate ? { valueDate } : {}),
    amount: at(record, 32, 32) === '1' && magnitude !== 0 ? -magnitude : magnitude,
    ...(bankReference ? { bankReference } : {}),
    transactionCode: at(record, 54, 61),
    ...(structuredReference ? { structuredReference } : {}),
    // A structured communication of another type is kept as text without its type code.
    communication: structuredReference ? [] : [structured ? at(record, 66, 115) : communication],
    information: [],
  };
}

function finish(statement: OpenStatement): BankStatement {
  const lines: BankLine[] = statement.movements.map((m) => {
    const remittance = clean([...m.communication, ...m.information].join(''));
    return {
      bookingDate: m.bookingDate as string,
      ...(m.valueDate ? { valueDate: m.valueDate } : {}),
      amount: m.amount,
      currency: statement.currency,
      ...(m.counterpartyName ? { counterpartyName: m.counterpartyName } : {}),
      ...(m.counterpartyIban ? { counterpartyIban: m.counterpartyIban } : {}),
      ...(m.counterpartyBic ? { counterpartyBic: m.counterpartyBic } : {}),
      ...(remittance ? { remittance } : {}),
      ...(m.structuredReference ? { structuredReference: m.structuredReference } : {}),
      ...(m.bankReference ? { bankReference: m.bankReference } : {}),
      ...(m.customerReference ? { endToEndId: m.customerReference } : {}),
      transactionCode: m.transactionCode,
    };
  });
  return {
    account: statement.account,
    currency: statement.currency,
    statementId: statement.statementId,
    openingBalance: statement.openingBalance,
    ...(statement.openingDate ? { openingDate: statement.openingDate } : {}),
    ...(statement.closingBalance !== undefined ? { closingBalance: statement.closingBalance } : {}),
    ...(statement.closingDate ? { closingDate: statement.closingDate } : {}),
    lines,
    balanceCheck: checkBalance(statement.openingBalance, statement.closingBalance, lines),
  };
}
