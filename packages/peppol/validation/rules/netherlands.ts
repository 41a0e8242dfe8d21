import { sign } from '../decimal.js';
import type { InvoiceModel, Rule } from '../model.js';
import type { XmlElement } from '../xml.js';
import { decimal, hasKid, kid, ns, path, ruleSet, type Tree } from './peppol-tree.js';

/** The CustomizationID of the Dutch CIUS (NLCIUS, SI-UBL 2.0). */
export const nlciusCustomizationId = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0';

export function claimsNlcius(model: InvoiceModel): boolean {
  return model.customizationId?.text.startsWith(nlciusCustomizationId) ?? false;
}

const countryIsNl = (root: XmlElement, ...party: string[]) =>
  ns(path(root, ...party, 'PostalAddress', 'Country', 'IdentificationCode')[0]).toUpperCase() === 'NL';
const complete = (address: XmlElement) =>
  hasKid(address, 'StreetName') && hasKid(address, 'CityName') && hasKid(address, 'PostalZone');
/** `contains(concat(' ', @schemeID, ' '), ' 0106 ')` or 0190, and a value. */
const kvkOrOin = (id: XmlElement) => {
  const schemes = ` ${id.attributes.schemeID ?? ''} `;
  return (schemes.includes(' 0106 ') || schemes.includes(' 0190 ')) && ns(id) !== '';
};
const paymentMeansCodes = new Set(['30', '48', '49', '57', '58', '59']);
/** Whether `e` sits at the end of the relative path `names` (its last name is e's own). */
function at(tree: Tree, e: XmlElement, ...names: string[]): boolean {
  let node: XmlElement | undefined = e;
  for (let i = names.length - 1; i >= 0; i--) {
    if (!node || node.name !== names[i]) return false;
    node = i > 0 ? tree.parent(node) : node;
  }
  return true;
}

function dutchRules(tree: Tree, fire: (id: string, at: XmlElement) => void): void {
  const r = tree.root;
  const supplier = countryIsNl(r, 'AccountingSupplierParty', 'Party');
  if (!supplier) return;
  const customer = countryIsNl(r, 'AccountingCustomerParty', 'Party');
  const representative = countryIsNl(r, 'TaxRepresentativeParty');
  const anyPaymentMeans = tree.all.some((e) => e.name === 'PaymentMeans');
  for (const e of tree.all) {
    if (e.name === 'CreditNoteTypeCode') {
      if (path(r, 'BillingReference', 'InvoiceDocumentReference', 'ID').length === 0) fire('NL-R-001', e);
    } else if (at(tree, e, 'AccountingSupplierParty', 'Party', 'PostalAddress')) {
      if (!complete(e)) fire('NL-R-002', e);
    } else if (at(tree, e, 'AccountingSupplierParty', 'Party', 'PartyLegalEntity', 'CompanyID')) {
      if (!kvkOrOin(e)) fire('NL-R-003', e);
    } else if (customer && at(tree, e, 'AccountingCustomerParty', 'Party', 'PostalAddress')) {
      if (!complete(e)) fire('NL-R-004', e);
    } else if (customer && at(tree, e, 'AccountingCustomerParty', 'Party', 'PartyLegalEntity', 'CompanyID')) {
      if (!kvkOrOin(e)) fire('NL-R-005', e);
    } else if (representative && at(tree, e, 'TaxRepresentativeParty', 'PostalAddress')) {
      if (!complete(e)) fire('NL-R-006', e);
    } else if (e.name === 'LegalMonetaryTotal') {
      const payable = decimal(kid(e, 'PayableAmount'));
      const nothingDue =
        payable !== undefined &&
        (r.name === 'Invoice' ? sign(payable) <= 0 : r.name === 'CreditNote' && sign(payable) >= 0);
      if (!nothingDue && !anyPaymentMeans) fire('NL-R-007', e);
    } else if (customer && e.name === 'PaymentMeans') {
      if (!paymentMeansCodes.has(ns(kid(e, 'PaymentMeansCode')))) fire('NL-R-008', e);
    } else if (at(tree, e, 'OrderLineReference', 'LineID')) {
      if (path(r, 'OrderReference', 'ID').length === 0) fire('NL-R-009', e);
    }
  }
}

/** NL-R-*: the Dutch national rules of Peppol BIS Billing 3.0, for suppliers in the Netherlands, as the 2026.5 Schematron states them. */
export const netherlandsRules: readonly Rule[] = ruleSet(
  [
    [
      'NL-R-001',
      'fatal',
      'For suppliers in the Netherlands, if the document is a creditnote, the document MUST contain an invoice reference (cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID)',
    ],
    [
      'NL-R-002',
      'fatal',
      "For suppliers in the Netherlands the supplier's address (cac:AccountingSupplierParty/cac:Party/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and post code (cbc:PostalZone)",
    ],
    [
      'NL-R-003',
      'fatal',
      'For suppliers in the Netherlands, the legal entity identifier MUST be either a KVK or OIN number (schemeID 0106 or 0190)',
    ],
    [
      'NL-R-004',
      'fatal',
      'For suppliers in the Netherlands, if the customer is in the Netherlands, the customer address (cac:AccountingCustomerParty/cac:Party/cac:PostalAddress) MUST contain the street name (cbc:StreetName), the city (cbc:CityName) and post code (cbc:PostalZone)',
    ],
    [
      'NL-R-005',
      'fatal',
      "For suppliers in the Netherlands, if the customer is in the Netherlands, the customer's legal entity identifier MUST be either a KVK or OIN number (schemeID 0106 or 0190)",
    ],
    [
      'NL-R-006',
      'fatal',
      "For suppliers in the Netherlands, if the fiscal representative is in the Netherlands, the representative's address (cac:TaxRepresentativeParty/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and post code (cbc:PostalZone)",
    ],
    [
      'NL-R-007',
      'fatal',
      'For suppliers in the Netherlands, the supplier MUST provide a means of payment (cac:PaymentMeans) if the payment is from customer to supplier',
    ],
    [
      'NL-R-008',
      'fatal',
      'For suppliers in the Netherlands, if the customer is in the Netherlands, the payment means code (cac:PaymentMeans/cbc:PaymentMeansCode) MUST be one of 30, 48, 49, 57, 58 or 59',
    ],
    [
      'NL-R-009',
      'fatal',
      'For suppliers in the Netherlands, if an order line reference (cac:OrderLineReference/cbc:LineID) is used, there must be an order reference on the document level (cac:OrderReference/cbc:ID)',
    ],
  ],
  () => true,
  dutchRules,
);
