import { compare, parseDecimal, sign } from '../decimal.js';
import type { InvoiceModel, Rule } from '../model.js';
import type { XmlElement } from '../xml.js';
import { peppolRules } from './peppol.js';
import { peppolCodeListRules } from './peppol-code-lists.js';
import { peppolCommonRules } from './peppol-common.js';
import { totalsRules } from './totals.js';
import { type Node, nodesOf } from './tree.js';

/**
 * UBL.BE 1.31 (GLOBALUBL.BE): the Belgian rules (ubl-BE-*), the data-type restrictions (ubl-DT-*)
 * and the copies of EN 16931 and Peppol BIS rules the Belgian stylesheet carries in its own
 * wording, for documents whose CustomizationID claims UBL.BE. Each rule is the compiled
 * stylesheet's (which validators run, and which differs from its `.sch`): the same context, the
 * same test, the same flag, read on the document as written (`model.tree`). A copy whose id the
 * EN 16931 rules also report adds only the places those did not find.
 */

const children = (element: XmlElement | undefined, name: string) =>
  element ? element.children.filter((c) => c.name === name) : [];
const child = (element: XmlElement | undefined, name: string) => element?.children.find((c) => c.name === name);
const named = (model: InvoiceModel, name: string) => nodesOf(model).filter((n) => n.element.name === name);
/** XPath's normalize-space() of an element's string value. */
const normalized = (element: XmlElement | undefined) => element?.text ?? '';
const root = (model: InvoiceModel) => model.tree;

/** A rule at each place `offending` returns. */
function check(
  id: string,
  flag: Rule['flag'],
  text: string,
  offending: (model: InvoiceModel) => Iterable<string>,
): Rule {
  return {
    id,
    flag,
    text,
    check(model, report) {
      for (const location of offending(model)) report(location);
    },
  };
}

/** A rule on the document element: fires there when `holds` is false. */
function onRoot(id: string, flag: Rule['flag'], text: string, holds: (tree: XmlElement) => boolean): Rule {
  return check(id, flag, text, (m) => {
    const tree = root(m);
    return tree && !holds(tree) ? [m.path] : [];
  });
}

/** Whether `value` is an xs:date of exactly ten characters (YYYY-MM-DD that exists). */
function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

const list = (codes: string, separator: string | RegExp) => new Set(codes.split(separator));

// The stylesheet's code lists, as tokenized there (BELMText keeps the space one entry starts with).
const belm = list('BELM-001 BELM-002 BELM-003 BELM-004 BELM-005 BELM-006 BELM-007 BELM-008', ' ');
const belmText = list(
  'Special ruling - travelagencies;Bijzondere regeling - reisbureaus;Special ruling - used goods;Bijzondere regeling - gebruikte goederen; Special ruling - art objects;Bijzondere regeling - kunstvoorwerpen;Special ruling - antiques;Bijzondere regeling - antiquiteiten;Small company under exempt from taxes ruling;Kleine onderneming onderworpen aan de vrijstellingsregeling van belasting;Invoice issued by the receiver;Factuur uitgereikt door de afnemer;Copy issued at request from the customer;Dubbel uitgereikt op vraag van de klant;VAT to be refunded to the state to the extent that it was deducted;BTW terug te storten aan de staat in de mate waarin ze oorspronkelijk in aftrek werd gebracht',
  ';',
);
const btcc = list(
  '00;01;02;03;45;NA;FD;SC;00/44;03/SE;MA;46/GO;47/TO;47/AS;47/DI;47/SE;44;46/TR;47/EX;47/EI;47/EE;NS;OSS-S;OSS-G;OSS-I',
  ';',
);
const bverc = list(
  'BETE-45;BETE-EX;BETE-FD;BETE-SC;BETE-00/44;BETE-03/SE;BETE-MA;BETE-46/GO;BETE-47/TO;BETE-47/AS;BETE-47/DI;BETE-47/SE;BETE-44;BETE-46/TR;BETE-47/EX;BETE-47/EI;BETE-47/EE;BETE-NS',
  ';',
);
const bvercText = list(
  'Reverse charge - Contractor;Exempt;Financial discount;Small company;0% Clause 44;Standard exchange;Margin;Intra-community supply - Goods;Intra-community supply - Manufacturing cost;Intra-community supply - Assembly;Intra-community supply - Distance;Intra-community supply - Services;Intra-community supply - Services B2B;Intra-community supply - Triangle a-B-c;Export non E.U.;Indirect export;Export via E.U.;Not subject to VAT',
  ';',
);
const eaid = list(
  '0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0151 0183 0184 0190 0191 0192 0193 0195 0196 0198 0199 0200 0201 0202 0204 0208 0209 0210 0211 0212 0213 9901 9906 9907 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9955 9957',
  ' ',
);

const countOf = (model: InvoiceModel, name: string, value: string) =>
  named(model, name).filter((n) => n.element.raw === value).length;

/** The Belgian rules, ubl-BE-01 to ubl-BE-15 (ubl-BE-13, `abs($TaxAmount) >= 0`, cannot fail). */
const belgianRules: Rule[] = [
  onRoot(
    'ubl-BE-01',
    'fatal',
    'At least two AdditionalDocumentReference elements must be present.',
    (tree) => children(tree, 'AdditionalDocumentReference').length >= 2,
  ),
  check('ubl-BE-02', 'fatal', "Exactly one DocumentDescription must be 'CommercialInvoice' or 'CreditNote'.", (m) =>
    countOf(m, 'DocumentDescription', 'CommercialInvoice') + countOf(m, 'DocumentDescription', 'CreditNote') === 1
      ? []
      : named(m, 'AdditionalDocumentReference').map((n) => n.path),
  ),
  check('ubl-BE-03', 'fatal', "Exactly one ID must be 'UBL.BE'.", (m) =>
    countOf(m, 'ID', 'UBL.BE') === 1 ? [] : named(m, 'AdditionalDocumentReference').map((n) => n.path),
  ),
  check('ubl-BE-04', 'fatal', 'Each AdditionalDocumentReference must have exactly one DocumentDescription.', (m) =>
    named(m, 'ID')
      .filter((n) => n.parent?.element.name === 'AdditionalDocumentReference')
      .filter((n) => children(n.parent?.element, 'DocumentDescription').length !== 1)
      .map((n) => n.path),
  ),
  check('ubl-BE-05', 'fatal', 'The delivery terms ID must be a BELM code.', (m) =>
    deliveryTerms(m)
      .filter((n) => !belm.has(normalized(child(n.element, 'ID'))))
      .map((n) => n.path),
  ),
  check('ubl-BE-06', 'fatal', 'The delivery terms SpecialTerms must be the text of a BELM code.', (m) =>
    deliveryTerms(m)
      .filter((n) => !children(n.element, 'SpecialTerms').some((s) => belmText.has(s.raw)))
      .map((n) => n.path),
  ),
  check('ubl-BE-07', 'fatal', 'cbc:SettlementDiscountPercent must be numeric and between 0 and 100.', (m) =>
    named(m, 'PaymentTerms')
      .filter((n) => {
        const percent = child(n.element, 'SettlementDiscountPercent');
        const value = percent && parseDecimal(percent.raw);
        if (!value) return false;
        const minusOne = compare(value, { units: -1n, scale: 0 }) === 0;
        const inRange = sign(value) > 0 && compare(value, { units: 100n, scale: 0 }) < 0;
        return !inRange && !minusOne;
      })
      .map((n) => n.path),
  ),
  check(
    'ubl-BE-08',
    'fatal',
    'With a settlement discount the payment terms must give an amount other than zero.',
    (m) =>
      named(m, 'PaymentTerms')
        .filter((n) => {
          if (!child(n.element, 'SettlementDiscountPercent')) return false;
          const amount = child(n.element, 'Amount');
          const value = amount && parseDecimal(amount.raw);
          return !amount || (value !== undefined && sign(value) === 0);
        })
        .map((n) => n.path),
  ),
  check(
    'ubl-BE-09',
    'fatal',
    'With a settlement discount the payment terms must give a payment due date (YYYY-MM-DD).',
    (m) =>
      named(m, 'PaymentTerms')
        .filter((n) => {
          if (!child(n.element, 'SettlementDiscountPercent')) return false;
          const due = child(n.element, 'PaymentDueDate');
          return due?.raw.length !== 10 || !isDate(due.raw);
        })
        .map((n) => n.path),
  ),
  check('ubl-BE-14', 'fatal', 'Each invoice line must have exactly one TaxTotal.', (m) =>
    nodesOf(m)
      .filter((n) => ['InvoiceLine', 'CreditNoteLine'].includes(n.element.name))
      .filter((n) => children(n.element, 'TaxTotal').length !== 1)
      .map((n) => n.path),
  ),
  check('ubl-BE-10', 'fatal', 'The tax category name must be a Belgian tax category code (BTCC).', (m) =>
    subtotalCategories(m)
      .filter((n) => !btcc.has(normalized(child(n.element, 'Name'))))
      .map((n) => n.path),
  ),
  check('ubl-BE-11', 'fatal', 'The tax exemption reason code must be a Belgian code (BETE-*).', (m) =>
    subtotalCategories(m)
      .filter((n) => {
        const code = child(n.element, 'TaxExemptionReasonCode');
        return code !== undefined && !bverc.has(normalized(code));
      })
      .map((n) => n.path),
  ),
  check('ubl-BE-12', 'fatal', 'The tax exemption reason must be the text of a Belgian exemption code.', (m) =>
    subtotalCategories(m)
      .filter((n) => {
        const reason = child(n.element, 'TaxExemptionReason');
        return reason !== undefined && !bvercText.has(normalized(reason));
      })
      .map((n) => n.path),
  ),
  check('ubl-BE-15', 'fatal', 'Each ClassifiedTaxCategory must have exactly one Name.', (m) =>
    named(m, 'ClassifiedTaxCategory')
      .filter((n) => children(n.element, 'Name').length !== 1)
      .map((n) => n.path),
  ),
];

function deliveryTerms(m: InvoiceModel): Node[] {
  return named(m, 'DeliveryTerms').filter((n) => n.parent?.element.name === 'Delivery');
}

/** `//cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory`: document and line level. */
function subtotalCategories(m: InvoiceModel): Node[] {
  return named(m, 'TaxCategory').filter(
    (n) => n.parent?.element.name === 'TaxSubtotal' && n.parent.parent?.element.name === 'TaxTotal',
  );
}

/** ubl-DT-08 to ubl-DT-28: attributes of the UBL data types that carry no business term. */
const dataTypeRules: Rule[] = [
  ['ubl-DT-08', 'schemeName'],
  ['ubl-DT-09', 'schemeAgencyName'],
  ['ubl-DT-10', 'schemeDataURI'],
  ['ubl-DT-11', 'schemeURI'],
  ['ubl-DT-12', 'format'],
  ['ubl-DT-13', 'unitCodeListIdentifier'],
  ['ubl-DT-14', 'unitCodeListAgencyIdentifier'],
  ['ubl-DT-15', 'unitCodeListAgencyName'],
  ['ubl-DT-16', 'listAgencyName'],
  ['ubl-DT-17', 'listName'],
  ['ubl-DT-19', 'languageID'],
  ['ubl-DT-20', 'listURI'],
  ['ubl-DT-21', 'listSchemeURI'],
  ['ubl-DT-22', 'languageLocaleID'],
  ['ubl-DT-23', 'uri'],
  ['ubl-DT-24', 'currencyCodeListVersionID'],
  ['ubl-DT-25', 'characterSetCode'],
  ['ubl-DT-26', 'encodingCode'],
  ['ubl-DT-27', 'schemeAgencyID'],
  ['ubl-DT-28', 'listAgencyID'],
].map(([id, attribute]) =>
  check(id as string, 'warning', `A UBL.BE document should not include the attribute ${attribute}.`, (m) =>
    nodesOf(m).some((n) => (attribute as string) in n.element.attributes) ? [m.path] : [],
  ),
);
dataTypeRules.push(
  check(
    'ubl-DT-18',
    'warning',
    'A UBL.BE document should not include a name attribute but on PaymentMeansCode.',
    (m) =>
      nodesOf(m).some((n) => 'name' in n.element.attributes && n.element.name !== 'PaymentMeansCode') ? [m.path] : [],
  ),
);

const amountNames = new Set([
  'Amount',
  'BaseAmount',
  'PriceAmount',
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

/** `$profile`: the seventh colon-separated part of a ProfileID that looks like a Peppol billing process. */
function profileOf(tree: XmlElement): string {
  const id = child(tree, 'ProfileID');
  if (!id || !/urn:fdc:peppol\.eu:2017:poacc:billing:([0-9]{2}):1.0/.test(id.text)) return 'Unknown';
  return id.text.split(':')[6] ?? '';
}

const hasChildWith = (element: XmlElement, name: string, value: string) =>
  children(element, name).some((c) => c.raw === value);

/** The Peppol BIS rules in UBL.BE's own wording (an older release than the one in force). */
const belgianPeppolRules: Rule[] = [
  onRoot('PEPPOL-EN16931-R001', 'warning', 'Business process MUST be provided.', (tree) =>
    Boolean(child(tree, 'ProfileID')),
  ),
  onRoot(
    'PEPPOL-EN16931-R007',
    'fatal',
    'Business process MUST be in the format urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0 where NN indicates the process number.',
    (tree) => profileOf(tree) !== 'Unknown',
  ),
  onRoot(
    'PEPPOL-EN16931-R002',
    'fatal',
    'No more than one note is allowed on document level.',
    (tree) => children(tree, 'Note').length <= 1,
  ),
  onRoot('PEPPOL-EN16931-R003', 'fatal', 'A buyer reference or purchase order reference MUST be provided.', (tree) =>
    Boolean(child(tree, 'BuyerReference') || children(tree, 'OrderReference').some((o) => child(o, 'ID'))),
  ),
  onRoot(
    'PEPPOL-EN16931-R004',
    'fatal',
    'Specification identifier MUST have the value urn:cen.eu:en16931:2017#conformant#urn:UBL.BE:1.0.0.20180214.',
    (tree) =>
      children(tree, 'CustomizationID')
        .slice(0, 1)
        .some((c) => c.text.startsWith('urn:cen.eu:en16931:2017#conformant#urn:UBL.BE:1.0.0.20180214')),
  ),
  onRoot(
    'PEPPOL-EN16931-R006',
    'fatal',
    'Only one invoiced object is allowed on document level.',
    (tree) =>
      children(tree, 'AdditionalDocumentReference').filter((r) => hasChildWith(r, 'DocumentTypeCode', '130')).length <=
      1,
  ),
  onRoot(
    'PEPPOL-EN16931-R080',
    'fatal',
    'Only one project reference is allowed on document level.',
    (tree) =>
      children(tree, 'AdditionalDocumentReference').filter((r) => hasChildWith(r, 'DocumentTypeCode', '50')).length <=
      1,
  ),
  check(
    'PEPPOL-EN16931-R051',
    'fatal',
    'All currencyID attributes MUST have the same value as the invoice currency code (BT-5), except for the invoice total VAT amount in accounting currency (BT-111).',
    (m) => {
      const tree = root(m);
      if (!tree) return [];
      const currencies = children(tree, 'DocumentCurrencyCode').map((c) => c.raw);
      return nodesOf(m)
        .filter(
          (n) =>
            amountNames.has(n.element.name) ||
            (n.element.name === 'TaxAmount' &&
              n.parent?.element.name === 'TaxTotal' &&
              Boolean(child(n.parent.element, 'TaxSubtotal'))),
        )
        .filter((n) => {
          const currency = n.element.attributes.currencyID;
          return currency === undefined || !currencies.includes(currency);
        })
        .map((n) => n.path);
    },
  ),
  check(
    'PEPPOL-EN16931-CL008',
    'warning',
    'Electronic address identifier scheme must be from the codelist "Electronic Address Identifier Scheme"',
    (m) =>
      named(m, 'EndpointID')
        .filter((n) => {
          const scheme = n.element.attributes.schemeID;
          return scheme !== undefined && !eaid.has(scheme);
        })
        .map((n) => n.path),
  ),
  ...[
    ['PEPPOL-EN16931-P0100', 'InvoiceTypeCode', '380 383 386 393 82 80 84 395 575 623 780'],
    ['PEPPOL-EN16931-P0101', 'CreditNoteTypeCode', '381 396 81 83 532'],
  ].map(([id, name, codes]) => {
    const allowed = list(codes as string, ' ');
    return check(id as string, 'fatal', 'Invoice type code MUST be set according to the profile.', (m) => {
      const tree = root(m);
      if (!tree || profileOf(tree) !== '01') return [];
      return named(m, name as string)
        .filter((n) => !allowed.has(n.element.text))
        .map((n) => n.path);
    });
  }),
  check('PEPPOL-COMMON-R042', 'fatal', 'Danish organization number (CVR) MUST be stated in the correct format.', (m) =>
    nodesOf(m)
      .filter((n) => n.element.attributes.schemeID === '0184')
      .filter(
        (n) =>
          n.element.name === 'EndpointID' ||
          n.element.name === 'CompanyID' ||
          (n.element.name === 'ID' && n.parent?.element.name === 'PartyIdentification'),
      )
      .filter((n) => {
        const value = n.element.raw;
        return !(value.length === 10 && value.startsWith('DK') && /^[0-9]*$/.test(value.slice(2, 10)));
      })
      .map((n) => n.path),
  ),
];

/** Peppol BIS rules UBL.BE carries in the words of the release in force: the engine's own. */
const sharedPeppolIds = new Set([
  'PEPPOL-COMMON-R040',
  'PEPPOL-COMMON-R041',
  'PEPPOL-EN16931-CL001',
  'PEPPOL-EN16931-CL002',
  'PEPPOL-EN16931-CL003',
  'PEPPOL-EN16931-CL006',
  'PEPPOL-EN16931-CL007',
  'PEPPOL-EN16931-F001',
  'PEPPOL-EN16931-P0104',
  'PEPPOL-EN16931-P0105',
  'PEPPOL-EN16931-P0106',
  'PEPPOL-EN16931-P0107',
  'PEPPOL-EN16931-P0108',
  'PEPPOL-EN16931-P0109',
  'PEPPOL-EN16931-P0110',
  'PEPPOL-EN16931-P0111',
  'PEPPOL-EN16931-R005',
  'PEPPOL-EN16931-R008',
  'PEPPOL-EN16931-R010',
  'PEPPOL-EN16931-R020',
  'PEPPOL-EN16931-R040',
  'PEPPOL-EN16931-R041',
  'PEPPOL-EN16931-R042',
  'PEPPOL-EN16931-R043',
  'PEPPOL-EN16931-R044',
  'PEPPOL-EN16931-R046',
  'PEPPOL-EN16931-R053',
  'PEPPOL-EN16931-R054',
  'PEPPOL-EN16931-R055',
  'PEPPOL-EN16931-R061',
  'PEPPOL-EN16931-R100',
  'PEPPOL-EN16931-R101',
  'PEPPOL-EN16931-R110',
  'PEPPOL-EN16931-R111',
  'PEPPOL-EN16931-R121',
  'PEPPOL-EN16931-R130',
]);
const sharedPeppolRules = [...peppolRules, ...peppolCodeListRules, ...peppolCommonRules].filter((r) =>
  sharedPeppolIds.has(r.id),
);

/** A copy of an EN 16931 rule that reports only where the engine's own rule with that id did not. */
function besides(own: Rule | undefined, copy: Rule): Rule {
  if (!own) return copy;
  return {
    ...copy,
    check(model, report) {
      const found = new Set<string>();
      own.check(model, (location) => found.add(location));
      if (found.size > 0 && own.flag === copy.flag) return;
      copy.check(model, (location) => {
        if (!found.has(location)) report(location);
      });
    },
  };
}

/** The EN 16931 rules UBL.BE words differently from the release in force, where they can fire more. */
const belgianEn16931Rules: Rule[] = [
  onRoot(
    'BR-66',
    'fatal',
    'An Invoice shall contain maximum one Payment Card account (BG-18).',
    (tree) => children(tree, 'PaymentMeans').flatMap((p) => children(p, 'CardAccount')).length <= 1,
  ),
  onRoot(
    'BR-67',
    'fatal',
    'An Invoice shall contain maximum one Payment Mandate (BG-19).',
    (tree) => children(tree, 'PaymentMeans').flatMap((p) => children(p, 'PaymentMandate')).length <= 1,
  ),
  besides(
    totalsRules.find((r) => r.id === 'BR-CO-25'),
    check(
      'BR-CO-25',
      'fatal',
      'In case the Amount due for payment (BT-115) is positive, either the Payment due date (BT-9) or the Payment terms (BT-20) shall be present.',
      (m) => {
        const tree = root(m);
        if (tree?.name !== 'Invoice') return [];
        const termsNote = named(m, 'Note').some((n) => n.parent?.element.name === 'PaymentTerms');
        if (named(m, 'DueDate').length > 0 || termsNote) return [];
        return named(m, 'PayableAmount')
          .filter((n) => n.parent?.element.name === 'LegalMonetaryTotal' && n.parent.parent?.element === tree)
          .filter((n) => {
            const value = parseDecimal(n.element.raw);
            return value !== undefined && sign(value) > 0;
          })
          .map((n) => n.path);
      },
    ),
  ),
  check(
    'UBL-SR-38',
    'fatal',
    'Each invoice line shall contain only one tax exemption reason in its classified tax category.',
    (m) =>
      nodesOf(m)
        .filter((n) => n.parent?.element === root(m) && ['InvoiceLine', 'CreditNoteLine'].includes(n.element.name))
        .filter(
          (n) =>
            children(n.element, 'Item')
              .flatMap((i) => children(i, 'ClassifiedTaxCategory'))
              .flatMap((c) => children(c, 'TaxExemptionReason')).length > 1,
        )
        .map((n) => n.path),
  ),
];

const ownRules: readonly Rule[] = [...belgianRules, ...dataTypeRules, ...belgianEn16931Rules, ...belgianPeppolRules];
const withPeppolCopies: readonly Rule[] = [...ownRules, ...sharedPeppolRules];

/**
 * The UBL.BE 1.31 rules for a document that claims UBL.BE. The Peppol BIS rules UBL.BE shares
 * word for word with the release in force are added only when the Peppol rules do not already run.
 */
export function ublBeRules(peppolRuns: boolean): readonly Rule[] {
  return peppolRuns ? ownRules : withPeppolCopies;
}
