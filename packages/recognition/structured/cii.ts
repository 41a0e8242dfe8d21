import { documentTypeOf, type FieldReader, type StructuredFields } from './values.js';
import { childrenNamed, firstAt, firstText, textAt, type XmlElement } from './xml.js';

type Lines = StructuredFields['lines'];
type VatBreakdown = StructuredFields['vatBreakdown'];

/**
 * Reads a UN/CEFACT Cross Industry Invoice (D16B, as used by Factur-X/ZUGFeRD 2 and XRechnung
 * CII). Elements are matched by local name, so any namespace prefix works.
 */
export function readCii(root: XmlElement, read: FieldReader): StructuredFields {
  const header = firstAt(root, 'ExchangedDocument');
  const transaction = firstAt(root, 'SupplyChainTradeTransaction');
  const agreement = firstAt(transaction, 'ApplicableHeaderTradeAgreement');
  const settlement = firstAt(transaction, 'ApplicableHeaderTradeSettlement');
  const currency = textAt(settlement, 'InvoiceCurrencyCode');
  const summation = firstAt(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const customer = party(firstAt(agreement, 'BuyerTradeParty'), read);
  return {
    documentType: documentTypeOf(false, textAt(header, 'TypeCode')),
    supplier: {
      ...party(firstAt(agreement, 'SellerTradeParty'), read),
      iban: read.text(
        firstText(
          childrenNamed(settlement, 'SpecifiedTradeSettlementPaymentMeans'),
          'PayeePartyCreditorFinancialAccount',
          'IBANID',
        ),
      ),
    },
    customer: { name: customer.name, vatNumber: customer.vatNumber },
    invoiceNumber: read.text(textAt(header, 'ID')),
    invoiceDate: read.date('invoiceDate', textAt(header, 'IssueDateTime', 'DateTimeString')),
    dueDate: read.date(
      'dueDate',
      firstText(childrenNamed(settlement, 'SpecifiedTradePaymentTerms'), 'DueDateDateTime', 'DateTimeString'),
    ),
    currency: read.text(currency),
    paymentReference: read.text(textAt(settlement, 'PaymentReference')),
    totals: {
      net: read.amount('totals.net', textAt(summation, 'TaxBasisTotalAmount')),
      vat: read.amount('totals.vat', documentTaxTotal(summation, currency)),
      gross: read.amount('totals.gross', textAt(summation, 'GrandTotalAmount')),
    },
    vatBreakdown: vatBreakdown(settlement, read),
    lines: lines(transaction, read),
  };
}

function party(element: XmlElement | undefined, read: FieldReader) {
  const registrations = childrenNamed(element, 'SpecifiedTaxRegistration');
  // schemeID VA is the VAT number; FC is a national tax number, not usable for VAT matching.
  const vat = registrations.find((registration) => firstAt(registration, 'ID')?.attributes.schemeID === 'VA');
  return {
    name: read.text(textAt(element, 'Name')),
    vatNumber: read.text(textAt(vat, 'ID')),
    companyNumber: read.text(textAt(element, 'SpecifiedLegalOrganization', 'ID')),
    countryCode: read.text(textAt(element, 'PostalTradeAddress', 'CountryID')),
  };
}

// A second TaxTotalAmount may state the VAT in the tax currency; the document currency one
// is the one that adds up with the other totals.
function documentTaxTotal(summation: XmlElement | undefined, currency: string | undefined): string | undefined {
  const amounts = childrenNamed(summation, 'TaxTotalAmount');
  const inCurrency = amounts.find((amount) => amount.attributes.currencyID === currency) ?? amounts[0];
  return inCurrency?.text || undefined;
}

function vatBreakdown(settlement: XmlElement | undefined, read: FieldReader): VatBreakdown {
  return childrenNamed(settlement, 'ApplicableTradeTax').map((tax, index) => {
    const field = `vatBreakdown.${index}`;
    return {
      rateBasisPoints: read.rate(`${field}.rate`, textAt(tax, 'RateApplicablePercent')) ?? 0,
      base: read.lineAmount(`${field}.base`, textAt(tax, 'BasisAmount')) ?? 0,
      vat: read.lineAmount(`${field}.vat`, textAt(tax, 'CalculatedAmount')) ?? 0,
      category: textAt(tax, 'CategoryCode'),
    };
  });
}

function lines(transaction: XmlElement | undefined, read: FieldReader): Lines {
  return childrenNamed(transaction, 'IncludedSupplyChainTradeLineItem').map((line, index) => {
    const field = `lines.${index}`;
    const settlement = firstAt(line, 'SpecifiedLineTradeSettlement');
    return {
      description:
        textAt(line, 'SpecifiedTradeProduct', 'Name') ?? textAt(line, 'SpecifiedTradeProduct', 'Description') ?? '',
      quantity: textAt(line, 'SpecifiedLineTradeDelivery', 'BilledQuantity'),
      unitPrice: read.lineAmount(
        `${field}.unitPrice`,
        textAt(line, 'SpecifiedLineTradeAgreement', 'NetPriceProductTradePrice', 'ChargeAmount'),
      ),
      net: read.lineAmount(
        `${field}.net`,
        textAt(settlement, 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount'),
      ),
      vatRateBasisPoints: read.rate(
        `${field}.vatRate`,
        textAt(settlement, 'ApplicableTradeTax', 'RateApplicablePercent'),
      ),
    };
  });
}
