import type { Finding } from '../model.js';
import type { XmlElement } from '../xml.js';

/** What a CII structure finding is about; its id is `CII-XSD-<kind>`. */
export type CiiSchemaFindingKind = 'MISSING' | 'TOO-MANY' | 'DATATYPE' | 'CONTENT';

/**
 * The CII D16B aggregates EN 16931 reads, each with the children it may hold at most once: the
 * schema's 0..1 and 1..1 elements, and the few it allows repeated that EN 16931 reads as one
 * value (the header totals, the guideline), where a second one leaves the document without a
 * meaning. Children not named here are not limited by this check.
 */
const single: Readonly<Record<string, readonly string[]>> = {
  CrossIndustryInvoice: ['ExchangedDocumentContext', 'ExchangedDocument', 'SupplyChainTradeTransaction'],
  ExchangedDocumentContext: [
    'SpecifiedTransactionID',
    'TestIndicator',
    'GuidelineSpecifiedDocumentContextParameter',
    'MessageStandardSpecifiedDocumentContextParameter',
  ],
  DocumentContextParameter: ['ID', 'Value', 'SpecifiedDocumentVersion'],
  ExchangedDocument: [
    'ID',
    'TypeCode',
    'IssueDateTime',
    'CopyIndicator',
    'Purpose',
    'ControlRequirementIndicator',
    'PurposeCode',
    'RevisionDateTime',
    'VersionID',
    'GlobalID',
    'RevisionID',
    'PreviousRevisionID',
    'CategoryCode',
    'IssuerTradeParty',
  ],
  IncludedNote: ['ContentCode', 'SubjectCode', 'ID'],
  SupplyChainTradeTransaction: [
    'ApplicableHeaderTradeAgreement',
    'ApplicableHeaderTradeDelivery',
    'ApplicableHeaderTradeSettlement',
  ],
  IncludedSupplyChainTradeLineItem: [
    'AssociatedDocumentLineDocument',
    'SpecifiedTradeProduct',
    'SpecifiedLineTradeAgreement',
    'SpecifiedLineTradeDelivery',
    'SpecifiedLineTradeSettlement',
    'DescriptionCode',
  ],
  AssociatedDocumentLineDocument: ['LineID', 'ParentLineID', 'LineStatusCode', 'LineStatusReasonCode'],
  SpecifiedTradeProduct: [
    'ID',
    'GlobalID',
    'SellerAssignedID',
    'BuyerAssignedID',
    'IndustryAssignedID',
    'Name',
    'Description',
    'OriginTradeCountry',
  ],
  OriginTradeCountry: ['ID'],
  DesignatedProductClassification: ['ClassCode'],
  SpecifiedLineTradeAgreement: [
    'BuyerReference',
    'BuyerOrderReferencedDocument',
    'QuotationReferencedDocument',
    'ContractReferencedDocument',
    'DemandForecastReferencedDocument',
    'PromotionalDealReferencedDocument',
    'GrossPriceProductTradePrice',
    'NetPriceProductTradePrice',
    'ItemSellerTradeParty',
    'ItemBuyerTradeParty',
    'IncludedSpecifiedMarketplace',
  ],
  TradePrice: [
    'BasisQuantity',
    'MinimumQuantity',
    'MaximumQuantity',
    'ChangeReason',
    'OrderUnitConversionFactorNumeric',
    'ValiditySpecifiedPeriod',
    'DeliveryTradeLocation',
    'TradeComparisonReferencePrice',
  ],
  SpecifiedLineTradeDelivery: [
    'BilledQuantity',
    'ChargeFreeQuantity',
    'PackageQuantity',
    'ShipToTradeParty',
    'UltimateShipToTradeParty',
    'ShipFromTradeParty',
    'ActualDeliverySupplyChainEvent',
    'DespatchAdviceReferencedDocument',
    'ReceivingAdviceReferencedDocument',
    'DeliveryNoteReferencedDocument',
  ],
  SpecifiedLineTradeSettlement: [
    'BillingSpecifiedPeriod',
    'SpecifiedTradeSettlementLineMonetarySummation',
    'InvoiceReferencedDocument',
  ],
  SpecifiedTradeSettlementLineMonetarySummation: [
    'LineTotalAmount',
    'ChargeTotalAmount',
    'AllowanceTotalAmount',
    'TaxTotalAmount',
    'GrandTotalAmount',
    'TotalAllowanceChargeAmount',
  ],
  ApplicableHeaderTradeAgreement: [
    'Reference',
    'BuyerReference',
    'SellerTradeParty',
    'BuyerTradeParty',
    'SalesAgentTradeParty',
    'BuyerTaxRepresentativeTradeParty',
    'SellerTaxRepresentativeTradeParty',
    'ProductEndUserTradeParty',
    'ApplicableTradeDeliveryTerms',
    'SellerOrderReferencedDocument',
    'BuyerOrderReferencedDocument',
    'QuotationReferencedDocument',
    'OrderResponseReferencedDocument',
    'ContractReferencedDocument',
    'DemandForecastReferencedDocument',
    'SupplyInstructionReferencedDocument',
    'PromotionalDealReferencedDocument',
    'PriceListReferencedDocument',
    'RequisitionerReferencedDocument',
    'BuyerAgentTradeParty',
    'SpecifiedProcuringProject',
  ],
  SpecifiedProcuringProject: ['ID', 'Name', 'Description'],
  TradeParty: [
    'Name',
    'RoleCode',
    'Description',
    'SpecifiedLegalOrganization',
    'PostalTradeAddress',
    'EndPointURIUniversalCommunication',
  ],
  SpecifiedLegalOrganization: ['ID', 'Name', 'TradingBusinessName', 'PostalTradeAddress'],
  TradeContact: [
    'ID',
    'PersonName',
    'DepartmentName',
    'TypeCode',
    'JobTitle',
    'Responsibility',
    'PersonID',
    'TelephoneUniversalCommunication',
    'DirectTelephoneUniversalCommunication',
    'MobileTelephoneUniversalCommunication',
    'FaxUniversalCommunication',
    'EmailURIUniversalCommunication',
    'TelexUniversalCommunication',
    'VOIPUniversalCommunication',
    'InstantMessagingUniversalCommunication',
    'SpecifiedContactPerson',
  ],
  UniversalCommunication: ['URIID', 'ChannelCode', 'CompleteNumber'],
  PostalTradeAddress: [
    'ID',
    'PostcodeCode',
    'PostOfficeBox',
    'BuildingName',
    'LineOne',
    'LineTwo',
    'LineThree',
    'LineFour',
    'LineFive',
    'StreetName',
    'CityName',
    'CitySubDivisionName',
    'CountryID',
    'CountrySubDivisionID',
    'AttentionOf',
    'CareOf',
    'BuildingNumber',
    'DepartmentName',
    'AdditionalStreetName',
  ],
  SpecifiedTaxRegistration: ['ID'],
  ReferencedDocument: [
    'IssuerAssignedID',
    'URIID',
    'StatusCode',
    'CopyIndicator',
    'LineID',
    'TypeCode',
    'GlobalID',
    'RevisionID',
    'ReferenceTypeCode',
    'PreviousRevisionID',
    'FormattedIssueDateTime',
    'IssuerTradeParty',
  ],
  DateTimeType: ['DateTimeString', 'DateTime'],
  TaxPointDate: ['DateString'],
  ApplicableHeaderTradeDelivery: [
    'ShipToTradeParty',
    'UltimateShipToTradeParty',
    'ShipFromTradeParty',
    'ActualDeliverySupplyChainEvent',
    'DespatchAdviceReferencedDocument',
    'ReceivingAdviceReferencedDocument',
    'DeliveryNoteReferencedDocument',
  ],
  ActualDeliverySupplyChainEvent: ['OccurrenceDateTime'],
  ApplicableHeaderTradeSettlement: [
    'CreditorReferenceID',
    'TaxCurrencyCode',
    'InvoiceCurrencyCode',
    'InvoiceIssuerReference',
    'InvoicerTradeParty',
    'InvoiceeTradeParty',
    'PayeeTradeParty',
    'PayerTradeParty',
    'TaxApplicableTradeCurrencyExchange',
    'BillingSpecifiedPeriod',
    'SpecifiedTradeSettlementHeaderMonetarySummation',
    'UltimatePayeeTradeParty',
  ],
  TaxApplicableTradeCurrencyExchange: [
    'SourceCurrencyCode',
    'TargetCurrencyCode',
    'ConversionRate',
    'ConversionRateDateTime',
  ],
  SpecifiedTradeSettlementPaymentMeans: [
    'PaymentChannelCode',
    'TypeCode',
    'ApplicableTradeSettlementFinancialCard',
    'PayerPartyDebtorFinancialAccount',
    'PayeePartyCreditorFinancialAccount',
    'PayerSpecifiedDebtorFinancialInstitution',
    'PayeeSpecifiedCreditorFinancialInstitution',
  ],
  FinancialAccount: ['IBANID', 'AccountName', 'ProprietaryID'],
  ApplicableTradeSettlementFinancialCard: ['ID', 'CardholderName'],
  PayeeSpecifiedCreditorFinancialInstitution: ['BICID'],
  TradeTax: [
    'CalculatedAmount',
    'TypeCode',
    'ExemptionReason',
    'CalculatedRate',
    'CalculationSequenceNumeric',
    'BasisQuantity',
    'BasisAmount',
    'UnitBasisAmount',
    'LineTotalBasisAmount',
    'AllowanceChargeBasisAmount',
    'CategoryCode',
    'CurrencyCode',
    'Jurisdiction',
    'CustomsDutyIndicator',
    'ExemptionReasonCode',
    'TaxBasisAllowanceRate',
    'TaxPointDate',
    'Type',
    'CategoryName',
    'DueDateTypeCode',
    'RateApplicablePercent',
  ],
  BillingSpecifiedPeriod: [
    'DurationMeasure',
    'InclusiveIndicator',
    'Description',
    'StartDateTime',
    'EndDateTime',
    'CompleteDateTime',
    'OpenIndicator',
    'SeasonCode',
    'ID',
    'Name',
    'SequenceNumeric',
    'StartDateFlexibilityCode',
    'ContinuousIndicator',
    'PurposeCode',
  ],
  TradeAllowanceCharge: [
    'ChargeIndicator',
    'SequenceNumeric',
    'CalculationPercent',
    'BasisAmount',
    'BasisQuantity',
    'PrepaidIndicator',
    'UnitBasisAmount',
    'ReasonCode',
    'Reason',
    'TypeCode',
    'ActualTradeCurrencyExchange',
  ],
  IndicatorType: ['Indicator', 'IndicatorString'],
  SpecifiedTradePaymentTerms: [
    'FromEventCode',
    'SettlementPeriodMeasure',
    'DueDateDateTime',
    'TypeCode',
    'PartialPaymentPercent',
    'ApplicableTradePaymentPenaltyTerms',
    'ApplicableTradePaymentDiscountTerms',
    'PayeeTradeParty',
  ],
  SpecifiedTradeSettlementHeaderMonetarySummation: [
    'LineTotalAmount',
    'ChargeTotalAmount',
    'AllowanceTotalAmount',
    'TaxBasisTotalAmount',
    'RoundingAmount',
    'GrandTotalAmount',
    'TotalPrepaidAmount',
    'DuePayableAmount',
  ],
};

/** Children the schema requires (1..1): the top-level aggregates, an allowance or charge's indicator. */
const required: Readonly<Record<string, readonly string[]>> = {
  CrossIndustryInvoice: ['ExchangedDocumentContext', 'ExchangedDocument', 'SupplyChainTradeTransaction'],
  SupplyChainTradeTransaction: [
    'ApplicableHeaderTradeAgreement',
    'ApplicableHeaderTradeDelivery',
    'ApplicableHeaderTradeSettlement',
  ],
  TradeAllowanceCharge: ['ChargeIndicator'],
};

/** Aggregates whose content is a choice of one of these children, which they must hold. */
const choices: Readonly<Record<string, readonly string[]>> = {
  IndicatorType: ['Indicator', 'IndicatorString'],
  DateTimeType: ['DateTimeString', 'DateTime'],
  TaxPointDate: ['DateString', 'Date'],
};

const dateTimes = new Set([
  'IssueDateTime',
  'OccurrenceDateTime',
  'StartDateTime',
  'EndDateTime',
  'DueDateDateTime',
  'FormattedIssueDateTime',
]);

/** The aggregate type an element of the given name has, as {@link single} names it. */
function typeOf(name: string): string | undefined {
  if (Object.hasOwn(single, name)) return name;
  if (dateTimes.has(name)) return 'DateTimeType';
  if (name === 'GrossPriceProductTradePrice' || name === 'NetPriceProductTradePrice') return 'TradePrice';
  if (name === 'PayeePartyCreditorFinancialAccount' || name === 'PayerPartyDebtorFinancialAccount') {
    return 'FinancialAccount';
  }
  if (name === 'SpecifiedTradeAllowanceCharge' || name === 'AppliedTradeAllowanceCharge') return 'TradeAllowanceCharge';
  if (name.endsWith('Indicator') && name !== 'Indicator') return 'IndicatorType';
  for (const suffix of [
    'TradeParty',
    'ReferencedDocument',
    'TradeTax',
    'UniversalCommunication',
    'DocumentContextParameter',
    'TradeContact',
  ]) {
    if (name.endsWith(suffix)) return suffix;
  }
  return undefined;
}

/** XML Schema's whitespace collapse at the ends (inner runs do not matter to these types). */
const collapse = (value: string) => value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
const decimal = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const boolean = /^(?:true|false|1|0)$/;

/** The simple type of a leaf element, by its name: xs:decimal for amounts, quantities, percents. */
function simpleTypeOf(name: string, parent: string | undefined): 'decimal' | 'boolean' | undefined {
  if (name === 'Indicator' && parent?.endsWith('Indicator')) return 'boolean';
  if (/(?:Amount|Quantity|Percent|Measure|Numeric)$/.test(name)) return 'decimal';
  if (name === 'ConversionRate' || name === 'CalculatedRate') return 'decimal';
  return undefined;
}

interface Visit {
  readonly element: XmlElement;
  readonly parent?: Visit;
}

const prefixOf = (visit: Visit) => {
  const name = visit.element.name;
  if (visit.parent === undefined || visit.parent.parent === undefined) return 'rsm';
  return ['DateTimeString', 'DateTime', 'DateString', 'Indicator', 'IndicatorString'].includes(name) ? 'udt' : 'ram';
};

function locationOf(visit: Visit): string {
  const steps: string[] = [];
  for (let at: Visit | undefined = visit; at; at = at.parent) {
    const name = at.element.name;
    const siblings = at.parent ? at.parent.element.children.filter((c) => c.name === name) : [at.element];
    const index = siblings.length > 1 ? `[${siblings.indexOf(at.element) + 1}]` : '';
    steps.push(`${prefixOf(at)}:${name}${index}`);
  }
  return `/${steps.reverse().join('/')}`;
}

const finding = (kind: CiiSchemaFindingKind, location: string, text: string): Finding => ({
  id: `CII-XSD-${kind}`,
  flag: 'fatal',
  location,
  text,
});

/**
 * Checks a CII CrossIndustryInvoice (read into the prefix-less tree) against the structure of
 * the CII D16B schema that EN 16931 relies on: the elements its aggregates hold at most once
 * (and those EN 16931 reads as one value), the top-level elements every invoice has, and the
 * simple types of amounts, quantities, percents, measures and numerics (xs:decimal) and
 * indicators (xs:boolean), which may hold no child elements. Each problem is a fatal
 * `CII-XSD-*` finding; an empty list when the document has the structure. Elements and children
 * the check does not know are left alone, so a document using more of the schema is not refused.
 */
export function checkCiiStructure(root: XmlElement): Finding[] {
  const findings: Finding[] = [];
  const walk = (visit: Visit) => {
    const { element } = visit;
    const type = typeOf(element.name);
    const limited = type === undefined ? undefined : single[type];
    const needed = type === undefined ? undefined : required[type];
    if (limited) {
      const counts = new Map<string, number>();
      for (const child of element.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
      for (const name of limited) {
        const count = counts.get(name) ?? 0;
        if (count > 1) {
          findings.push(
            finding('TOO-MANY', locationOf(visit), `${element.name} holds ${count} ${name} where it allows one.`),
          );
        }
      }
      const choice = type && choices[type];
      if (choice && !choice.some((name) => counts.has(name))) {
        findings.push(
          finding(
            'MISSING',
            locationOf(visit),
            `${element.name} has none of ${choice.join(', ')}, one of which it requires.`,
          ),
        );
      }
      for (const name of needed ?? []) {
        if (!counts.has(name)) {
          findings.push(finding('MISSING', locationOf(visit), `${element.name} has no ${name}, which it requires.`));
        }
      }
    }
    const simple = simpleTypeOf(element.name, visit.parent?.element.name);
    if (simple && type === undefined) {
      if (element.children.length > 0) {
        findings.push(finding('CONTENT', locationOf(visit), `${element.name} holds elements where it takes a value.`));
      } else {
        const value = collapse(element.raw);
        if (!(simple === 'decimal' ? decimal : boolean).test(value)) {
          findings.push(
            finding(
              'DATATYPE',
              locationOf(visit),
              `${element.name} '${element.raw.slice(0, 40)}' is not a valid xs:${simple}.`,
            ),
          );
        }
      }
    }
    for (const child of element.children) walk({ element: child, parent: visit });
  };
  walk({ element: root });
  return findings;
}
