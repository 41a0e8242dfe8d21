import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { type FieldIssue, formatCents, ValidationError } from '#packages/kernel';
import { escapeXml, sepaText } from './text.js';

/**
 * A SEPA credit transfer initiation (ISO 20022 pain.001) as the EPC's SCT implementation
 * guidelines describe it: one group header, one payment information block (one debtor
 * account, one execution date), one CdtTrfTxInf per transfer. Version 09 (the 2019 message
 * the EPC guidelines use since November 2023) is the default; 03 (2009) is still asked for by
 * some banks' upload portals. Amounts are integer cents and always EUR.
 */

export const painVersions = ['09', '03'] as const;
export type PainVersion = (typeof painVersions)[number];

export const painNamespace = (version: PainVersion) => `urn:iso:std:iso:20022:tech:xsd:pain.001.001.${version}`;

export interface SepaAddress {
  readonly street?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly town: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface SepaParty {
  readonly name: string;
  readonly address?: SepaAddress | undefined;
  readonly iban: string;
  /** Absent: the debtor agent is `NOTPROVIDED`; a creditor agent is left out (IBAN-only, EEA). */
  readonly bic?: string | undefined;
}

/** A structured creditor reference (SCOR): `BBA` Belgian OGM, `CUR` Dutch betalingskenmerk, `ISO` RF. */
export interface StructuredRemittance {
  readonly kind: 'structured';
  readonly reference: string;
  readonly issuer?: string | undefined;
}
export interface UnstructuredRemittance {
  readonly kind: 'unstructured';
  readonly text: string;
}
export type Remittance = StructuredRemittance | UnstructuredRemittance;

export interface CreditTransfer {
  readonly endToEndId: string;
  /** Cents, more than zero. */
  readonly amount: number;
  readonly creditor: SepaParty;
  readonly remittance: Remittance;
}

export interface CreditTransferMessage {
  readonly version: PainVersion;
  readonly messageId: string;
  /** ISO date-time of creation; written to the second, in UTC. */
  readonly createdAt: string;
  readonly initiatingParty: {
    readonly name: string;
    /** The organisation's register number (KvK, KBO-BCE) and its issuer. */
    readonly id?: { readonly value: string; readonly issuer: string } | undefined;
  };
  readonly paymentInformationId: string;
  readonly batchBooking: boolean;
  /** `YYYY-MM-DD`. */
  readonly requestedExecutionDate: string;
  readonly debtor: SepaParty;
  readonly transfers: readonly CreditTransfer[];
}

/** Schema lengths the EPC guidelines keep (names 70 even where .09 allows 140). */
export const sepaLimits = {
  id: 35,
  name: 70,
  unstructured: 140,
  reference: 35,
  street: 70,
  postalCode: 16,
  town: 35,
  /** 999 999 999.99 EUR, the EPC maximum for one transfer. */
  maxAmount: 99_999_999_999,
} as const;

const bicPattern = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
/** EPC identifier rule: the Latin subset without spaces at the ends, no leading/trailing or double `/`. */
const idPattern = /^[A-Za-z0-9+?/\-:().,' ]{1,35}$/;

export const isValidBic = (value: string) => bicPattern.test(value);

function isValidSepaId(value: string): boolean {
  return idPattern.test(value) && !value.startsWith('/') && !value.endsWith('/') && !value.includes('//');
}

function checkIban(value: string, path: string, issues: FieldIssue[]): string {
  const iban = electronicFormatIBAN(value) ?? '';
  if (!isValidIBAN(iban)) issues.push({ path, message: `${value} is not a valid IBAN.` });
  return iban;
}

/** Every problem with the message at once, as field issues; nothing is written when there is one. */
export function creditTransferIssues(message: CreditTransferMessage): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const id = (value: string, path: string) => {
    if (!isValidSepaId(value)) issues.push({ path, message: `${value} is not a SEPA identifier (1–35 characters).` });
  };
  const party = (p: SepaParty, path: string) => {
    if (sepaText(p.name, sepaLimits.name) === '') issues.push({ path: `${path}.name`, message: 'A name is required.' });
    checkIban(p.iban, `${path}.iban`, issues);
    if (p.bic !== undefined && !isValidBic(p.bic)) {
      issues.push({ path: `${path}.bic`, message: `${p.bic} is not a BIC (8 or 11 characters).` });
    }
    if (p.address && !/^[A-Z]{2}$/.test(p.address.country)) {
      issues.push({ path: `${path}.address.country`, message: 'A two-letter country code.' });
    }
  };
  id(message.messageId, 'messageId');
  id(message.paymentInformationId, 'paymentInformationId');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(message.requestedExecutionDate)) {
    issues.push({ path: 'requestedExecutionDate', message: 'A date as YYYY-MM-DD.' });
  }
  if (Number.isNaN(Date.parse(message.createdAt))) issues.push({ path: 'createdAt', message: 'Not a date-time.' });
  if (sepaText(message.initiatingParty.name, sepaLimits.name) === '') {
    issues.push({ path: 'initiatingParty.name', message: 'A name is required.' });
  }
  party(message.debtor, 'debtor');
  if (message.transfers.length === 0) issues.push({ path: 'transfers', message: 'At least one transfer.' });
  const seen = new Set<string>();
  message.transfers.forEach((t, i) => {
    const path = `transfers.${i}`;
    id(t.endToEndId, `${path}.endToEndId`);
    if (seen.has(t.endToEndId)) issues.push({ path: `${path}.endToEndId`, message: 'Used twice in the message.' });
    seen.add(t.endToEndId);
    if (!Number.isSafeInteger(t.amount) || t.amount <= 0 || t.amount > sepaLimits.maxAmount) {
      issues.push({ path: `${path}.amount`, message: 'An amount from 0.01 to 999999999.99 EUR.' });
    }
    party(t.creditor, `${path}.creditor`);
    if (t.remittance.kind === 'structured') {
      if (!/^[A-Za-z0-9+?/\-:().,' ]{1,35}$/.test(t.remittance.reference)) {
        issues.push({ path: `${path}.remittance.reference`, message: 'A reference of 1–35 characters.' });
      }
    } else if (t.remittance.text.length > sepaLimits.unstructured) {
      issues.push({ path: `${path}.remittance.text`, message: 'At most 140 characters.' });
    }
  });
  return issues;
}

// ---------------------------------------------------------------------------------------------
// A minimal element tree: text is escaped once, in render.

interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly children?: readonly XmlElement[];
}

type Child = XmlElement | undefined | false;

const el = (name: string, content: string | readonly Child[], attributes?: Record<string, string>): XmlElement => ({
  name,
  ...(attributes ? { attributes } : {}),
  ...(typeof content === 'string'
    ? { text: content }
    : { children: content.filter((c): c is XmlElement => Boolean(c)) }),
});

function render(node: XmlElement, depth: number): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (node.text !== undefined) return `${pad}<${node.name}${attrs}>${escapeXml(node.text)}</${node.name}>`;
  const inner = (node.children ?? []).map((c) => render(c, depth + 1)).join('\n');
  return `${pad}<${node.name}${attrs}>\n${inner}\n${pad}</${node.name}>`;
}

// ---------------------------------------------------------------------------------------------

/** Where .03 and .09 differ: the BIC element's name, the execution date's wrapper. */
const dialect = (version: PainVersion) => ({
  bic: version === '09' ? 'BICFI' : 'BIC',
  executionDate: (date: string) => (version === '09' ? el('ReqdExctnDt', [el('Dt', date)]) : el('ReqdExctnDt', date)),
});

function address(a: SepaAddress | undefined): Child {
  if (!a || sepaText(a.town, sepaLimits.town) === '') return undefined;
  const street = a.street ? sepaText(a.street, sepaLimits.street) : '';
  const postalCode = a.postalCode ? sepaText(a.postalCode, sepaLimits.postalCode) : '';
  return el('PstlAdr', [
    street !== '' && el('StrtNm', street),
    postalCode !== '' && el('PstCd', postalCode),
    el('TwnNm', sepaText(a.town, sepaLimits.town)),
    el('Ctry', a.country),
  ]);
}

function agent(version: PainVersion, bic: string | undefined, notProvided: boolean): Child {
  if (bic) return el('FinInstnId', [el(dialect(version).bic, bic)]);
  return notProvided ? el('FinInstnId', [el('Othr', [el('Id', 'NOTPROVIDED')])]) : undefined;
}

function remittance(r: Remittance): XmlElement {
  if (r.kind === 'unstructured') return el('RmtInf', [el('Ustrd', sepaText(r.text, sepaLimits.unstructured))]);
  return el('RmtInf', [
    el('Strd', [
      el('CdtrRefInf', [
        el('Tp', [el('CdOrPrtry', [el('Cd', 'SCOR')]), r.issuer !== undefined && el('Issr', r.issuer)]),
        el('Ref', r.reference),
      ]),
    ]),
  ]);
}

function transfer(version: PainVersion, t: CreditTransfer): XmlElement {
  const creditorAgent = agent(version, t.creditor.bic, false);
  return el('CdtTrfTxInf', [
    el('PmtId', [el('EndToEndId', t.endToEndId)]),
    el('Amt', [el('InstdAmt', formatCents(t.amount), { Ccy: 'EUR' })]),
    creditorAgent && el('CdtrAgt', [creditorAgent]),
    el('Cdtr', [el('Nm', sepaText(t.creditor.name, sepaLimits.name)), address(t.creditor.address)]),
    el('CdtrAcct', [el('Id', [el('IBAN', electronicFormatIBAN(t.creditor.iban) ?? t.creditor.iban)])]),
    remittance(t.remittance),
  ]);
}

/** Sum of the transfers in cents, and as the decimal the message carries. */
export function controlSum(transfers: readonly Pick<CreditTransfer, 'amount'>[]): number {
  return transfers.reduce((sum, t) => sum + t.amount, 0);
}

/**
 * The pain.001 XML of `message`, UTF-8, after {@link creditTransferIssues} found nothing
 * (else a ValidationError listing every issue). Names, addresses and remittance text are
 * transliterated to the SEPA Latin subset and cut to the schema's lengths; identifiers and
 * references are written as given (they are checked, not altered).
 */
export function buildPain001(message: CreditTransferMessage): string {
  const issues = creditTransferIssues(message);
  if (issues.length > 0) throw new ValidationError(issues, 'The credit transfer file cannot be made.');
  const v = message.version;
  const count = String(message.transfers.length);
  const sum = formatCents(controlSum(message.transfers));
  const created = `${new Date(message.createdAt).toISOString().slice(0, 19)}Z`;
  const initiator = message.initiatingParty;
  const document = el(
    'Document',
    [
      el('CstmrCdtTrfInitn', [
        el('GrpHdr', [
          el('MsgId', message.messageId),
          el('CreDtTm', created),
          el('NbOfTxs', count),
          el('CtrlSum', sum),
          el('InitgPty', [
            el('Nm', sepaText(initiator.name, sepaLimits.name)),
            initiator.id &&
              el('Id', [
                el('OrgId', [
                  el('Othr', [el('Id', sepaText(initiator.id.value, sepaLimits.id)), el('Issr', initiator.id.issuer)]),
                ]),
              ]),
          ]),
        ]),
        el('PmtInf', [
          el('PmtInfId', message.paymentInformationId),
          el('PmtMtd', 'TRF'),
          el('BtchBookg', message.batchBooking ? 'true' : 'false'),
          el('NbOfTxs', count),
          el('CtrlSum', sum),
          el('PmtTpInf', [el('SvcLvl', [el('Cd', 'SEPA')])]),
          dialect(v).executionDate(message.requestedExecutionDate),
          el('Dbtr', [el('Nm', sepaText(message.debtor.name, sepaLimits.name)), address(message.debtor.address)]),
          el('DbtrAcct', [el('Id', [el('IBAN', electronicFormatIBAN(message.debtor.iban) ?? message.debtor.iban)])]),
          el('DbtrAgt', [agent(v, message.debtor.bic, true)]),
          el('ChrgBr', 'SLEV'),
          ...message.transfers.map((t) => transfer(v, t)),
        ]),
      ]),
    ],
    { xmlns: painNamespace(v), 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' },
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(document, 0)}\n`;
}
