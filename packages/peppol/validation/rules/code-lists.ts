import { easCodes } from '../code-lists/cef-eas.js';
import { icdCodes } from '../code-lists/iso-6523-icd.js';
import { ciiNoteSubjectCodes, noteSubjectCodes } from '../code-lists/uncl-4451.js';
import { unitCodes } from '../code-lists/unece-rec20-rec21.js';
import { referenceQualifiers } from '../code-lists/untdid-1153.js';
import { itemTypeCodes } from '../code-lists/untdid-7143.js';
import { chargeReasonCodes } from '../code-lists/untdid-7161.js';
import { vatexCodes } from '../code-lists/vatex.js';
import type { Field, InvoiceModel, Rule } from '../model.js';
import type { XmlElement } from '../xml.js';
import { each, has } from './helpers.js';
import { elementsNamed } from './paths.js';
import { type Node, nodesOf } from './tree.js';
import { booleanOf, indicates, stringValue } from './ubl.js';

const set = (codes: string) => new Set(codes.split(/\s+/).filter(Boolean));

/** ISO 3166-1 alpha-2, plus 1A (Kosovo) and XI (Northern Ireland) as EN 16931 accepts them. */
export const countryCodes = set(`
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO
JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR
MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW 1A XI`);

/** ISO 4217 alpha-3 currency codes, as the 2026.5 release lists them. */
export const currencyCodes = set(`
AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE
CHF CHW CLF CLP CNH CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP
LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STD SVC SYP SZL THB
TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VES VED VND VUV WST XAF XAG XAU XBA XBB XBC
XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG`);

/** UNTDID 1001, the invoice document types EN 16931 accepts (BR-CL-01 of UBL on an InvoiceTypeCode). */
const invoiceTypes = set(`
71 80 81 82 84 102 130 202 203 204 211 218 219 295 325 326 331 380 382 383 384 385 386 387 388 389 390 393 394
395 456 457 471 472 473 500 501 527 553 575 623 633 751 780 817 870 875 876 877 935`);

/** UNTDID 1001, the credit note document types (BR-CL-01 of UBL on a CreditNoteTypeCode). */
const creditNoteTypes = set(`
81 83 261 262 296 308 381 396 420 458 502 503 532`);

/** Both, as BR-CL-01 of CII accepts them. */
const documentTypes = new Set([...invoiceTypes, ...creditNoteTypes]);

/** UNTDID 2475 restricted to the VAT point date codes. */
export const vatDateCodes = set('3 35 432');

/** UNCL 5305 as restricted by EN 16931. */
const vatCategories = set('AE E S Z G O K L M B');

/** UNCL 4461 payment means, as the 2026.5 release lists them. */
const paymentMeansCodes = set(`
1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40
41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 74 75 76 77 78 91 92
93 94 95 96 97 98 ZZZ`);

/** UNCL 5189 allowance reasons. */
export const allowanceReasons = set('41 42 60 62 63 64 65 66 67 68 70 71 88 95 100 102 103 104 105');

/** The MIME types accepted for attachments. */
export const mimeTypes = set(`application/pdf image/png image/jpeg text/csv
application/vnd.openxmlformats-officedocument.spreadsheetml.sheet application/vnd.oasis.opendocument.spreadsheet`);

const icd = new Set(icdCodes);
const units = new Set(unitCodes);
const objectSchemes = new Set(referenceQualifiers);
const itemTypes = new Set(itemTypeCodes);
const chargeReasons = new Set(chargeReasonCodes);
const eas = new Set(easCodes);

/** The values with a schemeID (or listID) whose path ends as `ending` says. */
function schemed(values: readonly Field[], ending: RegExp): Field[] {
  return values.filter((value) => ending.test(value.path));
}

const partyIdentifiers = (m: InvoiceModel) =>
  schemed(
    m.schemedIds,
    m.syntax === 'ubl'
      ? /\/cac:PartyIdentification(\[\d+\])?\/cbc:ID(\[\d+\])?$/
      : /TradeParty\/ram:(Global)?ID(\[\d+\])?$/,
  );

// The SEPA creditor identifier (BT-90) is a party identifier of the seller or the payee only.
const sepaAllowed = (path: string) => /AccountingSupplierParty|PayeeParty|SellerTradeParty|PayeeTradeParty/.test(path);

function outside(values: readonly (Field | undefined)[], codes: ReadonlySet<string>): string[] {
  return values.flatMap((value) => (has(value) && !codes.has(value.text) ? [value.path] : []));
}

function attributeOutside(values: readonly Field[], attribute: string, codes: ReadonlySet<string>): string[] {
  return values.flatMap((value) => {
    const code = value.attributes[attribute];
    return code !== undefined && !codes.has(code) ? [value.path] : [];
  });
}

/** BR-CL-* as read from the model, for a model without its document tree. */
const modelRules: readonly Rule[] = [
  each(
    'BR-CL-01',
    'The document type code MUST be coded by the invoice and credit note related code lists of UNTDID 1001.',
    (m) => outside([m.typeCode], documentTypes),
  ),
  each('BR-CL-03', 'currencyID MUST be coded using ISO code list 4217 alpha-3.', (m) =>
    attributeOutside(m.amounts, 'currencyID', currencyCodes),
  ),
  each('BR-CL-04', 'Invoice currency code MUST be coded using ISO code list 4217 alpha-3.', (m) =>
    outside([m.currency], currencyCodes),
  ),
  each('BR-CL-05', 'Tax currency code MUST be coded using ISO code list 4217 alpha-3.', (m) =>
    outside([m.taxCurrency], currencyCodes),
  ),
  each('BR-CL-06', 'Value added tax point date code MUST be coded using a restriction of UNTDID 2475.', (m) =>
    outside(
      m.periods.map((p) => p.descriptionCode),
      vatDateCodes,
    ),
  ),
  each('BR-CL-14', 'Country codes in an invoice MUST be coded using ISO code list 3166-1.', (m) =>
    outside(m.countries, countryCodes),
  ),
  each('BR-CL-15', 'Country codes in an invoice MUST be coded using ISO code list 3166-1.', (m) =>
    outside(m.originCountries, countryCodes),
  ),
  each('BR-CL-16', 'Payment means in an invoice MUST be coded using UNCL4461 code list.', (m) =>
    outside(
      m.paymentMeans.map((p) => p.code),
      paymentMeansCodes,
    ),
  ),
  each('BR-CL-17', 'Invoice tax categories MUST be coded using UNCL5305 code list.', (m) =>
    outside(m.taxCategoryIds, vatCategories),
  ),
  each('BR-CL-18', 'Invoice tax categories MUST be coded using UNCL5305 code list.', (m) =>
    outside(m.classifiedTaxCategoryIds, vatCategories),
  ),
  each('BR-CL-19', 'Coded allowance reasons MUST belong to the UNCL 5189 code list.', (m) =>
    outside(
      [...m.allowanceCharges, ...m.lines.flatMap((l) => l.allowanceCharges)]
        .filter((ac) => !ac.isCharge)
        .map((ac) => ac.reasonCode),
      allowanceReasons,
    ),
  ),
  each(
    'BR-CL-07',
    'Object identifier identification scheme identifier MUST be coded using a restriction of UNTDID 1153.',
    (m) =>
      outside(
        [...m.additionalDocuments, ...m.lines.flatMap((l) => l.documentReferences)]
          .filter((reference) => reference.typeCode?.text === '130')
          .map((reference) => reference.schemeId),
        objectSchemes,
      ),
  ),
  each(
    'BR-CL-10',
    'Any identifier identification scheme identifier MUST be coded using one of the ISO 6523 ICD list.',
    (m) =>
      partyIdentifiers(m).flatMap((id) => {
        const scheme = id.attributes.schemeID ?? '';
        return icd.has(scheme) || (scheme === 'SEPA' && sepaAllowed(id.path)) ? [] : [id.path];
      }),
  ),
  each(
    'BR-CL-11',
    'Any registration identifier identification scheme identifier MUST be coded using one of the ISO 6523 ICD list.',
    (m) =>
      attributeOutside(
        schemed(
          m.schemedIds,
          m.syntax === 'ubl'
            ? /\/cac:PartyLegalEntity(\[\d+\])?\/cbc:CompanyID(\[\d+\])?$/
            : /\/ram:SpecifiedLegalOrganization\/ram:ID$/,
        ),
        'schemeID',
        icd,
      ),
  ),
  each(
    'BR-CL-13',
    'Item classification identifier identification scheme identifier MUST be coded using one of the UNTDID 7143 list.',
    (m) =>
      attributeOutside(
        schemed(m.listedCodes, m.syntax === 'ubl' ? /\/cbc:ItemClassificationCode(\[\d+\])?$/ : /\/ram:ClassCode$/),
        'listID',
        itemTypes,
      ),
  ),
  each('BR-CL-20', 'Coded charge reasons MUST belong to the UNCL 7161 code list.', (m) =>
    outside(
      [...m.allowanceCharges, ...m.lines.flatMap((l) => l.allowanceCharges)]
        .filter((ac) => ac.isCharge)
        .map((ac) => ac.reasonCode),
      chargeReasons,
    ),
  ),
  each('BR-CL-21', 'Item standard identifier scheme identifier MUST belong to the ISO 6523 ICD code list.', (m) =>
    attributeOutside(
      schemed(
        m.schemedIds,
        m.syntax === 'ubl'
          ? /\/cac:StandardItemIdentification(\[\d+\])?\/cbc:ID$/
          : /\/ram:SpecifiedTradeProduct\/ram:GlobalID(\[\d+\])?$/,
      ),
      'schemeID',
      icd,
    ),
  ),
  each('BR-CL-23', 'Unit code MUST be coded according to the UN/ECE Recommendation 20 with Rec 21 extension.', (m) =>
    attributeOutside(schemed(m.quantities, /:(Invoiced|Credited|Base|Billed|Basis)Quantity$/), 'unitCode', units),
  ),
  each('BR-CL-24', 'For Mime code in attribute use MIMEMediaType.', (m) =>
    attributeOutside(m.binaries, 'mimeCode', mimeTypes),
  ),
  each('BR-CL-25', 'Endpoint identifier scheme identifier MUST belong to the CEF EAS code list.', (m) =>
    attributeOutside([m.seller?.endpoint, m.buyer?.endpoint].filter(has), 'schemeID', eas),
  ),
  each('BR-CL-26', 'Delivery location identifier scheme identifier MUST belong to the ISO 6523 ICD code list.', (m) =>
    attributeOutside(
      m.deliveries.flatMap((d) => d.locationIds),
      'schemeID',
      icd,
    ),
  ),
];

const ublAmounts = new Set([
  'Amount',
  'BaseAmount',
  'PriceAmount',
  'TaxAmount',
  'TaxableAmount',
  'LineExtensionAmount',
  'TaxExclusiveAmount',
  'TaxInclusiveAmount',
  'AllowanceTotalAmount',
  'ChargeTotalAmount',
  'PrepaidAmount',
  'PayableRoundingAmount',
  'PayableAmount',
]);
const ublQuantities = new Set(['InvoicedQuantity', 'BaseQuantity', 'CreditedQuantity']);
const noteSubjects = ` ${noteSubjectCodes.join(' ')} `;

const normalized = (value: string | undefined) => (value ?? '').replace(/[ \t\r\n]+/g, ' ').trim();
/** `contains(' list ', concat(' ', normalize-space(x), ' '))` without a space inside: one code of the list. */
const coded = (value: string | undefined, codes: ReadonlySet<string>) => codes.has(normalized(value));

const inParty = (node: Node, names: readonly string[]) => {
  for (let up = node.parent; up; up = up.parent) if (names.includes(up.element.name)) return true;
  return false;
};

/** BR-CL-08: a `#CODE#` prefix of a document note names a UNCL 4451 subject (found anywhere in the list text). */
function noteSubjectOk(note: XmlElement): boolean {
  const value = stringValue(note);
  const after = value.indexOf('#');
  if (after < 0) return true;
  const rest = value.slice(after + 1);
  const end = rest.indexOf('#');
  const code = end < 0 ? '' : rest.slice(0, end);
  return code.length !== 3 || noteSubjects.includes(code);
}

/**
 * The code list rule id an element of a UBL document breaks, if any: the official `Codesmodel`
 * pattern, each element checked by the first rule whose context it matches.
 */
function ublCodeBroken(node: Node): string | undefined {
  const e = node.element;
  const parent = node.parent?.element.name;
  const scheme = e.attributes.schemeID;
  switch (e.name) {
    case 'InvoiceTypeCode':
      return node.parent && !coded(stringValue(e), invoiceTypes) ? 'BR-CL-01' : undefined;
    case 'CreditNoteTypeCode':
      return node.parent && !coded(stringValue(e), creditNoteTypes) ? 'BR-CL-01' : undefined;
    case 'DocumentCurrencyCode':
      return coded(stringValue(e), currencyCodes) ? undefined : 'BR-CL-04';
    case 'TaxCurrencyCode':
      return coded(stringValue(e), currencyCodes) ? undefined : 'BR-CL-05';
    case 'DescriptionCode':
      return parent === 'InvoicePeriod' && !coded(stringValue(e), vatDateCodes) ? 'BR-CL-06' : undefined;
    case 'ID': {
      if (parent === 'TaxCategory') return coded(stringValue(e), vatCategories) ? undefined : 'BR-CL-17';
      if (parent === 'ClassifiedTaxCategory') return coded(stringValue(e), vatCategories) ? undefined : 'BR-CL-18';
      if (scheme === undefined) return undefined;
      if (parent === 'AdditionalDocumentReference' || parent === 'DocumentReference') {
        const object = node.parent?.element.children.some(
          (c) => c.name === 'DocumentTypeCode' && stringValue(c) === '130',
        );
        return object && !coded(scheme, objectSchemes) ? 'BR-CL-07' : undefined;
      }
      if (parent === 'PartyIdentification') {
        const sepa = normalized(scheme) === 'SEPA' && inParty(node, ['AccountingSupplierParty', 'PayeeParty']);
        return coded(scheme, icd) || sepa ? undefined : 'BR-CL-10';
      }
      if (parent === 'StandardItemIdentification') return coded(scheme, icd) ? undefined : 'BR-CL-21';
      if (parent === 'DeliveryLocation') return coded(scheme, icd) ? undefined : 'BR-CL-26';
      return undefined;
    }
    case 'CompanyID':
      return parent === 'PartyLegalEntity' && scheme !== undefined && !coded(scheme, icd) ? 'BR-CL-11' : undefined;
    case 'ItemClassificationCode': {
      const list = e.attributes.listID;
      return parent === 'CommodityClassification' && list !== undefined && !coded(list, itemTypes)
        ? 'BR-CL-13'
        : undefined;
    }
    case 'IdentificationCode':
      if (parent === 'Country') return coded(stringValue(e), countryCodes) ? undefined : 'BR-CL-14';
      if (parent === 'OriginCountry') return coded(stringValue(e), countryCodes) ? undefined : 'BR-CL-15';
      return undefined;
    case 'PaymentMeansCode':
      return parent === 'PaymentMeans' && !coded(stringValue(e), paymentMeansCodes) ? 'BR-CL-16' : undefined;
    case 'AllowanceChargeReasonCode': {
      const owner = node.parent?.element;
      if (parent !== 'AllowanceCharge' || !owner) return undefined;
      if (indicates(owner, false)) return coded(stringValue(e), allowanceReasons) ? undefined : 'BR-CL-19';
      if (indicates(owner, true)) return coded(stringValue(e), chargeReasons) ? undefined : 'BR-CL-20';
      return undefined;
    }
    case 'EmbeddedDocumentBinaryObject': {
      const mime = e.attributes.mimeCode;
      return mime !== undefined && !mimeTypes.has(mime) ? 'BR-CL-24' : undefined;
    }
    case 'EndpointID':
      return scheme !== undefined && !coded(scheme, eas) ? 'BR-CL-25' : undefined;
    case 'Note':
      return node.parent && !node.parent.parent && !noteSubjectOk(e) ? 'BR-CL-08' : undefined;
  }
  if (ublAmounts.has(e.name)) return coded(e.attributes.currencyID, currencyCodes) ? undefined : 'BR-CL-03';
  if (ublQuantities.has(e.name)) {
    const unit = e.attributes.unitCode;
    return unit !== undefined && !coded(unit, units) ? 'BR-CL-23' : undefined;
  }
  return undefined;
}

/** The CII rules' country list: ISO 3166-1 as EN 16931 for CII 1.3.16 has it (AN still, SS not yet). */
const ciiCountries = new Set([...countryCodes].filter((c) => c !== 'SS').concat('AN'));
const ciiDueDateCodes = set('5 29 72');
const ciiNoteSubjects = new Set(ciiNoteSubjectCodes);

const hasAncestor = (node: Node, name: string) => {
  for (let up = node.parent; up; up = up.parent) if (up.element.name === name) return true;
  return false;
};

/**
 * The code list rule id an element of a CII document breaks, if any: the `EN16931-Codes` pattern
 * of the EN 16931 rules for CII, each element checked by the first rule whose context it matches.
 */
function ciiCodeBroken(node: Node): string | undefined {
  const e = node.element;
  const parent = node.parent?.element.name;
  const value = () => stringValue(e);
  const scheme = e.attributes.schemeID;
  switch (e.name) {
    case 'TypeCode':
      if (parent === 'ExchangedDocument') return coded(value(), documentTypes) ? undefined : 'BR-CL-01';
      if (parent === 'SpecifiedTradeSettlementPaymentMeans')
        return coded(value(), paymentMeansCodes) ? undefined : 'BR-CL-16';
      return undefined;
    case 'TaxTotalAmount': {
      const currency = e.attributes.currencyID;
      return currency !== undefined && !coded(currency, currencyCodes) ? 'BR-CL-03' : undefined;
    }
    case 'InvoiceCurrencyCode':
      return coded(value(), currencyCodes) ? undefined : 'BR-CL-04';
    case 'TaxCurrencyCode':
      return coded(value(), currencyCodes) ? undefined : 'BR-CL-05';
    case 'DueDateTypeCode':
      return coded(value(), ciiDueDateCodes) ? undefined : 'BR-CL-06';
    case 'ReferenceTypeCode':
      return coded(value(), objectSchemes) ? undefined : 'BR-CL-07';
    case 'SubjectCode':
      return coded(value(), ciiNoteSubjects) ? undefined : 'BR-CL-08';
    case 'GlobalID':
      if (scheme === undefined) return undefined;
      if (!hasAncestor(node, 'SpecifiedTradeProduct') && !hasAncestor(node, 'ShipToTradeParty'))
        return coded(scheme, icd) ? undefined : 'BR-CL-10';
      if (parent === 'SpecifiedTradeProduct') return coded(scheme, icd) ? undefined : 'BR-CL-21';
      if (parent === 'ShipToTradeParty' && node.parent?.parent?.element.name === 'ApplicableHeaderTradeDelivery')
        return coded(scheme, icd) ? undefined : 'BR-CL-26';
      return undefined;
    case 'ID':
      if (scheme !== undefined && !hasAncestor(node, 'SpecifiedTaxRegistration'))
        return coded(scheme, icd) ? undefined : 'BR-CL-11';
      if (parent === 'OriginTradeCountry') return coded(value(), ciiCountries) ? undefined : 'BR-CL-15';
      return undefined;
    case 'ClassCode': {
      const list = e.attributes.listID;
      return list !== undefined && !coded(list, itemTypes) ? 'BR-CL-13' : undefined;
    }
    case 'CountryID':
      return coded(value(), ciiCountries) ? undefined : 'BR-CL-14';
    case 'CategoryCode':
      if (parent === 'CategoryTradeTax') return coded(value(), vatCategories) ? undefined : 'BR-CL-17';
      if (parent === 'ApplicableTradeTax') return coded(value(), vatCategories) ? undefined : 'BR-CL-18';
      return undefined;
    case 'ReasonCode': {
      const owner = node.parent?.element;
      if (parent !== 'SpecifiedTradeAllowanceCharge' || !owner) return undefined;
      const indicators = owner.children
        .filter((c) => c.name === 'ChargeIndicator')
        .flatMap((c) => c.children.filter((i) => i.name === 'Indicator'))
        .map((i) => booleanOf(stringValue(i)));
      if (indicators.includes(false)) return coded(value(), allowanceReasons) ? undefined : 'BR-CL-19';
      if (indicators.includes(true)) return coded(value(), chargeReasons) ? undefined : 'BR-CL-20';
      return undefined;
    }
    case 'BasisQuantity':
    case 'BilledQuantity': {
      const unit = e.attributes.unitCode;
      return unit !== undefined && !coded(unit, units) ? 'BR-CL-23' : undefined;
    }
    case 'AttachmentBinaryObject': {
      const mime = e.attributes.mimeCode;
      return mime !== undefined && !mimeTypes.has(mime) ? 'BR-CL-24' : undefined;
    }
    case 'URIID':
      return parent === 'URIUniversalCommunication' && scheme !== undefined && !coded(scheme, eas)
        ? 'BR-CL-25'
        : undefined;
  }
  return undefined;
}

const found = new WeakMap<XmlElement, ReadonlyMap<string, readonly string[]>>();

/** Every code list finding of a document, by rule id, in one walk. */
function codeFindings(model: InvoiceModel): ReadonlyMap<string, readonly string[]> {
  const tree = model.tree as XmlElement;
  const known = found.get(tree);
  if (known) return known;
  const broken = model.syntax === 'ubl' ? ublCodeBroken : ciiCodeBroken;
  const byId = new Map<string, string[]>();
  for (const node of nodesOf(model)) {
    const id = broken(node);
    if (id) byId.set(id, [...(byId.get(id) ?? []), node.path]);
  }
  found.set(tree, byId);
  return byId;
}

/** A BR-CL rule as the official Schematron of the document's syntax reads it; from the model when there is no tree. */
const bound = (rule: Rule): Rule => ({
  ...rule,
  check(model, report) {
    if (!model.tree) return rule.check(model, report);
    for (const path of codeFindings(model).get(rule.id) ?? []) report(path);
  },
});

/** BR-CL-*: code list rules, for the code lists held here. */
export const codeListRules: readonly Rule[] = [
  ...modelRules,
  each('BR-CL-08', 'Invoiced note subject code shall be coded using UNCL4451.', () => []),
].map(bound);

const vatex = new Set(vatexCodes);
const exemptionCodeName = { ubl: 'TaxExemptionReasonCode', cii: 'ExemptionReasonCode' } as const;

/** BR-CL-22: every exemption reason code, wherever it sits, is a VATEX code (upper case compared). */
export const exemptionCodeRule: Rule = {
  id: 'BR-CL-22',
  flag: 'fatal',
  text: 'Tax exemption reason code identifier scheme identifier MUST belong to the CEF VATEX code list',
  check(model, report) {
    if (!model.tree) return;
    const name = exemptionCodeName[model.syntax];
    for (const element of elementsNamed(model.tree, name)) {
      if (element.text.includes(' ') || !vatex.has(element.text.toUpperCase())) report(model.path);
    }
  },
};
