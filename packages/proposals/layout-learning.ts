import { readDocument } from '#packages/intake';
import { type Clock, NotFoundError } from '#packages/kernel';
import {
  type DocumentValues,
  learnSupplierLayout,
  type PageText,
  type RecognitionResult,
  readSupplierLayout,
  type SupplierLayout,
  saveSupplierLayout,
  supplierKeysOf,
} from '#packages/recognition';
import type { Table } from '#packages/table';
import type { BookingProposal } from './model.js';

/** What learning from a correction needs: the table, a clock, and the pages of a stored document. */
export interface LayoutLearningDeps {
  readonly table: Table;
  readonly clock: Clock;
  /** The positioned text of a stored document's PDF text layer; none for any other document. */
  readonly readPages: (objectKey: string) => Promise<readonly PageText[]>;
}

/** The proposal's values as the accountant left them; a field the engine read and the accountant removed is `null`. */
export function correctedValues(proposal: BookingProposal, recognition: RecognitionResult): DocumentValues {
  const { header, totals, relation } = proposal;
  const party = relation.proposedRelation;
  const removed = (value: string | undefined, read: { value: string } | undefined) =>
    value ?? (read ? null : undefined);
  const values: DocumentValues = {
    invoiceNumber: header.invoiceNumber,
    invoiceDate: header.invoiceDate,
    dueDate: removed(header.dueDate, recognition.dueDate),
    paymentReference: removed(header.paymentReference, recognition.paymentReference),
    currency: header.currency,
    net: totals.net,
    vat: totals.vat,
    gross: totals.gross,
    supplierName: party?.name ?? relation.relationName ?? recognition.supplier.name?.value,
    supplierVatNumber: party?.vatNumber ?? recognition.supplier.vatNumber?.value,
    supplierIban: party?.iban ?? recognition.supplier.iban?.value,
    supplierCompanyNumber: party?.companyNumber ?? recognition.supplier.companyNumber?.value,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as DocumentValues;
}

/**
 * Learns from the accountant's correction of a purchase proposal where its supplier prints each
 * field (see `learnSupplierLayout`), and keeps that layout for the administration under every
 * identifier of the supplier, so that its next document is read with it. Only documents read
 * from a PDF's text layer teach; a structured invoice is exact, and a scan's positions are
 * not kept. Returns the layout learnt, or `undefined` when the proposal teaches nothing.
 */
export async function learnFromCorrection(
  deps: LayoutLearningDeps,
  adm: { readonly firmId: string; readonly id: string },
  proposal: BookingProposal,
): Promise<SupplierLayout | undefined> {
  if (proposal.side !== 'purchase') return undefined;
  const document = await readDocument(deps.table, {
    firmId: adm.firmId,
    administrationId: adm.id,
    documentId: proposal.documentId,
  }).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  const recognition = document?.recognition;
  if (!document || recognition?.source !== 'pdf-text') return undefined;
  const values = correctedValues(proposal, recognition);
  const keys = supplierKeysOf({
    vatNumber: values.supplierVatNumber ?? undefined,
    iban: values.supplierIban ?? undefined,
    companyNumber: values.supplierCompanyNumber ?? undefined,
  });
  if (keys.length === 0) return undefined;
  const pages = await deps.readPages(document.objectKey);
  if (pages.length === 0) return undefined;
  const previous = await readSupplierLayout(deps.table, adm.firmId, adm.id, keys);
  const layout = learnSupplierLayout(pages, values, previous);
  await saveSupplierLayout(deps.table, adm.firmId, adm.id, keys, layout, deps.clock());
  return layout;
}
