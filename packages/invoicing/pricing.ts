import { type FieldIssue, ValidationError } from '#packages/kernel';
import { type BooksOf, type VatCode, vatCode } from '#packages/ledger';
import type { Relation } from '#packages/relations';
import { computeInvoice, isSelfAssessed, type PricedLine } from './calculate.js';
import { type BooksView, costCentreIssues, type InvoicingDeps } from './context.js';
import type { InvoiceLine, InvoiceLineDraft, InvoiceSide, InvoiceTotals, VatBreakdown } from './model.js';

export interface PricedDocument {
  readonly lines: InvoiceLine[];
  readonly vat: VatBreakdown[];
  readonly totals: InvoiceTotals;
}

/** Accounts an invoice line may not post to: the ones the invoice's own bookkeeping uses. */
export const ledgerRoles: ReadonlySet<string> = new Set([
  'receivables',
  'payables',
  'bank',
  'vat-payable',
  'vat-receivable',
  'vat-reverse-charge-payable',
  'vat-settlement',
]);

const directionOf = (side: InvoiceSide): VatCode['direction'] => (side === 'sales' ? 'sales' : 'purchase');

/**
 * Resolves each line's VAT code and GL account (with the relation's and the chart's defaults),
 * checks them and the cost centres, and computes nets, VAT per code and totals. Every problem
 * is reported at once, with its path (`lines.2.vatCode`).
 */
export async function priceLines(
  deps: InvoicingDeps,
  adm: BooksOf,
  books: BooksView,
  relation: Relation,
  side: InvoiceSide,
  drafts: readonly InvoiceLineDraft[],
  sign: 1 | -1,
): Promise<PricedDocument> {
  const issues: FieldIssue[] = [];
  const direction = directionOf(side);
  const relationVat = relation.defaultVatCode ? vatCode(adm.country, relation.defaultVatCode) : undefined;
  const defaultVat = relationVat?.direction === direction ? relationVat.code : undefined;
  const defaultGl = side === 'purchase' ? relation.defaultGlAccount : books.firstRevenue;
  const resolved = drafts.map((draft, i) => {
    const code = draft.vatCode ?? defaultVat;
    const vat = code ? vatCode(adm.country, code) : undefined;
    if (!code) issues.push({ path: `lines.${i}.vatCode`, message: 'Give a VAT code; the relation has no default.' });
    else if (!vat) issues.push({ path: `lines.${i}.vatCode`, message: `No VAT code ${code} in ${adm.country}.` });
    else if (vat.direction !== direction) {
      issues.push({
        path: `lines.${i}.vatCode`,
        message: `${code} is a ${vat.direction} code, not a ${direction} code.`,
      });
    }
    const gl = draft.glAccount ?? defaultGl;
    const account = gl ? books.accounts.get(gl) : undefined;
    if (!gl) issues.push({ path: `lines.${i}.glAccount`, message: 'Give a GL account; there is no default.' });
    else if (!account) issues.push({ path: `lines.${i}.glAccount`, message: `No account ${gl} in the chart.` });
    else if (account.status !== 'active')
      issues.push({ path: `lines.${i}.glAccount`, message: `Account ${gl} is blocked.` });
    else if (account.role && ledgerRoles.has(account.role)) {
      issues.push({ path: `lines.${i}.glAccount`, message: `Account ${gl} is the ${account.role} account.` });
    }
    return { draft, vat, gl: gl ?? '' };
  });
  issues.push(
    ...(await costCentreIssues(
      deps,
      adm,
      drafts.flatMap((d, i) => (d.costCentre ? [{ path: `lines.${i}.costCentre`, code: d.costCentre }] : [])),
    )),
  );
  if (issues.length > 0) throw new ValidationError(issues);

  const priced: PricedLine[] = resolved.map(({ draft, vat }) => ({
    quantity: draft.quantity,
    unitPrice: draft.unitPrice,
    vatCode: (vat as VatCode).code,
    rateBasisPoints: (vat as VatCode).rateBasisPoints,
    selfAssessed: isSelfAssessed(vat as VatCode),
  }));
  const calc = computeInvoice(priced, sign);
  calc.nets.forEach((net, i) => {
    if (!Number.isSafeInteger(net)) issues.push({ path: `lines.${i}`, message: 'The line amount is too large.' });
  });
  if (sign * calc.totals.net <= 0) {
    issues.push({ path: 'lines', message: 'The lines total more than zero; use a credit note to credit.' });
  }
  if (issues.length > 0) throw new ValidationError(issues);

  const lines: InvoiceLine[] = resolved.map(({ draft, gl }, i) => ({
    description: draft.description,
    quantity: draft.quantity,
    unitPrice: draft.unitPrice,
    vatCode: priced[i]?.vatCode ?? '',
    glAccount: gl,
    ...(draft.costCentre ? { costCentre: draft.costCentre } : {}),
    net: calc.nets[i] ?? 0,
  }));
  return { lines, vat: calc.vat, totals: calc.totals };
}
