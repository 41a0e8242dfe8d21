import type { XmlElement } from './xml.js';

/**
 * The typed model an invoice is read into once; rules are plain functions over it. Every value
 * keeps the XPath-like path of the element it came from, so a finding can point at it.
 * Syntax-neutral: the UBL reader fills it today; a CII reader can fill the same shape.
 */
export interface Field {
  /** The value with whitespace normalised (XPath's normalize-space()). */
  readonly text: string;
  /** The value as written (XPath's string()), where the reader kept it. */
  readonly raw?: string;
  readonly path: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface Group {
  readonly path: string;
}

export interface Address extends Group {
  readonly country?: Field;
  readonly street?: Field;
  readonly city?: Field;
  readonly postalZone?: Field;
  /** BT-162, BT-163, BT-164 and their counterparts: the free address lines (cac:AddressLine/cbc:Line). */
  readonly addressLines?: readonly Field[];
  /** The country subdivision (BT-39, BT-54, BT-68, BT-79). */
  readonly countrySubentity?: Field;
}

export interface TaxScheme extends Group {
  readonly companyId?: Field;
  readonly schemeId?: Field;
}

export interface Party extends Group {
  readonly endpoint?: Field;
  readonly identifiers: readonly Field[];
  readonly name?: Field;
  readonly legalName?: Field;
  readonly legalId?: Field;
  /** BT-33, the seller additional legal information (cbc:CompanyLegalForm). */
  readonly legalForm?: Field;
  readonly address?: Address;
  readonly taxSchemes: readonly TaxScheme[];
  /** Company ids of tax schemes whose scheme id is VAT (BT-31, BT-48, BT-63). */
  readonly vatIds: readonly Field[];
  /** Company ids of the other tax schemes (BT-32). */
  readonly taxRegistrationIds: readonly Field[];
}

export interface Period extends Group {
  readonly start?: Field;
  readonly end?: Field;
  readonly descriptionCode?: Field;
}

export interface VatCategory extends Group {
  readonly id?: Field;
  readonly percent?: Field;
  readonly exemptionReason?: Field;
  readonly exemptionReasonCode?: Field;
  readonly schemeId?: Field;
}

export interface AllowanceCharge extends Group {
  readonly isCharge: boolean;
  /** The charge indicator as written (`true`/`false`), for the checks on its lexical form. */
  readonly chargeIndicator?: Field;
  readonly percent?: Field;
  readonly amount?: Field;
  readonly baseAmount?: Field;
  readonly reason?: Field;
  readonly reasonCode?: Field;
  readonly category?: VatCategory;
}

export interface VatBreakdown extends Group {
  readonly taxableAmount?: Field;
  readonly taxAmount?: Field;
  readonly category?: VatCategory;
}

export interface TaxTotal extends Group {
  readonly taxAmount?: Field;
  readonly subtotals: readonly VatBreakdown[];
}

export interface Totals extends Group {
  readonly lineExtension?: Field;
  readonly taxExclusive?: Field;
  readonly taxInclusive?: Field;
  readonly allowanceTotal?: Field;
  readonly chargeTotal?: Field;
  readonly prepaid?: Field;
  readonly rounding?: Field;
  readonly payable?: Field;
}

export interface PaymentMeans extends Group {
  readonly code?: Field;
  readonly paymentIds: readonly Field[];
  /** The payee accounts with BT-84, BT-85 (the account name) and BT-86 (the payment service provider). */
  readonly accounts: readonly (Group & { readonly id?: Field; readonly name?: Field; readonly branchId?: Field })[];
  readonly cardNumber?: Field;
  readonly dueDate?: Field;
  /** BT-89, the direct debit mandate reference. */
  readonly mandateId?: Field;
}

export interface ItemAttribute extends Group {
  readonly name?: Field;
  readonly value?: Field;
}

export interface Item extends Group {
  readonly name?: Field;
  readonly standardIds: readonly Field[];
  readonly classifications: readonly Field[];
  readonly originCountry?: Field;
  readonly category?: VatCategory;
  readonly attributes: readonly ItemAttribute[];
}

export interface Price extends Group {
  readonly amount?: Field;
  readonly baseQuantity?: Field;
  /** BT-148, the item gross price. */
  readonly grossAmount?: Field;
  /** The price level allowance: its charge indicator as written and BT-147, the price discount. */
  readonly allowanceIndicator?: Field;
  readonly allowanceAmount?: Field;
}

export interface Line extends Group {
  readonly id?: Field;
  readonly quantity?: Field;
  readonly netAmount?: Field;
  readonly periods: readonly Period[];
  readonly objectIds: readonly Field[];
  /** Every line document reference, whatever its type code (BT-128 when it is 130). */
  readonly documentReferences: readonly DocumentReference[];
  /** BT-132, the referenced purchase order line. */
  readonly orderLineReference?: Field;
  readonly allowanceCharges: readonly AllowanceCharge[];
  readonly item?: Item;
  readonly price?: Price;
}

export interface Delivery extends Group {
  readonly date?: Field;
  readonly locationIds: readonly Field[];
  readonly address?: Address;
}

export interface DocumentReference extends Group {
  readonly id?: Field;
  /** The identification scheme of an invoiced object identifier (BT-18-1, BT-128-1). */
  readonly schemeId?: Field;
  readonly typeCode?: Field;
  readonly binaries: readonly Field[];
  /** BT-26, the issue date of a preceding invoice. */
  readonly issueDate?: Field;
}

export interface InvoiceModel extends Group {
  readonly syntax: 'ubl' | 'cii';
  readonly kind: 'invoice' | 'credit-note';
  readonly customizationId?: Field;
  /** BT-23, the business process. */
  readonly profileId?: Field;
  readonly id?: Field;
  readonly issueDate?: Field;
  readonly dueDate?: Field;
  readonly typeCode?: Field;
  readonly currency?: Field;
  readonly taxCurrency?: Field;
  readonly taxPointDate?: Field;
  readonly paymentTerms: readonly Field[];
  /** BT-22, the invoice notes. */
  readonly notes: readonly Field[];
  /** BT-10, the buyer reference; BT-13, the purchase order reference; BT-11, the project references. */
  readonly buyerReference?: Field;
  readonly orderReference?: Field;
  readonly projectReferences: readonly Field[];
  readonly periods: readonly Period[];
  readonly precedingInvoices: readonly DocumentReference[];
  readonly additionalDocuments: readonly DocumentReference[];
  readonly seller?: Party;
  readonly buyer?: Party;
  readonly payee?: Party;
  readonly taxRepresentative?: Party;
  readonly deliveries: readonly Delivery[];
  readonly paymentMeans: readonly PaymentMeans[];
  readonly allowanceCharges: readonly AllowanceCharge[];
  readonly taxTotals: readonly TaxTotal[];
  readonly totals?: Totals;
  readonly lines: readonly Line[];
  /** Every element carrying a currencyID attribute (monetary amounts). */
  readonly amounts: readonly Field[];
  /** Every address country code (BT-40, BT-55, BT-69, BT-80). */
  readonly countries: readonly Field[];
  /** Every item country of origin (BT-159). */
  readonly originCountries: readonly Field[];
  /** Every amount element outside the item price, whatever its attributes (UBL-DT-01). */
  readonly plainAmounts: readonly Field[];
  /** Every TaxCategory and ClassifiedTaxCategory code, wherever it sits (BR-CL-17, BR-CL-18). */
  readonly taxCategoryIds: readonly Field[];
  readonly classifiedTaxCategoryIds: readonly Field[];
  /** Every embedded binary object. */
  readonly binaries: readonly Field[];
  /** Every element with a schemeID attribute (identifiers whose scheme decides their format). */
  readonly schemedIds: readonly Field[];
  /** Every element with a listID attribute (BR-CL-13). */
  readonly listedCodes: readonly Field[];
  /** Every quantity with a unitCode attribute (BR-CL-23). */
  readonly quantities: readonly Field[];
  /** Paths of elements with neither text nor child elements (PEPPOL-EN16931-R008). */
  readonly emptyElements: readonly string[];
  /** The document element as read, for the rules that are location paths over the document (UBL-CR-*). */
  readonly tree?: XmlElement;
}

export type Flag = 'fatal' | 'error' | 'warning';

export interface Finding {
  readonly id: string;
  readonly flag: Flag;
  /** An XPath-like path to the element the finding is about. */
  readonly location: string;
  readonly text: string;
}

export interface ValidationReport {
  readonly valid: boolean;
  readonly findings: readonly Finding[];
  /** The rule release the document was validated against (`RuleRelease.id`). */
  readonly release?: string;
}

/** A rule: reads the model, reports through `report`. */
export interface Rule {
  readonly id: string;
  readonly flag: Flag;
  readonly text: string;
  readonly check: (model: InvoiceModel, report: (location: string) => void) => void;
}
