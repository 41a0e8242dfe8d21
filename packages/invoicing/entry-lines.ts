import type { Cents } from '#packages/kernel';
import type { EntryLine } from '#packages/ledger';
import type { InvoiceLine, InvoiceSide, InvoiceTotals, OpenItemSide, VatBreakdown } from './model.js';

/** The GL accounts an invoice posts to besides its lines. */
export interface InvoiceAccounts {
  /** Receivables (sales) or payables (purchases). */
  readonly counter: string;
  /** VAT payable (sales) or VAT receivable (purchases). */
  readonly vat: string;
  /** Where self-assessed VAT is owed (`vat-reverse-charge-payable`). */
  readonly reverseCharge: string;
}

export interface InvoiceForPosting {
  readonly side: InvoiceSide;
  readonly relationId: string;
  readonly lines: readonly InvoiceLine[];
  readonly vat: readonly VatBreakdown[];
  readonly totals: InvoiceTotals;
}

/**
 * The entry lines of an invoice (amounts already signed: negative on credit notes).
 * Sales: Dr receivables gross; Cr revenue per line (VAT base); Cr VAT payable per code (VAT).
 * Purchases: Dr expense per line (VAT base); Dr VAT receivable per code (VAT); Cr payables gross.
 * Self-assessed purchase VAT: Dr VAT receivable (attributed to the code, part `vat`) and Cr the
 * reverse-charge account for the same amount, unattributed, so the code's VAT total holds the
 * VAT once and the VAT return puts it in both its `vat` and `deductible` boxes.
 * Lines of zero are left out (the ledger takes none).
 */
export function invoiceEntryLines(invoice: InvoiceForPosting, accounts: InvoiceAccounts, text: string): EntryLine[] {
  const d = invoice.side === 'sales' ? -1 : 1;
  const out: EntryLine[] = [
    {
      accountCode: accounts.counter,
      amount: -d * invoice.totals.gross,
      relationId: invoice.relationId,
      description: text,
    },
  ];
  for (const line of invoice.lines) {
    out.push({
      accountCode: line.glAccount,
      amount: d * line.net,
      description: line.description.slice(0, 500),
      vat: { code: line.vatCode, part: 'base' },
      ...(line.costCentre ? { costCentre: line.costCentre } : {}),
      relationId: invoice.relationId,
    });
  }
  for (const v of invoice.vat) {
    out.push({ accountCode: accounts.vat, amount: d * v.vat, vat: { code: v.code, part: 'vat' }, description: text });
    if (v.selfAssessed) out.push({ accountCode: accounts.reverseCharge, amount: -v.vat, description: text });
  }
  return out.filter((l) => l.amount !== 0);
}

/**
 * A payment of `applied` cents (signed like the open item) through the bank account:
 * receivable Dr bank / Cr receivables; payable Dr payables / Cr bank.
 */
export function paymentEntryLines(
  side: OpenItemSide,
  applied: Cents,
  accounts: { bank: string; counter: string },
  relationId: string,
  text: string,
): EntryLine[] {
  const s = side === 'receivable' ? 1 : -1;
  return [
    { accountCode: accounts.bank, amount: s * applied, description: text },
    { accountCode: accounts.counter, amount: -s * applied, relationId, description: text },
  ];
}
