import { ConflictError, NotFoundError, type Page, type TenantContext, ValidationError } from '#packages/kernel';
import { type BooksOf, type EntryLine, postEntry } from '#packages/ledger';
import type { Relation } from '#packages/relations';
import { auditPut, getItem, type Item, queryPage, stripKeys, type TransactWrite } from '#packages/table';
import { addDays, formatDocumentNumber, salesPaymentReference } from './calculate.js';
import {
  type InvoicingDeps,
  MAX_TRANSACTION_ITEMS,
  pageLimit,
  parseInput,
  readBooks,
  readRelation,
  retrying,
} from './context.js';
import { type InvoiceAccounts, invoiceEntryLines } from './entry-lines.js';
import { invoicingKeys } from './keys.js';
import {
  type CostCentrePurchase,
  type Invoice,
  type InvoiceKind,
  type InvoiceLineDraft,
  type InvoiceSide,
  PurchaseInvoiceInput,
  SalesInvoiceInput,
} from './model.js';
import { nextInSeries } from './numbering.js';
import { newOpenItem, openItemPut } from './open-item-records.js';
import { type PricedDocument, priceLines } from './pricing.js';

/** An invoice as the services build it, before it has a number and an entry. */
export interface InvoiceDraft {
  readonly side: InvoiceSide;
  readonly kind: InvoiceKind;
  readonly relation: Relation;
  readonly invoiceDate: string;
  readonly dueDate?: string | undefined;
  /** Sales: the numbering series. */
  readonly series?: string | undefined;
  /** Purchases: the supplier's invoice number. */
  readonly supplierNumber?: string | undefined;
  readonly description?: string | undefined;
  readonly paymentReference?: string | undefined;
  readonly creditNoteFor?: string | undefined;
  readonly lines: readonly InvoiceLineDraft[];
}

/** A checked and priced draft, and how many transaction items posting it takes. */
export interface PreparedInvoice {
  readonly id: string;
  readonly draft: InvoiceDraft;
  readonly dueDate: string;
  readonly priced: PricedDocument;
  readonly accounts: InvoiceAccounts;
  readonly journalCode: string;
  /** Items of the posting transaction before any links (see {@link InvoiceLinks}). */
  readonly transactionItems: number;
}

/** What else an invoice is tied to, written in the same transaction as its posting. */
export interface InvoiceLinks {
  readonly quoteId?: string;
  readonly timeEntryIds?: readonly string[];
  readonly hoursLinking?: 'pending';
  readonly writes?: (invoice: Invoice) => readonly TransactWrite[];
  /** Runs before each attempt; throws the real conflict when a lost race was one. */
  readonly check?: () => Promise<void>;
}

const labels: Record<InvoiceSide, Record<InvoiceKind, string>> = {
  sales: { invoice: 'Verkoopfactuur', 'credit-note': 'Creditnota verkoop' },
  purchase: { invoice: 'Inkoopfactuur', 'credit-note': 'Creditnota inkoop' },
};

/**
 * Posts a sales invoice or credit note: the next gapless number of its series in its year, a
 * payment reference (BE structured communication, NL betalingskenmerk), the entry in the sales
 * journal, the open item (receivable) and the audit line, all in one transaction. `links` adds
 * what else the posting is tied to (e.g. the booking proposal it accepts) to that transaction.
 */
export async function createSalesInvoice(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  input: SalesInvoiceInput,
  links: InvoiceLinks = {},
): Promise<Invoice> {
  const parsed = parseInput(SalesInvoiceInput, input);
  const relation = await readRelation(deps, tenant, adm, parsed.relationId, 'customer');
  const prepared = await prepareInvoice(deps, adm, { ...parsed, side: 'sales', relation });
  return postInvoice(deps, tenant, adm, prepared, links);
}

/**
 * Posts a purchase invoice or credit note: the entry in the purchase journal (self-assessing
 * reverse-charge and intra-EU VAT), the open item (payable), a purchases-per-cost-centre item
 * for each cost centre its lines use, and the audit line, in one transaction. A supplier's
 * invoice number is taken once: posting it again is a 409 `DUPLICATE_INVOICE_NUMBER`. `links`
 * as for {@link createSalesInvoice}.
 */
export async function createPurchaseInvoice(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  input: PurchaseInvoiceInput,
  links: InvoiceLinks = {},
): Promise<Invoice> {
  const parsed = parseInput(PurchaseInvoiceInput, input);
  const relation = await readRelation(deps, tenant, adm, parsed.relationId, 'supplier');
  const prepared = await prepareInvoice(deps, adm, {
    ...parsed,
    side: 'purchase',
    relation,
    supplierNumber: parsed.invoiceNumber,
  });
  return postInvoice(deps, tenant, adm, prepared, links);
}

/** Checks and prices a draft: lines, due date, credited invoice, and the transaction's size. */
export async function prepareInvoice(deps: InvoicingDeps, adm: BooksOf, draft: InvoiceDraft): Promise<PreparedInvoice> {
  const books = await readBooks(deps, adm);
  const sign = draft.kind === 'credit-note' ? -1 : 1;
  const priced = await priceLines(deps, adm, books, draft.relation, draft.side, draft.lines, sign);
  const dueDate = draft.dueDate ?? addDays(draft.invoiceDate, draft.relation.paymentTermDays ?? 30);
  if (dueDate < draft.invoiceDate) {
    throw new ValidationError([{ path: 'dueDate', message: 'The due date is not before the invoice date.' }]);
  }
  if (draft.creditNoteFor !== undefined) await checkCredited(deps, adm, draft);
  const sales = draft.side === 'sales';
  const accounts: InvoiceAccounts = {
    counter: books.role(sales ? 'receivables' : 'payables'),
    vat: books.role(sales ? 'vat-payable' : 'vat-receivable'),
    reverseCharge: books.role('vat-reverse-charge-payable'),
  };
  const lines = invoiceEntryLines({ ...priced, side: draft.side, relationId: draft.relation.id }, accounts, '');
  const transactionItems = postingItems(lines) + 4 + (sales ? 0 : costCentresOf(priced).size);
  if (transactionItems > MAX_TRANSACTION_ITEMS) {
    throw new ValidationError([
      {
        path: 'lines',
        message: 'Too many different GL accounts, VAT codes and cost centres for one invoice; split it.',
      },
    ]);
  }
  return {
    id: deps.newId(),
    draft,
    dueDate,
    priced,
    accounts,
    journalCode: books.journal(sales ? 'sales' : 'purchase').code,
    transactionItems,
  };
}

/** What `postEntry` writes for these lines: counter, entry, period, audit, 2 per account, 1 per VAT code. */
function postingItems(lines: readonly EntryLine[]): number {
  const accounts = new Set(lines.map((l) => l.accountCode)).size;
  const vatCodes = new Set(lines.flatMap((l) => (l.vat ? [l.vat.code] : []))).size;
  return 4 + 2 * accounts + vatCodes;
}

async function checkCredited(deps: InvoicingDeps, adm: BooksOf, draft: InvoiceDraft): Promise<void> {
  const item = await getItem<Item>(
    deps.table,
    invoicingKeys(adm.firmId, adm.id).invoice(draft.creditNoteFor ?? ''),
    false,
  );
  const credited = item && stripKeys<Invoice>(item);
  const problem =
    draft.kind !== 'credit-note'
      ? 'Only a credit note credits an invoice.'
      : !credited
        ? `No invoice ${draft.creditNoteFor}.`
        : credited.side !== draft.side || credited.relationId !== draft.relation.id || credited.kind !== 'invoice'
          ? `Invoice ${credited.number} is not a ${draft.side} invoice of this relation.`
          : undefined;
  if (problem) throw new ValidationError([{ path: 'creditNoteFor', message: problem }]);
}

function costCentresOf(priced: PricedDocument): Map<string, CostCentrePurchase['lines']> {
  const byCode = new Map<string, CostCentrePurchase['lines']>();
  for (const line of priced.lines) {
    if (!line.costCentre) continue;
    const list = byCode.get(line.costCentre) ?? [];
    list.push({ description: line.description, glAccount: line.glAccount, net: line.net });
    byCode.set(line.costCentre, list);
  }
  return byCode;
}

/**
 * Numbers and posts a prepared invoice with its open item and `links`, retrying while the
 * series counter or the journal counter moves under it.
 */
export async function postInvoice(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  prepared: PreparedInvoice,
  links: InvoiceLinks = {},
): Promise<Invoice> {
  const { draft, id } = prepared;
  const k = invoicingKeys(adm.firmId, adm.id);
  const year = Number(draft.invoiceDate.slice(0, 4));
  return retrying(async () => {
    await links.check?.();
    let number: string;
    let numberWrite: TransactWrite;
    let paymentReference = draft.paymentReference;
    if (draft.side === 'sales') {
      const series = draft.series ?? 'F';
      const next = await nextInSeries(deps.table, adm, 'invoice', series, year);
      number = formatDocumentNumber(series, year, next.number);
      numberWrite = next.write;
      paymentReference = salesPaymentReference(adm.country, series, year, next.number);
    } else {
      number = draft.supplierNumber ?? '';
      numberWrite = await supplierNumberWrite(deps, adm, draft.relation, number, id);
    }
    const text = `${labels[draft.side][draft.kind]} ${number} ${draft.relation.name}`.slice(0, 500);
    let invoice: Invoice | undefined;
    await postEntry(
      deps,
      tenant,
      adm,
      {
        journalCode: prepared.journalCode,
        date: draft.invoiceDate,
        description: text,
        lines: invoiceEntryLines(
          { ...prepared.priced, side: draft.side, relationId: draft.relation.id },
          prepared.accounts,
          text,
        ),
        source: { type: 'invoice', id },
        ...(draft.kind === 'credit-note' ? { creditNote: true } : {}),
      },
      (entry) => {
        const at = deps.clock();
        const built = buildInvoice(prepared, adm, tenant, { number, paymentReference, entryId: entry.id, at, links });
        invoice = built;
        const openItem = newOpenItem(built, at);
        return [
          numberWrite,
          {
            Put: {
              Item: {
                ...k.invoice(id),
                gsi1pk: k.invoicesOfSide(draft.side),
                gsi1sk: `${draft.invoiceDate}#${id}`,
                gsi2pk: k.invoicesOfRelation(draft.relation.id),
                gsi2sk: `${draft.invoiceDate}#${id}`,
                ...built,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          openItemPut(k, openItem),
          ...costCentrePuts(k, built, prepared.priced),
          ...(links.writes?.(built) ?? []),
          auditPut(tenant, at, {
            action: 'invoice.issued',
            entityType: 'Invoice',
            entityId: id,
            administrationId: adm.id,
            after: { ...built, openItem },
          }),
        ];
      },
    );
    if (!invoice) throw new Error('postEntry did not build the invoice');
    return invoice;
  });
}

function buildInvoice(
  prepared: PreparedInvoice,
  adm: BooksOf,
  tenant: TenantContext,
  got: { number: string; paymentReference: string | undefined; entryId: string; at: Date; links: InvoiceLinks },
): Invoice {
  const { draft, priced } = prepared;
  return {
    id: prepared.id,
    administrationId: adm.id,
    side: draft.side,
    kind: draft.kind,
    number: got.number,
    ...(draft.side === 'sales' ? { series: draft.series ?? 'F' } : {}),
    relationId: draft.relation.id,
    relationName: draft.relation.name,
    relationNumber: draft.relation.number,
    invoiceDate: draft.invoiceDate,
    dueDate: prepared.dueDate,
    currency: 'EUR',
    ...(draft.description ? { description: draft.description } : {}),
    lines: priced.lines,
    vat: priced.vat,
    totals: priced.totals,
    ...(got.paymentReference ? { paymentReference: got.paymentReference } : {}),
    entryId: got.entryId,
    openItemId: prepared.id,
    ...(draft.creditNoteFor ? { creditNoteFor: draft.creditNoteFor } : {}),
    ...(got.links.quoteId ? { quoteId: got.links.quoteId } : {}),
    ...(got.links.timeEntryIds ? { timeEntryIds: [...got.links.timeEntryIds] } : {}),
    ...(got.links.hoursLinking ? { hoursLinking: got.links.hoursLinking } : {}),
    createdAt: got.at.toISOString(),
    createdBy: tenant.userId,
  };
}

/** Takes the supplier's invoice number, or says it was posted already. */
async function supplierNumberWrite(
  deps: InvoicingDeps,
  adm: BooksOf,
  relation: Relation,
  number: string,
  invoiceId: string,
): Promise<TransactWrite> {
  const key = invoicingKeys(adm.firmId, adm.id).supplierInvoiceNumber(relation.id, number);
  const taken = await getItem<Item & { invoiceId: string }>(deps.table, key);
  if (taken && taken.invoiceId !== invoiceId) {
    throw new ConflictError(
      'DUPLICATE_INVOICE_NUMBER',
      `Invoice ${number} of ${relation.name} is already booked (invoice ${taken.invoiceId}).`,
    );
  }
  return { Put: { Item: { ...key, invoiceId }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

function costCentrePuts(
  k: ReturnType<typeof invoicingKeys>,
  invoice: Invoice,
  priced: PricedDocument,
): TransactWrite[] {
  if (invoice.side !== 'purchase') return [];
  return [...costCentresOf(priced)].map(([code, lines]) => {
    const purchase: CostCentrePurchase = {
      costCentre: code,
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      kind: invoice.kind,
      invoiceDate: invoice.invoiceDate,
      relationId: invoice.relationId,
      relationName: invoice.relationName,
      net: lines.reduce((s, l) => s + l.net, 0),
      lines,
    };
    return { Put: { Item: { ...k.costCentrePurchase(code, invoice.invoiceDate, invoice.id), ...purchase } } };
  });
}

/** One invoice or credit note. */
export async function getInvoice(deps: InvoicingDeps, adm: BooksOf, invoiceId: string): Promise<Invoice> {
  const item = await getItem<Item>(deps.table, invoicingKeys(adm.firmId, adm.id).invoice(invoiceId));
  if (!item) throw new NotFoundError(`Invoice ${invoiceId}`);
  return stripKeys<Invoice>(item);
}

export interface InvoiceListQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/** Sales or purchase invoices by invoice date, newest first, optionally within `from`..`to` (one Query on gsi1). */
export async function listInvoices(
  deps: InvoicingDeps,
  adm: BooksOf,
  side: InvoiceSide,
  query: InvoiceListQuery = {},
): Promise<Page<Invoice>> {
  const pk = invoicingKeys(adm.firmId, adm.id).invoicesOfSide(side);
  const page = await queryPage<Item>(deps.table, {
    index: 'gsi1',
    pk,
    skBetween: [query.from ?? '0000', `${query.to ?? '9999'}#~`],
    newestFirst: true,
    limit: pageLimit(query.limit),
    cursor: query.cursor,
    cursorScope: `${pk}#${query.from ?? ''}#${query.to ?? ''}`,
  });
  return { ...page, items: page.items.map((i) => stripKeys<Invoice>(i)) };
}

/** Invoices of one relation by invoice date, newest first (one Query on gsi2). */
export async function listInvoicesOfRelation(
  deps: InvoicingDeps,
  adm: BooksOf,
  relationId: string,
  query: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<Page<Invoice>> {
  const pk = invoicingKeys(adm.firmId, adm.id).invoicesOfRelation(relationId);
  const page = await queryPage<Item>(deps.table, {
    index: 'gsi2',
    pk,
    newestFirst: true,
    limit: pageLimit(query.limit),
    cursor: query.cursor,
    cursorScope: pk,
  });
  return { ...page, items: page.items.map((i) => stripKeys<Invoice>(i)) };
}
