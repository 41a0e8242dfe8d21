import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { InvoicingDeps } from '#packages/invoicing';
import {
  ConflictError,
  type FieldIssue,
  ForbiddenError,
  NotFoundError,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import { type Account, type BooksOf, listAccounts } from '#packages/ledger';
import type { Relation } from '#packages/relations';
import type { BookingProposal, ProposalSide, ProposedRelation } from './model.js';
import { canonicalName, invoiceNumberKey } from './text.js';

/** What the proposal services need: the table, a clock and an id generator (as invoicing and relations). */
export type ProposalsDeps = InvoicingDeps;

/** One document, one proposal: the id derives from the administration and the document. */
export function proposalIdOf(administrationId: string, documentId: string): string {
  return createHash('sha256').update(`${administrationId}\u0000${documentId}`).digest('hex').slice(0, 26);
}

/** The administration's books belong to the caller's firm; every key is built from it. */
export function requireSameFirm(tenant: TenantContext, adm: BooksOf): void {
  if (tenant.firmId !== adm.firmId) throw new ForbiddenError();
}

/**
 * Booking is the firm's work: a client user may see the proposals of their administrations but
 * not correct, accept or reject them.
 */
export function requireBookkeeper(tenant: TenantContext, adm: BooksOf): void {
  requireSameFirm(tenant, adm);
  if (tenant.userType !== 'firm') throw new ForbiddenError('Only the firm corrects, accepts or rejects proposals.');
}

/** The chart of accounts by code; 404 when the books are not set up. */
export async function readChart(deps: ProposalsDeps, adm: BooksOf): Promise<Map<string, Account>> {
  const accounts = await listAccounts(deps, adm);
  if (accounts.length === 0) throw new NotFoundError(`The books of administration ${adm.id}`);
  return new Map(accounts.map((a) => [a.code, a]));
}

/** Parses `input`; a failure becomes a ValidationError with field paths. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as z.output<S>;
  throw new ValidationError(
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}

export const decidedConflict = (status: string) =>
  new ConflictError(
    'PROPOSAL_DECIDED',
    `The proposal is ${status}; only a proposed booking can be changed or accepted.`,
  );

export const versionConflict = (actual: number, expected: number) =>
  new ConflictError(
    'VERSION_CONFLICT',
    `The proposal is at version ${actual}, not ${expected}; read it again and retry.`,
  );

export const conflictOnWrite = () =>
  new ConflictError('VERSION_CONFLICT', 'The proposal was changed or decided meanwhile; read it again and retry.');

/** Blocking issues as a 400, each at its field. */
export function blockingError(
  issues: readonly { field: string; message: string; blocking: boolean }[],
): ValidationError | undefined {
  const blocking: FieldIssue[] = issues.filter((i) => i.blocking).map((i) => ({ path: i.field, message: i.message }));
  return blocking.length > 0
    ? new ValidationError(blocking, 'The proposal cannot be accepted yet; see issues.')
    : undefined;
}

/**
 * How the counterparty is known for duplicate detection: its VAT number, else its IBAN, else
 * its normalised name; what the document does not say is taken from the matched relation, so
 * documents that show different identifiers of one relation still meet.
 */
export function counterpartyKey(
  proposed: ProposedRelation | undefined,
  relation: Relation | undefined,
): string | undefined {
  const vat = proposed?.vatNumber ?? relation?.vatNumber;
  if (vat) return `vat:${vat}`;
  const iban = proposed?.iban ?? relation?.ibans[0];
  if (iban) return `iban:${iban}`;
  const name = canonicalName(proposed?.name ?? relation?.name ?? '');
  return name ? `name:${name}` : undefined;
}

/** The claim of one invoice: side, counterparty, invoice number and gross; `undefined` when the document lacks one of them. */
export function claimSkOf(
  side: ProposalSide,
  key: string | undefined,
  header: Pick<BookingProposal['header'], 'invoiceNumber'>,
  gross: number,
): string | undefined {
  const number = invoiceNumberKey(header.invoiceNumber ?? '');
  if (!key || !number) return undefined;
  return `${side}#${key}#${number}#${gross}`;
}

/** A page size within 1..200 (default 50). */
export const pageLimit = (limit: number | undefined) => Math.max(1, Math.min(limit ?? 50, 200));
