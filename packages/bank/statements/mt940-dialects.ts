import { parseBelgianStructuredReference, parseCreditorReference, parseDutchPaymentReference } from '#packages/kernel';
import { clean, validIban } from './text.js';

/**
 * The banks whose MT940 we read with their own habits. Structured `:86:` fields (`/EREF/`,
 * `/REMI/`, …) and German/Triodos `?20`/`>20` subfields are recognised by content whatever the
 * bank; the bank only decides how the free `:61:` reference and unstructured text are read.
 */
export type Mt940Bank = 'ing' | 'rabobank' | 'abnamro' | 'triodos' | 'knab' | 'sns' | 'asn' | 'generic';

const bankCodes: Readonly<Record<string, Mt940Bank>> = {
  INGB: 'ing',
  RABO: 'rabobank',
  ABNA: 'abnamro',
  TRIO: 'triodos',
  KNAB: 'knab',
  SNSB: 'sns',
  RBRB: 'sns',
  ASNB: 'asn',
};

/** The bank from the envelope or header (BIC) and the account (IBAN bank code, old formats). */
export function detectBank(header: string, account: string): Mt940Bank {
  const iban = /^[A-Z]{2}\d{2}([A-Z]{4})/.exec(account)?.[1];
  if (iban && bankCodes[iban]) return bankCodes[iban];
  const bic = /(?<![A-Z])(INGB|RABO|ABNA|TRIO|KNAB|SNSB|RBRB|ASNB)[A-Z]{2}[A-Z0-9]{2}/.exec(header)?.[1];
  if (bic && bankCodes[bic]) return bankCodes[bic];
  if (/^TRIODOSBANK\//i.test(account)) return 'triodos';
  if (/^:940:/m.test(header) || /^\d{4}\.\d{2}\.\d{3}/.test(account)) return 'rabobank';
  return 'generic';
}

/** What the `:61:` line says besides the amount and dates. */
export interface StatementLineReferences {
  /** Reference for the account owner (16x), `NONREF` when none. */
  readonly customerReference: string;
  /** The bank's reference after `//`. */
  readonly bankReference?: string;
  /** Supplementary details: the `:61:` second line. */
  readonly supplementary?: string;
}

/** Counterparty and remittance read from a line's `:86:` (and `:61:`) text. */
export interface LineDetails {
  counterpartyName?: string;
  counterpartyIban?: string;
  counterpartyBic?: string;
  remittance?: string;
  structuredReference?: string;
  endToEndId?: string;
}

/** Reads the information to the account owner of one line, as the bank wrote it. */
export function interpretDetails(bank: Mt940Bank, info: string, references: StatementLineReferences): LineDetails {
  const details = hasStructuredCodes(info)
    ? structuredCodes(info)
    : hasSubfields(info)
      ? subfields(info)
      : freeText(bank, info);
  fromStatementLine(bank, references, details);
  details.structuredReference ??= findReference(details.remittance ?? info.replace(/\s+/g, ' '));
  return prune(details);
}

// ---------------------------------------------------------------------------------------------
// SWIFT-style codes: ING (since 2014), Rabobank, ABN AMRO SEPA, Triodos and SNS SEPA.

const codes = [
  'TRTP',
  'IBAN',
  'BIC',
  'NAME',
  'REMI',
  'EREF',
  'PREF',
  'MARF',
  'CSID',
  'CNTP',
  'ORDP',
  'BENM',
  'ADDR',
  'ISDT',
  'RTRN',
  'PURP',
  'ULTD',
  'ULTC',
  'ULTB',
  'SVCL',
  'CDTRREF',
  'CDTRREFTP',
  'IREF',
  'OCMT',
  'CHGS',
  'EXCH',
  'ID',
];
const codePattern = new RegExp(`/(${codes.join('|')})/`, 'g');

function hasStructuredCodes(info: string): boolean {
  return /^\s*\/(EREF|PREF|MARF|CSID|CNTP|REMI|ORDP|BENM|NAME|IBAN|TRTP|RTRN|PURP|ULTD|ULTC)\//.test(
    info.replace(/\n/g, ''),
  );
}

function structuredCodes(info: string): LineDetails {
  // Lines wrap at a fixed width, mid-word: joining them without a space restores the text.
  const text = info.replace(/\n/g, '');
  const fields = new Map<string, string>();
  const matches = [...text.matchAll(codePattern)];
  matches.forEach((match, i) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = matches[i + 1]?.index ?? text.length;
    const code = match[1] as string;
    if (!fields.has(code)) fields.set(code, text.slice(start, end).replace(/\/+$/, ''));
  });
  const details: LineDetails = {};
  const cntp = fields.get('CNTP')?.split('/');
  details.counterpartyIban = validIban(fields.get('IBAN')) ?? validIban(cntp?.[0]);
  details.counterpartyBic = clean(fields.get('BIC') ?? cntp?.[1]);
  details.counterpartyName = clean(fields.get('NAME') ?? cntp?.[2]);
  const remi = fields.get('REMI') ?? '';
  const structured = /^STRD\/(?:CUR|ISO|BBA)?\/?(.*)$/.exec(remi)?.[1];
  if (structured !== undefined) {
    details.structuredReference = normaliseReference(structured);
    if (!details.structuredReference) details.remittance = clean(structured);
  } else {
    details.remittance = clean(remi.replace(/^USTD\/\//, '').replace(/^\/+/, ''));
  }
  const creditorReference = fields.get('CDTRREF');
  if (creditorReference) details.structuredReference ??= normaliseReference(creditorReference);
  const eref = fields.get('EREF');
  if (eref && eref !== 'NOTPROVIDED') details.endToEndId = clean(eref);
  return details;
}

// ---------------------------------------------------------------------------------------------
// Numbered subfields: German banks `166?00…?20…?31…?32…`, Triodos `000>10…>20…>31…`.

function hasSubfields(info: string): boolean {
  return /^\s*\d{0,3}[?>]\d{2}/.test(info.replace(/\n/g, ''));
}

function subfields(info: string): LineDetails {
  const text = info.replace(/\n/g, '');
  const separator = /^\s*\d{0,3}\?\d{2}/.test(text) ? '?' : '>';
  const parts = new Map<number, string>();
  for (const match of text.matchAll(new RegExp(`\\${separator}(\\d{2})([^\\${separator}]*)`, 'g'))) {
    const key = Number(match[1]);
    parts.set(key, `${parts.get(key) ?? ''}${match[2] ?? ''}`);
  }
  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => parts.get(from + i) ?? '').join('');
  const purpose = `${range(20, 29)}${range(60, 63)}`;
  const details: LineDetails = {
    counterpartyName: clean(range(32, 33)),
    counterpartyIban: validIban(parts.get(31)),
    counterpartyBic: /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(parts.get(30)?.trim() ?? '')
      ? parts.get(30)?.trim()
      : undefined,
  };
  // SEPA keys inside the purpose: EREF+ end-to-end id, SVWZ+ the remittance proper.
  const keyed = new Map<string, string>();
  const keys = [...purpose.matchAll(/(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC)\+/g)];
  keys.forEach((match, i) => {
    const start = (match.index ?? 0) + match[0].length;
    keyed.set(match[1] as string, purpose.slice(start, keys[i + 1]?.index ?? purpose.length));
  });
  details.remittance = clean(keyed.get('SVWZ') ?? (keys.length > 0 ? undefined : purpose));
  const eref = clean(keyed.get('EREF'));
  if (eref && eref !== 'NOTPROVIDED') details.endToEndId = eref;
  return details;
}

// ---------------------------------------------------------------------------------------------
// Unstructured text: old ING, old ABN AMRO, Knab, ASN/SNS and everyone else.

function freeText(bank: Mt940Bank, info: string): LineDetails {
  const flat = info.replace(/\s+/g, ' ').trim();
  const details: LineDetails = { structuredReference: labelledPaymentReference(flat) };
  // ABN AMRO and Knab label their fields: `IBAN: … BIC: … NAAM: … OMSCHRIJVING: … KENMERK: …`,
  // Knab `REK: NL…/NAAM: …`.
  const labelled = labelledFields(flat);
  if (labelled) {
    const { fields, start } = labelled;
    details.counterpartyIban = validIban(fields.get('IBAN') ?? fields.get('REK'));
    details.counterpartyBic = clean(fields.get('BIC'));
    details.counterpartyName = clean(fields.get('NAAM') ?? fields.get('NAME'));
    const eref = fields.get('KENMERK');
    if (eref && eref !== 'NOTPROVIDED') details.endToEndId = clean(eref);
    details.remittance = clean(fields.get('OMSCHRIJVING') ?? flat.slice(0, start).replace(/\/$/, '')) ?? clean(flat);
    return details;
  }
  const lines = info.split('\n').map((line) => line.trim());
  // ASN and SNS: first line `<IBAN or account> <name>`, then the description.
  const head = /^([A-Z]{2}\d{2}[A-Z0-9]{10,30}|\d{9,10})\s+(.+)$/.exec(lines[0] ?? '');
  if (head && (bank === 'asn' || bank === 'sns' || validIban(head[1]))) {
    details.counterpartyIban = validIban(head[1]);
    details.counterpartyName = clean(head[2]);
    details.remittance = clean(lines.slice(1).join(' '));
    return details;
  }
  // Old ABN AMRO giro lines: `GIRO   428428 KPN - DIGITENNE    BETALINGSKENM. …`.
  const giro = /^(?:GIRO|BGC)\s+\d+\s+(.+?)(?:\s{2,}|$)/.exec(lines[0] ?? '');
  if (bank === 'abnamro' && giro) details.counterpartyName = clean(giro[1]);
  details.remittance = clean(flat);
  return details;
}

const labels = ['IBAN', 'BIC', 'NAAM', 'NAME', 'OMSCHRIJVING', 'KENMERK', 'MACHTIGING', 'INCASSANT', 'REK'];
const labelPattern = new RegExp(`(?:^|[\\s/])(${labels.join('|')}):\\s*`, 'g');

/** `LABEL: value` pairs and where the first label starts; undefined when there are none. */
function labelledFields(flat: string): { fields: Map<string, string>; start: number } | undefined {
  const matches = [...flat.matchAll(labelPattern)];
  if (matches.length === 0) return undefined;
  const fields = new Map<string, string>();
  matches.forEach((match, i) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = matches[i + 1]?.index ?? flat.length;
    const label = match[1] as string;
    if (!fields.has(label)) fields.set(label, flat.slice(start, end).replace(/\/$/, '').trim());
  });
  return { fields, start: matches[0]?.index ?? 0 };
}

/** The digits after `BETALINGSKENMERK` / `BETALINGSKENM.` when they are a valid reference. */
function labelledPaymentReference(flat: string): string | undefined {
  const groups = /BETALINGSKENM(?:ERK|\.)?:?\s*(\d[\d ]*)/.exec(flat)?.[1]?.trim().split(' ') ?? [];
  // The reference may be printed in groups and be followed by other numbers: the shortest
  // run of groups that passes the check is the reference.
  for (let count = 1; count <= groups.length; count++) {
    const reference = parseDutchPaymentReference(groups.slice(0, count).join(''));
    if (reference) return reference;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

/** Counterparty accounts some banks put on the `:61:` line rather than in `:86:`. */
function fromStatementLine(bank: Mt940Bank, references: StatementLineReferences, details: LineDetails): void {
  const supplementary = references.supplementary?.trim();
  const customer = references.customerReference.trim();
  if (!details.counterpartyIban) {
    details.counterpartyIban = validIban(supplementary) ?? validIban(customer.split(/\s+/)[0]);
  }
  if (!details.counterpartyName) {
    // ASN and SNS: the name on the second line; old Rabobank: account and name in the reference.
    if ((bank === 'asn' || bank === 'sns') && supplementary && !validIban(supplementary)) {
      details.counterpartyName = clean(supplementary);
    } else if (bank === 'rabobank') {
      const old = /^\d{9,10}\s+(.+)$/.exec(customer);
      if (old) details.counterpartyName = clean(old[1]);
    }
  }
}

/** A Dutch betalingskenmerk, Belgian structured communication or RF reference in `value`. */
export function normaliseReference(value: string): string | undefined {
  const trimmed = value.trim();
  return (
    parseCreditorReference(trimmed) ?? parseBelgianStructuredReference(trimmed) ?? parseDutchPaymentReference(trimmed)
  );
}

/** Looks for a reference that announces itself and passes its check: `RF…` or `+++…+++`. */
function findReference(text: string): string | undefined {
  for (const match of text.matchAll(/\bRF\d{2}[0-9A-Z]{1,21}\b/g)) {
    const found = parseCreditorReference(match[0]);
    if (found) return found;
  }
  for (const match of text.matchAll(/(\+{3}|\*{3})\s*\d{3}\/?\d{4}\/?\d{5}\s*\1/g)) {
    const found = parseBelgianStructuredReference(match[0]);
    if (found) return found;
  }
  // Bare 16-digit numbers are not taken: iDEAL transaction numbers and card references have the
  // same shape, and one in eleven would pass the check digit by chance.
  return undefined;
}

function prune(details: LineDetails): LineDetails {
  return Object.fromEntries(
    Object.entries(details).filter(([, value]) => value !== undefined && value !== ''),
  ) as LineDetails;
}
