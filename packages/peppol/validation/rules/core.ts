import { sign } from '../decimal.js';
import type { AllowanceCharge, Field, InvoiceModel, Party, Period, Rule } from '../model.js';
import { decimalOf, document, each, has, paths, vatCategory } from './helpers.js';

function legalName(party: Party | undefined): boolean {
  return has(party?.legalName);
}

function periodsEndingEarly(periods: readonly Period[]): string[] {
  // ISO dates compare as strings.
  return paths(periods, (p) => has(p.start) && has(p.end) && p.end.text < p.start.text);
}

function documentLevel(model: InvoiceModel, charge: boolean): AllowanceCharge[] {
  return model.allowanceCharges.filter((ac) => ac.isCharge === charge);
}

function lineLevel(model: InvoiceModel, charge: boolean): AllowanceCharge[] {
  return model.lines.flatMap((line) => line.allowanceCharges.filter((ac) => ac.isCharge === charge));
}

const withoutReason = (ac: AllowanceCharge) => !has(ac.reason) && !has(ac.reasonCode);
const negative = (value: Field | undefined) => {
  const amount = decimalOf(value);
  return amount !== undefined && sign(amount) < 0;
};

/** BR-01 … BR-65: the presence and basic consistency rules of EN 16931. */
export const coreRules: readonly Rule[] = [
  document('BR-01', 'An Invoice shall have a Specification identifier (BT-24).', (m) => has(m.customizationId)),
  document('BR-02', 'An Invoice shall have an Invoice number (BT-1).', (m) => has(m.id)),
  document('BR-03', 'An Invoice shall have an Invoice issue date (BT-2).', (m) => has(m.issueDate)),
  document('BR-04', 'An Invoice shall have an Invoice type code (BT-3).', (m) => has(m.typeCode)),
  document('BR-05', 'An Invoice shall have an Invoice currency code (BT-5).', (m) => has(m.currency)),
  document('BR-06', 'An Invoice shall contain the Seller name (BT-27).', (m) => legalName(m.seller)),
  document('BR-07', 'An Invoice shall contain the Buyer name (BT-44).', (m) => legalName(m.buyer)),
  document(
    'BR-08',
    'An Invoice shall contain the Seller postal address (BG-5).',
    (m) => m.seller?.address !== undefined,
  ),
  each('BR-09', 'The Seller postal address (BG-5) shall contain a Seller country code (BT-40).', (m) =>
    m.seller?.address && !has(m.seller.address.country) ? [m.seller.address.path] : [],
  ),
  document('BR-10', 'An Invoice shall contain the Buyer postal address (BG-8).', (m) => m.buyer?.address !== undefined),
  each('BR-11', 'The Buyer postal address shall contain a Buyer country code (BT-55).', (m) =>
    m.buyer?.address && !has(m.buyer.address.country) ? [m.buyer.address.path] : [],
  ),
  document('BR-12', 'An Invoice shall have the Sum of Invoice line net amount (BT-106).', (m) =>
    has(m.totals?.lineExtension),
  ),
  document('BR-13', 'An Invoice shall have the Invoice total amount without VAT (BT-109).', (m) =>
    has(m.totals?.taxExclusive),
  ),
  document('BR-14', 'An Invoice shall have the Invoice total amount with VAT (BT-112).', (m) =>
    has(m.totals?.taxInclusive),
  ),
  document('BR-15', 'An Invoice shall have the Amount due for payment (BT-115).', (m) => has(m.totals?.payable)),
  document('BR-16', 'An Invoice shall have at least one Invoice line (BG-25).', (m) => m.lines.length > 0),
  each('BR-17', 'The Payee name (BT-59) shall be provided if the Payee (BG-10) is different from the Seller.', (m) =>
    m.payee && !has(m.payee.name) ? [m.payee.path] : [],
  ),
  each(
    'BR-18',
    'The Seller tax representative name (BT-62) shall be provided if the Seller has a tax representative.',
    (m) => (m.taxRepresentative && !has(m.taxRepresentative.name) ? [m.taxRepresentative.path] : []),
  ),
  each(
    'BR-19',
    'The Seller tax representative postal address (BG-12) shall be provided if the Seller has a tax representative.',
    (m) => (m.taxRepresentative && !m.taxRepresentative.address ? [m.taxRepresentative.path] : []),
  ),
  each('BR-20', 'The Seller tax representative postal address (BG-12) shall contain a country code (BT-69).', (m) =>
    m.taxRepresentative?.address && !has(m.taxRepresentative.address.country) ? [m.taxRepresentative.address.path] : [],
  ),
  each('BR-21', 'Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).', (m) =>
    paths(m.lines, (l) => !has(l.id)),
  ),
  each('BR-22', 'Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).', (m) =>
    paths(m.lines, (l) => !has(l.quantity)),
  ),
  each('BR-23', 'An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).', (m) =>
    m.lines.flatMap((l) => (l.quantity && !l.quantity.attributes.unitCode ? [l.quantity.path] : [])),
  ),
  each('BR-24', 'Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).', (m) =>
    paths(m.lines, (l) => !has(l.netAmount)),
  ),
  each('BR-25', 'Each Invoice line (BG-25) shall contain the Item name (BT-153).', (m) =>
    paths(m.lines, (l) => !has(l.item?.name)),
  ),
  each('BR-26', 'Each Invoice line (BG-25) shall contain the Item net price (BT-146).', (m) =>
    // The element, present whatever its content (the UBL binding reads this rule in ubl-totals.ts).
    paths(m.lines, (l) => l.price?.amount === undefined),
  ),
  each('BR-27', 'The Item net price (BT-146) shall NOT be negative.', (m) =>
    // `(…/ChargeAmount) >= 0`: an absent net price fails the comparison too.
    m.lines.flatMap((l) => {
      const amount = l.price?.amount;
      if (!amount) return [l.path];
      if (amount.text === '') return [];
      return Number(amount.text) >= 0 ? [] : [amount.path];
    }),
  ),
  each('BR-28', 'The Item gross price (BT-148) shall NOT be negative.', (m) =>
    m.lines.flatMap((l) => (negative(l.price?.grossAmount) && l.price?.grossAmount ? [l.price.grossAmount.path] : [])),
  ),
  each(
    'BR-29',
    'If both Invoicing period start date (BT-73) and end date (BT-74) are given, the end date shall be later or equal to the start date.',
    (m) => periodsEndingEarly(m.periods),
  ),
  each(
    'BR-30',
    'If both Invoice line period start date (BT-134) and end date (BT-135) are given, the end date shall be later or equal to the start date.',
    (m) => periodsEndingEarly(m.lines.flatMap((l) => l.periods)),
  ),
  each('BR-31', 'Each Document level allowance (BG-20) shall have a Document level allowance amount (BT-92).', (m) =>
    paths(documentLevel(m, false), (ac) => !has(ac.amount)),
  ),
  each(
    'BR-32',
    'Each Document level allowance (BG-20) shall have a Document level allowance VAT category code (BT-95).',
    (m) => paths(documentLevel(m, false), (ac) => vatCategory(m, ac.category)?.id === undefined),
  ),
  each(
    'BR-33',
    'Each Document level allowance (BG-20) shall have a Document level allowance reason (BT-97) or a reason code (BT-98).',
    (m) => paths(documentLevel(m, false), withoutReason),
  ),
  each('BR-36', 'Each Document level charge (BG-21) shall have a Document level charge amount (BT-99).', (m) =>
    paths(documentLevel(m, true), (ac) => !has(ac.amount)),
  ),
  each(
    'BR-37',
    'Each Document level charge (BG-21) shall have a Document level charge VAT category code (BT-102).',
    (m) => paths(documentLevel(m, true), (ac) => vatCategory(m, ac.category)?.id === undefined),
  ),
  each(
    'BR-38',
    'Each Document level charge (BG-21) shall have a Document level charge reason (BT-104) or a reason code (BT-105).',
    (m) => paths(documentLevel(m, true), withoutReason),
  ),
  each('BR-41', 'Each Invoice line allowance (BG-27) shall have an Invoice line allowance amount (BT-136).', (m) =>
    paths(lineLevel(m, false), (ac) => !has(ac.amount)),
  ),
  each(
    'BR-42',
    'Each Invoice line allowance (BG-27) shall have an Invoice line allowance reason (BT-139) or a reason code (BT-140).',
    (m) => paths(lineLevel(m, false), withoutReason),
  ),
  each('BR-43', 'Each Invoice line charge (BG-28) shall have an Invoice line charge amount (BT-141).', (m) =>
    paths(lineLevel(m, true), (ac) => !has(ac.amount)),
  ),
  each(
    'BR-44',
    'Each Invoice line charge (BG-28) shall have an Invoice line charge reason (BT-144) or a reason code (BT-145).',
    (m) => paths(lineLevel(m, true), withoutReason),
  ),
  each('BR-45', 'Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).', (m) =>
    paths(
      m.taxTotals.flatMap((t) => t.subtotals),
      (s) => !has(s.taxableAmount),
    ),
  ),
  each('BR-46', 'Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).', (m) =>
    paths(
      m.taxTotals.flatMap((t) => t.subtotals),
      (s) => !has(s.taxAmount),
    ),
  ),
  each('BR-47', 'Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).', (m) =>
    paths(
      m.taxTotals.flatMap((t) => t.subtotals),
      (s) => vatCategory(m, s.category)?.id === undefined,
    ),
  ),
  each(
    'BR-48',
    'Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.',
    (m) =>
      paths(
        m.taxTotals.flatMap((t) => t.subtotals),
        (s) => {
          const category = vatCategory(m, s.category);
          const code = m.syntax === 'cii' ? category?.id?.raw : category?.id?.text;
          return category?.percent === undefined && code !== 'O';
        },
      ),
  ),
  each('BR-49', 'A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).', (m) =>
    paths(m.paymentMeans, (p) => !has(p.code)),
  ),
  each(
    'BR-50',
    'A Payment account identifier (BT-84) shall be present if Credit transfer (BG-17) information is provided in the Invoice.',
    (m) =>
      paths(
        m.paymentMeans.flatMap((p) => p.accounts),
        (a) => !has(a.id),
      ),
  ),
  each(
    'BR-51',
    'In accordance with card payments security standards an Invoice should never include a full card primary account number (BT-87).',
    (m) => m.paymentMeans.flatMap((p) => (p.cardNumber && p.cardNumber.text.length > 10 ? [p.cardNumber.path] : [])),
    'warning',
  ),
  each(
    'BR-52',
    'Each Additional supporting document (BG-24) shall contain a Supporting document reference (BT-122).',
    (m) => paths(m.additionalDocuments, (d) => !has(d.id)),
  ),
  document(
    'BR-53',
    'If the VAT accounting currency code (BT-6) is present, then the Invoice total VAT amount in accounting currency (BT-111) shall be provided.',
    (m) => !has(m.taxCurrency) || m.taxTotals.some((t) => t.taxAmount?.attributes.currencyID === m.taxCurrency?.text),
  ),
  each(
    'BR-54',
    'Each Item attribute (BG-32) shall contain an Item attribute name (BT-160) and an Item attribute value (BT-161).',
    (m) =>
      paths(
        m.lines.flatMap((l) => l.item?.attributes ?? []),
        (a) => !has(a.name) || !has(a.value),
      ),
  ),
  each('BR-55', 'Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).', (m) =>
    paths(m.precedingInvoices, (d) => !has(d.id)),
  ),
  each(
    'BR-56',
    'Each Seller tax representative party (BG-11) shall have a Seller tax representative VAT identifier (BT-63).',
    (m) => (m.taxRepresentative && !m.taxRepresentative.vatIds.some(has) ? [m.taxRepresentative.path] : []),
  ),
  each('BR-57', 'Each Deliver to address (BG-15) shall contain a Deliver to country code (BT-80).', (m) =>
    m.deliveries.flatMap((d) => (d.address && !has(d.address.country) ? [d.address.path] : [])),
  ),
  each(
    'BR-61',
    'If the Payment means type code (BT-81) means SEPA credit transfer, Local credit transfer or Non-SEPA international credit transfer, the Payment account identifier (BT-84) shall be present.',
    (m) =>
      paths(m.paymentMeans, (p) => ['30', '58'].includes(p.code?.text ?? '') && !p.accounts.some((a) => has(a.id))),
  ),
  each('BR-62', 'The Seller electronic address (BT-34) shall have a Scheme identifier.', (m) =>
    m.seller?.endpoint && !m.seller.endpoint.attributes.schemeID ? [m.seller.endpoint.path] : [],
  ),
  each('BR-63', 'The Buyer electronic address (BT-49) shall have a Scheme identifier.', (m) =>
    m.buyer?.endpoint && !m.buyer.endpoint.attributes.schemeID ? [m.buyer.endpoint.path] : [],
  ),
  each('BR-64', 'The Item standard identifier (BT-157) shall have a Scheme identifier.', (m) =>
    paths(
      m.lines.flatMap((l) => l.item?.standardIds ?? []),
      (id) => !id.attributes.schemeID,
    ),
  ),
  each('BR-65', 'The Item classification identifier (BT-158) shall have a Scheme identifier.', (m) =>
    paths(
      m.lines.flatMap((l) => l.item?.classifications ?? []),
      (id) => !id.attributes.listID,
    ),
  ),
];
