import { chargeReasonCodes } from '../code-lists/untdid-7161.js';
import type { Rule } from '../model.js';
import type { XmlElement } from '../xml.js';
import { allowanceReasons, mimeTypes, vatDateCodes } from './code-lists.js';
import { countryIsDe, profileOf } from './peppol.js';
import { isDate, kid, kids, ns, ruleSet, stringValue, type Tree } from './peppol-tree.js';

/**
 * PEPPOL-EN16931-CL*, F001 and P01*: the code list pattern of Peppol BIS Billing 3.0 (2026.5),
 * with the release's own lists where they differ from the EN 16931 ones.
 */
const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

/** ISO 4217 as the release lists it. */
const currencies = words(`
AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP
GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN
MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD
SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX
USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XDR XOF XPD XPF XPT
XSU XTS XUA YER ZAR ZMW ZWG XXX CNH XCG`);

/** Electronic Address Identifier Schemes as the release lists them. */
const electronicAddressSchemes = words(`
0002 0007 0009 0060 0088 0096 0097 0106 0130 0135 0142 0151 0183 0184 0188 0190 0191 0192 0195
0196 0198 0199 0200 0201 0204 0208 0209 0210 0211 0216 0218 0221 0225 0230 0235 0240 0242 0244
0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930
9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949
9950 9951 9952 9953 9957 9959`);

const chargeReasons = new Set(chargeReasonCodes);
const invoiceTypeCodes = words(
  '71 80 82 84 102 218 219 326 331 380 382 383 384 386 388 393 395 553 575 623 780 817 870 875 876 877',
);
const creditNoteTypeCodes = words('381 396 81 83 532');
const amounts = new Set([
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
const dates = new Set(['IssueDate', 'DueDate', 'TaxPointDate', 'StartDate', 'EndDate', 'ActualDeliveryDate']);

/** P0104 to P0111: a VATEX-EU exemption reason code and the tax category it requires. */
const exemptions: readonly (readonly [id: string, code: string, category: string])[] = [
  ['PEPPOL-EN16931-P0104', 'VATEX-EU-G', 'G'],
  ['PEPPOL-EN16931-P0105', 'VATEX-EU-O', 'O'],
  ['PEPPOL-EN16931-P0106', 'VATEX-EU-IC', 'K'],
  ['PEPPOL-EN16931-P0107', 'VATEX-EU-AE', 'AE'],
  ['PEPPOL-EN16931-P0108', 'VATEX-EU-D', 'E'],
  ['PEPPOL-EN16931-P0109', 'VATEX-EU-F', 'E'],
  ['PEPPOL-EN16931-P0110', 'VATEX-EU-I', 'E'],
  ['PEPPOL-EN16931-P0111', 'VATEX-EU-J', 'E'],
];

/** `normalize-space(text())`: the element's own text, whitespace normalised. */
const ownText = (e: XmlElement) => e.raw.replace(/[ \t\r\n]+/g, ' ').trim();
const indicatorIs = (ac: XmlElement | undefined, value: string) =>
  kids(ac, 'ChargeIndicator').some((c) => stringValue(c) === value);

function codeLists(tree: Tree, fire: (id: string, at: XmlElement) => void): void {
  const r = tree.root;
  const profile = profileOf(r);
  const profiled = profile === '01' || profile === '02';
  const german = countryIsDe(r, 'AccountingSupplierParty') && countryIsDe(r, 'AccountingCustomerParty');
  for (const e of tree.all) {
    const parent = tree.parent(e);
    if (e.name === 'EmbeddedDocumentBinaryObject' && e.attributes.mimeCode !== undefined) {
      if (!mimeTypes.has(e.attributes.mimeCode)) fire('PEPPOL-EN16931-CL001', e);
    } else if (
      e.name === 'AllowanceChargeReasonCode' &&
      parent?.name === 'AllowanceCharge' &&
      indicatorIs(parent, 'false')
    ) {
      if (!allowanceReasons.has(ownText(e))) fire('PEPPOL-EN16931-CL002', e);
    } else if (
      e.name === 'AllowanceChargeReasonCode' &&
      parent?.name === 'AllowanceCharge' &&
      indicatorIs(parent, 'true')
    ) {
      if (!chargeReasons.has(ownText(e))) fire('PEPPOL-EN16931-CL003', e);
    } else if (e.name === 'DescriptionCode' && parent?.name === 'InvoicePeriod') {
      if (!vatDateCodes.has(ownText(e))) fire('PEPPOL-EN16931-CL006', e);
    } else if (amounts.has(e.name)) {
      if (!currencies.has(e.attributes.currencyID ?? '')) fire('PEPPOL-EN16931-CL007', e);
    } else if (e.name === 'InvoiceTypeCode') {
      if (profiled && !invoiceTypeCodes.has(ownText(e))) fire('PEPPOL-EN16931-P0100', e);
      const code = ns(e);
      if ((code === '326' || code === '384') && !german) fire('PEPPOL-EN16931-P0112', e);
    } else if (e.name === 'CreditNoteTypeCode') {
      if (profiled && !creditNoteTypeCodes.has(ownText(e))) fire('PEPPOL-EN16931-P0101', e);
    } else if (dates.has(e.name)) {
      if (e.raw.length !== 10 || !isDate(stringValue(e))) fire('PEPPOL-EN16931-F001', e);
    } else if (e.name === 'EndpointID' && e.attributes.schemeID !== undefined) {
      if (!electronicAddressSchemes.has(e.attributes.schemeID)) fire('PEPPOL-EN16931-CL008', e);
    } else if (e.name === 'TaxCategory') {
      const reason = kid(e, 'TaxExemptionReasonCode');
      const code = reason ? stringValue(reason).toUpperCase() : undefined;
      const rule = exemptions.find(([, vatex]) => vatex === code);
      if (rule && ns(kid(e, 'ID')) !== rule[2]) fire(rule[0], e);
    }
  }
}

export const peppolCodeListRules: readonly Rule[] = ruleSet(
  [
    ['PEPPOL-EN16931-CL001', 'fatal', 'Mime code must be according to subset of IANA code list.'],
    ['PEPPOL-EN16931-CL002', 'fatal', 'Reason code MUST be according to subset of UNCL 5189 D.16B.'],
    ['PEPPOL-EN16931-CL003', 'fatal', 'Reason code MUST be according to UNCL 7161 D.16B.'],
    ['PEPPOL-EN16931-CL006', 'fatal', 'Invoice period description code must be according to UNCL 2005 D.16B.'],
    ['PEPPOL-EN16931-CL007', 'fatal', 'Currency code must be according to ISO 4217:2005'],
    ['PEPPOL-EN16931-P0100', 'fatal', 'Invoice type code MUST be set according to the profile.'],
    [
      'PEPPOL-EN16931-P0112',
      'fatal',
      'Invoice type code 326 or 384 are only allowed when both buyer and seller are German organizations',
    ],
    ['PEPPOL-EN16931-P0101', 'fatal', 'Credit note type code MUST be set according to the profile.'],
    ['PEPPOL-EN16931-F001', 'fatal', 'A date MUST be formatted YYYY-MM-DD.'],
    [
      'PEPPOL-EN16931-CL008',
      'fatal',
      'Electronic address identifier scheme must be from the codelist "Electronic Address Identifier Scheme"',
    ],
    ...exemptions.map(
      ([id, code, category]) =>
        [id, 'fatal', `Tax Category ${category} MUST be used when exemption reason code is ${code}`] as const,
    ),
  ],
  () => true,
  codeLists,
);
