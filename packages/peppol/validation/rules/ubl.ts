import type { InvoiceModel, Rule } from '../model.js';
import type { XmlElement } from '../xml.js';
import { type Node, nodesOf } from './tree.js';

/**
 * UBL-DT-* and UBL-SR-*: the data type and cardinality rules of the EN 16931 UBL binding, read
 * as the official Schematron's `UBL-syntax` pattern reads them: on the document as written (every
 * repetition counted, values compared as XPath compares them), each element checked by the one
 * rule of the pattern whose context it matches.
 */

type Check = (node: Node, fire: (id: string) => void) => void;

const kids = (e: XmlElement | undefined, name: string): XmlElement[] =>
  e ? e.children.filter((c) => c.name === name) : [];
/** The elements a relative path of child steps selects, as `a/b/c` does. */
const at = (from: XmlElement | undefined, ...names: string[]): XmlElement[] =>
  names.reduce<XmlElement[]>((nodes, name) => nodes.flatMap((n) => kids(n, name)), from ? [from] : []);
const count = (from: XmlElement | undefined, ...names: string[]) => at(from, ...names).length;

/** The XPath string value of an element: all the text inside it. */
export function stringValue(e: XmlElement): string {
  return e.children.length === 0 ? e.raw : e.raw + e.children.map(stringValue).join('');
}

/** `xs:boolean` as a cast from an untyped value reads it; undefined when it is no boolean. */
export function booleanOf(value: string): boolean | undefined {
  const v = value.trim();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/** `cbc:ChargeIndicator = true()` (or `false()`): some indicator child casts to that value. */
export const indicates = (e: XmlElement, value: boolean) =>
  kids(e, 'ChargeIndicator').some((c) => booleanOf(stringValue(c)) === value);

const upper = (e: XmlElement | undefined) => (e ? stringValue(e).toUpperCase() : '');

/** `(a) != (b)` over two node sets: some pair of values differs (false when either is empty). */
const someDiffer = (a: readonly XmlElement[], b: readonly XmlElement[]) =>
  a.some((x) => b.some((y) => stringValue(x) !== stringValue(y)));

/** How many distinct values the elements have, as `count(//x[not(preceding::x/. = .)])` counts. */
const distinctValues = (elements: readonly XmlElement[]) => new Set(elements.map(stringValue)).size;

/** The company identifiers of a party's tax schemes whose scheme id (upper-cased) is or is not VAT. */
const taxSchemeIds = (party: XmlElement | undefined, vat: boolean) =>
  kids(party, 'PartyTaxScheme')
    .filter((scheme) => kids(scheme, 'TaxScheme').some((t) => (upper(kids(t, 'ID')[0]) === 'VAT') === vat))
    .flatMap((scheme) => kids(scheme, 'CompanyID'));

/** UBL-DT-08 to UBL-DT-28: attributes that should not be present anywhere, with the rule's text. */
const attributeWarnings: readonly (readonly [string, string, string])[] = [
  ['UBL-DT-08', 'schemeName', 'Scheme name attribute should not be present.'],
  ['UBL-DT-09', 'schemeAgencyName', 'Scheme agency name attribute should not be present.'],
  ['UBL-DT-10', 'schemeDataURI', 'Scheme data uri attribute should not be present.'],
  ['UBL-DT-11', 'schemeURI', 'Scheme uri attribute should not be present.'],
  ['UBL-DT-12', 'format', 'Format attribute should not be present.'],
  ['UBL-DT-13', 'unitCodeListIdentifier', 'Unit code list identifier attribute should not be present.'],
  ['UBL-DT-14', 'unitCodeListAgencyIdentifier', 'Unit code list agency identifier attribute should not be present.'],
  ['UBL-DT-15', 'unitCodeListAgencyName', 'Unit code list agency name attribute should not be present.'],
  ['UBL-DT-16', 'listAgencyName', 'List agency name attribute should not be present.'],
  ['UBL-DT-17', 'listName', 'List name attribute should not be present.'],
  ['UBL-DT-19', 'languageID', 'Language identifier attribute should not be present.'],
  ['UBL-DT-20', 'listURI', 'List uri attribute should not be present.'],
  ['UBL-DT-21', 'listSchemeURI', 'List scheme uri attribute should not be present.'],
  ['UBL-DT-22', 'languageLocaleID', 'Language local identifier attribute should not be present.'],
  ['UBL-DT-23', 'uri', 'Uri attribute should not be present.'],
  ['UBL-DT-24', 'currencyCodeListVersionID', 'Currency code list version id should not be present.'],
  ['UBL-DT-25', 'characterSetCode', 'CharacterSetCode attribute should not be present.'],
  ['UBL-DT-26', 'encodingCode', 'EncodingCode attribute should not be present.'],
  ['UBL-DT-27', 'schemeAgencyID', 'Scheme Agency ID attribute should not be present.'],
  ['UBL-DT-28', 'listAgencyID', 'List Agency ID attribute should not be present.'],
];

const documentRoot: Check = ({ element: root }, fire) => {
  const all = allElements(root);
  for (const [id, attribute] of attributeWarnings) {
    if (all.some((e) => e.attributes[attribute] !== undefined)) fire(id);
  }
  const named = all.filter((e) => e.attributes.name !== undefined).length;
  const meansText = all.filter((e) => e.name === 'PaymentMeansCode' && e.attributes.name !== undefined).length;
  if (named - meansText > 0) fire('UBL-DT-18');
  const seller = at(root, 'AccountingSupplierParty', 'Party');
  const buyer = at(root, 'AccountingCustomerParty', 'Party');
  const most = (id: string, n: number, limit = 1) => {
    if (n > limit) fire(id);
  };
  most('UBL-SR-01', count(root, 'ContractDocumentReference', 'ID'));
  most('UBL-SR-02', count(root, 'ReceiptDocumentReference', 'ID'));
  most('UBL-SR-03', count(root, 'DespatchDocumentReference', 'ID'));
  most(
    'UBL-SR-04',
    kids(root, 'AdditionalDocumentReference')
      .filter((r) => kids(r, 'DocumentTypeCode').some((c) => stringValue(c) === '130'))
      .flatMap((r) => kids(r, 'ID')).length,
  );
  most('UBL-SR-05', count(root, 'PaymentTerms', 'Note'));
  most('UBL-SR-08', count(root, 'InvoicePeriod'));
  const sellerCount = (...path: string[]) => seller.flatMap((p) => at(p, ...path)).length;
  const buyerCount = (...path: string[]) => buyer.flatMap((p) => at(p, ...path)).length;
  most('UBL-SR-09', sellerCount('PartyLegalEntity', 'RegistrationName'));
  most('UBL-SR-10', sellerCount('PartyName', 'Name'));
  most('UBL-SR-11', sellerCount('PartyLegalEntity', 'CompanyID'));
  most('UBL-SR-12', seller.flatMap((p) => taxSchemeIds(p, true)).length);
  most('UBL-SR-13', seller.flatMap((p) => taxSchemeIds(p, false)).length);
  most('UBL-SR-14', sellerCount('PartyLegalEntity', 'CompanyLegalForm'));
  most('UBL-SR-15', buyerCount('PartyLegalEntity', 'RegistrationName'));
  most('UBL-SR-16', buyerCount('PartyIdentification', 'ID'));
  most('UBL-SR-17', buyerCount('PartyLegalEntity', 'CompanyID'));
  most('UBL-SR-18', buyer.flatMap((p) => taxSchemeIds(p, true)).length);
  most('UBL-SR-24', count(root, 'Delivery'));
  const sepa = all
    .filter((e) => e.name === 'PartyIdentification')
    .flatMap((e) => kids(e, 'ID'))
    .filter((id) => id.attributes.schemeID?.toUpperCase() === 'SEPA');
  most('UBL-SR-29', sepa.length);
  most('UBL-SR-39', count(root, 'ProjectReference', 'ID'));
  most('UBL-SR-40', buyerCount('PartyName', 'Name'));
  most('UBL-SR-44', distinctValues(all.filter((e) => e.name === 'PaymentID')));
  most('UBL-SR-45', count(root, 'PaymentMeans', 'PaymentDueDate'));
  most('UBL-SR-46', at(root, 'PaymentMeans', 'PaymentMeansCode').filter((c) => c.attributes.name !== undefined).length);
  most('UBL-SR-47', distinctValues(all.filter((e) => e.name === 'PaymentMeansCode')));
  most('UBL-SR-49', count(root, 'InvoicePeriod', 'DescriptionCode'));
  most('UBL-SR-54', count(root, 'PaymentMeans', 'CardAccount'));
  most('UBL-SR-55', count(root, 'PaymentMeans', 'PaymentMandate'));
  most('UBL-SR-56', count(root, 'OriginatorDocumentReference', 'ID'));
};

const line: Check = ({ element: e }, fire) => {
  if (count(e, 'Note') > 1) fire('UBL-SR-34');
  if (count(e, 'OrderLineReference', 'LineID') > 1) fire('UBL-SR-35');
  if (count(e, 'InvoicePeriod') > 1) fire('UBL-SR-36');
  if (count(e, 'Price', 'AllowanceCharge', 'Amount') > 1) fire('UBL-SR-37');
  if (count(e, 'Item', 'ClassifiedTaxCategory') !== 1) fire('UBL-SR-48');
  if (count(e, 'Item', 'Description') > 1) fire('UBL-SR-50');
  if (count(e, 'DocumentReference') > 1) fire('UBL-SR-52');
};

const payee: Check = ({ element: e, parent }, fire) => {
  // `(cac:PartyName/cbc:Name) != (../…/cbc:RegistrationName)`: false when either side is absent.
  const sellerNames = parent ? at(parent.element, 'AccountingSupplierParty', 'Party', 'PartyLegalEntity') : [];
  const differs = someDiffer(
    at(e, 'PartyName', 'Name'),
    sellerNames.flatMap((p) => kids(p, 'RegistrationName')),
  );
  const identifiers = at(e, 'PartyIdentification', 'ID').filter(
    (id) => (id.attributes.schemeID ?? '').toUpperCase() !== 'SEPA',
  );
  if (!(count(e, 'PartyName', 'Name') <= 1 && differs)) fire('UBL-SR-19');
  if (!(identifiers.length <= 1 && differs)) fire('UBL-SR-20');
  if (!(count(e, 'PartyLegalEntity', 'CompanyID') <= 1 && differs)) fire('UBL-SR-21');
};

/** The rules of the pattern by the context's element name, each with the condition of its context. */
const contexts: ReadonlyMap<string, Check> = new Map<string, Check>([
  [
    'PostalAddress',
    ({ element: e }, fire) => {
      if (count(e, 'AddressLine') > 1) fire('UBL-SR-51');
    },
  ],
  [
    'Party',
    ({ element: e, parent }, fire) => {
      if (parent?.element.name === 'AccountingSupplierParty' && count(e, 'PartyTaxScheme') > 2) fire('UBL-SR-42');
    },
  ],
  [
    'AdditionalDocumentReference',
    (node, fire) => {
      const e = node.element;
      if (count(e, 'DocumentDescription') > 1) fire('UBL-SR-33');
      const types = kids(e, 'DocumentTypeCode').map(stringValue);
      let top = node;
      while (top.parent) top = top.parent;
      const creditNote = top.element.name === 'CreditNote';
      const allowed =
        types.includes('130') ||
        (creditNote && types.includes('50')) ||
        (!kids(e, 'ID').some((id) => id.attributes.schemeID !== undefined) && types.length === 0);
      if (!allowed) fire('UBL-SR-43');
    },
  ],
  [
    'Delivery',
    ({ element: e }, fire) => {
      if (count(e, 'DeliveryParty', 'PartyName', 'Name') > 1) fire('UBL-SR-25');
    },
  ],
  [
    'AllowanceCharge',
    ({ element: e }, fire) => {
      const reasons = count(e, 'AllowanceChargeReason');
      if (indicates(e, false)) {
        if (reasons > 1) fire('UBL-SR-30');
      } else if (indicates(e, true) && reasons > 1) fire('UBL-SR-31');
    },
  ],
  [
    'PartyTaxScheme',
    ({ element: e }, fire) => {
      if (!(count(e, 'TaxScheme', 'ID') > 0 && count(e, 'CompanyID') > 0)) fire('UBL-SR-53');
    },
  ],
  ['InvoiceLine', line],
  ['CreditNoteLine', line],
  ['PayeeParty', payee],
  [
    'PaymentMeans',
    ({ element: e }, fire) => {
      if (count(e, 'PaymentID') > 1) fire('UBL-SR-26');
      if (count(e, 'PaymentMeansCode') > 1) fire('UBL-SR-27');
      if (count(e, 'PaymentMandate', 'ID') > 1) fire('UBL-SR-28');
    },
  ],
  [
    'BillingReference',
    ({ element: e }, fire) => {
      if (count(e, 'InvoiceDocumentReference') > 1) fire('UBL-SR-06');
      if (count(e, 'InvoiceDocumentReference', 'ID') === 0) fire('UBL-SR-07');
    },
  ],
  [
    'TaxRepresentativeParty',
    ({ element: e }, fire) => {
      if (count(e, 'PartyName', 'Name') > 1) fire('UBL-SR-22');
      if (count(e, 'PartyTaxScheme', 'CompanyID') > 1) fire('UBL-SR-23');
    },
  ],
  [
    'TaxSubtotal',
    ({ element: e }, fire) => {
      if (count(e, 'TaxCategory', 'TaxExemptionReason') > 1) fire('UBL-SR-32');
    },
  ],
]);

const everything = new WeakMap<XmlElement, XmlElement[]>();
function allElements(root: XmlElement): XmlElement[] {
  let all = everything.get(root);
  if (!all) {
    const into: XmlElement[] = [];
    const visit = (e: XmlElement) => {
      into.push(e);
      for (const c of e.children) visit(c);
    };
    visit(root);
    all = into;
    everything.set(root, all);
  }
  return all;
}

/** `not(ancestor::cac:Price/cac:AllowanceCharge)`: no enclosing price holds an allowance. */
function inPriceAllowance(node: Node): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.element.name === 'Price' && up.element.children.some((c) => c.name === 'AllowanceCharge')) return true;
  }
  return false;
}

const amountContext: Check = (node, fire) => {
  const value = stringValue(node.element);
  const dot = value.indexOf('.');
  if (dot >= 0 && value.length - dot - 1 > 2) fire('UBL-DT-01');
};

const binaryContext: Check = ({ element: e }, fire) => {
  if (e.attributes.mimeCode === undefined) fire('UBL-DT-06');
  if (e.attributes.filename === undefined) fire('UBL-DT-07');
};

const ublRoots = new Set(['Invoice', 'CreditNote']);

/** The rule of the pattern an element is the context of, if any: the first that matches it. */
function contextOf(node: Node): Check | undefined {
  const name = node.element.name;
  if (!node.parent) return ublRoots.has(name) ? documentRoot : undefined;
  if (name === 'Address') return contexts.get('PostalAddress');
  if (name === 'PostalAddress' || name === 'Party' || name === 'AdditionalDocumentReference') return contexts.get(name);
  if (name.endsWith('Amount') && !name.endsWith('PriceAmount') && !inPriceAllowance(node)) return amountContext;
  if (name.endsWith('BinaryObject')) return binaryContext;
  return contexts.get(name);
}

interface Fired {
  readonly id: string;
  readonly path: string;
}

const evaluated = new WeakMap<XmlElement, ReadonlyMap<string, readonly string[]>>();

/** Every UBL-syntax finding of the document, by rule id, in one walk. */
function syntaxFindings(model: InvoiceModel): ReadonlyMap<string, readonly string[]> {
  const tree = model.tree;
  if (!tree) return new Map();
  const known = evaluated.get(tree);
  if (known) return known;
  const fired: Fired[] = [];
  for (const node of nodesOf(model)) {
    const check = contextOf(node);
    if (check) check(node, (id) => fired.push({ id, path: node.path }));
  }
  const byId = new Map<string, string[]>();
  for (const { id, path } of fired) byId.set(id, [...(byId.get(id) ?? []), path]);
  evaluated.set(tree, byId);
  return byId;
}

// The official Schematron flags these fatal; the EN 16931 unit tests expect them as errors, and
// both refuse the document alike.
const refusal = (id: string, text: string): Rule => ({
  id,
  flag: 'error',
  text,
  check(model, report) {
    if (model.syntax !== 'ubl') return;
    for (const path of syntaxFindings(model).get(id) ?? []) report(path);
  },
});
const warning = (id: string, text: string): Rule => ({ ...refusal(id, text), flag: 'warning' });

const texts: readonly (readonly [string, string])[] = [
  ['UBL-DT-01', 'Amounts shall be decimal up to two fraction digits.'],
  ['UBL-DT-06', 'Binary object elements shall contain the mime code attribute.'],
  ['UBL-DT-07', 'Binary object elements shall contain the file name attribute.'],
  ['UBL-SR-01', 'Contract identifier shall occur maximum once.'],
  ['UBL-SR-02', 'Receive advice identifier shall occur maximum once.'],
  ['UBL-SR-03', 'Despatch advice identifier shall occur maximum once.'],
  ['UBL-SR-04', 'Invoice object identifier shall occur maximum once.'],
  ['UBL-SR-05', 'Payment terms shall occur maximum once.'],
  ['UBL-SR-06', 'Preceding invoice reference shall occur maximum once.'],
  ['UBL-SR-07', 'If there is a preceding invoice reference, the preceding invoice number shall be present.'],
  ['UBL-SR-08', 'Invoice period shall occur maximum once.'],
  ['UBL-SR-09', 'Seller name shall occur maximum once.'],
  ['UBL-SR-10', 'Seller trader name shall occur maximum once.'],
  ['UBL-SR-11', 'Seller legal registration identifier shall occur maximum once.'],
  ['UBL-SR-12', 'Seller VAT identifier shall occur maximum once.'],
  ['UBL-SR-13', 'Seller tax registration shall occur maximum once.'],
  ['UBL-SR-14', 'Seller additional legal information shall occur maximum once.'],
  ['UBL-SR-15', 'Buyer name shall occur maximum once.'],
  ['UBL-SR-16', 'Buyer identifier shall occur maximum once.'],
  ['UBL-SR-17', 'Buyer legal registration identifier shall occur maximum once.'],
  ['UBL-SR-18', 'Buyer VAT identifier shall occur maximum once.'],
  ['UBL-SR-19', 'Payee name shall occur maximum once, if the Payee is different from the Seller.'],
  ['UBL-SR-20', 'Payee identifier shall occur maximum once, if the Payee is different from the Seller.'],
  [
    'UBL-SR-21',
    'Payee legal registration identifier shall occur maximum once, if the Payee is different from the Seller.',
  ],
  ['UBL-SR-22', 'Seller tax representative name shall occur maximum once, if the Seller has a tax representative.'],
  [
    'UBL-SR-23',
    'Seller tax representative VAT identifier shall occur maximum once, if the Seller has a tax representative.',
  ],
  ['UBL-SR-24', 'Deliver to information shall occur maximum once.'],
  ['UBL-SR-25', 'Deliver to party name shall occur maximum once.'],
  ['UBL-SR-26', 'Payment reference shall occur maximum once.'],
  ['UBL-SR-27', 'Payment means text shall occur maximum once.'],
  ['UBL-SR-28', 'Mandate reference identifier shall occur maximum once.'],
  ['UBL-SR-29', 'Bank creditor reference shall occur maximum once.'],
  ['UBL-SR-30', 'Document level allowance reason shall occur maximum once.'],
  ['UBL-SR-31', 'Document level charge reason shall occur maximum once.'],
  ['UBL-SR-32', 'VAT exemption reason text shall occur maximum once.'],
  ['UBL-SR-33', 'Supporting document description shall occur maximum once.'],
  ['UBL-SR-34', 'Invoice line note shall occur maximum once.'],
  ['UBL-SR-35', 'Referenced purchase order line identifier shall occur maximum once.'],
  ['UBL-SR-36', 'Invoice line period shall occur maximum once.'],
  ['UBL-SR-37', 'Item price discount shall occur maximum once.'],
  ['UBL-SR-39', 'Project reference shall occur maximum once.'],
  ['UBL-SR-40', 'Buyer trade name shall occur maximum once.'],
  ['UBL-SR-42', 'Party tax scheme shall occur maximum twice in accounting supplier party.'],
  ['UBL-SR-43', 'Scheme identifier shall only be used for invoiced object (document type code with value 130 or 50).'],
  [
    'UBL-SR-44',
    'An Invoice may only have one unique PaymentID, but the PaymentID may be used for multiple PaymentMeans.',
  ],
  ['UBL-SR-45', 'Due Date shall occur maximum once.'],
  ['UBL-SR-46', 'Payment means text shall occur maximum once.'],
  ['UBL-SR-47', 'When there are more than one payment means code, they shall be equal.'],
  ['UBL-SR-48', 'Invoice lines shall have one and only one classified tax category.'],
  ['UBL-SR-49', 'Value tax point date shall occur maximum once.'],
  ['UBL-SR-50', 'Item description shall occur maximum once.'],
  ['UBL-SR-51', 'An address can only have one third line.'],
  ['UBL-SR-52', 'Document reference shall occur maximum once.'],
  ['UBL-SR-53', 'CompanyID (VAT Identifier) must be stated when providing the PartyTaxScheme/TaxScheme/ID.'],
  ['UBL-SR-54', 'An Invoice shall contain maximum one Payment Card account (BG-18).'],
  ['UBL-SR-55', 'An Invoice shall contain maximum one Payment Mandate (BG-19).'],
  ['UBL-SR-56', 'An Invoice shall contain maximum one Originator document reference identifier (BT-17).'],
];

const warningTexts: readonly (readonly [string, string])[] = [
  ...attributeWarnings.map(([id, , text]) => [id, text] as const),
  ['UBL-DT-18', 'Name attribute should not be present.'],
];

/** UBL-DT-* and UBL-SR-*: the syntax binding's data type and cardinality rules, as the official Schematron reads them. */
export const ublRules: readonly Rule[] = [
  ...texts.map(([id, text]) => refusal(id, text)),
  ...warningTexts.map(([id, text]) => warning(id, text)),
].sort((a, b) => a.id.localeCompare(b.id));
