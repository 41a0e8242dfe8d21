import { createPurchaseInvoice, createSalesInvoice, type Invoice, type InvoicingDeps } from '#packages/invoicing';
import type { TenantContext } from '#packages/kernel';
import { newId } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { table } from './clients.js';
import type { InvoiceBody } from './schemas.js';
import { tenancy } from './tenancy.js';

export const invoicing: InvoicingDeps = { table, clock: tenancy.clock, newId };

/** Posts the sales or purchase invoice (or credit note) the body's `side` names. */
export function createInvoice(tenant: TenantContext, adm: BooksOf, body: InvoiceBody): Promise<Invoice> {
  if (body.side === 'sales') {
    const { side: _, ...input } = body;
    return createSalesInvoice(invoicing, tenant, adm, input);
  }
  const { side: _, ...input } = body;
  return createPurchaseInvoice(invoicing, tenant, adm, input);
}
