import { easCodes } from '../code-lists/cef-eas.js';
import { icdCodes } from '../code-lists/iso-6523-icd.js';
import { unitCodes } from '../code-lists/unece-rec20-rec21.js';
import { referenceQualifiers } from '../code-lists/untdid-1153.js';
import { itemTypeCodes } from '../code-lists/untdid-7143.js';
import { chargeReasonCodes } from '../code-lists/untdid-7161.js';
import { vatexCodes } from '../code-lists/vatex.js';
import type { Field, InvoiceModel, Rule } from '../model.js';
import { each, has } from './helpers.js';
import { elementsNamed } from './paths.js';

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

/** ISO 4217 alpha-3 currency codes in use. */
export const currencyCodes = set(`
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF
CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP
LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS
TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD
XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWL`);

/** UNTDID 1001, the invoice and credit note document types EN 16931 accepts. */
const documentTypes = set(`
71 80 81 82 83 84 102 130 202 203 204 211 218 219 261 262 295 296 308 325 326 331 380 381 382 383 384 385 386
387 388 389 390 393 394 395 396 420 456 457 458 527 532 553 575 623 633 751 780 817 870 875 876 877 935`);

/** UNTDID 2475 restricted to the VAT point date codes. */
export const vatDateCodes = set('3 35 432');

/** UNCL 5305 as restricted by EN 16931. */
const vatCategories = set('AE E S Z G O K L M B');

/** UNCL 4461 payment means. */
const paymentMeansCodes = set(`${Array.from({ length: 97 }, (_, i) => String(i + 1)).join(' ')} ZZZ`);

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

/** BR-CL-*: code list rules, for the code lists held here. */
export const codeListRules: readonly Rule[] = [
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
