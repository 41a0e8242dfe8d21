import { parseBelgianStructuredReference, parseCreditorReference, parseDutchPaymentReference } from '#packages/kernel';
import type { Remittance } from './sepa/pain001.js';
import { sepaLimits } from './sepa/pain001.js';

/**
 * The structured creditor reference a supplier printed, as SEPA carries it (SCOR): an RF
 * reference (issuer `ISO`), a Belgian structured communication (`BBA`, its 12 digits) or, for a
 * Dutch account, a betalingskenmerk (`CUR`). `undefined` when the reference is none of these
 * (or its check digits are wrong): then it is text, not a reference.
 */
export function structuredReference(
  paymentReference: string | undefined,
  creditorIban: string,
): Extract<Remittance, { kind: 'structured' }> | undefined {
  if (!paymentReference) return undefined;
  const rf = parseCreditorReference(paymentReference);
  if (rf) return { kind: 'structured', reference: rf, issuer: 'ISO' };
  const ogm = parseBelgianStructuredReference(paymentReference);
  if (ogm) return { kind: 'structured', reference: ogm, issuer: 'BBA' };
  // Seven digits carry no check digit: only a Dutch account makes them a betalingskenmerk.
  const dutch = creditorIban.startsWith('NL') ? parseDutchPaymentReference(paymentReference) : undefined;
  if (dutch) return { kind: 'structured', reference: dutch, issuer: 'CUR' };
  return undefined;
}

export interface RemittedItem {
  readonly kind: 'invoice' | 'credit-note';
  readonly invoiceNumber: string;
  readonly paymentReference?: string | undefined;
  /** Less than what was outstanding: a part payment. */
  readonly partial: boolean;
}

/**
 * What the supplier reads on its statement for one transfer. One invoice with a structured
 * reference pays by that reference (also in part: the supplier matches on it); otherwise the
 * invoice numbers, credit notes after them, in at most 140 characters.
 */
export function remittanceFor(items: readonly RemittedItem[], creditorIban: string): Remittance {
  const invoices = items.filter((i) => i.kind === 'invoice');
  const credits = items.filter((i) => i.kind === 'credit-note');
  const only = invoices[0];
  if (invoices.length === 1 && credits.length === 0 && only) {
    const structured = structuredReference(only.paymentReference, creditorIban);
    if (structured) return structured;
  }
  const numbers = (list: readonly RemittedItem[]) =>
    list.map((i) => `${i.invoiceNumber}${i.partial ? ' (deel)' : ''}`).join(', ');
  const parts = [
    invoices.length > 0 ? `${invoices.length === 1 ? 'Factuur' : 'Facturen'} ${numbers(invoices)}` : '',
    credits.length > 0 ? `${credits.length === 1 ? 'creditnota' : "creditnota's"} ${numbers(credits)}` : '',
  ].filter((p) => p !== '');
  const text = parts.join(' - ');
  return {
    kind: 'unstructured',
    text: text.length <= sepaLimits.unstructured ? text : `${text.slice(0, sepaLimits.unstructured - 3)}...`,
  };
}
