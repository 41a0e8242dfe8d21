import { ConflictError, NotFoundError, type Page, type TenantContext, ValidationError } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { auditPut, getItem, type Item, queryPage, stripKeys, transactWrite } from '#packages/table';
import { formatDocumentNumber } from './calculate.js';
import {
  type InvoicingDeps,
  MAX_TRANSACTION_ITEMS,
  pageLimit,
  parseInput,
  readBooks,
  readRelation,
  retrying,
} from './context.js';
import { postInvoice, prepareInvoice } from './invoices.js';
import { invoicingKeys } from './keys.js';
import { ConvertQuoteInput, type Invoice, type Quote, QuoteInput, type QuoteStatus } from './model.js';
import { nextInSeries } from './numbering.js';
import { priceLines } from './pricing.js';

/** Which status a quote may move to by hand; `converted` only comes with its invoice. */
const transitions: Record<QuoteStatus, readonly QuoteStatus[]> = {
  draft: ['sent', 'accepted', 'rejected'],
  sent: ['accepted', 'rejected'],
  accepted: [],
  rejected: [],
  converted: [],
};
const convertible: readonly QuoteStatus[] = ['draft', 'sent', 'accepted'];

/** A draft quote for a customer, numbered in its series per year (`Q2026-0001`), priced like an invoice. */
export async function createQuote(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  input: QuoteInput,
): Promise<Quote> {
  const parsed = parseInput(QuoteInput, input);
  if (parsed.validUntil !== undefined && parsed.validUntil < parsed.date) {
    throw new ValidationError([{ path: 'validUntil', message: 'A quote is valid until a date on or after its own.' }]);
  }
  const relation = await readRelation(deps, tenant, adm, parsed.relationId, 'customer');
  const books = await readBooks(deps, adm);
  const priced = await priceLines(deps, adm, books, relation, 'sales', parsed.lines, 1);
  const k = invoicingKeys(adm.firmId, adm.id);
  const id = deps.newId();
  const year = Number(parsed.date.slice(0, 4));
  return retrying(async () => {
    const next = await nextInSeries(deps.table, adm, 'quote', parsed.series, year);
    const at = deps.clock();
    const quote: Quote = {
      id,
      administrationId: adm.id,
      number: formatDocumentNumber(parsed.series, year, next.number),
      series: parsed.series,
      relationId: relation.id,
      relationName: relation.name,
      date: parsed.date,
      ...(parsed.validUntil ? { validUntil: parsed.validUntil } : {}),
      ...(parsed.description ? { description: parsed.description } : {}),
      ...priced,
      status: 'draft',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      createdBy: tenant.userId,
    };
    await transactWrite(
      deps.table,
      [
        next.write,
        { Put: { Item: { ...k.quote(id), ...quote }, ConditionExpression: 'attribute_not_exists(pk)' } },
        auditPut(tenant, at, {
          action: 'quote.created',
          entityType: 'Quote',
          entityId: id,
          administrationId: adm.id,
          after: quote,
        }),
      ],
      () => new ConflictError('SERIES_MOVED', `Quote series ${parsed.series} moved on; numbering again.`),
    );
    return quote;
  });
}

export async function getQuote(deps: InvoicingDeps, adm: BooksOf, quoteId: string): Promise<Quote> {
  const item = await getItem<Item>(deps.table, invoicingKeys(adm.firmId, adm.id).quote(quoteId));
  if (!item) throw new NotFoundError(`Quote ${quoteId}`);
  return stripKeys<Quote>(item);
}

/** Quotes, newest first (one Query). */
export async function listQuotes(
  deps: InvoicingDeps,
  adm: BooksOf,
  query: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<Page<Quote>> {
  const pk = invoicingKeys(adm.firmId, adm.id).quotes;
  const page = await queryPage<Item>(deps.table, {
    pk,
    newestFirst: true,
    limit: pageLimit(query.limit),
    cursor: query.cursor,
    cursorScope: pk,
  });
  return { ...page, items: page.items.map((i) => stripKeys<Quote>(i)) };
}

/** Marks a quote sent, accepted or rejected (draft → sent → accepted | rejected). */
export async function setQuoteStatus(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  quoteId: string,
  status: Exclude<QuoteStatus, 'draft' | 'converted'>,
): Promise<Quote> {
  const quote = await getQuote(deps, adm, quoteId);
  if (!transitions[quote.status].includes(status)) {
    throw new ConflictError('QUOTE_STATUS', `A ${quote.status} quote cannot become ${status}.`);
  }
  const at = deps.clock();
  await transactWrite(
    deps.table,
    [
      {
        Update: {
          Key: invoicingKeys(adm.firmId, adm.id).quote(quoteId),
          UpdateExpression: 'SET #status = :to, updatedAt = :at',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': status, ':from': quote.status, ':at': at.toISOString() },
        },
      },
      auditPut(tenant, at, {
        action: 'quote.status-changed',
        entityType: 'Quote',
        entityId: quoteId,
        administrationId: adm.id,
        before: { status: quote.status },
        after: { status },
      }),
    ],
    () => new ConflictError('QUOTE_STATUS', `Quote ${quote.number} changed meanwhile; read it again.`),
  );
  return { ...quote, status, updatedAt: at.toISOString() };
}

function refuseConversion(quote: Quote): void {
  if (quote.status === 'converted') {
    throw new ConflictError('QUOTE_ALREADY_CONVERTED', `Quote ${quote.number} became invoice ${quote.invoiceId}.`);
  }
  if (!convertible.includes(quote.status)) {
    throw new ConflictError('QUOTE_STATUS', `A ${quote.status} quote cannot become an invoice.`);
  }
}

/**
 * Turns a quote into a sales invoice, once: the invoice records the quote, and the quote
 * becomes `converted` with the invoice's id in the same transaction as the posting. A second
 * conversion (also a concurrent one) is a 409 `QUOTE_ALREADY_CONVERTED`.
 */
export async function convertQuoteToInvoice(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  quoteId: string,
  input: ConvertQuoteInput,
): Promise<{ quote: Quote; invoice: Invoice }> {
  const parsed = parseInput(ConvertQuoteInput, input);
  const quote = await getQuote(deps, adm, quoteId);
  refuseConversion(quote);
  const relation = await readRelation(deps, tenant, adm, quote.relationId, 'customer');
  const prepared = await prepareInvoice(deps, adm, {
    side: 'sales',
    kind: 'invoice',
    relation,
    invoiceDate: parsed.invoiceDate,
    dueDate: parsed.dueDate,
    series: parsed.series,
    description: quote.description ?? `Offerte ${quote.number}`,
    lines: quote.lines.map(({ net: _net, ...line }) => line),
  });
  if (prepared.transactionItems + 2 > MAX_TRANSACTION_ITEMS) {
    throw new ValidationError([
      { path: 'lines', message: 'The quote has too many different accounts for one invoice.' },
    ]);
  }
  const k = invoicingKeys(adm.firmId, adm.id);
  const invoice = await postInvoice(deps, tenant, adm, prepared, {
    quoteId,
    check: async () => refuseConversion(await getQuote(deps, adm, quoteId)),
    writes: (inv) => [
      {
        Update: {
          Key: k.quote(quoteId),
          UpdateExpression: 'SET #status = :converted, invoiceId = :inv, updatedAt = :at',
          ConditionExpression: '#status IN (:draft, :sent, :accepted) AND attribute_not_exists(invoiceId)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':converted': 'converted',
            ':inv': inv.id,
            ':at': inv.createdAt,
            ':draft': 'draft',
            ':sent': 'sent',
            ':accepted': 'accepted',
          },
        },
      },
      auditPut(tenant, deps.clock(), {
        action: 'quote.converted',
        entityType: 'Quote',
        entityId: quoteId,
        administrationId: adm.id,
        before: { status: quote.status },
        after: { status: 'converted', invoiceId: inv.id },
      }),
    ],
  });
  return { quote: { ...quote, status: 'converted', invoiceId: invoice.id, updatedAt: invoice.createdAt }, invoice };
}
