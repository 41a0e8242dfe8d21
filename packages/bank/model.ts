import type { Cents } from '#packages/kernel';

/**
 * One booked movement on a bank account as every source delivers it (statement file or PSD2
 * feed), before it is stored: the common shape the parsers, the feed and the robot agree on.
 */
export interface BankLine {
  /** `YYYY-MM-DD`. */
  readonly bookingDate: string;
  readonly valueDate?: string;
  /** Signed minor units: positive is money in (credit), negative money out (debit). */
  readonly amount: Cents;
  /** ISO 4217 of the account; lines in another currency keep the account's amount. */
  readonly currency: string;
  readonly counterpartyName?: string;
  /** Electronic format, no spaces. */
  readonly counterpartyIban?: string;
  readonly counterpartyBic?: string;
  /** Unstructured remittance text, lines joined by a single space. */
  readonly remittance?: string;
  /**
   * A structured creditor reference as the bank gave it: Belgian structured communication
   * (12 digits), Dutch betalingskenmerk (16 digits) or ISO 11649 RF reference.
   */
  readonly structuredReference?: string;
  /** The bank's own id of the movement (AcctSvcrRef, MT940 bank reference, PSD2 transactionId). */
  readonly bankReference?: string;
  readonly endToEndId?: string;
  /** Bank transaction code as delivered (ISO BTC domain/family/sub-family, SWIFT, CODA). */
  readonly transactionCode?: string;
}

/** Opening + movements = closing, as far as the source gives balances. */
export interface BalanceCheck {
  readonly ok: boolean;
  /** closing − (opening + Σ amounts); 0 when it balances or when a balance is missing. */
  readonly difference: Cents;
  /** Why no check was possible (no opening or closing balance in the source). */
  readonly unchecked?: string;
}

export interface BankStatement {
  /** IBAN (electronic format) or, when the source has none, the bank's account number. */
  readonly account: string;
  readonly currency: string;
  /** The statement's own id or sequence number, when the source has one. */
  readonly statementId?: string;
  readonly openingBalance?: Cents;
  readonly openingDate?: string;
  readonly closingBalance?: Cents;
  readonly closingDate?: string;
  readonly lines: readonly BankLine[];
  readonly balanceCheck: BalanceCheck;
}

export const statementFormats = ['camt.052', 'camt.053', 'camt.054', 'mt940', 'mt942', 'coda'] as const;
export type StatementFormat = (typeof statementFormats)[number];

/** A whole statement file read: one or more statements (a CODA or MT940 file may hold several). */
export interface ParsedStatementFile {
  readonly format: StatementFormat;
  /** The message version, e.g. `camt.053.001.08`, CODA `2`. */
  readonly version?: string;
  readonly statements: readonly BankStatement[];
}
