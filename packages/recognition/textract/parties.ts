import type { RecognitionResult } from '../model.js';
import { type Confident, cleanText, type FieldReading, mostConfident, ofType, plain } from './fields.js';
import {
  findCompanyNumber,
  findIbans,
  findStructuredReference,
  findVatNumbers,
  vatNumberFromField,
} from './identifiers.js';

type Issues = RecognitionResult['issues'];

const attention = /^(attn|t\.?a\.?v|a l'attention|à l'attention|z\.?\s?hd|c\/o)\b/i;
const customerLabel = /\b(uw|votre|vos|client|klant|customer|kunde|ihre|afnemer|acheteur)\b/i;
const countryNames: readonly (readonly [string, RegExp])[] = [
  ['NL', /\b(nederland|netherlands|the netherlands|pays-bas|niederlande)\b/i],
  ['BE', /\b(belgi[eë]|belgique|belgium|belgien)\b/i],
  ['DE', /\b(deutschland|germany|duitsland|allemagne)\b/i],
  ['FR', /\b(france|frankrijk|frankreich)\b/i],
  ['LU', /\b(luxembourg|luxemburg)\b/i],
];

/** Whether a reading describes the customer (receiver) rather than the supplier (vendor). */
export function isCustomerSide(reading: FieldReading): boolean {
  return (
    reading.type.startsWith('RECEIVER_') || reading.groups.includes('RECEIVER') || customerLabel.test(reading.label)
  );
}

const textOf = (r: FieldReading) => `${r.label} ${r.value}`;

/** Supplier and customer as the document names them, with identifiers checked by the kernel. */
export function readParties(
  readings: readonly FieldReading[],
  issues: Issues,
): Pick<RecognitionResult, 'supplier' | 'customer' | 'paymentReference'> {
  const customerVat = mostConfident(readings.filter(isCustomerSide), (r) => findVatNumbers(textOf(r))[0]);
  const supplierVat = readSupplierVat(readings, customerVat?.value, issues);
  const supplierSide = readings.filter((r) => !isCustomerSide(r));
  const iban = mostConfident(supplierSide, (r) => findIbans(textOf(r))[0]);
  const companyNumber =
    plain(mostConfident(supplierSide, (r) => findCompanyNumber(textOf(r)))) ?? belgianCompanyNumber(supplierVat);
  const countryCode = countryFromVat(supplierVat) ?? countryFromAddress(readings);
  return {
    supplier: {
      name: plain(mostConfident(readings.filter(isVendorName), (r) => cleanText(r.value))),
      vatNumber: plain(supplierVat),
      companyNumber,
      iban: plain(iban),
      countryCode,
    },
    customer: {
      name: plain(mostConfident(readings.filter(isReceiverName), (r) => cleanText(r.value))),
      vatNumber: plain(customerVat),
    },
    paymentReference: plain(mostConfident(readings, (r) => findStructuredReference(textOf(r)))),
  };
}

function isVendorName(r: FieldReading): boolean {
  return r.type === 'VENDOR_NAME' || (r.type === 'NAME' && r.groups.includes('VENDOR'));
}

// A name labelled "Attn:" is the contact person, not the customer.
function isReceiverName(r: FieldReading): boolean {
  const named = r.type === 'RECEIVER_NAME' || (r.type === 'NAME' && r.groups.includes('RECEIVER'));
  return named && !attention.test(r.label);
}

function readSupplierVat(
  readings: readonly FieldReading[],
  customerVat: string | undefined,
  issues: Issues,
): Confident<string> | undefined {
  const labelled = ofType(readings, 'VENDOR_VAT_NUMBER', 'TAX_PAYER_ID');
  const found =
    mostConfident(labelled, (r) => vatNumberFromField(r.value)) ??
    mostConfident(
      readings.filter((r) => !isCustomerSide(r)),
      (r) => findVatNumbers(textOf(r)).find((vat) => vat !== customerVat),
    );
  const unreadable = labelled[0];
  if (!found && unreadable) {
    issues.push({
      field: 'supplier.vatNumber',
      message: `'${unreadable.value}' is not a valid Dutch or Belgian VAT number`,
    });
  }
  return found;
}

function belgianCompanyNumber(vat: Confident<string> | undefined): Confident<string> | undefined {
  return vat?.value.startsWith('BE') ? { value: vat.value.slice(2), confidence: vat.confidence } : undefined;
}

function countryFromVat(vat: Confident<string> | undefined): Confident<string> | undefined {
  return vat && { value: vat.value.slice(0, 2), confidence: vat.confidence };
}

function countryFromAddress(readings: readonly FieldReading[]): Confident<string> | undefined {
  const vendorAddress = readings.filter(
    (r) => r.type === 'VENDOR_ADDRESS' || (r.groups.includes('VENDOR') && ['ADDRESS', 'COUNTRY'].includes(r.type)),
  );
  return plain(mostConfident(vendorAddress, (r) => countryNames.find(([, name]) => name.test(r.value))?.[0]));
}
