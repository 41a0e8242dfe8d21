import { sign } from '../decimal.js';
import type { Address, InvoiceModel, Party, Rule } from '../model.js';
import { decimalOf, document, each, has } from './helpers.js';

/** The CustomizationID of the Dutch CIUS (NLCIUS, SI-UBL 2.0). */
export const nlciusCustomizationId = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0';

export function claimsNlcius(model: InvoiceModel): boolean {
  return model.customizationId?.text.startsWith(nlciusCustomizationId) ?? false;
}

const dutch = (party: Party | undefined) => party?.address?.country?.text === 'NL';
const dutchSupplier = (m: InvoiceModel) => dutch(m.seller);
const complete = (address: Address | undefined) =>
  has(address?.street) && has(address?.city) && has(address?.postalZone);
const kvkOrOin = (party: Party | undefined) => ['0106', '0190'].includes(party?.legalId?.attributes.schemeID ?? '');
const paymentMeansCodes = new Set(['30', '48', '49', '57', '58', '59']);

/** NL-R-*: the Dutch national rules of Peppol BIS Billing 3.0, which apply to suppliers in the Netherlands. */
export const netherlandsRules: readonly Rule[] = [
  document(
    'NL-R-001',
    'For suppliers in the Netherlands, if the document is a creditnote, the document MUST contain an invoice reference (cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID).',
    (m) => !dutchSupplier(m) || m.kind !== 'credit-note' || m.precedingInvoices.some((p) => has(p.id)),
    'fatal',
  ),
  each(
    'NL-R-002',
    "For suppliers in the Netherlands the supplier's address (cac:AccountingSupplierParty/cac:Party/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and post code (cbc:PostalZone).",
    (m) => (dutchSupplier(m) && !complete(m.seller?.address) ? [m.seller?.address?.path ?? m.path] : []),
    'fatal',
  ),
  each(
    'NL-R-003',
    'For suppliers in the Netherlands, the legal entity identifier MUST be either a KVK or OIN number (schemeID 0106 or 0190).',
    (m) => (dutchSupplier(m) && !kvkOrOin(m.seller) ? [m.seller?.legalId?.path ?? m.seller?.path ?? m.path] : []),
    'fatal',
  ),
  each(
    'NL-R-004',
    'For suppliers in the Netherlands, if the customer is in the Netherlands, the customer address (cac:AccountingCustomerParty/cac:Party/cac:PostalAddress) MUST contain the street name (cbc:StreetName), the city (cbc:CityName) and post code (cbc:PostalZone).',
    (m) =>
      dutchSupplier(m) && dutch(m.buyer) && !complete(m.buyer?.address) ? [m.buyer?.address?.path ?? m.path] : [],
    'fatal',
  ),
  each(
    'NL-R-005',
    "For suppliers in the Netherlands, if the customer is in the Netherlands, the customer's legal entity identifier MUST be either a KVK or OIN number (schemeID 0106 or 0190).",
    (m) =>
      dutchSupplier(m) && dutch(m.buyer) && !kvkOrOin(m.buyer)
        ? [m.buyer?.legalId?.path ?? m.buyer?.path ?? m.path]
        : [],
    'fatal',
  ),
  each(
    'NL-R-006',
    "For suppliers in the Netherlands, if the fiscal representative is in the Netherlands, the representative's address (cac:TaxRepresentativeParty/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and post code (cbc:PostalZone).",
    (m) =>
      dutchSupplier(m) && dutch(m.taxRepresentative) && !complete(m.taxRepresentative?.address)
        ? [m.taxRepresentative?.address?.path ?? m.path]
        : [],
    'fatal',
  ),
  document(
    'NL-R-007',
    'For suppliers in the Netherlands, the supplier MUST provide a means of payment (cac:PaymentMeans) if the payment is from customer to supplier.',
    (m) => {
      if (!dutchSupplier(m) || m.paymentMeans.length > 0) return true;
      const payable = decimalOf(m.totals?.payable);
      return !payable || sign(payable) <= 0;
    },
    'fatal',
  ),
  each(
    'NL-R-008',
    'For suppliers in the Netherlands, if PaymentMeans is present, the PaymentMeansCode (cbc:PaymentMeansCode) MUST be one of 30, 48, 49, 57, 58 or 59.',
    (m) =>
      dutchSupplier(m)
        ? m.paymentMeans.flatMap((p) => (paymentMeansCodes.has(p.code?.text ?? '') ? [] : [p.code?.path ?? p.path]))
        : [],
    'fatal',
  ),
  document(
    'NL-R-009',
    'For suppliers in the Netherlands, if an order line reference (cac:OrderLineReference/cbc:LineID) is used, there must be an order reference on the document level (cac:OrderReference/cbc:ID).',
    (m) => !dutchSupplier(m) || has(m.orderReference) || !m.lines.some((l) => has(l.orderLineReference)),
    'fatal',
  ),
];
