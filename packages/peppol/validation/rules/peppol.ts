import { add, compare, type Decimal, multiply, sign, subtract, sum, within, zero } from '../decimal.js';
import type { InvoiceModel, Rule } from '../model.js';
import type { XmlElement } from '../xml.js';
import {
  dateInstant,
  decimal,
  double,
  hasKid,
  kid,
  kids,
  ns,
  path,
  ruleSet,
  stringValue,
  type Tree,
} from './peppol-tree.js';

/** The CustomizationID (BT-24) of Peppol BIS Billing 3.0; a CIUS built on it starts with it. */
export const peppolBisCustomizationId = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';

/** The first CustomizationID in document order: where the schema puts it, or wherever the sender did. */
function claimedCustomization(model: InvoiceModel): string | undefined {
  if (model.customizationId) return model.customizationId.text;
  const root = model.tree;
  if (!root) return undefined;
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const e = stack.pop() as XmlElement;
    if (e.name === 'CustomizationID') return ns(e);
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i] as XmlElement);
  }
  return undefined;
}

/** Whether the document claims Peppol BIS Billing, so that the Peppol rules apply to it. */
export function claimsPeppolBis(model: InvoiceModel): boolean {
  return claimedCustomization(model)?.includes('urn:fdc:peppol.eu:2017:poacc:billing:3.0') ?? false;
}

const isUblRoot = (e: XmlElement) => e.name === 'Invoice' || e.name === 'CreditNote';
const always = () => true;

/** The release's `$profile`: '01' for billing (and the French billing processes), '02' for billing with response. */
export function profileOf(root: XmlElement): '01' | '02' | 'Unknown' {
  const id = ns(kid(root, 'ProfileID'));
  if (
    id === 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0' ||
    id === 'urn:peppol:france:billing:regulated' ||
    id === 'urn:peppol:france:billing:non-regulated'
  ) {
    return '01';
  }
  return id === 'urn:peppol:bis:billing_with_response' ? '02' : 'Unknown';
}

/** `$supplierCountryIsDE` / `$customerCountryIsDE`: the party's address country, upper-cased, is DE. */
export function countryIsDe(root: XmlElement, party: 'AccountingSupplierParty' | 'AccountingCustomerParty'): boolean {
  return ns(path(root, party, 'Party', 'PostalAddress', 'Country', 'IdentificationCode')[0]).toUpperCase() === 'DE';
}
const bothGerman = (root: XmlElement) =>
  countryIsDe(root, 'AccountingSupplierParty') && countryIsDe(root, 'AccountingCustomerParty');

const cent2: Decimal = { units: 2n, scale: 2 };
const one: Decimal = { units: 1n, scale: 0 };
const hundred = (d: Decimal): Decimal => ({ units: d.units, scale: d.scale + 2 });
const abs = (d: Decimal): Decimal => (d.units < 0n ? { units: -d.units, scale: d.scale } : d);

/** XPath `round(x * 100) div 100`: to cents, halves towards positive infinity. */
function roundCents(value: Decimal): Decimal {
  if (value.scale <= 2) return value;
  const divisor = 10n ** BigInt(value.scale - 2);
  // floor(x + 0.5) in units of a cent.
  const shifted = value.units * 2n + divisor;
  const twice = divisor * 2n;
  let q = shifted / twice;
  if (shifted % twice !== 0n && shifted < 0n) q -= 1n;
  return { units: q, scale: 2 };
}

/** Every amount element PEPPOL-EN16931-R051 reads (BT-111's TaxTotal, without subtotals, left out). */
const currencyAmounts = new Set([
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

const coreDefinitions = [
  ['PEPPOL-EN16931-R001', 'fatal', 'Business process MUST be provided.'],
  ['PEPPOL-EN16931-R007', 'fatal', 'Business process MUST have an approved identifier.'],
  [
    'PEPPOL-EN16931-R002',
    'fatal',
    'No more than one note is allowed on document level, unless both the buyer and seller are German organizations.',
  ],
  ['PEPPOL-EN16931-R003', 'fatal', 'A buyer reference or purchase order reference MUST be provided.'],
  [
    'PEPPOL-EN16931-R004',
    'fatal',
    `Specification identifier MUST begin with the value '${peppolBisCustomizationId}' and follow the format rules for the identifier.`,
  ],
  ['PEPPOL-EN16931-R053', 'fatal', 'Only one tax total with tax subtotals MUST be provided.'],
  [
    'PEPPOL-EN16931-R054',
    'fatal',
    'Only one tax total without tax subtotals MUST be provided when tax currency code is provided.',
  ],
  [
    'PEPPOL-EN16931-R055',
    'fatal',
    'Invoice total VAT amount and Invoice total VAT amount in accounting currency MUST have the same operational sign',
  ],
  [
    'PEPPOL-EN16931-R005',
    'fatal',
    'VAT accounting currency code MUST be different from invoice currency code when provided.',
  ],
  ['PEPPOL-EN16931-R010', 'fatal', 'Buyer electronic address MUST be provided'],
  ['PEPPOL-EN16931-R020', 'fatal', 'Seller electronic address MUST be provided'],
  [
    'PEPPOL-EN16931-R041',
    'fatal',
    'Allowance/charge base amount MUST be provided when allowance/charge percentage is provided.',
  ],
  [
    'PEPPOL-EN16931-R042',
    'fatal',
    'Allowance/charge percentage MUST be provided when allowance/charge base amount is provided.',
  ],
  [
    'PEPPOL-EN16931-R040',
    'fatal',
    'Allowance/charge amount must equal base amount * percentage/100 if base amount and percentage exists',
  ],
  ['PEPPOL-EN16931-R043', 'fatal', "Allowance/charge ChargeIndicator value MUST equal 'true' or 'false'"],
  ['PEPPOL-EN16931-R061', 'fatal', 'Mandate reference MUST be provided for direct debit.'],
  [
    'PEPPOL-EN16931-R051',
    'fatal',
    'All currencyID attributes must have the same value as the invoice currency code (BT-5), except for the invoice total VAT amount in accounting currency (BT-111).',
  ],
  ['PEPPOL-EN16931-R110', 'fatal', 'Start date of line period MUST be within invoice period.'],
  ['PEPPOL-EN16931-R111', 'fatal', 'End date of line period MUST be within invoice period.'],
  [
    'PEPPOL-EN16931-R120',
    'fatal',
    'Invoice line net amount MUST equal (Invoiced quantity * (Item net price/item price base quantity) + Sum of invoice line charge amount - sum of invoice line allowance amount',
  ],
  ['PEPPOL-EN16931-R121', 'fatal', 'Base quantity MUST be a positive number above zero.'],
  ['PEPPOL-EN16931-R100', 'fatal', 'Only one invoiced object is allowed pr line'],
  ['PEPPOL-EN16931-R101', 'fatal', 'Element Document reference can only be used for Invoice line object'],
  ['PEPPOL-EN16931-R044', 'fatal', "Charge on price level is NOT allowed. Only value 'false' allowed."],
  [
    'PEPPOL-EN16931-R046',
    'fatal',
    'Item net price MUST equal (Gross price - Allowance amount) when gross price is provided.',
  ],
  ['PEPPOL-EN16931-R130', 'fatal', 'Unit code of price base quantity MUST be same as invoiced quantity.'],
] as const;

type Fire = (id: string, at: XmlElement) => void;

/** The document-level asserts (context `ubl-creditnote:CreditNote | ubl-invoice:Invoice`). */
function documentLevel(r: XmlElement, fire: Fire): void {
  if (!hasKid(r, 'ProfileID')) fire('PEPPOL-EN16931-R001', r);
  if (profileOf(r) === 'Unknown') fire('PEPPOL-EN16931-R007', r);
  if (kids(r, 'Note').length > 1 && !bothGerman(r)) fire('PEPPOL-EN16931-R002', r);
  if (!hasKid(r, 'BuyerReference') && path(r, 'OrderReference', 'ID').length === 0) fire('PEPPOL-EN16931-R003', r);
  // normalize-space(cbc:CustomizationID/text()): the element's own text.
  const customization = kid(r, 'CustomizationID');
  const claim = customization ? customization.raw.replace(/[ \t\r\n]+/g, ' ').trim() : '';
  if (!claim.startsWith(peppolBisCustomizationId) || claim.includes('::')) fire('PEPPOL-EN16931-R004', r);
  const totals = kids(r, 'TaxTotal');
  const withSubtotals = totals.filter((t) => hasKid(t, 'TaxSubtotal')).length;
  if (withSubtotals !== 1) fire('PEPPOL-EN16931-R053', r);
  const hasTaxCurrency = hasKid(r, 'TaxCurrencyCode');
  if (totals.length - withSubtotals !== (hasTaxCurrency ? 1 : 0)) fire('PEPPOL-EN16931-R054', r);
  if (hasTaxCurrency) {
    // Each side is the set of TaxTotal/TaxAmount in that currency; `<= 0` holds when some member is.
    const inCurrency = (code: string) =>
      path(r, 'TaxTotal', 'TaxAmount')
        .filter((a) => a.attributes.currencyID === code)
        .map((a) => double(stringValue(a)));
    const accounting = inCurrency(ns(kid(r, 'TaxCurrencyCode')));
    const invoice = inCurrency(ns(kid(r, 'DocumentCurrencyCode')));
    const some = (values: number[], test: (v: number) => boolean) => values.some(test);
    const sameSign =
      (some(accounting, (v) => v <= 0) && some(invoice, (v) => v <= 0)) ||
      (some(accounting, (v) => v >= 0) && some(invoice, (v) => v >= 0));
    if (!sameSign) fire('PEPPOL-EN16931-R055', r);
  }
}

/** Document-level and line-level allowances and charges (R040 to R043). */
function allowanceCharge(ac: XmlElement, fire: Fire): void {
  const percent = hasKid(ac, 'MultiplierFactorNumeric');
  const base = hasKid(ac, 'BaseAmount');
  if (percent && !base) {
    fire('PEPPOL-EN16931-R041', ac);
    return;
  }
  if (!percent && base) {
    fire('PEPPOL-EN16931-R042', ac);
    return;
  }
  if (percent && base) {
    const amount = hasKid(ac, 'Amount') ? decimal(kid(ac, 'Amount')) : zero;
    const baseAmount = decimal(kid(ac, 'BaseAmount'));
    const factor = decimal(kid(ac, 'MultiplierFactorNumeric'));
    if (amount && baseAmount && factor && !within(amount, hundred(multiply(baseAmount, factor)), cent2)) {
      fire('PEPPOL-EN16931-R040', ac);
    }
  }
  const indicator = kid(ac, 'ChargeIndicator');
  const value = indicator ? indicator.raw.replace(/[ \t\r\n]+/g, ' ').trim() : '';
  if (value !== 'true' && value !== 'false') fire('PEPPOL-EN16931-R043', ac);
}

/** R120, R121, R100, R101 on an invoice or credit note line, wherever it sits. */
function line(l: XmlElement, invoice: boolean, fire: Fire): void {
  const price = kid(l, 'Price');
  const lineExtension = hasKid(l, 'LineExtensionAmount') ? decimal(kid(l, 'LineExtensionAmount')) : zero;
  const quantityName = invoice ? 'InvoicedQuantity' : 'CreditedQuantity';
  const quantity = hasKid(l, quantityName) ? decimal(kid(l, quantityName)) : one;
  const priceAmount = hasKid(price, 'PriceAmount') ? decimal(kid(price, 'PriceAmount')) : zero;
  const baseElement = kid(price, 'BaseQuantity');
  const written = baseElement ? decimal(baseElement) : undefined;
  const baseQuantity = written && sign(written) !== 0 ? written : one;
  const total = (charge: 'true' | 'false') => {
    const acs = kids(l, 'AllowanceCharge').filter((ac) => ns(kid(ac, 'ChargeIndicator')) === charge);
    if (acs.length === 0) return zero;
    const amounts = acs.flatMap((ac) => kids(ac, 'Amount').map((a) => decimal(a)));
    if (amounts.some((a) => a === undefined)) return undefined;
    return roundCents(sum(amounts as Decimal[]));
  };
  const allowances = total('false');
  const charges = total('true');
  if (lineExtension && quantity && priceAmount && allowances && charges && (!baseElement || written)) {
    // |net − (q × p ÷ b + charges − allowances)| ≤ 0.02, multiplied through by |b| so nothing rounds.
    const adjustments = subtract(charges, allowances);
    const difference = subtract(
      multiply(lineExtension, baseQuantity),
      add(multiply(quantity, priceAmount), multiply(adjustments, baseQuantity)),
    );
    if (compare(abs(difference), multiply(cent2, abs(baseQuantity))) > 0) fire('PEPPOL-EN16931-R120', l);
  }
  if (baseElement && written && sign(written) <= 0) fire('PEPPOL-EN16931-R121', l);
  const references = kids(l, 'DocumentReference');
  if (references.length > 1) fire('PEPPOL-EN16931-R100', l);
  if (
    references.length > 0 &&
    !references.some((d) => kids(d, 'DocumentTypeCode').some((c) => stringValue(c) === '130'))
  ) {
    fire('PEPPOL-EN16931-R101', l);
  }
}

/** R110 (start) and R111 (end): a line period date against the invoice period's. */
function linePeriodDate(date: XmlElement, r: XmlElement, fire: Fire): void {
  const own = dateInstant(date.raw);
  const invoice = dateInstant(stringValue(path(r, 'InvoicePeriod', date.name)[0]));
  if (date.name === 'StartDate' && !(own !== undefined && invoice !== undefined && own >= invoice)) {
    fire('PEPPOL-EN16931-R110', date);
  }
  if (date.name === 'EndDate' && !(own !== undefined && invoice !== undefined && own <= invoice)) {
    fire('PEPPOL-EN16931-R111', date);
  }
}

function priceAllowance(ac: XmlElement, parent: XmlElement, fire: Fire): void {
  if (ns(kid(ac, 'ChargeIndicator')) !== 'false') fire('PEPPOL-EN16931-R044', ac);
  if (hasKid(ac, 'BaseAmount')) {
    const net = decimal(kid(parent, 'PriceAmount'));
    const gross = decimal(kid(ac, 'BaseAmount'));
    const discount = decimal(kid(ac, 'Amount'));
    if (!net || !gross || !discount || compare(net, subtract(gross, discount)) !== 0) fire('PEPPOL-EN16931-R046', ac);
  }
}

/**
 * The Peppol transaction rules' pattern, rule by rule in the Schematron's order: each element is
 * checked by the first rule whose context it matches.
 */
function transactionRules(tree: Tree, fire: Fire): void {
  const r = tree.root;
  if (!isUblRoot(r)) return;
  const invoice = r.name === 'Invoice';
  const lineName = invoice ? 'InvoiceLine' : 'CreditNoteLine';
  const currencies = kids(r, 'DocumentCurrencyCode').map(stringValue);
  const periodHas = (name: string) => path(r, 'InvoicePeriod', name).length > 0;
  for (const e of tree.all) {
    const parent = tree.parent(e);
    if (e === r) documentLevel(r, fire);
    else if (e.name === 'TaxCurrencyCode') {
      const documentCurrency = kid(parent, 'DocumentCurrencyCode');
      const own = e.raw.replace(/[ \t\r\n]+/g, ' ').trim();
      if (own === (documentCurrency ? documentCurrency.raw.replace(/[ \t\r\n]+/g, ' ').trim() : '')) {
        fire('PEPPOL-EN16931-R005', e);
      }
    } else if (e.name === 'Party' && parent?.name === 'AccountingCustomerParty') {
      if (!hasKid(e, 'EndpointID')) fire('PEPPOL-EN16931-R010', e);
    } else if (e.name === 'Party' && parent?.name === 'AccountingSupplierParty') {
      if (!hasKid(e, 'EndpointID')) fire('PEPPOL-EN16931-R020', e);
    } else if (
      e.name === 'AllowanceCharge' &&
      (parent === r || (parent?.name === lineName && tree.parent(parent) === r))
    ) {
      allowanceCharge(e, fire);
    } else if (e.name === 'PaymentMeans' && ['49', '59'].includes(ns(kid(e, 'PaymentMeansCode')))) {
      if (path(e, 'PaymentMandate', 'ID').length === 0) fire('PEPPOL-EN16931-R061', e);
    } else if (
      currencyAmounts.has(e.name) ||
      (e.name === 'TaxAmount' &&
        (parent?.name === 'TaxSubtotal' || (parent?.name === 'TaxTotal' && hasKid(parent, 'TaxSubtotal'))))
    ) {
      const currency = e.attributes.currencyID;
      if (currency === undefined || !currencies.includes(currency)) fire('PEPPOL-EN16931-R051', e);
    } else if (
      (e.name === 'StartDate' || e.name === 'EndDate') &&
      parent?.name === 'InvoicePeriod' &&
      tree.parent(parent)?.name === lineName &&
      tree.parent(tree.parent(parent) as XmlElement) === r &&
      periodHas(e.name)
    ) {
      linePeriodDate(e, r, fire);
    } else if (e.name === 'InvoiceLine' || e.name === 'CreditNoteLine') {
      line(e, invoice, fire);
    } else if (e.name === 'AllowanceCharge' && parent?.name === 'Price') {
      priceAllowance(e, parent, fire);
    } else if (e.name === 'BaseQuantity' && parent?.name === 'Price' && e.attributes.unitCode !== undefined) {
      const owner = tree.parent(parent);
      const hasQuantity = hasKid(owner, 'InvoicedQuantity') || hasKid(owner, 'CreditedQuantity');
      const units = kids(owner, invoice ? 'InvoicedQuantity' : 'CreditedQuantity').map((q) => q.attributes.unitCode);
      if (hasQuantity && !units.includes(e.attributes.unitCode)) fire('PEPPOL-EN16931-R130', e);
    }
  }
}

/** PEPPOL-EN16931-R008: `//*[not(*) and not(normalize-space())]`. */
function emptyElements(tree: Tree, fire: Fire): void {
  for (const e of tree.all) if (e.children.length === 0 && ns(e) === '') fire('PEPPOL-EN16931-R008', e);
}

/** PEPPOL-EN16931-R080, on credit notes only. */
function projectReferences(tree: Tree, fire: Fire): void {
  const r = tree.root;
  if (r.name !== 'CreditNote') return;
  const projects = kids(r, 'AdditionalDocumentReference').filter((d) =>
    kids(d, 'DocumentTypeCode').some((c) => stringValue(c) === '50'),
  );
  if (projects.length > 1) fire('PEPPOL-EN16931-R080', r);
}

/**
 * PEPPOL-EN16931-R*: the Peppol BIS Billing 3.0 transaction rules as the 2026.5 Schematron states
 * them, read from the document as written. They run only on documents that claim Peppol BIS (see
 * `claimsPeppolBis`).
 */
export const peppolRules: readonly Rule[] = [
  ...ruleSet([['PEPPOL-EN16931-R008', 'fatal', 'Document MUST not contain empty elements.']], always, emptyElements),
  ...ruleSet(
    [['PEPPOL-EN16931-R080', 'fatal', 'Only one project reference is allowed on document level']],
    always,
    projectReferences,
  ),
  ...ruleSet(coreDefinitions, always, transactionRules),
];
