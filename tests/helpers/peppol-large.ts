import { generateInvoiceSpec, type InvoiceSpec } from './invoices/index.ts';

/** A valid Dutch invoice with exactly `lines` lines (deterministic by seed). */
export function invoiceWithLines(seed: number, lines: number, overrides: Partial<InvoiceSpec> = {}): InvoiceSpec {
  for (let s = seed; ; s++) {
    const spec = generateInvoiceSpec(s, { country: 'NL', documentType: 'invoice', minLines: lines, maxLines: lines });
    if (spec.customer.country !== 'NL' || spec.supplier.country !== 'NL') continue;
    return { ...spec, ...overrides };
  }
}

/**
 * Breaks every invoice line of a rendered invoice (or its SBDH) once: the item name (BT-153)
 * is dropped, so each line raises BR-25 and the totals still agree.
 */
export const withoutItemNames = (xml: string): string =>
  xml.replace(/(<cac:Item>\s*)<cbc:Name>[^<]*<\/cbc:Name>\s*/g, '$1');
