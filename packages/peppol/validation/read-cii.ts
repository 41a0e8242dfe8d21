import type {
  Address,
  AllowanceCharge,
  Field,
  InvoiceModel,
  Line,
  Party,
  Period,
  TaxScheme,
  TaxTotal,
  VatBreakdown,
  VatCategory,
} from './model.js';
import type { XmlElement } from './xml.js';

interface Node {
  readonly element: XmlElement;
  readonly path: string;
  readonly depth: number;
}

const udt = new Set(['DateTimeString', 'Indicator', 'DateString']);

function step(element: XmlElement, depth: number, index: number, count: number): string {
  const prefix = depth === 1 ? 'rsm' : udt.has(element.name) ? 'udt' : 'ram';
  return `${prefix}:${element.name}${count > 1 ? `[${index + 1}]` : ''}`;
}

function all(node: Node | undefined, name: string): Node[] {
  if (!node) return [];
  const matches = node.element.children.filter((child) => child.name === name);
  return matches.map((element, index) => ({
    element,
    depth: node.depth + 1,
    path: `${node.path}/${step(element, node.depth + 1, index, matches.length)}`,
  }));
}

function one(node: Node | undefined, ...names: string[]): Node | undefined {
  let current = node;
  for (const name of names) current = all(current, name)[0];
  return current;
}

const asField = (n: Node): Field => ({
  text: n.element.text,
  raw: n.element.raw,
  path: n.path,
  attributes: n.element.attributes,
});

function field(node: Node | undefined, ...names: string[]): Field | undefined {
  const found = one(node, ...names);
  return found && asField(found);
}

function fields(node: Node | undefined, ...names: string[]): Field[] {
  const last = names.at(-1);
  if (last === undefined || !node) return [];
  const parents = names.slice(0, -1).reduce<Node[]>((nodes, name) => nodes.flatMap((n) => all(n, name)), [node]);
  return parents.flatMap((parent) => all(parent, last).map(asField));
}

function category(node: Node | undefined): VatCategory | undefined {
  if (!node) return undefined;
  return {
    path: node.path,
    id: field(node, 'CategoryCode'),
    percent: field(node, 'RateApplicablePercent'),
    exemptionReason: field(node, 'ExemptionReason'),
    exemptionReasonCode: field(node, 'ExemptionReasonCode'),
    schemeId: field(node, 'TypeCode'),
  };
}

function allowanceCharges(node: Node | undefined, categoryName?: string): AllowanceCharge[] {
  return all(node, 'SpecifiedTradeAllowanceCharge').map((ac) => ({
    path: ac.path,
    isCharge: field(ac, 'ChargeIndicator', 'Indicator')?.text.toLowerCase() === 'true',
    chargeIndicator: field(ac, 'ChargeIndicator', 'Indicator'),
    percent: field(ac, 'CalculationPercent'),
    amount: field(ac, 'ActualAmount'),
    baseAmount: field(ac, 'BasisAmount'),
    reason: field(ac, 'Reason'),
    reasonCode: field(ac, 'ReasonCode'),
    category: categoryName ? category(one(ac, categoryName)) : undefined,
  }));
}

function period(node: Node): Period {
  return {
    path: node.path,
    start: field(node, 'StartDateTime', 'DateTimeString'),
    end: field(node, 'EndDateTime', 'DateTimeString'),
  };
}

function address(node: Node | undefined): Address | undefined {
  if (!node) return undefined;
  return {
    path: node.path,
    country: field(node, 'CountryID'),
    street: field(node, 'LineOne'),
    city: field(node, 'CityName'),
    postalZone: field(node, 'PostcodeCode'),
  };
}

function party(node: Node | undefined): Party | undefined {
  if (!node) return undefined;
  const taxSchemes: TaxScheme[] = all(node, 'SpecifiedTaxRegistration').map((registration) => {
    const id = field(registration, 'ID');
    return { path: registration.path, companyId: id, schemeId: id && { ...id, text: id.attributes.schemeID ?? '' } };
  });
  const companyIds = (scheme: string) =>
    taxSchemes
      .filter((s) => s.companyId?.attributes.schemeID === scheme)
      .flatMap((s) => (s.companyId ? [s.companyId] : []));
  return {
    path: node.path,
    endpoint: field(node, 'URIUniversalCommunication', 'URIID'),
    identifiers: [...fields(node, 'ID'), ...fields(node, 'GlobalID')],
    name: field(node, 'Name'),
    legalName: field(node, 'Name'),
    legalId: field(node, 'SpecifiedLegalOrganization', 'ID'),
    address: address(one(node, 'PostalTradeAddress')),
    taxSchemes,
    vatIds: companyIds('VA'),
    taxRegistrationIds: companyIds('FC'),
  };
}

function line(node: Node): Line {
  const settlement = one(node, 'SpecifiedLineTradeSettlement');
  const agreement = one(node, 'SpecifiedLineTradeAgreement');
  const product = one(node, 'SpecifiedTradeProduct');
  const net = one(agreement, 'NetPriceProductTradePrice');
  return {
    path: node.path,
    id: field(node, 'AssociatedDocumentLineDocument', 'LineID'),
    quantity: field(node, 'SpecifiedLineTradeDelivery', 'BilledQuantity'),
    netAmount: field(settlement, 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount'),
    periods: all(settlement, 'BillingSpecifiedPeriod').map(period),
    objectIds: [],
    documentReferences: [],
    orderLineReference: field(agreement, 'BuyerOrderReferencedDocument', 'LineID'),
    allowanceCharges: allowanceCharges(settlement),
    item: product && {
      path: product.path,
      name: field(product, 'Name'),
      standardIds: fields(product, 'GlobalID'),
      classifications: fields(product, 'DesignatedProductClassification', 'ClassCode'),
      originCountry: field(product, 'OriginTradeCountry', 'ID'),
      category: category(one(settlement, 'ApplicableTradeTax')),
      attributes: all(product, 'ApplicableProductCharacteristic').map((c) => ({
        path: c.path,
        name: field(c, 'Description'),
        value: field(c, 'Value'),
      })),
    },
    price: net && {
      path: net.path,
      amount: field(net, 'ChargeAmount'),
      baseQuantity: field(net, 'BasisQuantity'),
      grossAmount: field(agreement, 'GrossPriceProductTradePrice', 'ChargeAmount'),
      allowanceIndicator: field(
        agreement,
        'GrossPriceProductTradePrice',
        'AppliedTradeAllowanceCharge',
        'ChargeIndicator',
        'Indicator',
      ),
      allowanceAmount: field(agreement, 'GrossPriceProductTradePrice', 'AppliedTradeAllowanceCharge', 'ActualAmount'),
    },
  };
}

function taxTotals(
  settlement: Node | undefined,
  summation: Node | undefined,
  currency: string | undefined,
): TaxTotal[] {
  const subtotals: VatBreakdown[] = all(settlement, 'ApplicableTradeTax').map((tax) => ({
    path: tax.path,
    taxableAmount: field(tax, 'BasisAmount'),
    taxAmount: field(tax, 'CalculatedAmount'),
    category: category(tax),
  }));
  const amounts = all(summation, 'TaxTotalAmount');
  if (amounts.length === 0) return subtotals.length > 0 ? [{ path: settlement?.path ?? '', subtotals }] : [];
  let given = false;
  return amounts.map((amount) => {
    const inCurrency = !given && amount.element.attributes.currencyID === currency;
    given ||= inCurrency;
    return { path: amount.path, taxAmount: asField(amount), subtotals: inCurrency ? subtotals : [] };
  });
}

function walk(root: Node, visit: (node: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    visit(node);
    const counts = new Map<string, number>();
    for (const child of node.element.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
    const seen = new Map<string, number>();
    const children = node.element.children.map((child) => {
      const index = seen.get(child.name) ?? 0;
      seen.set(child.name, index + 1);
      const depth = node.depth + 1;
      return { element: child, depth, path: `${node.path}/${step(child, depth, index, counts.get(child.name) ?? 1)}` };
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Node);
  }
}

/** Reads a UN/CEFACT CII CrossIndustryInvoice (D16B, as bound by EN 16931) into the model. */
export function readCii(element: XmlElement): InvoiceModel {
  const root: Node = { element, path: `/rsm:${element.name}`, depth: 0 };
  const document = one(root, 'ExchangedDocument');
  const transaction = one(root, 'SupplyChainTradeTransaction');
  const agreement = one(transaction, 'ApplicableHeaderTradeAgreement');
  const delivery = one(transaction, 'ApplicableHeaderTradeDelivery');
  const settlement = one(transaction, 'ApplicableHeaderTradeSettlement');
  const summation = one(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const currency = field(settlement, 'InvoiceCurrencyCode');
  const typeCode = field(document, 'TypeCode');
  const collected = {
    amounts: [] as Field[],
    countries: [] as Field[],
    plainAmounts: [] as Field[],
    binaries: [] as Field[],
    schemedIds: [] as Field[],
    listedCodes: [] as Field[],
    quantities: [] as Field[],
    emptyElements: [] as string[],
  };
  walk(root, (node) => {
    const { attributes, children, text } = node.element;
    if ('schemeID' in attributes) collected.schemedIds.push(asField(node));
    if ('listID' in attributes) collected.listedCodes.push(asField(node));
    if ('unitCode' in attributes) collected.quantities.push(asField(node));
    if (children.length === 0 && text === '') collected.emptyElements.push(node.path);
    if ('currencyID' in node.element.attributes) collected.amounts.push(asField(node));
    if (node.element.name === 'CountryID') collected.countries.push(asField(node));
    if (node.element.name === 'AttachmentBinaryObject') collected.binaries.push(asField(node));
  });
  const shipTo = one(delivery, 'ShipToTradeParty');
  return {
    path: root.path,
    tree: element,
    syntax: 'cii',
    kind: typeCode?.text === '381' ? 'credit-note' : 'invoice',
    customizationId: field(root, 'ExchangedDocumentContext', 'GuidelineSpecifiedDocumentContextParameter', 'ID'),
    profileId: field(root, 'ExchangedDocumentContext', 'BusinessProcessSpecifiedDocumentContextParameter', 'ID'),
    id: field(document, 'ID'),
    issueDate: field(document, 'IssueDateTime', 'DateTimeString'),
    dueDate: field(settlement, 'SpecifiedTradePaymentTerms', 'DueDateDateTime', 'DateTimeString'),
    typeCode,
    currency,
    taxCurrency: field(settlement, 'TaxCurrencyCode'),
    taxPointDate: field(settlement, 'ApplicableTradeTax', 'TaxPointDate', 'DateString'),
    paymentTerms: fields(settlement, 'SpecifiedTradePaymentTerms', 'Description'),
    notes: fields(document, 'IncludedNote'),
    buyerReference: field(agreement, 'BuyerReference'),
    orderReference: field(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID'),
    projectReferences: fields(agreement, 'SpecifiedProcuringProject', 'ID'),
    periods: all(settlement, 'BillingSpecifiedPeriod').map(period),
    precedingInvoices: all(settlement, 'InvoiceReferencedDocument').map((reference) => ({
      path: reference.path,
      id: field(reference, 'IssuerAssignedID'),
      binaries: [],
    })),
    additionalDocuments: all(agreement, 'AdditionalReferencedDocument').map((reference) => ({
      path: reference.path,
      id: field(reference, 'IssuerAssignedID'),
      schemeId: field(reference, 'ReferenceTypeCode'),
      typeCode: field(reference, 'TypeCode'),
      binaries: fields(reference, 'AttachmentBinaryObject'),
    })),
    seller: party(one(agreement, 'SellerTradeParty')),
    buyer: party(one(agreement, 'BuyerTradeParty')),
    payee: party(one(settlement, 'PayeeTradeParty')),
    taxRepresentative: party(one(agreement, 'SellerTaxRepresentativeTradeParty')),
    deliveries: delivery
      ? [
          {
            path: delivery.path,
            date: field(delivery, 'ActualDeliverySupplyChainEvent', 'OccurrenceDateTime', 'DateTimeString'),
            locationIds: fields(shipTo, 'ID'),
            address: address(one(shipTo, 'PostalTradeAddress')),
          },
        ]
      : [],
    paymentMeans: all(settlement, 'SpecifiedTradeSettlementPaymentMeans').map((means) => ({
      path: means.path,
      code: field(means, 'TypeCode'),
      paymentIds: fields(settlement, 'PaymentReference'),
      accounts: all(means, 'PayeePartyCreditorFinancialAccount').map((account) => ({
        path: account.path,
        id: field(account, 'IBANID') ?? field(account, 'ProprietaryID'),
      })),
      cardNumber: field(means, 'ApplicableTradeSettlementFinancialCard', 'ID'),
      mandateId: field(settlement, 'SpecifiedTradePaymentTerms', 'DirectDebitMandateID'),
    })),
    allowanceCharges: allowanceCharges(settlement, 'CategoryTradeTax'),
    taxTotals: taxTotals(settlement, summation, currency?.text),
    totals: summation && {
      path: summation.path,
      lineExtension: field(summation, 'LineTotalAmount'),
      taxExclusive: field(summation, 'TaxBasisTotalAmount'),
      taxInclusive: field(summation, 'GrandTotalAmount'),
      allowanceTotal: field(summation, 'AllowanceTotalAmount'),
      chargeTotal: field(summation, 'ChargeTotalAmount'),
      prepaid: field(summation, 'TotalPrepaidAmount'),
      rounding: field(summation, 'RoundingAmount'),
      payable: field(summation, 'DuePayableAmount'),
    },
    lines: all(transaction, 'IncludedSupplyChainTradeLineItem').map(line),
    originCountries: [],
    taxCategoryIds: [],
    classifiedTaxCategoryIds: [],
    ...collected,
  };
}
