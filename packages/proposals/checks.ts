import { isSelfAssessed } from '#packages/invoicing';
import { type Cents, type Country, formatCents, vatOf } from '#packages/kernel';
import type { Account } from '#packages/ledger';
import type { BookingProposal, ProposalIssue, ProposalLine } from './model.js';
import { isBookable, vatCodeOf } from './suggest.js';

/**
 * The proposal's own checks: what must be right before it can be posted (blocking) and what
 * an accountant should look at. Pure; the services run them on creation, edit and acceptance.
 */

const issue = (field: string, message: string, blocking: boolean): ProposalIssue => ({
  field,
  message,
  source: 'check',
  blocking,
});

/** Below this a recognised header field is flagged for a look. */
export const LOW_CONFIDENCE = 0.6;

/**
 * Header fields read with low confidence, to be looked at. They are reading notes (source
 * `recognition`): editing the field settles them.
 */
export function lowConfidenceIssues(confidences: Readonly<Record<string, number | undefined>>): ProposalIssue[] {
  return Object.entries(confidences)
    .filter(([, value]) => value !== undefined && value < LOW_CONFIDENCE)
    .map(([field, value]) => ({
      field,
      message: `Read with low confidence (${Math.round((value ?? 0) * 100)} %); check it.`,
      source: 'recognition' as const,
      blocking: false,
    }));
}

/** VAT of one code: as the proposal's lines carry it (the document's) and as the books compute it. */
export interface VatByCode {
  readonly vatCode: string;
  readonly net: Cents;
  readonly documentVat: Cents;
  /** EN 16931: the code's rate on the sum of its nets; zero for self-assessed codes (not charged). */
  readonly booksVat: Cents;
  /** Line-by-line rounding on the document can differ by up to half a cent a line. */
  readonly tolerance: Cents;
}

export function vatByCode(
  lines: readonly Pick<ProposalLine, 'vatCode' | 'net' | 'vat' | 'sourceLineIndexes'>[],
  country: Country,
  side: BookingProposal['side'],
): VatByCode[] {
  const byCode = new Map<string, { net: Cents; vat: Cents; sources: number; lines: number }>();
  for (const line of lines) {
    if (!line.vatCode) continue;
    const entry = byCode.get(line.vatCode) ?? { net: 0, vat: 0, sources: 0, lines: 0 };
    entry.net += line.net;
    entry.vat += line.vat;
    entry.sources += line.sourceLineIndexes.length;
    entry.lines += 1;
    byCode.set(line.vatCode, entry);
  }
  return [...byCode].map(([code, e]) => {
    const vatCode = vatCodeOf(country, side, code);
    const booksVat = !vatCode || isSelfAssessed(vatCode) ? 0 : vatOf(e.net, vatCode.rateBasisPoints);
    return {
      vatCode: code,
      net: e.net,
      documentVat: e.vat,
      booksVat,
      tolerance: Math.max(1, Math.ceil(Math.max(e.sources, e.lines) / 2)),
    };
  });
}

/**
 * What the proposal's state does not allow or should make someone look: the relation, the
 * header, each line's account and VAT code, lines against the document's totals, and VAT per
 * code against what the books compute (beyond rounding).
 */
export function proposalIssues(
  p: Pick<BookingProposal, 'side' | 'relation' | 'header' | 'totals' | 'lines'>,
  ctx: { readonly country: Country; readonly accounts: ReadonlyMap<string, Account> },
): ProposalIssue[] {
  const issues: ProposalIssue[] = [];
  const who = p.side === 'sales' ? 'customer' : 'supplier';
  if (!p.relation.relationId && !p.relation.proposedRelation?.name) {
    issues.push(issue('relation', `No ${who} name or identifier was read; choose a relation.`, true));
  }
  const h = p.header;
  if (p.side === 'purchase' && !h.invoiceNumber) {
    issues.push(issue('header.invoiceNumber', 'No invoice number was read.', true));
  } else if (h.invoiceNumber && h.invoiceNumber.length > 40) {
    issues.push(issue('header.invoiceNumber', 'The invoice number is longer than 40 characters.', true));
  }
  if (!h.invoiceDate) issues.push(issue('header.invoiceDate', 'No invoice date was read.', true));
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(h.invoiceDate)) issues.push(issue('header.invoiceDate', 'Not a date.', true));
  if (h.dueDate && h.invoiceDate && h.dueDate < h.invoiceDate) {
    issues.push(issue('header.dueDate', 'The due date is before the invoice date.', true));
  }
  if (h.currency !== 'EUR') {
    issues.push(issue('header.currency', `The document is in ${h.currency}; only EUR can be booked.`, true));
  }
  if (h.paymentReference && h.paymentReference.length > 40) {
    issues.push(issue('header.paymentReference', 'The payment reference is longer than 40 characters.', true));
  }

  if (p.lines.length === 0) issues.push(issue('lines', 'The proposal has no lines.', true));
  p.lines.forEach((line, i) => {
    if (!isBookable(ctx.accounts, line.glAccount)) {
      const account = ctx.accounts.get(line.glAccount);
      const why = !account
        ? 'is not in the chart'
        : account.status !== 'active'
          ? 'is blocked'
          : `is the ${account.role} account`;
      issues.push(issue(`lines.${i}.glAccount`, `Account ${line.glAccount} ${why}.`, true));
    }
    const code = vatCodeOf(ctx.country, p.side, line.vatCode);
    if (!line.vatCode) issues.push(issue(`lines.${i}.vatCode`, 'Choose a VAT code.', true));
    else if (!code) {
      issues.push(issue(`lines.${i}.vatCode`, `${line.vatCode} is no ${p.side} VAT code of ${ctx.country}.`, true));
    } else if (isSelfAssessed(code) && line.vat !== 0) {
      issues.push(
        issue(`lines.${i}.vatCode`, `${code.code} is self-assessed, but the document charges VAT on this line.`, true),
      );
    }
  });

  const net = p.lines.reduce((s, l) => s + l.net, 0);
  const vat = p.lines.reduce((s, l) => s + l.vat, 0);
  if (p.lines.length > 0 && net <= 0) {
    issues.push(issue('lines', 'The lines total zero or less; a credit note is booked as kind credit-note.', true));
  }
  if (p.totals.net + p.totals.vat !== p.totals.gross) {
    issues.push(
      issue(
        'totals',
        `Net ${formatCents(p.totals.net)} + VAT ${formatCents(p.totals.vat)} is not the gross ${formatCents(p.totals.gross)}.`,
        true,
      ),
    );
  }
  if (p.lines.length > 0 && net !== p.totals.net) {
    issues.push(
      issue('lines', `The lines total ${formatCents(net)} net; the document says ${formatCents(p.totals.net)}.`, true),
    );
  }
  if (p.lines.length > 0 && vat !== p.totals.vat) {
    issues.push(
      issue('lines', `The lines carry ${formatCents(vat)} VAT; the document says ${formatCents(p.totals.vat)}.`, true),
    );
  }
  for (const v of vatByCode(p.lines, ctx.country, p.side)) {
    if (Math.abs(v.documentVat - v.booksVat) > v.tolerance) {
      issues.push(
        issue(
          'lines',
          `VAT ${v.vatCode}: the document charges ${formatCents(v.documentVat)} on ${formatCents(v.net)}, the rate gives ${formatCents(v.booksVat)}; check the VAT codes.`,
          true,
        ),
      );
    }
  }
  return issues;
}

/** The weakest link: relation match, header fields read, and each line's suggestion. */
export function overallConfidence(
  relation: number,
  header: readonly (number | undefined)[],
  lines: readonly Pick<ProposalLine, 'confidence'>[],
): number {
  const all = [relation, ...header.filter((c): c is number => c !== undefined), ...lines.map((l) => l.confidence)];
  return Math.round(Math.min(1, ...all) * 1000) / 1000;
}
