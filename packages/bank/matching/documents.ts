import { formatCents } from '#packages/kernel';
import type { BankLine } from '../model.js';
import { daysBetween } from './loans.js';
import type { Candidate, Evidence, UnpaidDocument } from './model.js';
import { compactIban } from './relations.js';
import { canonicalName, nameContainment, nameSimilarity, plainText } from './text.js';

/** How well a line's counterparty or card description names the document's supplier, 0..1. */
function supplierScore(line: BankLine, document: UnpaidDocument): number {
  const iban = line.counterpartyIban && compactIban(line.counterpartyIban);
  if (iban && document.supplierIban && compactIban(document.supplierIban) === iban) return 1;
  const supplier = document.supplierName;
  if (!supplier) return 0;
  const text = [line.counterpartyName, line.remittance].filter(Boolean).join(' ');
  if (!text) return 0;
  const similarity = line.counterpartyName ? nameSimilarity(line.counterpartyName, supplier) : 0;
  // A card line names the brand: `CCV*SHELL 1234 ZAANDAM` for Shell Nederland Verkoopmaatschappij.
  const brand = canonicalName(supplier).split(' ')[0] ?? '';
  const words = plainText(text).split(' ');
  const brandSeen = brand.length >= 3 && words.includes(brand) ? 0.9 : 0;
  return Math.max(similarity, nameContainment(supplier, text), brandSeen);
}

/**
 * Priority 5: a receipt or purchase document this debit line paid: the exact amount, a date
 * from `windowDays` before to 3 days after the booking date, and the supplier's name or IBAN.
 */
export function matchDocument(
  line: BankLine,
  documents: readonly UnpaidDocument[],
  windowDays: number,
  used: ReadonlySet<string>,
): Candidate | undefined {
  if (line.amount >= 0) return undefined;
  const paid = -line.amount;
  const options = documents
    .filter((d) => d.amount === paid && !used.has(d.id))
    .map((d) => ({ document: d, days: daysBetween(d.date, line.bookingDate), score: supplierScore(line, d) }))
    .filter((o) => o.days >= -3 && o.days <= windowDays)
    .sort((a, b) => b.score - a.score || Math.abs(a.days) - Math.abs(b.days));
  const best = options[0];
  if (!best) return undefined;
  const rivals = options.slice(1).filter((o) => o.score >= best.score - 0.3);
  const { document, days, score } = best;
  let confidence = score >= 0.85 ? 0.965 : score >= 0.6 ? 0.9 : 0.75;
  const evidence: Evidence[] = [
    {
      kind: 'document',
      score: 0.8,
      detail: `${document.kind === 'purchase-invoice' ? 'Purchase invoice' : 'Receipt'} ${document.id} of €${formatCents(paid)}${document.supplierName ? ` from ${document.supplierName}` : ''} is unpaid.`,
    },
    {
      kind: 'date',
      score: days <= 3 ? 0.9 : 0.6,
      detail: `It is dated ${document.date}, ${Math.abs(days)} day(s) ${days >= 0 ? 'before' : 'after'} the line.`,
    },
  ];
  if (score > 0) {
    evidence.push({
      kind: 'name',
      score,
      detail: `The line's counterparty matches the supplier (${Math.round(score * 100)} %).`,
    });
  }
  if (rivals.length > 0) {
    confidence = Math.min(confidence, 0.6);
    evidence.push({
      kind: 'ambiguity',
      score: 0.3,
      detail: `${rivals.length + 1} unpaid documents have this amount and date range.`,
    });
  }
  return {
    matcher: 'document',
    kind: 'document',
    confidence,
    summary: `Paid ${document.kind === 'purchase-invoice' ? 'purchase invoice' : 'receipt'} ${document.id}.`,
    evidence,
    documentId: document.id,
  };
}
