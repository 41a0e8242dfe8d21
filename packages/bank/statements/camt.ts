import type { Cents } from '#packages/kernel';
import type { BankLine, BankStatement, ParsedStatementFile, StatementFormat } from '../model.js';
import { StatementFormatError } from './errors.js';
import { checkBalance, clean, decimalToCents, validIban } from './text.js';
import { childrenNamed, firstAt, parseXml, textAt, type XmlElement } from './xml.js';

/** The three ISO 20022 cash-management messages a bank sends about an account. */
const messages = {
  BkToCstmrAcctRpt: { format: 'camt.052', record: 'Rpt' },
  BkToCstmrStmt: { format: 'camt.053', record: 'Stmt' },
  BkToCstmrDbtCdtNtfctn: { format: 'camt.054', record: 'Ntfctn' },
} as const satisfies Record<string, { format: StatementFormat; record: string }>;

/**
 * Booked balance types that open a period (opening booked, previous closing booked, interim
 * booked) and that close it. Available balances (OPAV, CLAV) include pending items and are
 * never compared with booked movements.
 */
const openingCodes = ['OPBD', 'PRCD', 'ITBD'] as const;
const closingCodes = ['CLBD', 'ITBD'] as const;

/**
 * Reads a camt.052 (account report), camt.053 (statement) or camt.054 (debit/credit
 * notification), any version from .001.01 to .001.08 and later: one {@link BankStatement} per
 * `Rpt`/`Stmt`/`Ntfctn`, one line per booked entry (`Sts` BOOK or absent; pending and
 * information-only entries are not movements on the account).
 */
export function parseCamt(text: string): ParsedStatementFile {
  const document = parseXml(text);
  const message = document.name === 'Document' ? document.children[0] : document;
  // Version 1 named the message element after its version (`BkToCstmrAcctRptV01`).
  const messageName = message?.name.replace(/V\d{2}$/, '');
  const kind = messageName && messageName in messages ? messages[messageName as keyof typeof messages] : undefined;
  if (!message || !kind) {
    throw new StatementFormatError(
      'CAMT_UNSUPPORTED',
      `The XML is not a camt.052, camt.053 or camt.054 message (root ${document.name}${message ? `/${message.name}` : ''}).`,
    );
  }
  // The parser drops namespace declarations; the version is read from the start tag itself.
  const rootTag = /<(?:\w+:)?Document\b[^>]*>/.exec(text)?.[0] ?? '';
  const version = /urn:iso:std:iso:20022:tech:xsd:(camt\.05[234]\.\d{3}\.\d{2})/.exec(rootTag)?.[1];
  if (version && !version.startsWith(kind.format)) {
    throw new StatementFormatError('CAMT_BROKEN', `The namespace says ${version} but the message is a ${kind.format}.`);
  }
  const records = childrenNamed(message, kind.record);
  if (records.length === 0) {
    throw new StatementFormatError(
      'CAMT_NO_STATEMENTS',
      `The ${kind.format} message holds no ${kind.record} element, so there is no account to read.`,
    );
  }
  return {
    format: kind.format,
    ...(version ? { version } : {}),
    statements: records.map((record, index) =>
      readRecord(record, index, textAt(record, 'CreDtTm') ?? textAt(message, 'GrpHdr', 'CreDtTm')),
    ),
  };
}

/**
 * `created` (the record's or message's creation time) dates entries that carry neither a
 * booking nor a value date, as minimal camt.054 notifications do.
 */
function readRecord(record: XmlElement, index: number, created: string | undefined): BankStatement {
  const account = accountOf(firstAt(record, 'Acct'));
  if (!account) {
    throw new StatementFormatError('CAMT_BROKEN', `Statement ${index + 1} has no account (Acct/Id).`);
  }
  const balances = childrenNamed(record, 'Bal').map(readBalance);
  const entries = childrenNamed(record, 'Ntry');
  const currency =
    textAt(record, 'Acct', 'Ccy') ??
    balances.find((b) => b.currency)?.currency ??
    entries.map((entry) => firstAt(entry, 'Amt')?.attributes.Ccy).find(Boolean) ??
    '';
  const opening = pick(balances, openingCodes, 'first');
  const lastClosing = pick(balances, closingCodes, 'last');
  // A report with one interim balance has nothing to compare it with.
  const closing = lastClosing === opening ? undefined : lastClosing;
  const createdDate = created ? /^\d{4}-\d{2}-\d{2}/.exec(created)?.[0] : undefined;
  const lines = entries.filter(isBooked).map((entry, n) => readEntry(entry, currency, index, n, createdDate));
  const statementId = textAt(record, 'Id') ?? textAt(record, 'ElctrncSeqNb') ?? textAt(record, 'LglSeqNb');
  return {
    account,
    currency,
    ...(statementId ? { statementId } : {}),
    ...(opening ? { openingBalance: opening.amount, ...(opening.date ? { openingDate: opening.date } : {}) } : {}),
    ...(closing ? { closingBalance: closing.amount, ...(closing.date ? { closingDate: closing.date } : {}) } : {}),
    lines,
    balanceCheck: checkBalance(opening?.amount, closing?.amount, lines),
  };
}

function accountOf(acct: XmlElement | undefined): string | undefined {
  const iban = textAt(acct, 'Id', 'IBAN');
  if (iban) return validIban(iban) ?? iban.replace(/\s/g, '');
  // Othr/Id since version 2; version 1 had PrtryAcct, BBAN and UPIC.
  const other =
    textAt(acct, 'Id', 'Othr', 'Id') ??
    textAt(acct, 'Id', 'PrtryAcct', 'Id') ??
    textAt(acct, 'Id', 'BBAN') ??
    textAt(acct, 'Id', 'UPIC');
  return other ? (validIban(other) ?? other) : undefined;
}

interface Balance {
  readonly code: string;
  readonly amount: Cents;
  readonly currency?: string;
  readonly date?: string;
}

function readBalance(bal: XmlElement): Balance {
  const code = textAt(bal, 'Tp', 'CdOrPrtry', 'Cd') ?? textAt(bal, 'Tp', 'CdOrPrtry', 'Prtry') ?? '';
  const amount = signedAmount(bal, 'balance');
  const currency = firstAt(bal, 'Amt')?.attributes.Ccy;
  const date = dateOf(firstAt(bal, 'Dt'));
  return { code, amount, ...(currency ? { currency } : {}), ...(date ? { date } : {}) };
}

/** The balance of the first listed code present (first or last occurrence when it repeats). */
function pick(balances: readonly Balance[], codes: readonly string[], which: 'first' | 'last'): Balance | undefined {
  for (const code of codes) {
    const found = balances.filter((b) => b.code === code);
    const chosen = which === 'first' ? found[0] : found[found.length - 1];
    if (chosen) return chosen;
  }
  return undefined;
}

function isBooked(entry: XmlElement): boolean {
  const status = textAt(entry, 'Sts', 'Cd') ?? textAt(entry, 'Sts');
  return status === undefined || status === 'BOOK';
}

function signedAmount(element: XmlElement, what: string): Cents {
  const raw = textAt(element, 'Amt');
  const cents = raw === undefined ? undefined : decimalToCents(raw);
  if (cents === undefined) {
    throw new StatementFormatError('CAMT_BROKEN', `A ${what} has no readable amount (Amt '${raw ?? ''}').`);
  }
  const indicator = textAt(element, 'CdtDbtInd');
  return indicator === 'DBIT' && cents !== 0 ? -cents : cents;
}

/** `Dt` or the date part of `DtTm`, as the bank wrote it (its own time zone). */
function dateOf(element: XmlElement | undefined): string | undefined {
  const value = textAt(element, 'Dt') ?? textAt(element, 'DtTm');
  return value ? /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] : undefined;
}

function readEntry(
  entry: XmlElement,
  currency: string,
  statement: number,
  index: number,
  createdDate: string | undefined,
): BankLine {
  const amount = signedAmount(entry, `entry (statement ${statement + 1}, entry ${index + 1})`);
  const bookingDate = dateOf(firstAt(entry, 'BookgDt')) ?? dateOf(firstAt(entry, 'ValDt')) ?? createdDate;
  if (!bookingDate) {
    throw new StatementFormatError(
      'CAMT_BROKEN',
      `Entry ${index + 1} of statement ${statement + 1} has neither a booking nor a value date, and the message no creation date.`,
    );
  }
  const valueDate = dateOf(firstAt(entry, 'ValDt'));
  const details = childrenNamed(firstAt(entry, 'NtryDtls'), 'TxDtls');
  // One transaction: its parties and remittance describe the entry. A batch booked as one
  // entry keeps the entry's own information only.
  const tx = details.length === 1 ? details[0] : undefined;
  const credit = amount >= 0;
  const parties = firstAt(tx, 'RltdPties');
  const party = credit ? 'Dbtr' : 'Cdtr';
  const counterpartyName = clean(
    textAt(parties, party, 'Nm') ??
      textAt(parties, party, 'Pty', 'Nm') ??
      textAt(parties, `Ultmt${party}`, 'Nm') ??
      textAt(parties, `Ultmt${party}`, 'Pty', 'Nm'),
  );
  const accountElement = firstAt(parties, `${party}Acct`);
  const counterpartyIban =
    validIban(textAt(accountElement, 'Id', 'IBAN')) ?? validIban(textAt(accountElement, 'Id', 'Othr', 'Id'));
  const agents = firstAt(tx, 'RltdAgts', `${party}Agt`, 'FinInstnId');
  const counterpartyBic = textAt(agents, 'BIC') ?? textAt(agents, 'BICFI');
  const remittanceInfo = firstAt(tx, 'RmtInf');
  const unstructured = childrenNamed(remittanceInfo, 'Ustrd')
    .map((u) => u.text)
    .filter(Boolean)
    .join(' ');
  const structuredReference = childrenNamed(remittanceInfo, 'Strd')
    .map((s) => textAt(s, 'CdtrRefInf', 'Ref'))
    .find((ref) => ref !== undefined);
  const remittance = clean(unstructured) ?? clean(textAt(tx, 'AddtlTxInf')) ?? clean(textAt(entry, 'AddtlNtryInf'));
  const bankReference = textAt(entry, 'AcctSvcrRef') ?? textAt(tx, 'Refs', 'AcctSvcrRef');
  const endToEnd = textAt(tx, 'Refs', 'EndToEndId');
  const endToEndId = endToEnd && endToEnd !== 'NOTPROVIDED' ? endToEnd : undefined;
  const transactionCode = bankTransactionCode(firstAt(entry, 'BkTxCd') ?? firstAt(tx, 'BkTxCd'));
  return {
    bookingDate,
    ...(valueDate ? { valueDate } : {}),
    amount,
    currency,
    ...(counterpartyName ? { counterpartyName } : {}),
    ...(counterpartyIban ? { counterpartyIban } : {}),
    ...(counterpartyBic ? { counterpartyBic } : {}),
    ...(remittance ? { remittance } : {}),
    ...(structuredReference ? { structuredReference: structuredReference.replace(/\s/g, '') } : {}),
    ...(bankReference ? { bankReference } : {}),
    ...(endToEndId ? { endToEndId } : {}),
    ...(transactionCode ? { transactionCode } : {}),
  };
}

/** `PMNT/RCDT/ESCT` from the ISO domain, else the proprietary code. */
function bankTransactionCode(code: XmlElement | undefined): string | undefined {
  const domain = textAt(code, 'Domn', 'Cd');
  if (domain) {
    return [domain, textAt(code, 'Domn', 'Fmly', 'Cd'), textAt(code, 'Domn', 'Fmly', 'SubFmlyCd')]
      .filter(Boolean)
      .join('/');
  }
  return textAt(code, 'Prtry', 'Cd');
}
