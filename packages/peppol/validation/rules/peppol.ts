import { easCodes } from '../code-lists/cef-eas.js';
import { add, compare, type Decimal, multiply, percentOf, sign, subtract, sum, within, zero } from '../decimal.js';
import type { AllowanceCharge, Field, InvoiceModel, Line, Rule } from '../model.js';
import { decimalOf, document, each, has } from './helpers.js';

/** The CustomizationID (BT-24) of Peppol BIS Billing 3.0; a CIUS built on it starts with it. */
export const peppolBisCustomizationId = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';

/** Whether the document claims Peppol BIS Billing, so that the Peppol rules apply to it. */
export function claimsPeppolBis(model: InvoiceModel): boolean {
  return model.customizationId?.text.includes('urn:fdc:peppol.eu:2017:poacc:billing:3.0') ?? false;
}

/** The release's `$profile`: '01' for billing (and the French billing processes), '02' for billing with response. */
function profileOf(m: InvoiceModel): '01' | '02' | 'Unknown' {
  const id = m.profileId?.text;
  if (
    id === 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0' ||
    id === 'urn:peppol:france:billing:regulated' ||
    id === 'urn:peppol:france:billing:non-regulated'
  ) {
    return '01';
  }
  return id === 'urn:peppol:bis:billing_with_response' ? '02' : 'Unknown';
}
const countryIsDe = (m: InvoiceModel, party: 'seller' | 'buyer') =>
  m[party]?.address?.country?.text.toUpperCase() === 'DE';

/** UNTDID 1001 as Peppol BIS 3.0 restricts it, for invoices and for credit notes. */
const invoiceTypeCodes = new Set(
  '71 80 82 84 102 218 219 326 331 380 382 383 384 386 388 393 395 553 575 623 780 817 870 875 876 877'.split(' '),
);
const creditNoteTypeCodes = new Set('381 396 81 83 532'.split(' '));
const eas = new Set(easCodes);

const cent2: Decimal = { units: 2n, scale: 2 };

const allAllowanceCharges = (m: InvoiceModel): AllowanceCharge[] => [
  ...m.allowanceCharges,
  ...m.lines.flatMap((l) => l.allowanceCharges),
];

const country = (m: InvoiceModel, party: 'seller' | 'buyer') => m[party]?.address?.country?.text;

/** BT-110's TaxTotal carries the VAT breakdown; BT-111's, in the accounting currency, does not. */
const withBreakdown = (m: InvoiceModel) => m.taxTotals.filter((t) => t.subtotals.length > 0);
const withoutBreakdown = (m: InvoiceModel) => m.taxTotals.filter((t) => t.subtotals.length === 0);

/** BT-131 against quantity × (net price ÷ base quantity) + charges − allowances, within 0.02. */
function lineNetAddsUp(line: Line): boolean {
  const net = decimalOf(line.netAmount);
  const quantity = decimalOf(line.quantity);
  const price = decimalOf(line.price?.amount);
  if (!net || !quantity || !price) return true;
  const base = decimalOf(line.price?.baseQuantity) ?? { units: 1n, scale: 0 };
  if (sign(base) <= 0) return true;
  const adjustments = sum(
    line.allowanceCharges.map((ac) => {
      const amount = decimalOf(ac.amount) ?? zero;
      return ac.isCharge ? amount : { units: -amount.units, scale: amount.scale };
    }),
  );
  // Multiplied through by the base quantity, so that no division rounds.
  const expected = add(multiply(quantity, price), multiply(adjustments, base));
  return within(multiply(net, base), expected, multiply(cent2, base));
}

function allowanceChargeAddsUp(ac: AllowanceCharge): boolean {
  const amount = decimalOf(ac.amount);
  const base = decimalOf(ac.baseAmount);
  const percent = decimalOf(ac.percent);
  if (!amount || !base || !percent) return true;
  return within(amount, percentOf(base, percent), cent2);
}

const linePeriods = (m: InvoiceModel) => m.lines.flatMap((line) => line.periods);

/**
 * PEPPOL-EN16931-*: the Peppol BIS Billing 3.0 CIUS rules that the model can answer, with their
 * official ids and flags. They run only on documents that claim Peppol BIS (see `claimsPeppolBis`).
 */
export const peppolRules: readonly Rule[] = [
  document('PEPPOL-EN16931-R001', 'Business process MUST be provided.', (m) => has(m.profileId), 'fatal'),
  document(
    'PEPPOL-EN16931-R002',
    'No more than one note is allowed on document level, unless both the buyer and seller are German organizations.',
    (m) => m.notes.length <= 1 || (country(m, 'seller') === 'DE' && country(m, 'buyer') === 'DE'),
    'fatal',
  ),
  document(
    'PEPPOL-EN16931-R003',
    'A buyer reference or purchase order reference MUST be provided.',
    (m) => has(m.buyerReference) || has(m.orderReference),
    'fatal',
  ),
  document(
    'PEPPOL-EN16931-R004',
    `Specification identifier MUST have the value '${peppolBisCustomizationId}'.`,
    (m) => m.customizationId?.text.startsWith(peppolBisCustomizationId) ?? false,
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R005',
    'VAT accounting currency code MUST be different from invoice currency code when provided.',
    (m) => (has(m.taxCurrency) && m.taxCurrency.text === m.currency?.text ? [m.taxCurrency.path] : []),
    'fatal',
  ),
  document(
    'PEPPOL-EN16931-R006',
    'Only one invoiced object is allowed on document level.',
    (m) => m.additionalDocuments.filter((d) => d.typeCode?.text === '130').length <= 1,
    'fatal',
  ),
  document(
    'PEPPOL-EN16931-R007',
    'Business process MUST have an approved identifier.',
    (m) => profileOf(m) !== 'Unknown',
    'fatal',
  ),
  each('PEPPOL-EN16931-R008', 'Document MUST not contain empty elements.', (m) => m.emptyElements.slice(0, 1), 'fatal'),
  document('PEPPOL-EN16931-R010', 'Buyer electronic address MUST be provided.', (m) => has(m.buyer?.endpoint), 'fatal'),
  document(
    'PEPPOL-EN16931-R020',
    'Seller electronic address MUST be provided.',
    (m) => has(m.seller?.endpoint),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R040',
    'Allowance/charge amount must equal base amount * percentage/100 if base amount and percentage exists.',
    (m) => allAllowanceCharges(m).flatMap((ac) => (allowanceChargeAddsUp(ac) ? [] : [ac.path])),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R041',
    'Allowance/charge base amount MUST be provided when allowance/charge percentage is provided.',
    (m) => allAllowanceCharges(m).flatMap((ac) => (has(ac.percent) && !has(ac.baseAmount) ? [ac.path] : [])),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R042',
    'Allowance/charge percentage MUST be provided when allowance/charge base amount is provided.',
    (m) => allAllowanceCharges(m).flatMap((ac) => (has(ac.baseAmount) && !has(ac.percent) ? [ac.path] : [])),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R043',
    "Allowance/charge ChargeIndicator value MUST equal 'true' or 'false'.",
    (m) =>
      allAllowanceCharges(m).flatMap((ac) =>
        ac.chargeIndicator && ac.chargeIndicator.text !== 'true' && ac.chargeIndicator.text !== 'false'
          ? [ac.chargeIndicator.path]
          : [],
      ),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R044',
    "Charge on price level is NOT allowed. Only value 'false' allowed.",
    (m) =>
      m.lines.flatMap((l) => {
        const indicator = l.price?.allowanceIndicator;
        return indicator && indicator.text !== 'false' ? [indicator.path] : [];
      }),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R046',
    'Item net price MUST equal (Gross price - Allowance amount) when gross price is provided.',
    (m) =>
      m.lines.flatMap((l) => {
        const gross = decimalOf(l.price?.grossAmount);
        const net = decimalOf(l.price?.amount);
        if (!gross || !net || !l.price) return [];
        const discount = decimalOf(l.price.allowanceAmount) ?? zero;
        return compare(net, subtract(gross, discount)) === 0 ? [] : [l.price.path];
      }),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R051',
    'All currencyID attributes must have the same value as the invoice currency code (BT-5), except for the invoice total VAT amount in accounting currency (BT-111).',
    (m) => {
      const currency = m.currency?.text;
      if (!currency) return [];
      const accounting = new Set(withoutBreakdown(m).flatMap((t) => (t.taxAmount ? [t.taxAmount.path] : [])));
      return m.amounts.flatMap((a) =>
        a.attributes.currencyID !== currency && !accounting.has(a.path) ? [a.path] : [],
      );
    },
    'fatal',
  ),
  document(
    'PEPPOL-EN16931-R053',
    'Only one tax total with tax subtotals MUST be provided.',
    (m) => m.syntax !== 'ubl' || withBreakdown(m).length === 1,
    'fatal',
  ),
  document(
    'PEPPOL-EN16931-R054',
    'Only one tax total without tax subtotals MUST be provided when tax currency code is provided.',
    (m) => m.syntax !== 'ubl' || withoutBreakdown(m).length === (has(m.taxCurrency) ? 1 : 0),
    'fatal',
  ),
  document(
    'PEPPOL-EN16931-R055',
    'Invoice total VAT amount and Invoice total VAT amount in accounting currency MUST have the same operational sign.',
    (m) => {
      if (!has(m.taxCurrency)) return true;
      const vat = decimalOf(withBreakdown(m)[0]?.taxAmount);
      const accounting = decimalOf(withoutBreakdown(m)[0]?.taxAmount);
      if (!vat || !accounting) return true;
      return (sign(vat) <= 0 && sign(accounting) <= 0) || (sign(vat) >= 0 && sign(accounting) >= 0);
    },
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R061',
    'Mandate reference MUST be provided for direct debit.',
    (m) =>
      m.paymentMeans.flatMap((p) => (['49', '59'].includes(p.code?.text ?? '') && !has(p.mandateId) ? [p.path] : [])),
    'fatal',
  ),
  document(
    'PEPPOL-EN16931-R080',
    'Only one project reference is allowed on document level.',
    (m) => m.projectReferences.length <= 1,
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R100',
    'Only one invoiced object is allowed pr line.',
    (m) => m.lines.flatMap((l) => (l.objectIds.length > 1 ? [l.path] : [])),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R101',
    'Element Document reference can only be used for Invoice line object.',
    (m) => m.lines.flatMap((l) => l.documentReferences.filter((d) => d.typeCode?.text !== '130').map((d) => d.path)),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R110',
    'Start date of line period MUST be within invoice period.',
    (m) => {
      const start = m.periods[0]?.start?.text;
      if (!start) return [];
      return linePeriods(m).flatMap((p) => (p.start && p.start.text < start ? [p.start.path] : []));
    },
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R111',
    'End date of line period MUST be within invoice period.',
    (m) => {
      const end = m.periods[0]?.end?.text;
      if (!end) return [];
      return linePeriods(m).flatMap((p) => (p.end && p.end.text > end ? [p.end.path] : []));
    },
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R120',
    'Invoice line net amount MUST equal (Invoiced quantity * (Item net price/item price base quantity) + Sum of invoice line charge amount - sum of invoice line allowance amount.',
    (m) => m.lines.flatMap((l) => (lineNetAddsUp(l) ? [] : [l.netAmount?.path ?? l.path])),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R121',
    'Base quantity MUST be a positive number above zero.',
    (m) =>
      m.lines.flatMap((l) => {
        const base = l.price?.baseQuantity;
        if (!has(base)) return [];
        const value = decimalOf(base);
        return value && sign(value) > 0 ? [] : [base.path];
      }),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-R130',
    'Unit code of price base quantity MUST be same as invoiced quantity.',
    (m) =>
      m.lines.flatMap((l) => {
        const base = l.price?.baseQuantity?.attributes.unitCode;
        const invoiced = l.quantity?.attributes.unitCode;
        return base !== undefined && invoiced !== undefined && base !== invoiced && l.price?.baseQuantity
          ? [l.price.baseQuantity.path]
          : [];
      }),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-P0100',
    'Invoice type code MUST be set according to the profile.',
    (m) =>
      m.kind === 'invoice' && m.typeCode && profileOf(m) !== 'Unknown' && !invoiceTypeCodes.has(m.typeCode.text)
        ? [m.typeCode.path]
        : [],
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-P0112',
    'Invoice type code 326 or 384 are only allowed when both buyer and seller are German organizations',
    (m) =>
      m.kind === 'invoice' &&
      (m.typeCode?.text === '326' || m.typeCode?.text === '384') &&
      !(countryIsDe(m, 'seller') && countryIsDe(m, 'buyer'))
        ? [m.typeCode.path]
        : [],
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-P0101',
    'Credit note type code MUST be set according to the profile.',
    (m) =>
      m.kind === 'credit-note' && m.typeCode && profileOf(m) !== 'Unknown' && !creditNoteTypeCodes.has(m.typeCode.text)
        ? [m.typeCode.path]
        : [],
    'fatal',
  ),
  ...exemptionCategoryRules(),
  each(
    'PEPPOL-EN16931-CL008',
    "Electronic address identifier scheme must be from the codelist 'Electronic Address Identifier Scheme'.",
    (m) =>
      [m.seller?.endpoint, m.buyer?.endpoint].flatMap((e: Field | undefined) =>
        e && !eas.has(e.attributes.schemeID ?? '') ? [e.path] : [],
      ),
    'fatal',
  ),
];

/** PEPPOL-EN16931-P0104 to P0111: a VATEX-EU exemption reason code requires its tax category. */
function exemptionCategoryRules(): Rule[] {
  const pairs: [string, string, string][] = [
    ['P0104', 'VATEX-EU-G', 'G'],
    ['P0105', 'VATEX-EU-O', 'O'],
    ['P0106', 'VATEX-EU-IC', 'K'],
    ['P0107', 'VATEX-EU-AE', 'AE'],
    ['P0108', 'VATEX-EU-D', 'E'],
    ['P0109', 'VATEX-EU-F', 'E'],
    ['P0110', 'VATEX-EU-I', 'E'],
    ['P0111', 'VATEX-EU-J', 'E'],
  ];
  // cac:TaxCategory wherever it sits: the VAT breakdown and the allowances and charges.
  const taxCategories = (m: InvoiceModel) => [
    ...m.taxTotals.flatMap((t) => t.subtotals.map((s) => s.category)),
    ...allAllowanceCharges(m).map((ac) => ac.category),
  ];
  return pairs.map(([id, code, category]) =>
    each(
      `PEPPOL-EN16931-${id}`,
      `Tax Category ${category} MUST be used when exemption reason code is ${code}`,
      (m) =>
        taxCategories(m).flatMap((c) =>
          c && (c.exemptionReasonCode?.raw ?? '').toUpperCase() === code && c.id?.text !== category ? [c.path] : [],
        ),
      'fatal',
    ),
  );
}
