import { ledgerKeys } from '#packages/ledger';
import type { Key } from '#packages/table';
import type { InvoiceSide, OpenItemSide, TimeEntryStatus } from './model.js';

/**
 * Key builders for invoicing items of one administration. Every key starts with the
 * administration's tenant path (the ledger's prefix); the meaning of the generic index
 * attributes (`gsi1pk`… `gsi2sk`) is given here and nowhere else.
 */
export function invoicingKeys(firmId: string, administrationId: string) {
  const p = ledgerKeys(firmId, administrationId).prefix;
  const openItems = (id: string) => `${p}#OI#${id}`;
  return {
    prefix: p,

    /** Invoices and credit notes, by id (ULID: creation order). */
    invoices: `${p}#INVOICES`,
    invoice: (id: string): Key => ({ pk: `${p}#INVOICES`, sk: id }),
    /** gsi1: invoices of a side by invoice date (`gsi1sk = <date>#<id>`). */
    invoicesOfSide: (side: InvoiceSide) => `${p}#INVOICES#${side}`,
    /** gsi2: invoices of a relation by invoice date (`gsi2sk = <date>#<id>`). */
    invoicesOfRelation: (relationId: string) => `${p}#INVOICES-OF#${relationId}`,
    /** A supplier's invoice number, taken once per supplier so a purchase cannot be posted twice. */
    supplierInvoiceNumber: (relationId: string, number: string): Key => ({
      pk: `${p}#SUPPLIER-INVOICE-NUMBERS`,
      sk: `${relationId}#${number.toUpperCase()}`,
    }),

    /** Last number of a numbering series in a year: the gapless counter (invoices and quotes). */
    seriesCounter: (kind: 'invoice' | 'quote', series: string, year: number): Key => ({
      pk: `${p}#SERIES`,
      sk: `${kind}#${series}#${year}`,
    }),

    /** An open item and its payments and settlements share one partition. */
    openItemCollection: openItems,
    openItem: (id: string): Key => ({ pk: openItems(id), sk: 'ITEM' }),
    payment: (openItemId: string, entryId: string): Key => ({ pk: openItems(openItemId), sk: `PAYMENT#${entryId}` }),
    settlement: (openItemId: string, settlementId: string): Key => ({
      pk: openItems(openItemId),
      sk: `SETTLEMENT#${settlementId}`,
    }),
    /** gsi1, sparse: only while outstanding ≠ 0 (`gsi1sk = <dueDate>#<id>`). */
    outstandingOfSide: (side: OpenItemSide) => `${p}#OPEN#${side}`,
    /** gsi2: open items of a relation (`gsi2sk = <status>#<dueDate>#<id>`). */
    openItemsOfRelation: (relationId: string) => `${p}#OI-OF#${relationId}`,
    openItemOfRelationSort: (status: 'open' | 'paid', dueDate: string, id: string) => `${status}#${dueDate}#${id}`,

    quotes: `${p}#QUOTES`,
    quote: (id: string): Key => ({ pk: `${p}#QUOTES`, sk: id }),

    costCentres: `${p}#COST-CENTRES`,
    costCentre: (code: string): Key => ({ pk: `${p}#COST-CENTRES`, sk: `CC#${code}` }),
    costCentreByExternalId: (externalId: string): Key => ({ pk: `${p}#COST-CENTRES`, sk: `EXT#${externalId}` }),
    /** Purchases booked on a cost centre: one item per invoice, `sk = <invoiceDate>#<invoiceId>`. */
    purchasesOfCostCentre: (code: string) => `${p}#CC#${code}`,
    costCentrePurchase: (code: string, invoiceDate: string, invoiceId: string): Key => ({
      pk: `${p}#CC#${code}`,
      sk: `${invoiceDate}#${invoiceId}`,
    }),

    timeEntries: `${p}#TIME`,
    timeEntry: (id: string): Key => ({ pk: `${p}#TIME`, sk: id }),
    /** gsi1: hours of a customer by status and date (`gsi1sk = <status>#<date>#<id>`). */
    timeOfCustomer: (customerId: string) => `${p}#TIME-OF#${customerId}`,
    timeOfCustomerSort: (status: TimeEntryStatus, date: string, id: string) => `${status}#${date}#${id}`,
    /** gsi2: all hours by date (`gsi2sk = <date>#<id>`). */
    timeByDate: `${p}#TIME-BY-DATE`,
  };
}

export type InvoicingKeys = ReturnType<typeof invoicingKeys>;
