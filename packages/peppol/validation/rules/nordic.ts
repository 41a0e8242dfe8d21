import type { Rule } from '../model.js';
import type { XmlElement } from '../xml.js';
import { isNorwegianOrganisationNumber } from './identifiers.js';
import {
  double,
  endsPath,
  hasKid,
  kid,
  kids,
  normalize,
  ns,
  path,
  ruleSet,
  stringValue,
  supplierCountry,
  type Tree,
} from './peppol-tree.js';

type Fire = (id: string, at: XmlElement) => void;
const notNaN = (value: string) => !Number.isNaN(double(value));
const vatSchemes = (party: XmlElement | undefined, compare: (id: string) => boolean) =>
  kids(party, 'PartyTaxScheme').filter((s) => compare(ns(path(s, 'TaxScheme', 'ID')[0])));

/** NO-R-001 and NO-R-002, on the seller when `$supplierCountry` is NO. */
function norway(tree: Tree, fire: Fire): void {
  if (supplierCountry(tree.root) !== 'NO') return;
  for (const e of tree.all) {
    if (!endsPath(tree, e, 'AccountingSupplierParty', 'Party')) continue;
    const register = vatSchemes(e, (id) => id === 'TAX').map((s) => ns(kid(s, 'CompanyID')));
    if (register[0] !== 'Foretaksregisteret') fire('NO-R-002', e);
    const vat = vatSchemes(e, (id) => id === 'VAT').map((s) => stringValue(kid(s, 'CompanyID')));
    if (vat.some((id) => id.slice(0, 2) === 'NO')) {
      const id = vat[0] as string;
      if (!/^[0-9]{9}MVA$/.test(id.slice(2)) || !isNorwegianOrganisationNumber(id.slice(2, 11))) fire('NO-R-001', e);
    }
  }
}

const dkPaymentCodes = ' 1 10 31 42 48 49 50 58 59 93 97 ';
const prefixOf = (pm: XmlElement) => stringValue(kid(pm, 'PaymentID')).slice(0, 3);
const filledText = (nodes: readonly XmlElement[]) => normalize(nodes[0]?.raw ?? '') !== '';

/** DK-R-*: for Danish suppliers (the address country as written), most of them between Danish parties. */
function denmark(tree: Tree, fire: Fire): void {
  const r = tree.root;
  const country = (party: string) =>
    stringValue(path(r, party, 'Party', 'PostalAddress', 'Country', 'IdentificationCode')[0]);
  if (country('AccountingSupplierParty') !== 'DK') return;
  const domestic = country('AccountingCustomerParty') === 'DK';
  const invoice = r.name === 'Invoice';
  const lineName = invoice ? 'InvoiceLine' : 'CreditNoteLine';
  for (const e of tree.all) {
    const parent = tree.parent(e);
    if (e === r) {
      const legal = path(r, 'AccountingSupplierParty', 'Party', 'PartyLegalEntity', 'CompanyID');
      if (!filledText(legal)) fire('DK-R-002', r);
      if (legal.length > 0 && normalize(legal[0]?.attributes.schemeID ?? '') !== '0184') fire('DK-R-014', r);
      const payable = path(r, 'LegalMonetaryTotal', 'PayableAmount')[0];
      if (!invoice && domestic && double(payable?.raw ?? '') < 0) fire('DK-R-016', r);
    } else if (!domestic) {
    } else if (
      e.name === 'PartyIdentification' &&
      (endsPath(tree, e, 'AccountingSupplierParty', 'Party', 'PartyIdentification') ||
        endsPath(tree, e, 'AccountingCustomerParty', 'Party', 'PartyIdentification')) &&
      tree.parent(tree.parent(parent as XmlElement) as XmlElement) === r
    ) {
      const id = kid(e, 'ID');
      if (id && normalize(id.attributes.schemeID ?? '') === '') fire('DK-R-013', e);
    } else if (invoice && e.name === 'PaymentMeans' && parent === r) {
      denmarkPayment(e, fire);
    } else if (endsPath(tree, e, 'AccountingCustomerParty', 'Party') && tree.parent(parent as XmlElement) === r) {
      const legal = path(e, 'PartyLegalEntity', 'CompanyID');
      if (legal.length > 0 && normalize(legal[0]?.attributes.schemeID ?? '') !== '0184') fire('DK-R-017', e);
    } else if (e.name === lineName && parent === r) {
      const codes = path(e, 'Item', 'CommodityClassification', 'ItemClassificationCode');
      const versions = ['19.05.01', '19.0501', '26.08.01', '26.0801'];
      if (
        codes.some((c) => c.attributes.listID === 'TST') &&
        !codes.some((c) => versions.includes(c.attributes.listVersionID ?? ''))
      ) {
        fire('DK-R-003', e);
      }
    } else if (e.name === 'AllowanceCharge') {
      if (!kids(e, 'AllowanceChargeReasonCode').some((c) => stringValue(c) === 'ZZZ')) continue;
      const reason = kid(e, 'AllowanceChargeReason');
      const text = stringValue(reason);
      const number = double(text);
      const taxCategory = normalize(reason?.raw ?? '').length === 4 && number >= 0 && number <= 9999;
      const marked = reason !== undefined && text.includes('#') && !text.startsWith('#') && !text.endsWith('#');
      if (!taxCategory && !marked) fire('DK-R-004', e);
    }
  }
}

function denmarkPayment(pm: XmlElement, fire: Fire): void {
  const codes = kids(pm, 'PaymentMeansCode').map(stringValue);
  const code = (c: string) => codes.includes(c);
  if (!dkPaymentCodes.includes(` ${codes[0] ?? ''} `)) fire('DK-R-005', pm);
  const account = path(pm, 'PayeeFinancialAccount', 'ID');
  if (
    (code('31') || code('42')) &&
    !(filledText(account) && filledText(path(pm, 'PayeeFinancialAccount', 'FinancialInstitutionBranch', 'ID')))
  ) {
    fire('DK-R-006', pm);
  }
  if (
    code('49') &&
    !(
      filledText(path(pm, 'PaymentMandate', 'ID')) &&
      filledText(path(pm, 'PaymentMandate', 'PayerFinancialAccount', 'ID'))
    )
  ) {
    fire('DK-R-007', pm);
  }
  const prefix = prefixOf(pm);
  const paymentIdLength = [...stringValue(kid(pm, 'PaymentID'))].length;
  if (code('50') && !(['01#', '04#', '15#'].includes(prefix) && /^[0-9]{7,8}$/.test(stringValue(account[0])))) {
    fire('DK-R-008', pm);
  }
  if (code('50') && ['04#', '15#'].includes(prefix) && paymentIdLength !== 19) fire('DK-R-009', pm);
  if (code('93') && !(['71#', '73#', '75#'].includes(prefix) && [...(account[0]?.raw ?? '')].length === 8)) {
    fire('DK-R-010', pm);
  }
  if (code('93') && ['71#', '75#'].includes(prefix) && paymentIdLength !== 18 && paymentIdLength !== 19) {
    fire('DK-R-011', pm);
  }
}

/** The Schematron's `u:checkSEOrgnr`: digits only, the tenth a Luhn check digit over the first nine. */
function swedishCheckDigit(value: string): boolean {
  if (!/^[0-9]+$/.test(value)) return false;
  const main = value.slice(0, 9);
  let sum = 0;
  for (let pos = 1; pos <= main.length; pos++) {
    const d = Number(main[main.length - pos]);
    sum += pos % 2 === 1 ? ((d * 2) % 10) + Math.floor((d * 2) / 10) : d;
  }
  return (10 - (sum % 10)) % 10 === double(value.slice(9, 10));
}

/** SE-R-*: for Swedish suppliers (by address, and by a Swedish VAT identifier where the rule says so). */
function sweden(tree: Tree, fire: Fire): void {
  const inSweden = (party: XmlElement | undefined) =>
    path(party, 'PostalAddress', 'Country', 'IdentificationCode').some((c) => stringValue(c) === 'SE');
  const vat = (party: XmlElement | undefined) =>
    kids(party, 'PartyTaxScheme').filter((s) => path(s, 'TaxScheme', 'ID').some((id) => stringValue(id) === 'VAT'));
  const swedishVat = (party: XmlElement) =>
    inSweden(party) && vat(party).some((s) => stringValue(kid(s, 'CompanyID')).slice(0, 2) === 'SE');
  const suppliers = tree.all.filter((e) => endsPath(tree, e, 'AccountingSupplierParty', 'Party'));
  const customers = tree.all.filter((e) => endsPath(tree, e, 'AccountingCustomerParty', 'Party'));
  const swedishSupplier = suppliers.some(inSweden);
  const swedishVatSupplier = suppliers.some(swedishVat);
  const swedishCustomer = customers.some(inSweden);
  if (!swedishSupplier) return;
  for (const e of tree.all) {
    const parent = tree.parent(e);
    if (endsPath(tree, e, 'AccountingSupplierParty', 'Party') && swedishVat(e)) {
      const id = stringValue(kid(vat(e)[0], 'CompanyID'));
      if ([...normalize(id)].length !== 14) fire('SE-R-001', e);
      if (!notNaN(id.slice(2, 14))) fire('SE-R-002', e);
    } else if (
      endsPath(tree, e, 'AccountingSupplierParty', 'Party', 'PartyLegalEntity') &&
      inSweden(parent) &&
      hasKid(e, 'CompanyID')
    ) {
      const id = stringValue(kid(e, 'CompanyID'));
      if (!notNaN(id)) fire('SE-R-003', e);
      if ([...normalize(id)].length !== 10) fire('SE-R-004', e);
      if (!swedishCheckDigit(normalize(id))) fire('SE-R-013', e);
    } else if (
      endsPath(tree, e, 'AccountingSupplierParty', 'Party', 'PartyTaxScheme', 'CompanyID') &&
      inSweden(tree.parent(parent as XmlElement)) &&
      path(tree.parent(parent as XmlElement), 'PartyLegalEntity', 'CompanyID').length > 0 &&
      normalize(stringValue(path(parent, 'TaxScheme', 'ID')[0]).toUpperCase()) !== 'VAT'
    ) {
      if (normalize(stringValue(e).toUpperCase()) !== 'GODKÄND FÖR F-SKATT') fire('SE-R-005', e);
    } else if (
      (e.name === 'TaxCategory' || e.name === 'ClassifiedTaxCategory') &&
      swedishVatSupplier &&
      kids(e, 'ID').some((id) => stringValue(id) === 'S')
    ) {
      const percent = double(stringValue(kid(e, 'Percent')));
      if (percent !== 25 && percent !== 12 && percent !== 6) fire('SE-R-006', e);
    } else if (
      e.name === 'ID' &&
      parent?.name === 'PayeeFinancialAccount' &&
      tree.parent(parent)?.name === 'PaymentMeans'
    ) {
      const pm = tree.parent(parent) as XmlElement;
      const branch = ns(path(pm, 'PayeeFinancialAccount', 'FinancialInstitutionBranch', 'ID')[0]);
      if (ns(kid(pm, 'PaymentMeansCode')) !== '30') continue;
      const value = ns(e);
      if (branch === 'SE:PLUSGIRO') {
        if (!notNaN(value)) fire('SE-R-007', e);
        if ([...value].length < 2 || [...value].length > 8) fire('SE-R-010', e);
      } else if (branch === 'SE:BANKGIRO') {
        if (!notNaN(value)) fire('SE-R-008', e);
        if ([...value].length !== 7 && [...value].length !== 8) fire('SE-R-009', e);
      }
    } else if (e.name === 'PaymentMeans') {
      const codes = kids(e, 'PaymentMeansCode').map(stringValue);
      if (codes.includes('50') || codes.includes('56')) fire('SE-R-011', e);
      else if (swedishCustomer && codes.includes('31')) fire('SE-R-012', e);
    }
  }
}

/** NO-R-*, DK-R-* and SE-R-*: the Norwegian, Danish and Swedish national rules of Peppol BIS Billing 3.0 (2026.5). */
export const nordicRules: readonly Rule[] = [
  ...ruleSet(
    [
      [
        'NO-R-002',
        'warning',
        'For Norwegian suppliers, most invoice issuers are required to append "Foretaksregisteret" to their invoice.',
      ],
      [
        'NO-R-001',
        'fatal',
        'For Norwegian suppliers, a VAT number MUST be the country code prefix NO followed by a valid Norwegian organization number (nine numbers) followed by the letters MVA.',
      ],
    ],
    () => true,
    norway,
  ),
  ...ruleSet(
    [
      ['DK-R-002', 'fatal', 'Danish suppliers MUST provide legal entity (CVR-number)'],
      [
        'DK-R-014',
        'fatal',
        'For Danish Suppliers it is mandatory to specify schemeID as "0184" (DK CVR-number) when PartyLegalEntity/CompanyID is used for AccountingSupplierParty',
      ],
      ['DK-R-016', 'fatal', 'For Danish Suppliers, a Credit note cannot have a negative total (PayableAmount)'],
      [
        'DK-R-013',
        'fatal',
        'For Danish Suppliers it is mandatory to use schemeID when PartyIdentification/ID is used for AccountingCustomerParty or AccountingSupplierParty',
      ],
      [
        'DK-R-005',
        'fatal',
        'For Danish suppliers the following Payment means codes are allowed: 1, 10, 31, 42, 48, 49, 50, 58, 59, 93 and 97',
      ],
      [
        'DK-R-006',
        'fatal',
        'For Danish suppliers bank account and registration account is mandatory if payment means is 31 or 42',
      ],
      [
        'DK-R-007',
        'fatal',
        'For Danish suppliers PaymentMandate/ID and PayerFinancialAccount/ID are mandatory when payment means is 49',
      ],
      [
        'DK-R-008',
        'fatal',
        'For Danish Suppliers PaymentID is mandatory and MUST start with 01#, 04# or 15# (kortartkode), and PayeeFinancialAccount/ID (Giro kontonummer) is mandatory and must be 7 or 8 numerical characters long, when payment means equals 50 (Giro)',
      ],
      [
        'DK-R-009',
        'fatal',
        'For Danish Suppliers if the PaymentID is prefixed with 04# or 15# the 16 digits instruction Id must be added to the PaymentID eg. "04#1234567890123456" when Payment means equals 50 (Giro)',
      ],
      [
        'DK-R-010',
        'fatal',
        'For Danish Suppliers using PaymentMeansCode 93, PaymentID is mandatory. The first three characters of the PaymentID MUST be 71#, 73# or 75# (kortartskode), and PayeeFinancialAccount/ID MUST be exactly 8 characters long.',
      ],
      [
        'DK-R-011',
        'fatal',
        'For Danish Suppliers if the PaymentID is prefixed with 71# or 75# the 15-16 digits instruction Id must be added to the PaymentID eg. "71#1234567890123456" when payment Method equals 93 (FIK)',
      ],
      [
        'DK-R-017',
        'fatal',
        'For Danish Customers it is mandatory to specify schemeID as "0184" (DK CVR-number) when PartyLegalEntity/CompanyID is used for AccountingCustomerParty',
      ],
      [
        'DK-R-003',
        'fatal',
        'If ItemClassification is provided from Danish suppliers, UNSPSC version 19.05.01 or 26.08.01 should be used.',
      ],
      [
        'DK-R-004',
        'fatal',
        'When specifying non-VAT Taxes for Danish customers, Danish suppliers MUST use the AllowanceChargeReasonCode="ZZZ" and MUST be specified in AllowanceChargeReason; Either as the 4-digit Tax category or must include a #, but the # is not allowed as first and last character',
      ],
    ],
    () => true,
    denmark,
  ),
  ...ruleSet(
    [
      ['SE-R-001', 'fatal', 'For Swedish suppliers, Swedish VAT-numbers must consist of 14 characters.'],
      [
        'SE-R-002',
        'fatal',
        'For Swedish suppliers, the Swedish VAT-numbers must have the trailing 12 characters in numeric form',
      ],
      ['SE-R-003', 'fatal', 'Swedish organisation numbers should be numeric.'],
      ['SE-R-004', 'fatal', 'Swedish organisation numbers consist of 10 characters.'],
      [
        'SE-R-013',
        'fatal',
        'The last digit of a Swedish organization number must be valid according to the Luhn algorithm.',
      ],
      [
        'SE-R-005',
        'fatal',
        "For Swedish suppliers, when using Seller tax registration identifier, 'Godkänd för F-skatt' must be stated",
      ],
      ['SE-R-006', 'fatal', 'For Swedish suppliers, only standard VAT rate of 6, 12 or 25 are used'],
      ['SE-R-007', 'warning', 'For Swedish suppliers using Plusgiro, the Account ID must be numeric'],
      ['SE-R-010', 'warning', 'For Swedish suppliers using Plusgiro, the Account ID must have 2-8 characters'],
      ['SE-R-008', 'warning', 'For Swedish suppliers using Bankgiro, the Account ID must be numeric'],
      ['SE-R-009', 'warning', 'For Swedish suppliers using Bankgiro, the Account ID must have 7-8 characters'],
      [
        'SE-R-011',
        'warning',
        'For Swedish suppliers using Swedish Bankgiro or Plusgiro, the proper way to indicate this is to use Code 30 for PaymentMeans and FinancialInstitutionBranch ID with code SE:BANKGIRO or SE:PLUSGIRO',
      ],
      [
        'SE-R-012',
        'warning',
        'For domestic transactions between Swedish trading partners, credit transfer should be indicated by PaymentMeansCode="30"',
      ],
    ],
    () => true,
    sweden,
  ),
];
