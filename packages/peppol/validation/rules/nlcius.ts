import { sign } from '../decimal.js';
import type { Address, Field, InvoiceModel, Party, Rule } from '../model.js';
import { decimalOf, document, each, has } from './helpers.js';
import { claimsNlcius } from './netherlands.js';
import { type Node, nodesOf } from './tree.js';

/**
 * BR-NL-*: the business rules of the Dutch CIUS (NLCIUS, implemented as SI-UBL 2.0). They apply
 * only to documents whose CustomizationID claims NLCIUS; all but BR-NL-13 further apply only to
 * suppliers in the Netherlands. BR-NL-1..13 are fatal; BR-NL-19 onwards discourage the use of
 * terms Dutch receivers ignore and are warnings. Rule texts are written for this engine.
 */

const dutch = (party: Party | undefined) => party?.address?.country?.text.trim().toUpperCase() === 'NL';
/** `$s` in the NLCIUS artefacts: the rule set applies and the supplier is Dutch. */
const dutchSupplier = (m: InvoiceModel) => claimsNlcius(m) && dutch(m.seller);
const complete = (address: Address) => has(address.street) && has(address.city) && has(address.postalZone);
const kvkOrOin = (party: Party | undefined) => ['0106', '0190'].includes(party?.legalId?.attributes.schemeID ?? '');
const typeCodes = new Set(['380', '381', '384', '389']);
const paymentMeansCodes = new Set(['30', '48', '49', '57', '58', '59']);
const locations = (values: readonly (Field | undefined)[]) => values.flatMap((v) => (v ? [v.path] : []));

/** Incomplete address of a party, when the party is Dutch (or, for the supplier, always). */
const incompleteAddress = (party: Party | undefined, mustBeDutch: boolean) =>
  party?.address && (!mustBeDutch || dutch(party)) && !complete(party.address) ? [party.address.path] : [];

/** The four addresses whose lines and subdivisions BR-NL-27 and BR-NL-28 discourage, in their order. */
const addresses = (m: InvoiceModel): (Address | undefined)[][] => [
  [m.seller?.address],
  [m.buyer?.address],
  [m.taxRepresentative?.address],
  m.deliveries.map((d) => d.address),
];

/** The supplier address rule (BR-NL-3). */
export const nlciusSupplierAddressRule: Rule = each(
  'BR-NL-3',
  "For suppliers in the Netherlands the supplier's postal address must give the street name, the city and the postal zone.",
  (m) => (dutchSupplier(m) ? incompleteAddress(m.seller, false) : []),
  'fatal',
);

const fatalRules: readonly Rule[] = [
  each(
    'BR-NL-1',
    'For suppliers in the Netherlands the supplier legal registration identifier must be a KVK number (schemeID 0106) or an OIN (schemeID 0190).',
    (m) => (dutchSupplier(m) && m.seller && !kvkOrOin(m.seller) ? [m.seller.legalId?.path ?? m.seller.path] : []),
    'fatal',
  ),
  document(
    'BR-NL-2',
    'For suppliers in the Netherlands the invoice must give a buyer reference or a purchase order reference.',
    (m) => !dutchSupplier(m) || has(m.buyerReference) || has(m.orderReference),
    'fatal',
  ),
  each(
    'BR-NL-4',
    "For suppliers in the Netherlands, when the customer is in the Netherlands, the customer's postal address must give the street name, the city and the postal zone.",
    (m) => (dutchSupplier(m) ? incompleteAddress(m.buyer, true) : []),
    'fatal',
  ),
  each(
    'BR-NL-5',
    "For suppliers in the Netherlands, when the tax representative is in the Netherlands, the representative's postal address must give the street name, the city and the postal zone.",
    (m) => (dutchSupplier(m) ? incompleteAddress(m.taxRepresentative, true) : []),
    'fatal',
  ),
  each(
    'BR-NL-7',
    'The invoice type code must be 380, 381, 384 or 389.',
    (m) => {
      // The UBL binding gates this rule on a Dutch supplier, the CII binding on NLCIUS alone.
      const applies = m.syntax === 'cii' ? claimsNlcius(m) : dutchSupplier(m);
      return applies && m.typeCode && !typeCodes.has(m.typeCode.text.trim()) ? [m.typeCode.path] : [];
    },
    'fatal',
  ),
  each(
    'BR-NL-8',
    'A document with type code 381 must be a UBL CreditNote, and one with type code 380, 384 or 389 a UBL Invoice.',
    (m) => {
      if (m.syntax !== 'ubl' || !dutchSupplier(m) || !m.typeCode) return [];
      const code = m.typeCode.text.trim();
      const wrong = m.kind === 'invoice' ? code === '381' : ['380', '384', '389'].includes(code);
      return wrong ? [m.typeCode.path] : [];
    },
    'fatal',
  ),
  each(
    'BR-NL-9',
    'For suppliers in the Netherlands a corrective invoice (type code 384) must reference the invoice it corrects.',
    (m) =>
      dutchSupplier(m) && m.typeCode?.text.trim() === '384' && !m.precedingInvoices.some((p) => has(p.id))
        ? [m.typeCode.path]
        : [],
    'fatal',
  ),
  each(
    'BR-NL-10',
    "For suppliers in the Netherlands, when the customer is in the Netherlands, the customer's legal registration identifier must be a KVK number (schemeID 0106) or an OIN (schemeID 0190).",
    (m) => {
      const buyer = m.buyer;
      if (!dutchSupplier(m) || !buyer || !dutch(buyer) || kvkOrOin(buyer)) return [];
      // The rule sits on the customer's legal entity, so a party without one is not checked.
      return buyer.legalName || buyer.legalId ? [buyer.legalId?.path ?? buyer.path] : [];
    },
    'fatal',
  ),
  each(
    'BR-NL-11',
    'For suppliers in the Netherlands the invoice must give a means of payment when the customer pays the supplier.',
    (m) => {
      if (!dutchSupplier(m) || !m.totals || m.paymentMeans.length > 0) return [];
      const payable = decimalOf(m.totals.payable);
      return payable && sign(payable) > 0 ? [m.totals.path] : [];
    },
    'fatal',
  ),
  each(
    'BR-NL-12',
    'For suppliers in the Netherlands each payment means code must be 30, 48, 49, 57, 58 or 59.',
    (m) =>
      dutchSupplier(m)
        ? m.paymentMeans.flatMap((p) =>
            paymentMeansCodes.has(p.code?.text.trim() ?? '') ? [] : [p.code?.path ?? p.path],
          )
        : [],
    'fatal',
  ),
  each(
    'BR-NL-13',
    'When an invoice line refers to an order line, the invoice must give the purchase order reference on document level.',
    (m) =>
      claimsNlcius(m) && !has(m.orderReference)
        ? m.lines.flatMap((l) => (has(l.orderLineReference) ? [l.orderLineReference.path] : []))
        : [],
    'fatal',
  ),
];

/** A warning that fires at every value `used` returns for a Dutch supplier under NLCIUS. */
const discouraged = (id: string, text: string, used: (m: InvoiceModel) => readonly (Field | undefined)[]): Rule =>
  each(id, text, (m) => (dutchSupplier(m) ? locations(used(m)) : []), 'warning');

const warningRules: readonly Rule[] = [
  discouraged('BR-NL-19', 'A VAT accounting currency code is not recommended.', (m) => [m.taxCurrency]),
  discouraged('BR-NL-20', 'A tax point date is not recommended; receivers ignore it.', (m) => [m.taxPointDate]),
  discouraged('BR-NL-21', 'A VAT point date code is not recommended; receivers ignore it.', (m) =>
    [...m.periods, ...m.lines.flatMap((l) => l.periods)].map((p) => p.descriptionCode),
  ),
  each(
    'BR-NL-23',
    'A business process identifier is not recommended unless a network (such as Peppol) needs it.',
    (m) => (m.syntax === 'cii' && dutchSupplier(m) ? locations([m.profileId]) : []),
    'warning',
  ),
  discouraged('BR-NL-24', 'The issue date of a preceding invoice is not recommended.', (m) =>
    m.precedingInvoices.map((p) => p.issueDate),
  ),
  each(
    'BR-NL-25',
    'A seller tax registration identifier for a tax scheme other than VAT is not recommended for suppliers in the Netherlands.',
    (m) => (dutchSupplier(m) ? otherTaxRegistrations(m) : []),
    'warning',
  ),
  discouraged(
    'BR-NL-26',
    'Seller additional legal information is not recommended for suppliers in the Netherlands.',
    (m) => [m.seller?.legalForm],
  ),
  ...['seller', 'customer', 'tax representative', 'delivery'].map((whose, index) =>
    discouraged(`BR-NL-27-${index + 1}`, `An address line 3 in the ${whose} address is not recommended.`, (m) =>
      (addresses(m)[index] ?? []).flatMap((a) => a?.addressLines ?? []),
    ),
  ),
  ...['seller', 'customer', 'tax representative', 'delivery'].map((whose, index) =>
    discouraged(`BR-NL-28-${index + 1}`, `A country subdivision in the ${whose} address is not recommended.`, (m) =>
      (addresses(m)[index] ?? []).map((a) => a?.countrySubentity),
    ),
  ),
  discouraged(
    'BR-NL-29',
    'A payment means text (the name attribute of the payment means code) is not recommended.',
    (m) => m.paymentMeans.map((p) => p.code).filter((code) => code?.attributes.name !== undefined),
  ),
  discouraged('BR-NL-30', 'A payment account name is not recommended.', (m) =>
    m.paymentMeans.flatMap((p) => p.accounts.map((a) => a.name)),
  ),
  discouraged(
    'BR-NL-31',
    'A payment service provider identifier is not recommended for SEPA payments (codes 58 and 59).',
    (m) =>
      m.paymentMeans
        .filter((p) => ['58', '59'].includes(p.code?.text.trim() ?? ''))
        .flatMap((p) => p.accounts.map((a) => a.branchId)),
  ),
  each(
    'BR-NL-32-1',
    'An allowance or charge reason code is not recommended.',
    (m) => (m.syntax === 'ubl' && dutchSupplier(m) ? locations(reasonCodes(m)) : []),
    'warning',
  ),
  each(
    'BR-NL-32-and-34',
    'An allowance or charge reason code is not recommended.',
    (m) => (m.syntax === 'cii' && dutchSupplier(m) ? locations(reasonCodes(m)) : []),
    'warning',
  ),
  discouraged(
    'BR-NL-33',
    'A VAT total in an accounting currency other than the invoice currency is not recommended.',
    (m) => m.taxTotals.map((t) => t.taxAmount).filter((a) => a && a.attributes.currencyID !== m.currency?.text.trim()),
  ),
  discouraged('BR-NL-35', 'A VAT exemption reason code is not recommended.', (m) =>
    m.taxTotals.flatMap((t) => t.subtotals.map((s) => s.category?.exemptionReasonCode)),
  ),
];

const childrenNamed = (node: Node, name: string) => node.element.children.filter((c) => c.name === name);
const under = (node: Node, ...names: string[]) =>
  names.every((name, i) => {
    let at: Node | undefined = node;
    for (let k = 0; k <= i; k++) at = at?.parent;
    return at?.element.name === name;
  });

/**
 * BR-NL-25 as each binding words it: UBL, a supplier PartyTaxScheme with a CompanyID whose TaxScheme
 * ID is not 'VAT' as written; CII, a seller SpecifiedTaxRegistration whose ID has no schemeID 'VA'.
 */
function otherTaxRegistrations(m: InvoiceModel): string[] {
  const nodes = nodesOf(m);
  if (m.syntax === 'cii') {
    return nodes
      .filter((n) => n.element.name === 'SpecifiedTaxRegistration' && under(n, 'SellerTradeParty'))
      .filter((n) => {
        const ids = childrenNamed(n, 'ID');
        return ids.length > 0 && !ids.some((id) => id.attributes.schemeID === 'VA');
      })
      .map((n) => n.path);
  }
  return nodes
    .filter((n) => n.element.name === 'PartyTaxScheme' && under(n, 'Party', 'AccountingSupplierParty'))
    .filter((n) => {
      const schemes = childrenNamed(n, 'TaxScheme').flatMap((t) => t.children.filter((c) => c.name === 'ID'));
      return childrenNamed(n, 'CompanyID').length > 0 && !schemes.some((id) => id.raw === 'VAT');
    })
    .map((n) => n.path);
}

/**
 * Leaf elements an earlier rule of the same pattern claims when the supplier is Dutch (a warning
 * or a check of its own there), so the empty-element check does not reach them: by parent and name.
 */
const claimedUbl = new Set([
  '*/InvoiceTypeCode',
  '*/CreditNoteTypeCode',
  '*/TaxCurrencyCode',
  '*/TaxPointDate',
  'InvoicePeriod/DescriptionCode',
  'InvoiceDocumentReference/IssueDate',
  'PartyLegalEntity/CompanyLegalForm',
  'AddressLine/Line',
  'PostalAddress/CountrySubentity',
  'Address/CountrySubentity',
  'PaymentMeans/PaymentMeansCode',
  'PayeeFinancialAccount/Name',
  'AllowanceCharge/AllowanceChargeReasonCode',
  'TaxTotal/TaxAmount',
  'TaxCategory/TaxExemptionReasonCode',
]);
const claimedCii = new Set([
  'ExchangedDocument/TypeCode',
  '*/TaxCurrencyCode',
  'TaxPointDate/DateString',
  '*/DueDateTypeCode',
  '*/SubjectCode',
  'BusinessProcessSpecifiedDocumentContextParameter/ID',
  'FormattedIssueDateTime/DateTimeString',
  'SellerTradeParty/Description',
  'PostalTradeAddress/LineThree',
  'PostalTradeAddress/CountrySubDivisionName',
  'SpecifiedTradeSettlementPaymentMeans/Information',
  'PayeePartyCreditorFinancialAccount/AccountName',
  'SpecifiedTradeAllowanceCharge/ReasonCode',
  'SpecifiedTradeSettlementHeaderMonetarySummation/TaxTotalAmount',
  'ApplicableTradeTax/ExemptionReasonCode',
]);

function claimed(m: InvoiceModel, node: Node): boolean {
  const name = node.element.name;
  const parent = node.parent?.element.name ?? '';
  // The line's order reference is claimed by BR-NL-13 for every NLCIUS document.
  if (name === 'LineID' && ['OrderLineReference', 'BuyerOrderReferencedDocument'].includes(parent)) return true;
  if (!dutchSupplier(m)) return false;
  const table = m.syntax === 'cii' ? claimedCii : claimedUbl;
  return table.has(`${parent}/${name}`) || table.has(`*/${name}`);
}

/** SI-UBL-2 (UBL) and empty-element-check (CII): a document should not contain empty elements. */
export const nlciusEmptyElementRule: Rule = {
  id: 'SI-UBL-2',
  flag: 'warning',
  text: 'A document should not contain empty elements.',
  check(model, report) {
    if (model.syntax !== 'ubl' || !claimsNlcius(model)) return;
    const empty = nodesOf(model).find(
      (n) => n.element.children.length === 0 && n.element.text === '' && !claimed(model, n),
    );
    if (empty) report(empty.path);
  },
};

/** The CII wording of the same check. */
const ciiEmptyElementRule: Rule = {
  id: 'empty-element-check',
  flag: 'warning',
  text: 'A document should not contain empty elements.',
  check(model, report) {
    if (model.syntax !== 'cii' || !claimsNlcius(model)) return;
    const empty = nodesOf(model).find(
      (n) => n.element.children.length === 0 && n.element.text === '' && !claimed(model, n),
    );
    if (empty) report(empty.path);
  },
};

/** CII-SR-282 as NLCIUS CII words it: no buyer's tax representative (the EN 16931 rule asks of the seller's). */
const buyerTaxRepresentativeRule: Rule = {
  id: 'CII-SR-282',
  flag: 'warning',
  text: 'A buyer tax representative trade party should not be present.',
  check(model, report) {
    if (model.syntax !== 'cii' || !claimsNlcius(model)) return;
    for (const n of nodesOf(model)) {
      if (
        n.element.name === 'ApplicableHeaderTradeAgreement' &&
        under(n, 'SupplyChainTradeTransaction', 'CrossIndustryInvoice') &&
        childrenNamed(n, 'BuyerTaxRepresentativeTradeParty').length > 0
      )
        report(n.path);
    }
  },
};

function reasonCodes(m: InvoiceModel): (Field | undefined)[] {
  return [...m.allowanceCharges, ...m.lines.flatMap((l) => l.allowanceCharges)].map((ac) => ac.reasonCode);
}

/** The NLCIUS rules, registered for documents claiming NLCIUS. */
export const nlciusRules: readonly Rule[] = [
  nlciusSupplierAddressRule,
  ...fatalRules,
  ...warningRules,
  nlciusEmptyElementRule,
  ciiEmptyElementRule,
  buyerTaxRepresentativeRule,
];
