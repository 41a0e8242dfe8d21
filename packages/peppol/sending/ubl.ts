import type { Invoice } from '#packages/invoicing';
import { type Cents, type Country, compactIdentifier, formatCents, isValidPeppolParticipantId } from '#packages/kernel';
import { type VatCode, vatCode } from '#packages/ledger';
import type { Relation } from '#packages/relations';
import type { Administration } from '#packages/tenancy';
import { type ParticipantId, parseParticipantId } from '../responses/participant.js';
import { escapeXml } from '../responses/xml.js';
import { peppolBisCustomizationId } from '../validation/rules/peppol.js';

/** Peppol BIS Billing 3.0: the business process of every invoice and credit note. */
export const billingProfile = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
export const invoiceStandard = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
export const creditNoteStandard = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
/** Peppol document type identifiers (busdox-docid-qns) of the BIS 3.0 invoice and credit note. */
export const invoiceDocumentType = `${invoiceStandard}::Invoice##${peppolBisCustomizationId}::2.1`;
export const creditNoteDocumentType = `${creditNoteStandard}::CreditNote##${peppolBisCustomizationId}::2.1`;

/** The seller: what the administration says about itself. */
export type SellerParty = Pick<
  Administration,
  'legalName' | 'country' | 'vatNumber' | 'companyNumber' | 'peppolParticipantIds' | 'address'
>;

/** The buyer: the relation the invoice is addressed to. */
export type BuyerParty = Pick<Relation, 'name' | 'number' | 'address' | 'vatNumber' | 'companyNumber'> & {
  readonly externalIds?: Relation['externalIds'] | undefined;
};

export interface UblOptions {
  /** The seller's IBAN: with it the document carries credit transfer (30, 58 when SEPA) and the payment reference. */
  readonly iban?: string | undefined;
  /** For a credit note: the invoice it credits (number and date), as BillingReference. */
  readonly creditedInvoice?: { readonly number: string; readonly invoiceDate?: string | undefined } | undefined;
  /** The buyer's reference (BT-10); default the relation's number with us. */
  readonly buyerReference?: string | undefined;
}

/** The UBL document and how it travels over Peppol. */
export interface SalesUbl {
  readonly xml: string;
  readonly root: 'Invoice' | 'CreditNote';
  readonly standard: string;
  readonly documentType: string;
  readonly process: string;
  readonly sender: ParticipantId;
  readonly receiver: ParticipantId;
}

export class UblBuildError extends Error {
  override name = 'UblBuildError';
  /** Whose data is missing or wrong: the seller, the buyer, or the invoice itself. */
  readonly party: 'seller' | 'buyer' | 'invoice';
  constructor(party: UblBuildError['party'], message: string) {
    super(message);
    this.party = party;
  }
}

/** EN 16931 VAT category (UNCL5305) and exemption reason of a sales VAT code kind. */
const categories: Record<VatCode['kind'], { id: string; reason?: string; reasonCode?: string }> = {
  standard: { id: 'S' },
  reduced: { id: 'S' },
  zero: { id: 'Z' },
  exempt: { id: 'E', reason: 'Vrijgesteld van btw' },
  'reverse-charge-domestic': { id: 'AE', reason: 'Btw verlegd', reasonCode: 'VATEX-EU-AE' },
  'co-contractor': { id: 'AE', reason: 'Verlegging van heffing', reasonCode: 'VATEX-EU-AE' },
  'intra-eu-goods': { id: 'K', reason: 'Intracommunautaire levering', reasonCode: 'VATEX-EU-IC' },
  'intra-eu-services': { id: 'K', reason: 'Intracommunautaire dienst', reasonCode: 'VATEX-EU-IC' },
  import: { id: 'S' },
  export: { id: 'G', reason: 'Uitvoer buiten de EU', reasonCode: 'VATEX-EU-G' },
};

const companyScheme: Record<Country, string> = { NL: '0106', BE: '0208' };
const vatScheme: Record<Country, string> = { NL: '9944', BE: '9925' };

const isCountry = (c: string | undefined): c is Country => c === 'NL' || c === 'BE';

/** `0403170701` for a Belgian enterprise number written with `BE` or without its leading zero. */
function companyId(country: string, value: string): string {
  const compact = compactIdentifier(value);
  return country === 'BE' ? compact.replace(/^BE/, '').padStart(10, '0') : compact;
}

/** A VAT number with its country prefix. */
function vatId(country: string, value: string): string {
  const compact = compactIdentifier(value);
  return /^[A-Z]{2}/.test(compact) ? compact : `${country}${compact}`;
}

/**
 * The Peppol endpoint of a party without a registered participant id, derived from its
 * identifiers, in this order: the company number (KvK `0106` for NL, enterprise number `0208`
 * for BE, the schemes NL and BE participants register under most), then the VAT number (`9944`
 * NL VAT, `9925` BE VAT). Only NL and BE identifiers are derived; undefined otherwise.
 */
export function deriveParticipantId(party: {
  country: string | undefined;
  vatNumber?: string | undefined;
  companyNumber?: string | undefined;
}): ParticipantId | undefined {
  const country = party.country;
  if (isCountry(country) && party.companyNumber) {
    const candidate = { scheme: companyScheme[country], id: companyId(country, party.companyNumber) };
    if (isValidPeppolParticipantId(`${candidate.scheme}:${candidate.id}`)) return candidate;
  }
  const vatCountry = party.vatNumber ? vatId(country ?? '', party.vatNumber).slice(0, 2) : undefined;
  if (party.vatNumber && isCountry(vatCountry)) {
    const candidate = { scheme: vatScheme[vatCountry], id: vatId(vatCountry, party.vatNumber) };
    if (isValidPeppolParticipantId(`${candidate.scheme}:${candidate.id}`)) return candidate;
  }
  return undefined;
}

/** The seller's Peppol id: its first registered participant id, else derived ({@link deriveParticipantId}). */
export function sellerParticipant(seller: SellerParty): ParticipantId | undefined {
  for (const value of seller.peppolParticipantIds) {
    const parsed = parseParticipantId(value);
    if (parsed) return parsed;
  }
  return deriveParticipantId(seller);
}

/** The buyer's country: its address, else its VAT number's prefix. */
export function buyerCountry(buyer: BuyerParty): string | undefined {
  if (buyer.address?.country) return buyer.address.country;
  const prefix = buyer.vatNumber ? compactIdentifier(buyer.vatNumber).slice(0, 2) : undefined;
  return prefix && /^[A-Z]{2}$/.test(prefix) ? prefix : undefined;
}

/**
 * The buyer's Peppol id: an external id with source `peppol` (`0208:0403170701`), else derived
 * from its company or VAT number ({@link deriveParticipantId}) — relations have no Peppol field
 * of their own.
 */
export function buyerParticipant(buyer: BuyerParty): ParticipantId | undefined {
  for (const external of buyer.externalIds ?? []) {
    if (external.source !== 'peppol') continue;
    const parsed = parseParticipantId(external.id);
    if (parsed) return parsed;
  }
  return deriveParticipantId({ ...buyer, country: buyerCountry(buyer) });
}

/** 2100 → `21`, 550 → `5.5`. */
const percent = (basisPoints: number) => String(basisPoints / 100);
/** Amounts as the document reads them: a credit note's negative cents are positive credits. */
const amount = (cents: Cents, sign: 1 | -1) => formatCents(sign * cents + 0);
const money = (tag: string, cents: Cents, sign: 1 | -1) =>
  `<cbc:${tag} currencyID="EUR">${amount(cents, sign)}</cbc:${tag}>`;
const el = (tag: string, value: string | undefined) => (value ? `<cbc:${tag}>${escapeXml(value)}</cbc:${tag}>` : '');

interface Category {
  readonly id: string;
  readonly rateBasisPoints: number;
  readonly reason?: string | undefined;
  readonly reasonCode?: string | undefined;
}

function categoryOf(country: Country, code: string, rateBasisPoints: number): Category {
  const known = vatCode(country, code);
  if (!known) throw new UblBuildError('invoice', `No VAT code ${code} in ${country}.`);
  const c = categories[known.kind];
  // Zero-rated, exempt and reverse-charge categories carry a 0 % rate in EN 16931.
  return { ...c, rateBasisPoints: c.id === 'S' ? rateBasisPoints : 0 };
}

function taxCategory(tag: 'TaxCategory' | 'ClassifiedTaxCategory', c: Category, withReason: boolean): string {
  return [
    `<cac:${tag}>`,
    el('ID', c.id),
    `<cbc:Percent>${percent(c.rateBasisPoints)}</cbc:Percent>`,
    withReason ? el('TaxExemptionReasonCode', c.reasonCode) : '',
    withReason ? el('TaxExemptionReason', c.reason) : '',
    '<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>',
    `</cac:${tag}>`,
  ].join('');
}

function address(
  a: { street?: string | undefined; postalCode?: string | undefined; city?: string | undefined },
  country: string,
) {
  return [
    '<cac:PostalAddress>',
    el('StreetName', a.street),
    el('CityName', a.city),
    el('PostalZone', a.postalCode),
    `<cac:Country><cbc:IdentificationCode>${escapeXml(country)}</cbc:IdentificationCode></cac:Country>`,
    '</cac:PostalAddress>',
  ].join('');
}

function party(p: {
  endpoint: ParticipantId;
  name: string;
  country: string;
  address: { street?: string | undefined; postalCode?: string | undefined; city?: string | undefined };
  vatNumber?: string | undefined;
  companyNumber?: string | undefined;
}): string {
  const scheme = isCountry(p.country) ? companyScheme[p.country] : undefined;
  const legalId = p.companyNumber
    ? scheme
      ? `<cbc:CompanyID schemeID="${scheme}">${escapeXml(companyId(p.country, p.companyNumber))}</cbc:CompanyID>`
      : el('CompanyID', compactIdentifier(p.companyNumber))
    : '';
  return [
    '<cac:Party>',
    `<cbc:EndpointID schemeID="${escapeXml(p.endpoint.scheme)}">${escapeXml(p.endpoint.id)}</cbc:EndpointID>`,
    address(p.address, p.country),
    p.vatNumber
      ? `<cac:PartyTaxScheme>${el('CompanyID', vatId(p.country, p.vatNumber))}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`
      : '',
    `<cac:PartyLegalEntity>${el('RegistrationName', p.name)}${legalId}</cac:PartyLegalEntity>`,
    '</cac:Party>',
  ].join('');
}

/** A quantity and non-negative price whose product is the line's net as the document reads it. */
function linePricing(quantity: string, unitPrice: Cents): { quantity: string; price: string } {
  const negate = (q: string) => (q.startsWith('-') ? q.slice(1) : `-${q}`);
  // Credit notes keep the entered quantity and price with a negated net, so quantity × price is
  // the credit as the document reads it; a negative price (a discount line) moves its sign to the quantity.
  return unitPrice < 0
    ? { quantity: negate(quantity), price: formatCents(-unitPrice) }
    : { quantity, price: formatCents(unitPrice) };
}

/**
 * A posted sales invoice or credit note as a Peppol BIS Billing 3.0 UBL 2.1 Invoice (380) or
 * CreditNote (381), ready for {@link validateInvoice} with `peppol: true`. Amounts are the
 * invoice's own (VAT per code on the sum of its lines, as posted); a credit note's negative
 * amounts become positive credits. VAT categories follow the code's kind: S (standard and
 * reduced), Z, E, AE (domestic reverse charge, co-contractor), K (intra-EU, with the invoice
 * date as delivery date and the buyer's country as delivery country) and G (export). Codes of
 * the same category and rate share one breakdown line. Payment means (30, or 58 for a SEPA
 * IBAN) with the payment reference are there only when `options.iban` is given; Dutch sellers
 * need one (NL-R-007), so without it the validator says so rather than this builder inventing one.
 * @throws UblBuildError when seller or buyer has no Peppol endpoint, or a VAT code is unknown.
 */
export function salesInvoiceToUbl(
  invoice: Invoice,
  seller: SellerParty,
  buyer: BuyerParty,
  options: UblOptions = {},
): SalesUbl {
  if (invoice.side !== 'sales') throw new UblBuildError('invoice', `Invoice ${invoice.number} is not a sales invoice.`);
  const sender = sellerParticipant(seller);
  if (!sender)
    throw new UblBuildError('seller', `${seller.legalName} has no Peppol participant id, company or VAT number.`);
  const receiver = buyerParticipant(buyer);
  if (!receiver)
    throw new UblBuildError('buyer', `${buyer.name} has no Peppol id, company or VAT number to reach it by.`);
  const creditNote = invoice.kind === 'credit-note';
  const sign: 1 | -1 = creditNote ? -1 : 1;
  const root = creditNote ? 'CreditNote' : 'Invoice';
  const lineTag = creditNote ? 'CreditNoteLine' : 'InvoiceLine';
  const quantityTag = creditNote ? 'CreditedQuantity' : 'InvoicedQuantity';
  const country = buyerCountry(buyer) ?? seller.country;

  const categoryOfCode = new Map(
    invoice.vat.map((v) => [v.code, categoryOf(seller.country, v.code, v.rateBasisPoints)]),
  );
  const breakdown = new Map<string, Category & { base: Cents; vat: Cents }>();
  for (const v of invoice.vat) {
    const c = categoryOfCode.get(v.code) as Category;
    const key = `${c.id}|${c.rateBasisPoints}`;
    const entry = breakdown.get(key) ?? { ...c, base: 0, vat: 0 };
    breakdown.set(key, { ...entry, base: entry.base + v.base, vat: entry.vat + (v.selfAssessed ? 0 : v.vat) });
  }
  const intraEu = [...breakdown.values()].some((b) => b.id === 'K');
  const iban = options.iban ? compactIdentifier(options.iban) : undefined;
  const sepa =
    iban !== undefined &&
    /^(AT|BE|BG|CH|CY|CZ|DE|DK|EE|ES|FI|FR|GB|GR|HR|HU|IE|IS|IT|LI|LT|LU|LV|MC|MT|NL|NO|PL|PT|RO|SE|SI|SK|SM)/.test(
      iban,
    );

  const lines = invoice.lines.map((line, i) => {
    const c = categoryOfCode.get(line.vatCode) ?? categoryOf(seller.country, line.vatCode, 0);
    const { quantity, price } = linePricing(line.quantity, line.unitPrice);
    return [
      `<cac:${lineTag}>`,
      `<cbc:ID>${i + 1}</cbc:ID>`,
      `<cbc:${quantityTag} unitCode="C62">${quantity}</cbc:${quantityTag}>`,
      money('LineExtensionAmount', line.net, sign),
      '<cac:Item>',
      el('Name', line.description.slice(0, 200)),
      taxCategory('ClassifiedTaxCategory', c, false),
      '</cac:Item>',
      `<cac:Price><cbc:PriceAmount currencyID="EUR">${price}</cbc:PriceAmount></cac:Price>`,
      `</cac:${lineTag}>`,
    ].join('');
  });

  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${root} xmlns="${creditNote ? creditNoteStandard : invoiceStandard}" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">`,
    `<cbc:CustomizationID>${peppolBisCustomizationId}</cbc:CustomizationID>`,
    `<cbc:ProfileID>${billingProfile}</cbc:ProfileID>`,
    el('ID', invoice.number),
    `<cbc:IssueDate>${invoice.invoiceDate}</cbc:IssueDate>`,
    creditNote ? '' : `<cbc:DueDate>${invoice.dueDate}</cbc:DueDate>`,
    creditNote
      ? '<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>'
      : '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    el('Note', invoice.description),
    '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
    el('BuyerReference', options.buyerReference ?? String(buyer.number)),
    options.creditedInvoice
      ? `<cac:BillingReference><cac:InvoiceDocumentReference>${el('ID', options.creditedInvoice.number)}${el('IssueDate', options.creditedInvoice.invoiceDate)}</cac:InvoiceDocumentReference></cac:BillingReference>`
      : '',
    '<cac:AccountingSupplierParty>',
    party({
      endpoint: sender,
      name: seller.legalName,
      country: seller.country,
      address: seller.address ?? {},
      vatNumber: seller.vatNumber,
      companyNumber: seller.companyNumber,
    }),
    '</cac:AccountingSupplierParty>',
    '<cac:AccountingCustomerParty>',
    party({
      endpoint: receiver,
      name: buyer.name,
      country,
      address: buyer.address ?? {},
      vatNumber: buyer.vatNumber,
      companyNumber: buyer.companyNumber,
    }),
    '</cac:AccountingCustomerParty>',
    intraEu
      ? `<cac:Delivery><cbc:ActualDeliveryDate>${invoice.invoiceDate}</cbc:ActualDeliveryDate><cac:DeliveryLocation><cac:Address><cac:Country><cbc:IdentificationCode>${escapeXml(country)}</cbc:IdentificationCode></cac:Country></cac:Address></cac:DeliveryLocation></cac:Delivery>`
      : '',
    iban
      ? [
          '<cac:PaymentMeans>',
          `<cbc:PaymentMeansCode>${sepa ? '58' : '30'}</cbc:PaymentMeansCode>`,
          creditNote ? `<cbc:PaymentDueDate>${invoice.dueDate}</cbc:PaymentDueDate>` : '',
          el('PaymentID', invoice.paymentReference),
          `<cac:PayeeFinancialAccount>${el('ID', iban)}</cac:PayeeFinancialAccount>`,
          '</cac:PaymentMeans>',
        ].join('')
      : '',
    `<cac:PaymentTerms>${el('Note', `${creditNote ? 'Te verrekenen of terug te betalen' : 'Te betalen'} vóór ${invoice.dueDate}`)}</cac:PaymentTerms>`,
    '<cac:TaxTotal>',
    money('TaxAmount', invoice.totals.vat, sign),
    ...[...breakdown.values()].map((b) =>
      [
        '<cac:TaxSubtotal>',
        money('TaxableAmount', b.base, sign),
        money('TaxAmount', b.vat, sign),
        taxCategory('TaxCategory', b, true),
        '</cac:TaxSubtotal>',
      ].join(''),
    ),
    '</cac:TaxTotal>',
    '<cac:LegalMonetaryTotal>',
    money('LineExtensionAmount', invoice.totals.net, sign),
    money('TaxExclusiveAmount', invoice.totals.net, sign),
    money('TaxInclusiveAmount', invoice.totals.gross, sign),
    money('PayableAmount', invoice.totals.gross, sign),
    '</cac:LegalMonetaryTotal>',
    ...lines,
    `</${root}>`,
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');

  return {
    xml,
    root,
    standard: creditNote ? creditNoteStandard : invoiceStandard,
    documentType: creditNote ? creditNoteDocumentType : invoiceDocumentType,
    process: billingProfile,
    sender,
    receiver,
  };
}
