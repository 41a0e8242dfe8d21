/**
 * The UBL 2.1 content models the structure check walks: for each aggregate type, its children in
 * schema order with their cardinality. Transcribed from the OASIS UBL 2.1 schemas
 * (UBL-CommonAggregateComponents-2.1.xsd and the Invoice, CreditNote and ApplicationResponse
 * main documents; Copyright (C) OASIS Open 2001-2013, derivative work permitted by its notice).
 *
 * Notation, one string per type: children separated by spaces, in sequence order. A bare name is a
 * cbc (CommonBasicComponents) element, `cac:` an aggregate, `ext:` an extension component. A
 * trailing `?` is 0..1, `*` 0..n, `+` 1..n, nothing 1..1. Keys are type names without `Type`.
 */

export const ublNamespaces = {
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
} as const;

export type ComponentPrefix = keyof typeof ublNamespaces;

const head = 'ext:UBLExtensions? UBLVersionID? CustomizationID? ProfileID? ProfileExecutionID? ID';

/** The main documents the check knows, by root element name: their namespace and content. */
export const documents: Readonly<Record<string, { readonly namespace: string; readonly content: string }>> = {
  Invoice: {
    namespace: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
    content: `${head} CopyIndicator? UUID? IssueDate IssueTime? DueDate? InvoiceTypeCode? Note* TaxPointDate? DocumentCurrencyCode? TaxCurrencyCode? PricingCurrencyCode? PaymentCurrencyCode? PaymentAlternativeCurrencyCode? AccountingCostCode? AccountingCost? LineCountNumeric? BuyerReference? cac:InvoicePeriod* cac:OrderReference? cac:BillingReference* cac:DespatchDocumentReference* cac:ReceiptDocumentReference* cac:StatementDocumentReference* cac:OriginatorDocumentReference* cac:ContractDocumentReference* cac:AdditionalDocumentReference* cac:ProjectReference* cac:Signature* cac:AccountingSupplierParty cac:AccountingCustomerParty cac:PayeeParty? cac:BuyerCustomerParty? cac:SellerSupplierParty? cac:TaxRepresentativeParty? cac:Delivery* cac:DeliveryTerms? cac:PaymentMeans* cac:PaymentTerms* cac:PrepaidPayment* cac:AllowanceCharge* cac:TaxExchangeRate? cac:PricingExchangeRate? cac:PaymentExchangeRate? cac:PaymentAlternativeExchangeRate? cac:TaxTotal* cac:WithholdingTaxTotal* cac:LegalMonetaryTotal cac:InvoiceLine+`,
  },
  CreditNote: {
    namespace: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
    content: `${head} CopyIndicator? UUID? IssueDate IssueTime? TaxPointDate? CreditNoteTypeCode? Note* DocumentCurrencyCode? TaxCurrencyCode? PricingCurrencyCode? PaymentCurrencyCode? PaymentAlternativeCurrencyCode? AccountingCostCode? AccountingCost? LineCountNumeric? BuyerReference? cac:InvoicePeriod* cac:DiscrepancyResponse* cac:OrderReference? cac:BillingReference* cac:DespatchDocumentReference* cac:ReceiptDocumentReference* cac:ContractDocumentReference* cac:AdditionalDocumentReference* cac:StatementDocumentReference* cac:OriginatorDocumentReference* cac:Signature* cac:AccountingSupplierParty cac:AccountingCustomerParty cac:PayeeParty? cac:BuyerCustomerParty? cac:SellerSupplierParty? cac:TaxRepresentativeParty? cac:Delivery* cac:DeliveryTerms* cac:PaymentMeans* cac:PaymentTerms* cac:TaxExchangeRate? cac:PricingExchangeRate? cac:PaymentExchangeRate? cac:PaymentAlternativeExchangeRate? cac:AllowanceCharge* cac:TaxTotal* cac:LegalMonetaryTotal cac:CreditNoteLine+`,
  },
  ApplicationResponse: {
    namespace: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2',
    content: `${head} UUID? IssueDate IssueTime? ResponseDate? ResponseTime? Note* VersionID? cac:Signature* cac:SenderParty cac:ReceiverParty cac:DocumentResponse*`,
  },
};

/** The extension components (UBL-CommonExtensionComponents-2.1.xsd); ExtensionContent is lax. */
export const extensions: Readonly<Record<string, string>> = {
  UBLExtensions: 'ext:UBLExtension+',
  UBLExtension:
    'ID? Name? ext:ExtensionAgencyID? ext:ExtensionAgencyName? ext:ExtensionVersionID? ext:ExtensionAgencyURI? ext:ExtensionURI? ext:ExtensionReasonCode? ext:ExtensionReason? ext:ExtensionContent',
};

/**
 * A cac element's type is its own name when that is a type here, else the longest type name it
 * ends with (`AccountingSupplierParty` → SupplierParty, `InvoicePeriod` → Period). These are the
 * elements for which that rule would pick the wrong type: mapped to their type, or to '' when the
 * type is not in the table (their content is then not checked).
 */
export const elementTypes: Readonly<Record<string, string>> = {
  ResponsibleTransportServiceProviderParty: 'Party',
  TransportServiceProviderParty: 'Party',
  UtilityCustomerParty: 'Party',
  UtilitySupplierParty: 'Party',
  AdditionalQualifyingParty: '',
  AwardingCriterionResponse: '',
  EventLineItem: '',
  MainQualifyingParty: '',
  MiscellaneousEvent: '',
  PromotionalEvent: '',
  PromotionalEventLineItem: '',
  QualifyingParty: '',
  SalesItem: '',
  SubordinateAwardingCriterionResponse: '',
  UtilityItem: '',
};

/** The aggregate types (UBL-CommonAggregateComponents-2.1.xsd). */
export const aggregates: Readonly<Record<string, string>> = {
  Address:
    'ID? AddressTypeCode? AddressFormatCode? Postbox? Floor? Room? StreetName? AdditionalStreetName? BlockName? BuildingName? BuildingNumber? InhouseMail? Department? MarkAttention? MarkCare? PlotIdentification? CitySubdivisionName? CityName? PostalZone? CountrySubentity? CountrySubentityCode? Region? District? TimezoneOffset? cac:AddressLine* cac:Country? cac:LocationCoordinate*',
  AddressLine: 'Line',
  AirTransport: 'AircraftID',
  AllowanceCharge:
    'ID? ChargeIndicator AllowanceChargeReasonCode? AllowanceChargeReason* MultiplierFactorNumeric? PrepaidIndicator? SequenceNumeric? Amount BaseAmount? AccountingCostCode? AccountingCost? PerUnitAmount? cac:TaxCategory* cac:TaxTotal? cac:PaymentMeans*',
  Attachment: 'EmbeddedDocumentBinaryObject? cac:ExternalReference?',
  BillingReference:
    'cac:InvoiceDocumentReference? cac:SelfBilledInvoiceDocumentReference? cac:CreditNoteDocumentReference? cac:SelfBilledCreditNoteDocumentReference? cac:DebitNoteDocumentReference? cac:ReminderDocumentReference? cac:AdditionalDocumentReference? cac:BillingReferenceLine*',
  BillingReferenceLine: 'ID Amount? cac:AllowanceCharge*',
  Branch: 'ID? Name? cac:FinancialInstitution? cac:Address?',
  BudgetAccount: 'ID? BudgetYearNumeric? cac:RequiredClassificationScheme?',
  BudgetAccountLine: 'ID? TotalAmount? cac:BudgetAccount*',
  Capability: 'CapabilityTypeCode? Description* ValueAmount? ValueQuantity? cac:EvidenceSupplied* cac:ValidityPeriod?',
  CardAccount:
    'PrimaryAccountNumberID NetworkID CardTypeCode? ValidityStartDate? ExpiryDate? IssuerID? IssueNumberID? CV2ID? CardChipCode? ChipApplicationID? HolderName?',
  CatalogueReference:
    'ID UUID? IssueDate? IssueTime? RevisionDate? RevisionTime? Note* Description* VersionID? PreviousVersionID?',
  Certificate: 'ID CertificateTypeCode CertificateType Remarks* cac:IssuerParty cac:DocumentReference* cac:Signature*',
  ClassificationCategory: 'Name? CodeValue? Description* cac:CategorizesClassificationCategory*',
  ClassificationScheme:
    'ID UUID? LastRevisionDate? LastRevisionTime? Note* Name? Description* AgencyID? AgencyName? VersionID? URI? SchemeURI? LanguageID? cac:ClassificationCategory+',
  Clause: 'ID? Content*',
  CommodityClassification: 'NatureCode? CargoTypeCode? CommodityCode? ItemClassificationCode?',
  Communication: 'ChannelCode? Channel? Value?',
  Condition: 'AttributeID Measure? Description* MinimumMeasure? MaximumMeasure?',
  Consignment:
    'ID CarrierAssignedID? ConsigneeAssignedID? ConsignorAssignedID? FreightForwarderAssignedID? BrokerAssignedID? ContractedCarrierAssignedID? PerformingCarrierAssignedID? SummaryDescription* TotalInvoiceAmount? DeclaredCustomsValueAmount? TariffDescription* TariffCode? InsurancePremiumAmount? GrossWeightMeasure? NetWeightMeasure? NetNetWeightMeasure? ChargeableWeightMeasure? GrossVolumeMeasure? NetVolumeMeasure? LoadingLengthMeasure? Remarks* HazardousRiskIndicator? AnimalFoodIndicator? HumanFoodIndicator? LivestockIndicator? BulkCargoIndicator? ContainerizedIndicator? GeneralCargoIndicator? SpecialSecurityIndicator? ThirdPartyPayerIndicator? CarrierServiceInstructions* CustomsClearanceServiceInstructions* ForwarderServiceInstructions* SpecialServiceInstructions* SequenceID? ShippingPriorityLevelCode? HandlingCode? HandlingInstructions* Information* TotalGoodsItemQuantity? TotalTransportHandlingUnitQuantity? InsuranceValueAmount? DeclaredForCarriageValueAmount? DeclaredStatisticsValueAmount? FreeOnBoardValueAmount? SpecialInstructions* SplitConsignmentIndicator? DeliveryInstructions* ConsignmentQuantity? ConsolidatableIndicator? HaulageInstructions* LoadingSequenceID? ChildConsignmentQuantity? TotalPackagesQuantity? cac:ConsolidatedShipment* cac:CustomsDeclaration* cac:RequestedPickupTransportEvent? cac:RequestedDeliveryTransportEvent? cac:PlannedPickupTransportEvent? cac:PlannedDeliveryTransportEvent? cac:Status* cac:ChildConsignment* cac:ConsigneeParty? cac:ExporterParty? cac:ConsignorParty? cac:ImporterParty? cac:CarrierParty? cac:FreightForwarderParty? cac:NotifyParty? cac:OriginalDespatchParty? cac:FinalDeliveryParty? cac:PerformingCarrierParty? cac:SubstituteCarrierParty? cac:LogisticsOperatorParty? cac:TransportAdvisorParty? cac:HazardousItemNotificationParty? cac:InsuranceParty? cac:MortgageHolderParty? cac:BillOfLadingHolderParty? cac:OriginalDepartureCountry? cac:FinalDestinationCountry? cac:TransitCountry* cac:TransportContract? cac:TransportEvent* cac:OriginalDespatchTransportationService? cac:FinalDeliveryTransportationService? cac:DeliveryTerms? cac:PaymentTerms? cac:CollectPaymentTerms? cac:DisbursementPaymentTerms? cac:PrepaidPaymentTerms? cac:FreightAllowanceCharge* cac:ExtraAllowanceCharge* cac:MainCarriageShipmentStage* cac:PreCarriageShipmentStage* cac:OnCarriageShipmentStage* cac:TransportHandlingUnit* cac:FirstArrivalPortLocation? cac:LastExitPortLocation?',
  Contact: 'ID? Name? Telephone? Telefax? ElectronicMail? Note* cac:OtherCommunication*',
  Contract:
    'ID? IssueDate? IssueTime? NominationDate? NominationTime? ContractTypeCode? ContractType? Note* VersionID? Description* cac:ValidityPeriod? cac:ContractDocumentReference* cac:NominationPeriod? cac:ContractualDelivery?',
  ContractingActivity: 'ActivityTypeCode? ActivityType?',
  ContractingParty: 'BuyerProfileURI? cac:ContractingPartyType* cac:ContractingActivity* cac:Party',
  ContractingPartyType: 'PartyTypeCode? PartyType?',
  CorporateRegistrationScheme: 'ID? Name? CorporateRegistrationTypeCode? cac:JurisdictionRegionAddress*',
  Country: 'IdentificationCode? Name?',
  CreditAccount: 'AccountID',
  CreditNoteLine:
    'ID UUID? Note* CreditedQuantity? LineExtensionAmount? TaxPointDate? AccountingCostCode? AccountingCost? PaymentPurposeCode? FreeOfChargeIndicator? cac:InvoicePeriod* cac:OrderLineReference* cac:DiscrepancyResponse* cac:DespatchLineReference* cac:ReceiptLineReference* cac:BillingReference* cac:DocumentReference* cac:PricingReference? cac:OriginatorParty? cac:Delivery* cac:PaymentTerms* cac:TaxTotal* cac:AllowanceCharge* cac:Item? cac:Price? cac:DeliveryTerms* cac:SubCreditNoteLine* cac:ItemPriceExtension?',
  CustomerParty:
    'CustomerAssignedAccountID? SupplierAssignedAccountID? AdditionalAccountID* cac:Party? cac:DeliveryContact? cac:AccountingContact? cac:BuyerContact?',
  CustomsDeclaration: 'ID cac:IssuerParty?',
  DebitNoteLine:
    'ID UUID? Note* DebitedQuantity? LineExtensionAmount TaxPointDate? AccountingCostCode? AccountingCost? PaymentPurposeCode? cac:DiscrepancyResponse* cac:DespatchLineReference* cac:ReceiptLineReference* cac:BillingReference* cac:DocumentReference* cac:PricingReference? cac:Delivery* cac:TaxTotal* cac:AllowanceCharge* cac:Item? cac:Price? cac:SubDebitNoteLine*',
  Delivery:
    'ID? Quantity? MinimumQuantity? MaximumQuantity? ActualDeliveryDate? ActualDeliveryTime? LatestDeliveryDate? LatestDeliveryTime? ReleaseID? TrackingID? cac:DeliveryAddress? cac:DeliveryLocation? cac:AlternativeDeliveryLocation? cac:RequestedDeliveryPeriod? cac:PromisedDeliveryPeriod? cac:EstimatedDeliveryPeriod? cac:CarrierParty? cac:DeliveryParty? cac:NotifyParty* cac:Despatch? cac:DeliveryTerms* cac:MinimumDeliveryUnit? cac:MaximumDeliveryUnit? cac:Shipment?',
  DeliveryTerms:
    'ID? SpecialTerms* LossRiskResponsibilityCode? LossRisk* Amount? cac:DeliveryLocation? cac:AllowanceCharge?',
  DeliveryUnit: 'BatchQuantity ConsumerUnitQuantity? HazardousRiskIndicator?',
  DependentPriceReference: 'Percent? cac:LocationAddress? cac:DependentLineReference?',
  Despatch:
    'ID? RequestedDespatchDate? RequestedDespatchTime? EstimatedDespatchDate? EstimatedDespatchTime? ActualDespatchDate? ActualDespatchTime? GuaranteedDespatchDate? GuaranteedDespatchTime? ReleaseID? Instructions* cac:DespatchAddress? cac:DespatchLocation? cac:DespatchParty? cac:CarrierParty? cac:NotifyParty* cac:Contact? cac:EstimatedDespatchPeriod? cac:RequestedDespatchPeriod?',
  DespatchLine:
    'ID UUID? Note* LineStatusCode? DeliveredQuantity? BackorderQuantity? BackorderReason* OutstandingQuantity? OutstandingReason* OversupplyQuantity? cac:OrderLineReference+ cac:DocumentReference* cac:Item cac:Shipment*',
  Dimension: 'AttributeID Measure? Description* MinimumMeasure? MaximumMeasure?',
  DocumentReference:
    'ID CopyIndicator? UUID? IssueDate? IssueTime? DocumentTypeCode? DocumentType? XPath* LanguageID? LocaleCode? VersionID? DocumentStatusCode? DocumentDescription* cac:Attachment? cac:ValidityPeriod? cac:IssuerParty? cac:ResultOfVerification?',
  DocumentResponse: 'cac:Response cac:DocumentReference+ cac:IssuerParty? cac:RecipientParty? cac:LineResponse*',
  Duty: 'Amount Duty? DutyCode? cac:TaxCategory?',
  EmissionCalculationMethod:
    'CalculationMethodCode? FullnessIndicationCode? cac:MeasurementFromLocation? cac:MeasurementToLocation?',
  Endorsement: 'DocumentID ApprovalStatus Remarks* cac:EndorserParty cac:Signature*',
  EndorserParty: 'RoleCode SequenceNumeric cac:Party cac:SignatoryContact',
  EnvironmentalEmission: 'EnvironmentalEmissionTypeCode ValueMeasure Description* cac:EmissionCalculationMethod*',
  Event:
    'IdentificationID? OccurrenceDate? OccurrenceTime? TypeCode? Description* CompletionIndicator? cac:CurrentStatus* cac:Contact* cac:OccurenceLocation?',
  Evidence:
    'ID? EvidenceTypeCode? Description* CandidateStatement* cac:EvidenceIssuingParty? cac:DocumentReference? cac:Language?',
  EvidenceSupplied: 'ID',
  ExchangeRate:
    'SourceCurrencyCode SourceCurrencyBaseRate? TargetCurrencyCode TargetCurrencyBaseRate? ExchangeMarketID? CalculationRate? MathematicOperatorCode? Date? cac:ForeignExchangeContract?',
  ExternalReference:
    'URI? DocumentHash? HashAlgorithmMethod? ExpiryDate? ExpiryTime? MimeCode? FormatCode? EncodingCode? CharacterSetCode? FileName? Description*',
  FinancialAccount:
    'ID? Name? AliasName? AccountTypeCode? AccountFormatCode? CurrencyCode? PaymentNote* cac:FinancialInstitutionBranch? cac:Country?',
  FinancialGuarantee: 'GuaranteeTypeCode Description* LiabilityAmount? AmountRate? cac:ConstitutionPeriod?',
  FinancialInstitution: 'ID? Name? cac:Address?',
  GoodsItem:
    'ID? SequenceNumberID? Description* HazardousRiskIndicator? DeclaredCustomsValueAmount? DeclaredForCarriageValueAmount? DeclaredStatisticsValueAmount? FreeOnBoardValueAmount? InsuranceValueAmount? ValueAmount? GrossWeightMeasure? NetWeightMeasure? NetNetWeightMeasure? ChargeableWeightMeasure? GrossVolumeMeasure? NetVolumeMeasure? Quantity? PreferenceCriterionCode? RequiredCustomsID? CustomsStatusCode? CustomsTariffQuantity? CustomsImportClassifiedIndicator? ChargeableQuantity? ReturnableQuantity? TraceID? cac:Item* cac:GoodsItemContainer* cac:FreightAllowanceCharge* cac:InvoiceLine* cac:Temperature* cac:ContainedGoodsItem* cac:OriginAddress? cac:Delivery? cac:Pickup? cac:Despatch? cac:MeasurementDimension* cac:ContainingPackage* cac:ShipmentDocumentReference? cac:MinimumTemperature? cac:MaximumTemperature?',
  GoodsItemContainer: 'ID Quantity? cac:TransportEquipment*',
  HazardousGoodsTransit:
    'TransportEmergencyCardCode? PackingCriteriaCode? HazardousRegulationCode? InhalationToxicityZoneCode? TransportAuthorizationCode? cac:MaximumTemperature? cac:MinimumTemperature?',
  HazardousItem:
    'ID? PlacardNotation? PlacardEndorsement? AdditionalInformation* UNDGCode? EmergencyProceduresCode? MedicalFirstAidGuideCode? TechnicalName? CategoryName? HazardousCategoryCode? UpperOrangeHazardPlacardID? LowerOrangeHazardPlacardID? MarkingID? HazardClassID? NetWeightMeasure? NetVolumeMeasure? Quantity? cac:ContactParty? cac:SecondaryHazard* cac:HazardousGoodsTransit* cac:EmergencyTemperature? cac:FlashpointTemperature? cac:AdditionalTemperature*',
  InvoiceLine:
    'ID UUID? Note* InvoicedQuantity? LineExtensionAmount TaxPointDate? AccountingCostCode? AccountingCost? PaymentPurposeCode? FreeOfChargeIndicator? cac:InvoicePeriod* cac:OrderLineReference* cac:DespatchLineReference* cac:ReceiptLineReference* cac:BillingReference* cac:DocumentReference* cac:PricingReference? cac:OriginatorParty? cac:Delivery* cac:PaymentTerms* cac:AllowanceCharge* cac:TaxTotal* cac:WithholdingTaxTotal* cac:Item cac:Price? cac:DeliveryTerms? cac:SubInvoiceLine* cac:ItemPriceExtension?',
  Item: 'Description* PackQuantity? PackSizeNumeric? CatalogueIndicator? Name? HazardousRiskIndicator? AdditionalInformation* Keyword* BrandName* ModelName* cac:BuyersItemIdentification? cac:SellersItemIdentification? cac:ManufacturersItemIdentification* cac:StandardItemIdentification? cac:CatalogueItemIdentification? cac:AdditionalItemIdentification* cac:CatalogueDocumentReference? cac:ItemSpecificationDocumentReference* cac:OriginCountry? cac:CommodityClassification* cac:TransactionConditions* cac:HazardousItem* cac:ClassifiedTaxCategory* cac:AdditionalItemProperty* cac:ManufacturerParty* cac:InformationContentProviderParty? cac:OriginAddress* cac:ItemInstance* cac:Certificate* cac:Dimension*',
  ItemComparison: 'PriceAmount? Quantity?',
  ItemIdentification:
    'ID ExtendedID? BarcodeSymbologyID? cac:PhysicalAttribute* cac:MeasurementDimension* cac:IssuerParty?',
  ItemInstance:
    'ProductTraceID? ManufactureDate? ManufactureTime? BestBeforeDate? RegistrationID? SerialID? cac:AdditionalItemProperty* cac:LotIdentification?',
  ItemLocationQuantity:
    'LeadTimeMeasure? MinimumQuantity? MaximumQuantity? HazardousRiskIndicator? TradingRestrictions* cac:ApplicableTerritoryAddress* cac:Price? cac:DeliveryUnit* cac:ApplicableTaxCategory* cac:Package? cac:AllowanceCharge* cac:DependentPriceReference?',
  ItemProperty:
    'ID? Name NameCode? TestMethod? Value? ValueQuantity? ValueQualifier* ImportanceCode? ListValue* cac:UsabilityPeriod? cac:ItemPropertyGroup* cac:RangeDimension? cac:ItemPropertyRange?',
  ItemPropertyGroup: 'ID Name? ImportanceCode?',
  ItemPropertyRange: 'MinimumValue? MaximumValue?',
  Language: 'ID? Name? LocaleCode?',
  LineItem:
    'ID SalesOrderID? UUID? Note* LineStatusCode? Quantity? LineExtensionAmount? TotalTaxAmount? MinimumQuantity? MaximumQuantity? MinimumBackorderQuantity? MaximumBackorderQuantity? InspectionMethodCode? PartialDeliveryIndicator? BackOrderAllowedIndicator? AccountingCostCode? AccountingCost? WarrantyInformation* cac:Delivery* cac:DeliveryTerms? cac:OriginatorParty? cac:OrderedShipment* cac:PricingReference? cac:AllowanceCharge* cac:Price? cac:Item cac:SubLineItem* cac:WarrantyValidityPeriod? cac:WarrantyParty? cac:TaxTotal* cac:ItemPriceExtension? cac:LineReference*',
  LineReference: 'LineID UUID? LineStatusCode? cac:DocumentReference?',
  LineResponse: 'cac:LineReference cac:Response+',
  Location:
    'ID? Description* Conditions* CountrySubentity? CountrySubentityCode? LocationTypeCode? InformationURI? Name? cac:ValidityPeriod* cac:Address? cac:SubsidiaryLocation* cac:LocationCoordinate*',
  LocationCoordinate:
    'CoordinateSystemCode? LatitudeDegreesMeasure? LatitudeMinutesMeasure? LatitudeDirectionCode? LongitudeDegreesMeasure? LongitudeMinutesMeasure? LongitudeDirectionCode? AltitudeMeasure?',
  LotIdentification: 'LotNumberID? ExpiryDate? cac:AdditionalItemProperty*',
  MaritimeTransport:
    'VesselID? VesselName? RadioCallSignID? ShipsRequirements* GrossTonnageMeasure? NetTonnageMeasure? cac:RegistryCertificateDocumentReference? cac:RegistryPortLocation?',
  Meter:
    'MeterNumber? MeterName? MeterConstant? MeterConstantCode? TotalDeliveredQuantity? cac:MeterReading* cac:MeterProperty*',
  MeterProperty: 'Name? NameCode? Value? ValueQuantity? ValueQualifier*',
  MeterReading:
    'ID? MeterReadingType? MeterReadingTypeCode? PreviousMeterReadingDate PreviousMeterQuantity LatestMeterReadingDate LatestMeterQuantity PreviousMeterReadingMethod? PreviousMeterReadingMethodCode? LatestMeterReadingMethod? LatestMeterReadingMethodCode? MeterReadingComments* DeliveredQuantity',
  MonetaryTotal:
    'LineExtensionAmount? TaxExclusiveAmount? TaxInclusiveAmount? AllowanceTotalAmount? ChargeTotalAmount? PrepaidAmount? PayableRoundingAmount? PayableAmount PayableAlternativeAmount?',
  OnAccountPayment: 'EstimatedConsumedQuantity Note* cac:PaymentTerms+',
  OrderLineReference: 'LineID SalesOrderLineID? UUID? LineStatusCode? cac:OrderReference?',
  OrderReference:
    'ID SalesOrderID? CopyIndicator? UUID? IssueDate? IssueTime? CustomerReference? OrderTypeCode? cac:DocumentReference?',
  OrderedShipment: 'cac:Shipment cac:Package*',
  Package:
    'ID? Quantity? ReturnableMaterialIndicator? PackageLevelCode? PackagingTypeCode? PackingMaterial* TraceID? cac:ContainedPackage* cac:ContainingTransportEquipment? cac:GoodsItem* cac:MeasurementDimension* cac:DeliveryUnit* cac:Delivery? cac:Pickup? cac:Despatch?',
  Party:
    'MarkCareIndicator? MarkAttentionIndicator? WebsiteURI? LogoReferenceID? EndpointID? IndustryClassificationCode? cac:PartyIdentification* cac:PartyName* cac:Language? cac:PostalAddress? cac:PhysicalLocation? cac:PartyTaxScheme* cac:PartyLegalEntity* cac:Contact? cac:Person* cac:AgentParty? cac:ServiceProviderParty* cac:PowerOfAttorney* cac:FinancialAccount?',
  PartyIdentification: 'ID',
  PartyLegalEntity:
    'RegistrationName? CompanyID? RegistrationDate? RegistrationExpirationDate? CompanyLegalFormCode? CompanyLegalForm? SoleProprietorshipIndicator? CompanyLiquidationStatusCode? CorporateStockAmount? FullyPaidSharesIndicator? cac:RegistrationAddress? cac:CorporateRegistrationScheme? cac:HeadOfficeParty? cac:ShareholderParty*',
  PartyName: 'Name',
  PartyTaxScheme:
    'RegistrationName? CompanyID? TaxLevelCode? ExemptionReasonCode? ExemptionReason* cac:RegistrationAddress? cac:TaxScheme',
  Payment: 'ID? PaidAmount? ReceivedDate? PaidDate? PaidTime? InstructionID?',
  PaymentMandate:
    'ID? MandateTypeCode? MaximumPaymentInstructionsNumeric? MaximumPaidAmount? SignatureID? cac:PayerParty? cac:PayerFinancialAccount? cac:ValidityPeriod? cac:PaymentReversalPeriod? cac:Clause*',
  PaymentMeans:
    'ID? PaymentMeansCode PaymentDueDate? PaymentChannelCode? InstructionID? InstructionNote* PaymentID* cac:CardAccount? cac:PayerFinancialAccount? cac:PayeeFinancialAccount? cac:CreditAccount? cac:PaymentMandate? cac:TradeFinancing?',
  PaymentTerms:
    'ID? PaymentMeansID* PrepaidPaymentReferenceID? Note* ReferenceEventCode? SettlementDiscountPercent? PenaltySurchargePercent? PaymentPercent? Amount? SettlementDiscountAmount? PenaltyAmount? PaymentTermsDetailsURI? PaymentDueDate? InstallmentDueDate? InvoicingPartyReference? cac:SettlementPeriod? cac:PenaltyPeriod? cac:ExchangeRate? cac:ValidityPeriod?',
  Period: 'StartDate? StartTime? EndDate? EndTime? DurationMeasure? DescriptionCode* Description*',
  Person:
    'ID? FirstName? FamilyName? Title? MiddleName? OtherName? NameSuffix? JobTitle? NationalityID? GenderCode? BirthDate? BirthplaceName? OrganizationDepartment? cac:Contact? cac:FinancialAccount? cac:IdentityDocumentReference* cac:ResidenceAddress?',
  PhysicalAttribute: 'AttributeID PositionCode? DescriptionCode? Description*',
  Pickup:
    'ID? ActualPickupDate? ActualPickupTime? EarliestPickupDate? EarliestPickupTime? LatestPickupDate? LatestPickupTime? cac:PickupLocation? cac:PickupParty?',
  PowerOfAttorney:
    'ID? IssueDate? IssueTime? Description* cac:NotaryParty? cac:AgentParty cac:WitnessParty* cac:MandateDocumentReference*',
  Price:
    'PriceAmount BaseQuantity? PriceChangeReason* PriceTypeCode? PriceType? OrderableUnitFactorRate? cac:ValidityPeriod* cac:PriceList? cac:AllowanceCharge* cac:PricingExchangeRate?',
  PriceExtension: 'Amount cac:TaxTotal*',
  PriceList: 'ID? StatusCode? cac:ValidityPeriod* cac:PreviousPriceList?',
  PricingReference: 'cac:OriginalItemLocationQuantity? cac:AlternativeConditionPrice*',
  ProjectReference: 'ID UUID? IssueDate? cac:WorkPhaseReference*',
  RailTransport: 'TrainID RailCarID?',
  ReceiptLine:
    'ID UUID? Note* ReceivedQuantity? ShortQuantity? ShortageActionCode? RejectedQuantity? RejectReasonCode? RejectReason* RejectActionCode? QuantityDiscrepancyCode? OversupplyQuantity? ReceivedDate? TimingComplaintCode? TimingComplaint? cac:OrderLineReference? cac:DespatchLineReference* cac:DocumentReference* cac:Item* cac:Shipment*',
  Regulation: 'Name LegalReference? OntologyURI?',
  RelatedItem: 'ID? Quantity? Description*',
  Renewal: 'Amount? cac:Period?',
  Response: 'ReferenceID? ResponseCode? Description* EffectiveDate? EffectiveTime? cac:Status*',
  ResultOfVerification:
    'ValidatorID? ValidationResultCode? ValidationDate? ValidationTime? ValidateProcess? ValidateTool? ValidateToolVersion? cac:SignatoryParty?',
  RoadTransport: 'LicensePlateID',
  SecondaryHazard: 'ID? PlacardNotation? PlacardEndorsement? EmergencyProceduresCode? Extension*',
  ServiceFrequency: 'WeekDayCode',
  ServiceProviderParty: 'ID? ServiceTypeCode? ServiceType* cac:Party cac:SellerContact?',
  ShareholderParty: 'PartecipationPercent? cac:Party?',
  Shipment:
    'ID ShippingPriorityLevelCode? HandlingCode? HandlingInstructions* Information* GrossWeightMeasure? NetWeightMeasure? NetNetWeightMeasure? GrossVolumeMeasure? NetVolumeMeasure? TotalGoodsItemQuantity? TotalTransportHandlingUnitQuantity? InsuranceValueAmount? DeclaredCustomsValueAmount? DeclaredForCarriageValueAmount? DeclaredStatisticsValueAmount? FreeOnBoardValueAmount? SpecialInstructions* DeliveryInstructions* SplitConsignmentIndicator? ConsignmentQuantity? cac:Consignment* cac:GoodsItem* cac:ShipmentStage* cac:Delivery? cac:TransportHandlingUnit* cac:ReturnAddress? cac:OriginAddress? cac:FirstArrivalPortLocation? cac:LastExitPortLocation? cac:ExportCountry? cac:FreightAllowanceCharge*',
  ShipmentStage:
    'ID? TransportModeCode? TransportMeansTypeCode? TransitDirectionCode? PreCarriageIndicator? OnCarriageIndicator? EstimatedDeliveryDate? EstimatedDeliveryTime? RequiredDeliveryDate? RequiredDeliveryTime? LoadingSequenceID? SuccessiveSequenceID? Instructions* DemurrageInstructions* CrewQuantity? PassengerQuantity? cac:TransitPeriod? cac:CarrierParty* cac:TransportMeans? cac:LoadingPortLocation? cac:UnloadingPortLocation? cac:TransshipPortLocation? cac:LoadingTransportEvent? cac:ExaminationTransportEvent? cac:AvailabilityTransportEvent? cac:ExportationTransportEvent? cac:DischargeTransportEvent? cac:WarehousingTransportEvent? cac:TakeoverTransportEvent? cac:OptionalTakeoverTransportEvent? cac:DropoffTransportEvent? cac:ActualPickupTransportEvent? cac:DeliveryTransportEvent? cac:ReceiptTransportEvent? cac:StorageTransportEvent? cac:AcceptanceTransportEvent? cac:TerminalOperatorParty? cac:CustomsAgentParty? cac:EstimatedTransitPeriod? cac:FreightAllowanceCharge* cac:FreightChargeLocation? cac:DetentionTransportEvent* cac:RequestedDepartureTransportEvent? cac:RequestedArrivalTransportEvent? cac:RequestedWaypointTransportEvent* cac:PlannedDepartureTransportEvent? cac:PlannedArrivalTransportEvent? cac:PlannedWaypointTransportEvent* cac:ActualDepartureTransportEvent? cac:ActualWaypointTransportEvent? cac:ActualArrivalTransportEvent? cac:TransportEvent* cac:EstimatedDepartureTransportEvent? cac:EstimatedArrivalTransportEvent? cac:PassengerPerson* cac:DriverPerson* cac:ReportingPerson? cac:CrewMemberPerson* cac:SecurityOfficerPerson? cac:MasterPerson? cac:ShipsSurgeonPerson?',
  Signature:
    'ID Note* ValidationDate? ValidationTime? ValidatorID? CanonicalizationMethod? SignatureMethod? cac:SignatoryParty? cac:DigitalSignatureAttachment? cac:OriginalDocumentReference?',
  Status:
    'ConditionCode? ReferenceDate? ReferenceTime? Description* StatusReasonCode? StatusReason* SequenceID? Text* IndicationIndicator? Percent? ReliabilityPercent? cac:Condition*',
  Stowage: 'LocationID? Location* cac:MeasurementDimension*',
  SubcontractTerms:
    'Rate? UnknownPriceIndicator? Description* Amount? SubcontractingConditionsCode? MaximumPercent? MinimumPercent?',
  SupplierParty:
    'CustomerAssignedAccountID? AdditionalAccountID* DataSendingCapability? cac:Party? cac:DespatchContact? cac:AccountingContact? cac:SellerContact?',
  TaxCategory:
    'ID? Name? Percent? BaseUnitMeasure? PerUnitAmount? TaxExemptionReasonCode? TaxExemptionReason* TierRange? TierRatePercent? cac:TaxScheme',
  TaxScheme: 'ID? Name? TaxTypeCode? CurrencyCode? cac:JurisdictionRegionAddress*',
  TaxSubtotal:
    'TaxableAmount? TaxAmount CalculationSequenceNumeric? TransactionCurrencyTaxAmount? Percent? BaseUnitMeasure? PerUnitAmount? TierRange? TierRatePercent? cac:TaxCategory',
  TaxTotal: 'TaxAmount RoundingAmount? TaxEvidenceIndicator? TaxIncludedIndicator? cac:TaxSubtotal*',
  Temperature: 'AttributeID Measure Description*',
  TradeFinancing:
    'ID? FinancingInstrumentCode? cac:ContractDocumentReference? cac:DocumentReference* cac:FinancingParty cac:FinancingFinancialAccount? cac:Clause*',
  TradingTerms: 'Information* Reference? cac:ApplicableAddress?',
  TransactionConditions: 'ID? ActionCode? Description* cac:DocumentReference*',
  TransportEquipment:
    'ID? ReferencedConsignmentID* TransportEquipmentTypeCode? ProviderTypeCode? OwnerTypeCode? SizeTypeCode? DispositionCode? FullnessIndicationCode? RefrigerationOnIndicator? Information* ReturnabilityIndicator? LegalStatusIndicator? AirFlowPercent? HumidityPercent? AnimalFoodApprovedIndicator? HumanFoodApprovedIndicator? DangerousGoodsApprovedIndicator? RefrigeratedIndicator? Characteristics? DamageRemarks* Description* SpecialTransportRequirements* GrossWeightMeasure? GrossVolumeMeasure? TareWeightMeasure? TrackingDeviceCode? PowerIndicator? TraceID? cac:MeasurementDimension* cac:TransportEquipmentSeal* cac:MinimumTemperature? cac:MaximumTemperature? cac:ProviderParty? cac:LoadingProofParty? cac:SupplierParty? cac:OwnerParty? cac:OperatingParty? cac:LoadingLocation? cac:UnloadingLocation? cac:StorageLocation? cac:PositioningTransportEvent* cac:QuarantineTransportEvent* cac:DeliveryTransportEvent* cac:PickupTransportEvent* cac:HandlingTransportEvent* cac:LoadingTransportEvent* cac:TransportEvent* cac:ApplicableTransportMeans? cac:HaulageTradingTerms* cac:HazardousGoodsTransit* cac:PackagedTransportHandlingUnit* cac:ServiceAllowanceCharge* cac:FreightAllowanceCharge* cac:AttachedTransportEquipment* cac:Delivery? cac:Pickup? cac:Despatch? cac:ShipmentDocumentReference* cac:ContainedInTransportEquipment* cac:Package* cac:GoodsItem*',
  TransportEquipmentSeal: 'ID SealIssuerTypeCode? Condition? SealStatusCode? SealingPartyType?',
  TransportEvent:
    'IdentificationID? OccurrenceDate? OccurrenceTime? TransportEventTypeCode? Description* CompletionIndicator? cac:ReportedShipment? cac:CurrentStatus* cac:Contact* cac:Location? cac:Signature? cac:Period*',
  TransportHandlingUnit:
    'ID? TransportHandlingUnitTypeCode? HandlingCode? HandlingInstructions* HazardousRiskIndicator? TotalGoodsItemQuantity? TotalPackageQuantity? DamageRemarks* ShippingMarks* TraceID? cac:HandlingUnitDespatchLine* cac:ActualPackage* cac:ReceivedHandlingUnitReceiptLine* cac:TransportEquipment* cac:TransportMeans* cac:HazardousGoodsTransit* cac:MeasurementDimension* cac:MinimumTemperature? cac:MaximumTemperature? cac:GoodsItem* cac:FloorSpaceMeasurementDimension? cac:PalletSpaceMeasurementDimension? cac:ShipmentDocumentReference* cac:Status* cac:CustomsDeclaration* cac:ReferencedShipment* cac:Package*',
  TransportMeans:
    'JourneyID? RegistrationNationalityID? RegistrationNationality* DirectionCode? TransportMeansTypeCode? TradeServiceCode? cac:Stowage? cac:AirTransport? cac:RoadTransport? cac:RailTransport? cac:MaritimeTransport? cac:OwnerParty? cac:MeasurementDimension*',
  TransportationService:
    'TransportServiceCode TariffClassCode? Priority? FreightRateClassCode? TransportationServiceDescription* TransportationServiceDetailsURI? NominationDate? NominationTime? Name? SequenceNumeric? cac:TransportEquipment* cac:SupportedTransportEquipment* cac:UnsupportedTransportEquipment* cac:CommodityClassification* cac:SupportedCommodityClassification* cac:UnsupportedCommodityClassification* cac:TotalCapacityDimension? cac:ShipmentStage* cac:TransportEvent* cac:ResponsibleTransportServiceProviderParty? cac:EnvironmentalEmission* cac:EstimatedDurationPeriod? cac:ScheduledServiceFrequency*',
  UnstructuredPrice: 'PriceAmount? TimeAmount?',
  WebSiteAccess: 'URI? Password Login',
  WinningParty: 'Rank? cac:Party',
  WorkPhaseReference:
    'ID? WorkPhaseCode? WorkPhase* ProgressPercent? StartDate? EndDate? cac:WorkOrderDocumentReference*',
};

/**
 * Where UBL 2.1 allows repetition but the official EN 16931 and UBL.BE stylesheets read one value
 * and stop with a dynamic error on more (`normalize-space` of two names), so that the official
 * process refuses the document: per context (a path of element names from the root, or from
 * anywhere with a leading `//`), the path below it that may select at most one element.
 */
export const readAsOne: readonly (readonly [context: string, child: string])[] = [
  // BR-06 and BR-07: the seller's and the buyer's name.
  ['AccountingSupplierParty/Party', 'PartyLegalEntity/RegistrationName'],
  ['AccountingCustomerParty/Party', 'PartyLegalEntity/RegistrationName'],
  // UBL.BE's exemption reason text per VAT breakdown category (EN 16931 refuses two by UBL-SR-32).
  ['//TaxTotal/TaxSubtotal/TaxCategory', 'TaxExemptionReason'],
];
