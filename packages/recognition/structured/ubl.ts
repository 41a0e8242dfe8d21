import { documentTypeOf, type FieldReader, type StructuredFields } from './values.js';
import { childrenNamed, firstAt, firstText, textAt, type XmlElement } from './xml.js';

type Lines = StructuredFields['lines'];
type VatBreakdown = StructuredFields['vatBreakdown'];

/**
 * Reads a UBL 2.1 Invoice or CreditNote (Peppol BIS Billing 3.0, NLCIUS, UBL.BE, XRechnung UBL).
 * Elements are matched by local name, so any namespace prefix works.
 */
export function readUbl(root: XmlElement, read: FieldReader): StructuredFields {
  const isCreditNote = root.name === 'CreditNote';
  const currency = textAt(root, 'DocumentCurrencyCode');
  const taxTotal = documentTaxTotal(root, currency);
  const paymentMeans = childrenNamed(root, 'PaymentMeans');
  const totals = firstAt(root, 'LegalMonetaryTotal');
  const customer = party(firstAt(root, 'AccountingCustomerParty', 'Party'), read);
  return {
    documentType: documentTypeOf(isCreditNote, textAt(root, isCreditNote ? 'CreditNoteTypeCode' : 'InvoiceTypeCode')),
    supplier: {
      ...party(firstAt(root, 'AccountingSupplierParty', 'Party'), read),
      iban: read.text(firstText(paymentMeans, 'PayeeFinancialAccount', 'ID')),
    },
    customer: { name: customer.name, vatNumber: customer.vatNumber },
    invoiceNumber: read.text(textAt(root, 'ID')),
    invoiceDate: read.date('invoiceDate', textAt(root, 'IssueDate')),
    dueDate: read.date('dueDate', dueDate(root, paymentMeans)),
    currency: read.text(currency),
    paymentReference: read.text(firstText(paymentMeans, 'PaymentID')),
    totals: {
      net: read.amount('totals.net', textAt(totals, 'TaxExclusiveAmount')),
      vat: read.amount('totals.vat', textAt(taxTotal, 'TaxAmount')),
      gross: read.amount('totals.gross', textAt(totals, 'TaxInclusiveAmount')),
    },
    vatBreakdown: vatBreakdown(taxTotal, read),
    lines: lines(root, isCreditNote, read),
  };
}

function party(element: XmlElement | undefined, read: FieldReader) {
  const vatScheme =
    childrenNamed(element, 'PartyTaxScheme').find((scheme) => textAt(scheme, 'TaxScheme', 'ID') === 'VAT') ??
    firstAt(element, 'PartyTaxScheme');
  return {
    name: read.text(textAt(element, 'PartyName', 'Name') ?? textAt(element, 'PartyLegalEntity', 'RegistrationName')),
    vatNumber: read.text(textAt(vatScheme, 'CompanyID')),
    companyNumber: read.text(textAt(element, 'PartyLegalEntity', 'CompanyID')),
    countryCode: read.text(textAt(element, 'PostalAddress', 'Country', 'IdentificationCode')),
  };
}

// A credit note has no header DueDate in UBL 2.1; Peppol BIS puts it on the payment means.
function dueDate(root: XmlElement, paymentMeans: readonly XmlElement[]): string | undefined {
  return (
    textAt(root, 'DueDate') ??
    firstText(paymentMeans, 'PaymentDueDate') ??
    firstText(childrenNamed(root, 'PaymentTerms'), 'PaymentDueDate')
  );
}

// With a separate tax currency there are two TaxTotals; only the one in the document currency
// matches the monetary totals and carries the subtotals.
function documentTaxTotal(root: XmlElement, currency: string | undefined): XmlElement | undefined {
  const taxTotals = childrenNamed(root, 'TaxTotal');
  return (
    taxTotals.find((total) => firstAt(total, 'TaxAmount')?.attributes.currencyID === currency) ??
    taxTotals.find((total) => firstAt(total, 'TaxSubtotal') !== undefined) ??
    taxTotals[0]
  );
}

function vatBreakdown(taxTotal: XmlElement | undefined, read: FieldReader): VatBreakdown {
  return childrenNamed(taxTotal, 'TaxSubtotal').map((subtotal, index) => {
    const field = `vatBreakdown.${index}`;
    const percent = textAt(subtotal, 'TaxCategory', 'Percent') ?? textAt(subtotal, 'Percent');
    return {
      rateBasisPoints: read.rate(`${field}.rate`, percent) ?? 0,
      base: read.lineAmount(`${field}.base`, textAt(subtotal, 'TaxableAmount')) ?? 0,
      vat: read.lineAmount(`${field}.vat`, textAt(subtotal, 'TaxAmount')) ?? 0,
      category: textAt(subtotal, 'TaxCategory', 'ID'),
    };
  });
}

function lines(root: XmlElement, isCreditNote: boolean, read: FieldReader): Lines {
  const [lineName, quantityName] = isCreditNote
    ? ['CreditNoteLine', 'CreditedQuantity']
    : ['InvoiceLine', 'InvoicedQuantity'];
  return childrenNamed(root, lineName).map((line, index) => {
    const field = `lines.${index}`;
    return {
      description: textAt(line, 'Item', 'Name') ?? textAt(line, 'Item', 'Description') ?? '',
      quantity: textAt(line, quantityName),
      unitPrice: read.lineAmount(`${field}.unitPrice`, textAt(line, 'Price', 'PriceAmount')),
      net: read.lineAmount(`${field}.net`, textAt(line, 'LineExtensionAmount')),
      vatRateBasisPoints: read.rate(`${field}.vatRate`, textAt(line, 'Item', 'ClassifiedTaxCategory', 'Percent')),
    };
  });
}
