import {
  add,
  compare,
  type Decimal,
  equals,
  percentOf,
  round,
  sign,
  subtract,
  sum,
  taxWithinOneUnit,
  zero,
} from '../decimal.js';
import type { Field, InvoiceModel, Party, Rule, VatBreakdown, VatCategory } from '../model.js';
import { childrenNamed, type XmlElement } from '../xml.js';
import { categoryCode, decimalOf, document, each, has, paths, type Taxed, taxedItems } from './helpers.js';
import { elementsNamed } from './paths.js';

type RateRule = 'positive' | 'zero' | 'non-negative' | 'absent';
type IdRequirement = 'seller' | 'seller-and-buyer' | 'seller-vat-and-buyer-vat' | 'seller-vat' | 'none';

interface CategorySpec {
  readonly code: string;
  readonly prefix: string;
  readonly name: string;
  /** Whether the VAT breakdown may hold several entries of the category (one per rate). */
  readonly perRate: boolean;
  readonly ids: IdRequirement;
  readonly rate: RateRule;
  /** Whether a VAT exemption reason (BT-120/BT-121) is required (true) or forbidden (false). */
  readonly exemptionReason: boolean;
}

// K is "BR-IC", L (IGIC) "BR-AF" and M (IPSI) "BR-AG": the rule ids the official artefacts report.
const categories: readonly CategorySpec[] = [
  {
    code: 'S',
    prefix: 'BR-S',
    name: 'Standard rated',
    perRate: true,
    ids: 'seller',
    rate: 'positive',
    exemptionReason: false,
  },
  {
    code: 'Z',
    prefix: 'BR-Z',
    name: 'Zero rated',
    perRate: false,
    ids: 'seller',
    rate: 'zero',
    exemptionReason: false,
  },
  {
    code: 'E',
    prefix: 'BR-E',
    name: 'Exempt from VAT',
    perRate: false,
    ids: 'seller',
    rate: 'zero',
    exemptionReason: true,
  },
  {
    code: 'AE',
    prefix: 'BR-AE',
    name: 'Reverse charge',
    perRate: false,
    ids: 'seller-and-buyer',
    rate: 'zero',
    exemptionReason: true,
  },
  {
    code: 'K',
    prefix: 'BR-IC',
    name: 'Intra-community supply',
    perRate: false,
    ids: 'seller-vat-and-buyer-vat',
    rate: 'zero',
    exemptionReason: true,
  },
  {
    code: 'G',
    prefix: 'BR-G',
    name: 'Export outside the EU',
    perRate: false,
    ids: 'seller-vat',
    rate: 'zero',
    exemptionReason: true,
  },
  {
    code: 'O',
    prefix: 'BR-O',
    name: 'Not subject to VAT',
    perRate: false,
    ids: 'none',
    rate: 'absent',
    exemptionReason: true,
  },
  {
    code: 'L',
    prefix: 'BR-AF',
    name: 'IGIC',
    perRate: true,
    ids: 'seller',
    rate: 'non-negative',
    exemptionReason: false,
  },
  {
    code: 'M',
    prefix: 'BR-AG',
    name: 'IPSI',
    perRate: true,
    ids: 'seller',
    rate: 'non-negative',
    exemptionReason: false,
  },
];

const anyHas = (values: readonly Field[] | undefined) => (values ?? []).some(has);
const sellerVat = (m: InvoiceModel) => anyHas(m.seller?.vatIds) || anyHas(m.taxRepresentative?.vatIds);
const sellerTaxId = (m: InvoiceModel) => sellerVat(m) || anyHas(m.seller?.taxRegistrationIds);
const buyerVat = (m: InvoiceModel) => anyHas(m.buyer?.vatIds);
const buyerLegal = (party: Party | undefined) => has(party?.legalId);

const idsHold: Record<IdRequirement, (m: InvoiceModel) => boolean> = {
  seller: sellerTaxId,
  'seller-and-buyer': (m) => sellerTaxId(m) && (buyerVat(m) || buyerLegal(m.buyer)),
  'seller-vat-and-buyer-vat': (m) => sellerVat(m) && buyerVat(m),
  'seller-vat': sellerVat,
  none: (m) => !sellerVat(m) && !buyerVat(m),
};

const idsText: Record<IdRequirement, string> = {
  seller:
    'shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63)',
  'seller-and-buyer':
    'shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) and/or the Buyer legal registration identifier (BT-47)',
  'seller-vat-and-buyer-vat':
    'shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48)',
  'seller-vat':
    'shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63)',
  none: 'shall not contain the Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) or the Buyer VAT identifier (BT-48)',
};

function rateHolds(kind: RateRule, percent: Field | undefined): boolean {
  if (kind === 'absent') return !has(percent);
  const rate = decimalOf(percent);
  if (rate === undefined) return false;
  if (kind === 'positive') return sign(rate) > 0;
  if (kind === 'zero') return sign(rate) === 0;
  return sign(rate) >= 0;
}

const rateText: Record<RateRule, string> = {
  positive: 'shall be greater than zero',
  zero: 'shall be 0 (zero)',
  'non-negative': 'shall be 0 (zero) or greater than zero',
  absent: 'shall not be present',
};

/** UBL's category contexts take only tax categories of the VAT scheme (`cac:TaxScheme/cbc:ID = 'VAT'`). */
function vatScheme(m: InvoiceModel, category: VatCategory | undefined): boolean {
  return m.syntax !== 'ubl' || category?.schemeId?.text.toUpperCase() === 'VAT';
}

function breakdowns(m: InvoiceModel): VatBreakdown[] {
  return m.taxTotals.flatMap((t) => t.subtotals);
}

function sameRate(a: Field | undefined, b: Field | undefined): boolean {
  const x = decimalOf(a);
  const y = decimalOf(b);
  return x !== undefined && y !== undefined ? equals(x, y) : !has(a) && !has(b);
}

/** Σ line net amounts − allowances + charges of the items in the category (and at the rate). */
function expectedTaxable(items: readonly Taxed[]): Decimal | undefined {
  const signed: Decimal[] = [];
  for (const item of items) {
    const amount = decimalOf(item.amount);
    if (has(item.amount) && amount === undefined) return undefined;
    const value = amount ?? zero;
    signed.push(item.kind === 'allowance' ? subtract(zero, value) : value);
  }
  return sum(signed);
}

/**
 * BR-x-08 in the UBL binding, as its XPath reads: only breakdowns of the VAT scheme count; the
 * standard rate (S) needs a line or allowance/charge at the breakdown's rate and a taxable amount
 * within one currency unit of their sum (no rate stated: nothing to check); the other categories
 * compare the taxable amount with the unrounded sum, and an absent amount fails.
 */
function ublTaxableHolds(
  m: InvoiceModel,
  b: VatBreakdown,
  code: string,
  matching: readonly Taxed[],
  expected: Decimal | undefined,
): boolean {
  if (!vatScheme(m, b.category)) return true;
  const stated = decimalOf(b.taxableAmount);
  if (code !== 'S') return stated !== undefined && expected !== undefined && equals(stated, expected);
  if (b.category?.percent === undefined) return true;
  if (matching.length === 0) return false;
  if (stated === undefined || expected === undefined) return false;
  const one = { units: 1n, scale: 0 };
  return compare(subtract(stated, one), expected) < 0 && compare(add(stated, one), expected) > 0;
}

const codeOf = (category: XmlElement) => childrenNamed(category, 'ID').map((id) => id.text);
const ofVat = (category: XmlElement) =>
  childrenNamed(category, 'TaxScheme').some((ts) =>
    childrenNamed(ts, 'ID').some((id) => id.text.toUpperCase() === 'VAT'),
  );

/**
 * BR-x-01 in the UBL binding, as its XPath reads. The standard rate (S): some allowance/charge
 * or item category S anywhere goes with at least one breakdown S, and none with none (any scheme).
 * The others: a VAT-scheme category with the code anywhere (breakdowns included) needs exactly one
 * VAT-scheme breakdown with it.
 */
function ublCategoryPresenceHolds(root: XmlElement, code: string): boolean {
  const breakdownCategories = childrenNamed(root, 'TaxTotal')
    .flatMap((t) => childrenNamed(t, 'TaxSubtotal'))
    .flatMap((s) => childrenNamed(s, 'TaxCategory'));
  const items = elementsNamed(root, 'ClassifiedTaxCategory');
  if (code === 'S') {
    const charged = elementsNamed(root, 'AllowanceCharge').flatMap((ac) => childrenNamed(ac, 'TaxCategory'));
    const used = [...charged, ...items].filter((c) => codeOf(c).includes('S')).length;
    const stated = breakdownCategories.filter((c) => codeOf(c).includes('S')).length;
    return (used > 0 && stated > 0) || (used === 0 && stated === 0);
  }
  const anywhere = [...elementsNamed(root, 'TaxCategory'), ...items].some((e) => ofVat(e) && codeOf(e).includes(code));
  if (!anywhere) return true;
  return (
    breakdownCategories
      .filter((c) => ofVat(c))
      .flatMap(codeOf)
      .filter((id) => id === code).length === 1
  );
}

/**
 * BR-S-02 in the UBL binding: an item category S of the VAT scheme anywhere needs a seller tax
 * scheme company id (any scheme) or a tax representative's VAT id; no item category S (any scheme),
 * nothing to check.
 */
function ublStandardRatedLineHasSellerVatId(root: XmlElement): boolean {
  const items = elementsNamed(root, 'ClassifiedTaxCategory').filter((e) => codeOf(e).includes('S'));
  if (items.length === 0) return true;
  if (!items.some(ofVat)) return false;
  const seller = elementsNamed(root, 'AccountingSupplierParty')
    .flatMap((p) => childrenNamed(p, 'Party'))
    .flatMap((p) => childrenNamed(p, 'PartyTaxScheme'))
    .some((ts) => childrenNamed(ts, 'CompanyID').length > 0);
  const representative = elementsNamed(root, 'TaxRepresentativeParty')
    .flatMap((p) => childrenNamed(p, 'PartyTaxScheme'))
    .some((ts) => ofVat(ts) && childrenNamed(ts, 'CompanyID').length > 0);
  return seller || representative;
}

function rulesFor(spec: CategorySpec): Rule[] {
  const { code, prefix, name } = spec;
  const inCategory = (item: { category?: { id?: Field } }) => categoryCode(item.category) === code;
  const items = (m: InvoiceModel, kind: Taxed['kind']) => taxedItems(m).filter((t) => t.kind === kind && inCategory(t));
  const kindText = {
    line: 'an Invoice line (BG-25)',
    allowance: 'a Document level allowance (BG-20)',
    charge: 'a Document level charge (BG-21)',
  };
  const idRule = (n: string, kind: Taxed['kind']) =>
    document(
      `${prefix}-${n}`,
      `An Invoice that contains ${kindText[kind]} where the VAT category code is "${name}" ${idsText[spec.ids]}.`,
      (m) =>
        m.syntax === 'ubl' && m.tree && code === 'S' && kind === 'line'
          ? ublStandardRatedLineHasSellerVatId(m.tree)
          : items(m, kind).length === 0 || idsHold[spec.ids](m),
    );
  const rateRule = (n: string, kind: Taxed['kind']) =>
    each(
      `${prefix}-${n}`,
      `In ${kindText[kind]} where the VAT category code is "${name}" the VAT rate ${rateText[spec.rate]}.`,
      (m) =>
        items(m, kind).flatMap((t) => (rateHolds(spec.rate, t.category?.percent) ? [] : [t.category?.path ?? t.path])),
    );
  return [
    document(
      `${prefix}-01`,
      `An Invoice that contains an Invoice line, a Document level allowance or a Document level charge where the VAT category code is "${name}" shall contain in the VAT breakdown (BG-23) ${spec.perRate ? 'at least one' : 'exactly one'} VAT category code (BT-118) equal to "${code}".`,
      (m) => {
        if (m.syntax === 'ubl' && m.tree) return ublCategoryPresenceHolds(m.tree, code);
        if (!taxedItems(m).some(inCategory)) return true;
        const count = breakdowns(m).filter(inCategory).length;
        return spec.perRate ? count >= 1 : count === 1;
      },
    ),
    idRule('02', 'line'),
    idRule('03', 'allowance'),
    idRule('04', 'charge'),
    rateRule('05', 'line'),
    rateRule('06', 'allowance'),
    rateRule('07', 'charge'),
    each(
      `${prefix}-08`,
      `In a VAT breakdown (BG-23) where the VAT category code is "${name}" the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts minus document level allowance amounts plus document level charge amounts where the VAT category code is "${code}"${spec.perRate ? ' and the VAT rate is the same' : ''}.`,
      (m) =>
        breakdowns(m).flatMap((b) => {
          if (!inCategory(b) || (m.syntax !== 'ubl' && !has(b.taxableAmount))) return [];
          const stated = decimalOf(b.taxableAmount);
          const matching = taxedItems(m).filter(
            (t) => inCategory(t) && (!spec.perRate || sameRate(t.category?.percent, b.category?.percent)),
          );
          const expected = expectedTaxable(matching);
          if (m.syntax === 'ubl') return ublTaxableHolds(m, b, code, matching, expected) ? [] : [b.path];
          return stated === undefined || expected === undefined || equals(stated, round(expected)) ? [] : [b.path];
        }),
    ),
    each(
      `${prefix}-09`,
      spec.perRate
        ? `The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where the VAT category code is "${name}" shall equal the VAT category taxable amount (BT-116) multiplied by the VAT category rate (BT-119).`
        : `The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where the VAT category code is "${name}" shall be 0 (zero).`,
      (m) =>
        breakdowns(m).flatMap((b) => {
          if (!inCategory(b) || !vatScheme(m, b.category)) return [];
          // An absent amount or rate makes the official comparison false: the rule fires.
          const stated = decimalOf(b.taxAmount);
          if (stated === undefined) return [b.path];
          if (!spec.perRate) return sign(stated) === 0 ? [] : [b.path];
          const taxable = decimalOf(b.taxableAmount);
          const rate = decimalOf(b.category?.percent);
          if (taxable === undefined || rate === undefined) return [b.path];
          return taxWithinOneUnit(stated, taxable, rate, false) ? [] : [b.path];
        }),
    ),
    each(
      `${prefix}-10`,
      `A VAT breakdown (BG-23) with VAT category code "${name}" ${spec.exemptionReason ? 'shall have' : 'shall not have'} a VAT exemption reason code (BT-121) or VAT exemption reason text (BT-120).`,
      (m) =>
        paths(breakdowns(m), (b) => {
          if (!inCategory(b)) return false;
          const stated = has(b.category?.exemptionReason) || has(b.category?.exemptionReasonCode);
          return stated !== spec.exemptionReason;
        }),
    ),
  ];
}

const intraCommunityExtras: readonly Rule[] = [
  document(
    'BR-IC-11',
    'In an Invoice with a VAT breakdown (BG-23) where the VAT category code is "Intra-community supply" the Actual delivery date (BT-72) or the Invoicing period (BG-14) shall not be blank.',
    (m) =>
      !breakdowns(m).some((b) => categoryCode(b.category) === 'K') ||
      m.deliveries.some((d) => has(d.date)) ||
      m.periods.some((p) => has(p.start) || has(p.end)),
  ),
  document(
    'BR-IC-12',
    'In an Invoice with a VAT breakdown (BG-23) where the VAT category code is "Intra-community supply" the Deliver to country code (BT-80) shall not be blank.',
    (m) =>
      !breakdowns(m).some((b) => categoryCode(b.category) === 'K') || m.deliveries.some((d) => has(d.address?.country)),
  ),
];

function onlyNotSubject(
  id: string,
  text: string,
  select: (m: InvoiceModel) => readonly { category?: { id?: Field } }[],
): Rule {
  return document(
    id,
    text,
    (m) =>
      !breakdowns(m).some((b) => categoryCode(b.category) === 'O') ||
      select(m).every((x) => categoryCode(x.category) === 'O'),
  );
}

const notSubjectExtras: readonly Rule[] = [
  onlyNotSubject(
    'BR-O-11',
    'An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code "Not subject to VAT" shall not contain other VAT breakdown groups (BG-23).',
    breakdowns,
  ),
  onlyNotSubject(
    'BR-O-12',
    'An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code "Not subject to VAT" shall not contain an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is not "Not subject to VAT".',
    (m) => m.lines.map((l) => ({ category: l.item?.category })),
  ),
  onlyNotSubject(
    'BR-O-13',
    'An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code "Not subject to VAT" shall not contain Document level allowances (BG-20) where the Document level allowance VAT category code (BT-95) is not "Not subject to VAT".',
    (m) => m.allowanceCharges.filter((ac) => !ac.isCharge),
  ),
  onlyNotSubject(
    'BR-O-14',
    'An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code "Not subject to VAT" shall not contain Document level charges (BG-21) where the Document level charge VAT category code (BT-102) is not "Not subject to VAT".',
    (m) => m.allowanceCharges.filter((ac) => ac.isCharge),
  ),
];

/** The VAT category rules: BR-S, BR-Z, BR-E, BR-AE, BR-IC (K), BR-G, BR-O, BR-AF (L) and BR-AG (M). */
export const vatCategoryRules: readonly Rule[] = [
  ...categories.flatMap(rulesFor),
  ...intraCommunityExtras,
  ...notSubjectExtras,
];
