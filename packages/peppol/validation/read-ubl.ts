import type {
  Address,
  AllowanceCharge,
  Delivery,
  DocumentReference,
  Field,
  InvoiceModel,
  Item,
  Line,
  Party,
  PaymentMeans,
  Period,
  TaxScheme,
  TaxTotal,
  Totals,
  VatBreakdown,
  VatCategory,
} from './model.js';
import type { XmlElement } from './xml.js';

/** An element with the XPath-like path it was reached by. */
interface Node {
  readonly element: XmlElement;
  readonly path: string;
}

// UBL puts aggregates in `cac` and basic components in `cbc`; an element with children is an aggregate.
function step(element: XmlElement, index: number, count: number): string {
  const prefix = element.children.length > 0 || element.name.endsWith('Party') ? 'cac' : 'cbc';
  return `${prefix}:${element.name}${count > 1 ? `[${index + 1}]` : ''}`;
}

function all(node: Node | undefined, name: string): Node[] {
  if (!node) return [];
  const matches = node.element.children.filter((child) => child.name === name);
  return matches.map((element, index) => ({ element, path: `${node.path}/${step(element, index, matches.length)}` }));
}

function one(node: Node | undefined, ...names: string[]): Node | undefined {
  let current = node;
  for (const name of names) current = all(current, name)[0];
  return current;
}

function field(node: Node | undefined, ...names: string[]): Field | undefined {
  const found = one(node, ...names);
  return found
    ? { text: found.element.text, raw: found.element.raw, path: found.path, attributes: found.element.attributes }
    : undefined;
}

function fields(node: Node | undefined, ...names: string[]): Field[] {
  const last = names.at(-1);
  if (last === undefined || !node) return [];
  const parents = names.slice(0, -1).reduce<Node[]>((nodes, name) => nodes.flatMap((n) => all(n, name)), [node]);
  return parents.flatMap((parent) =>
    all(parent, last).map((n) => ({
      text: n.element.text,
      raw: n.element.raw,
      path: n.path,
      attributes: n.element.attributes,
    })),
  );
}

function category(node: Node | undefined): VatCategory | undefined {
  if (!node) return undefined;
  return {
    path: node.path,
    id: field(node, 'ID'),
    percent: field(node, 'Percent'),
    exemptionReason: field(node, 'TaxExemptionReason'),
    exemptionReasonCode: field(node, 'TaxExemptionReasonCode'),
    schemeId: field(node, 'TaxScheme', 'ID'),
  };
}

function allowanceCharges(node: Node, categoryName: string): AllowanceCharge[] {
  return all(node, 'AllowanceCharge').map((ac) => ({
    path: ac.path,
    isCharge: field(ac, 'ChargeIndicator')?.text.toLowerCase() === 'true',
    chargeIndicator: field(ac, 'ChargeIndicator'),
    percent: field(ac, 'MultiplierFactorNumeric'),
    amount: field(ac, 'Amount'),
    baseAmount: field(ac, 'BaseAmount'),
    reason: field(ac, 'AllowanceChargeReason'),
    reasonCode: field(ac, 'AllowanceChargeReasonCode'),
    category: category(one(ac, categoryName)),
  }));
}

function period(node: Node): Period {
  return {
    path: node.path,
    start: field(node, 'StartDate'),
    end: field(node, 'EndDate'),
    descriptionCode: field(node, 'DescriptionCode'),
  };
}

function address(node: Node | undefined): Address | undefined {
  if (!node) return undefined;
  return {
    path: node.path,
    country: field(node, 'Country', 'IdentificationCode'),
    street: field(node, 'StreetName'),
    city: field(node, 'CityName'),
    postalZone: field(node, 'PostalZone'),
    addressLines: fields(node, 'AddressLine', 'Line'),
    countrySubentity: field(node, 'CountrySubentity'),
  };
}

function party(node: Node | undefined): Party | undefined {
  if (!node) return undefined;
  const taxSchemes: TaxScheme[] = all(node, 'PartyTaxScheme').map((scheme) => ({
    path: scheme.path,
    companyId: field(scheme, 'CompanyID'),
    schemeId: field(scheme, 'TaxScheme', 'ID'),
  }));
  const isVat = (scheme: TaxScheme) => scheme.schemeId?.text === 'VAT';
  const companyIds = (schemes: TaxScheme[]) => schemes.flatMap((s) => (s.companyId ? [s.companyId] : []));
  return {
    path: node.path,
    endpoint: field(node, 'EndpointID'),
    identifiers: fields(node, 'PartyIdentification', 'ID'),
    name: field(node, 'PartyName', 'Name'),
    legalName: field(node, 'PartyLegalEntity', 'RegistrationName'),
    legalId: field(node, 'PartyLegalEntity', 'CompanyID'),
    legalForm: field(node, 'PartyLegalEntity', 'CompanyLegalForm'),
    address: address(one(node, 'PostalAddress')),
    taxSchemes,
    vatIds: companyIds(taxSchemes.filter(isVat)),
    taxRegistrationIds: companyIds(taxSchemes.filter((s) => !isVat(s))),
  };
}

function documentReference(node: Node): DocumentReference {
  const id = field(node, 'ID');
  const scheme = id?.attributes.schemeID;
  return {
    path: node.path,
    id,
    schemeId: id && scheme !== undefined ? { ...id, text: scheme } : undefined,
    typeCode: field(node, 'DocumentTypeCode'),
    binaries: fields(node, 'Attachment', 'EmbeddedDocumentBinaryObject'),
  };
}

function paymentMeans(node: Node): PaymentMeans {
  return {
    path: node.path,
    code: field(node, 'PaymentMeansCode'),
    paymentIds: fields(node, 'PaymentID'),
    accounts: all(node, 'PayeeFinancialAccount').map((account) => ({
      path: account.path,
      id: field(account, 'ID'),
      name: field(account, 'Name'),
      branchId: field(account, 'FinancialInstitutionBranch', 'ID'),
    })),
    cardNumber: field(node, 'CardAccount', 'PrimaryAccountNumberID'),
    dueDate: field(node, 'PaymentDueDate'),
    mandateId: field(node, 'PaymentMandate', 'ID'),
  };
}

function taxTotal(node: Node): TaxTotal {
  return {
    path: node.path,
    taxAmount: field(node, 'TaxAmount'),
    subtotals: all(node, 'TaxSubtotal').map(
      (sub): VatBreakdown => ({
        path: sub.path,
        taxableAmount: field(sub, 'TaxableAmount'),
        taxAmount: field(sub, 'TaxAmount'),
        category: category(one(sub, 'TaxCategory')),
      }),
    ),
  };
}

function totals(node: Node | undefined): Totals | undefined {
  if (!node) return undefined;
  return {
    path: node.path,
    lineExtension: field(node, 'LineExtensionAmount'),
    taxExclusive: field(node, 'TaxExclusiveAmount'),
    taxInclusive: field(node, 'TaxInclusiveAmount'),
    allowanceTotal: field(node, 'AllowanceTotalAmount'),
    chargeTotal: field(node, 'ChargeTotalAmount'),
    prepaid: field(node, 'PrepaidAmount'),
    rounding: field(node, 'PayableRoundingAmount'),
    payable: field(node, 'PayableAmount'),
  };
}

function item(node: Node | undefined): Item | undefined {
  if (!node) return undefined;
  return {
    path: node.path,
    name: field(node, 'Name'),
    standardIds: fields(node, 'StandardItemIdentification', 'ID'),
    classifications: fields(node, 'CommodityClassification', 'ItemClassificationCode'),
    originCountry: field(node, 'OriginCountry', 'IdentificationCode'),
    category: category(one(node, 'ClassifiedTaxCategory')),
    attributes: all(node, 'AdditionalItemProperty').map((property) => ({
      path: property.path,
      name: field(property, 'Name'),
      value: field(property, 'Value'),
    })),
  };
}

function line(node: Node, quantityName: string): Line {
  const price = one(node, 'Price');
  const references = all(node, 'DocumentReference').map(documentReference);
  return {
    path: node.path,
    id: field(node, 'ID'),
    quantity: field(node, quantityName),
    netAmount: field(node, 'LineExtensionAmount'),
    periods: all(node, 'InvoicePeriod').map(period),
    objectIds: references.flatMap((reference) =>
      reference.typeCode?.text === '130' && reference.id ? [reference.id] : [],
    ),
    documentReferences: references,
    orderLineReference: field(node, 'OrderLineReference', 'LineID'),
    allowanceCharges: allowanceCharges(node, 'TaxCategory'),
    item: item(one(node, 'Item')),
    price: price && {
      path: price.path,
      amount: field(price, 'PriceAmount'),
      baseQuantity: field(price, 'BaseQuantity'),
      grossAmount: field(price, 'AllowanceCharge', 'BaseAmount'),
      allowanceIndicator: field(price, 'AllowanceCharge', 'ChargeIndicator'),
      allowanceAmount: field(price, 'AllowanceCharge', 'Amount'),
    },
  };
}

function delivery(node: Node): Delivery {
  return {
    path: node.path,
    date: field(node, 'ActualDeliveryDate'),
    locationIds: fields(node, 'DeliveryLocation', 'ID'),
    address: address(one(node, 'DeliveryLocation', 'Address')),
  };
}

type Collected = Pick<
  InvoiceModel,
  | 'amounts'
  | 'countries'
  | 'originCountries'
  | 'plainAmounts'
  | 'taxCategoryIds'
  | 'classifiedTaxCategoryIds'
  | 'binaries'
  | 'schemedIds'
  | 'listedCodes'
  | 'quantities'
  | 'emptyElements'
>;

type Walked = Node & { readonly inPrice: boolean };

function ownField({ element, path }: Node): Field {
  return { text: element.text, raw: element.raw, path, attributes: element.attributes };
}

function pushField(list: Field[], value: Field | undefined): void {
  if (value) list.push(value);
}

/** One walk over the whole tree for the values some rules check wherever they occur. */
function collect(root: Node): Collected {
  const found = {
    amounts: [] as Field[],
    countries: [] as Field[],
    originCountries: [] as Field[],
    plainAmounts: [] as Field[],
    taxCategoryIds: [] as Field[],
    classifiedTaxCategoryIds: [] as Field[],
    binaries: [] as Field[],
    schemedIds: [] as Field[],
    listedCodes: [] as Field[],
    quantities: [] as Field[],
    emptyElements: [] as string[],
  };
  const stack: Walked[] = [{ ...root, inPrice: false }];
  while (stack.length > 0) {
    const node = stack.pop() as Walked;
    const { element } = node;
    const { attributes, children, name } = element;
    if ('currencyID' in attributes) found.amounts.push(ownField(node));
    if (children.length === 0 && !node.inPrice && name.endsWith('Amount')) found.plainAmounts.push(ownField(node));
    if (name === 'EmbeddedDocumentBinaryObject') found.binaries.push(ownField(node));
    if ('schemeID' in attributes) found.schemedIds.push(ownField(node));
    if ('listID' in attributes) found.listedCodes.push(ownField(node));
    if ('unitCode' in attributes) found.quantities.push(ownField(node));
    if (children.length === 0 && element.text === '') found.emptyElements.push(node.path);
    if (name === 'Country') pushField(found.countries, field(node, 'IdentificationCode'));
    else if (name === 'OriginCountry') pushField(found.originCountries, field(node, 'IdentificationCode'));
    else if (name === 'TaxCategory') pushField(found.taxCategoryIds, field(node, 'ID'));
    else if (name === 'ClassifiedTaxCategory') pushField(found.classifiedTaxCategoryIds, field(node, 'ID'));
    if (children.length === 0) continue;
    const inPrice = node.inPrice || name === 'Price';
    if (children.length === 1) {
      const child = children[0] as XmlElement;
      stack.push({ element: child, path: `${node.path}/${step(child, 0, 1)}`, inPrice });
      continue;
    }
    const counts = new Map<string, number>();
    for (const child of children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
    const seen = new Map<string, number>();
    const walked = children.map((child): Walked => {
      const index = seen.get(child.name) ?? 0;
      seen.set(child.name, index + 1);
      return { element: child, path: `${node.path}/${step(child, index, counts.get(child.name) ?? 1)}`, inPrice };
    });
    for (let i = walked.length - 1; i >= 0; i--) stack.push(walked[i] as Walked);
  }
  return found;
}

/** Reads a UBL 2.1 Invoice or CreditNote root element into the model. */
export function readUbl(element: XmlElement): InvoiceModel {
  const root: Node = { element, path: `/${element.name}` };
  const creditNote = element.name === 'CreditNote';
  const lineName = creditNote ? 'CreditNoteLine' : 'InvoiceLine';
  const quantityName = creditNote ? 'CreditedQuantity' : 'InvoicedQuantity';
  return {
    path: root.path,
    tree: element,
    syntax: 'ubl',
    kind: creditNote ? 'credit-note' : 'invoice',
    customizationId: field(root, 'CustomizationID'),
    profileId: field(root, 'ProfileID'),
    id: field(root, 'ID'),
    issueDate: field(root, 'IssueDate'),
    dueDate: field(root, 'DueDate'),
    typeCode: field(root, creditNote ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'),
    currency: field(root, 'DocumentCurrencyCode'),
    taxCurrency: field(root, 'TaxCurrencyCode'),
    taxPointDate: field(root, 'TaxPointDate'),
    paymentTerms: fields(root, 'PaymentTerms', 'Note'),
    notes: fields(root, 'Note'),
    buyerReference: field(root, 'BuyerReference'),
    orderReference: field(root, 'OrderReference', 'ID'),
    projectReferences: fields(root, 'ProjectReference', 'ID'),
    periods: all(root, 'InvoicePeriod').map(period),
    precedingInvoices: all(root, 'BillingReference').map((reference) => ({
      path: reference.path,
      id: field(reference, 'InvoiceDocumentReference', 'ID'),
      issueDate: field(reference, 'InvoiceDocumentReference', 'IssueDate'),
      binaries: [],
    })),
    additionalDocuments: all(root, 'AdditionalDocumentReference').map(documentReference),
    seller: party(one(root, 'AccountingSupplierParty', 'Party')),
    buyer: party(one(root, 'AccountingCustomerParty', 'Party')),
    payee: party(one(root, 'PayeeParty')),
    taxRepresentative: party(one(root, 'TaxRepresentativeParty')),
    deliveries: all(root, 'Delivery').map(delivery),
    paymentMeans: all(root, 'PaymentMeans').map(paymentMeans),
    allowanceCharges: allowanceCharges(root, 'TaxCategory'),
    taxTotals: all(root, 'TaxTotal').map(taxTotal),
    totals: totals(one(root, 'LegalMonetaryTotal')),
    lines: all(root, lineName).map((node) => line(node, quantityName)),
    ...collect(root),
  };
}
