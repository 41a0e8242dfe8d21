import { composeIBAN } from 'ibantools';
import { type Clock, newId, type TenantContext, vatOf } from '#packages/kernel';
import { type BooksOf, setUpBooks } from '#packages/ledger';
import type { CreateProposalInput, ProposalsDeps } from '#packages/proposals';
import type { RecognitionResult } from '#packages/recognition';
import { freshTable } from '../../helpers/table.ts';

/** A clock that moves one second per reading from 2026-03-02, so list order is creation order. */
export function tickingClock(start = Date.parse('2026-03-02T08:00:00Z')): Clock {
  let t = start;
  return () => {
    t += 1000;
    return new Date(t);
  };
}

/** Deps on a fresh table in the run's DynamoDB Local. Call from `beforeAll`. */
export async function proposalsDeps(): Promise<ProposalsDeps> {
  const { table } = await freshTable();
  return { table, clock: tickingClock(), newId };
}

export const tenantOf = (firmId: string): TenantContext => ({ userId: 'accountant-1', firmId, userType: 'firm' });

/** A new administration of `country` in `firmId` (default: a new firm), with its books set up. */
export async function books(
  deps: ProposalsDeps,
  country: 'NL' | 'BE' = 'NL',
  firmId = `firm-${newId()}`,
): Promise<{ adm: BooksOf; tenant: TenantContext }> {
  const tenant = tenantOf(firmId);
  const adm: BooksOf = { firmId, id: `adm-${newId()}`, country };
  await setUpBooks(deps, tenant, adm);
  return { adm, tenant };
}

let serial = Math.floor(Math.random() * 1_000_000);

/** A Dutch VAT number with a valid check digit, different on every call. */
export function dutchVatNumber(): string {
  for (;;) {
    serial += 7919;
    const base = String(10_000_000 + (serial % 89_999_999)).padStart(8, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(base[i]) * (9 - i);
    if (sum % 11 <= 9) return `NL${base}${sum % 11}B01`;
  }
}

/** A valid Dutch IBAN, different on every call. */
export function dutchIban(): string {
  serial += 104_729;
  const iban = composeIBAN({ countryCode: 'NL', bban: `INGB0${String(serial % 1_000_000_000).padStart(9, '0')}` });
  if (!iban) throw new Error('no IBAN');
  return iban;
}

/** A supplier as a document shows it, with its own identifiers. */
export function supplierParty(name = `Leverancier ${newId().slice(-6)} B.V.`) {
  return { name, vatNumber: dutchVatNumber(), iban: dutchIban() };
}

export interface DocumentSpec {
  readonly supplier?: {
    name?: string;
    vatNumber?: string;
    iban?: string;
    companyNumber?: string;
    countryCode?: string;
  };
  readonly customer?: { name?: string; vatNumber?: string };
  readonly invoiceNumber?: string;
  readonly invoiceDate?: string;
  readonly documentType?: 'invoice' | 'credit-note';
  /** Lines with their net in cents and rate in basis points. */
  readonly lines?: readonly { description: string; net: number; rate?: number }[];
  /** Override the VAT per rate the document states (default: the rate on the base, per rate). */
  readonly vatPerRate?: Readonly<Record<number, number>>;
  /** Keep the lines out of the result (a receipt read for its totals only). */
  readonly withoutLines?: boolean;
  readonly source?: RecognitionResult['source'];
  readonly confidence?: number;
}

const field = <T>(value: T, confidence = 1) => ({ value, confidence });

/** A recognition result as an engine returns it: lines, VAT per rate and totals that add up. */
export function recognised(spec: DocumentSpec = {}): RecognitionResult {
  const lines = spec.lines ?? [{ description: 'Advieswerkzaamheden maart', net: 100_000, rate: 2100 }];
  const byRate = new Map<number, number>();
  for (const l of lines) byRate.set(l.rate ?? 2100, (byRate.get(l.rate ?? 2100) ?? 0) + l.net);
  const vatBreakdown = [...byRate].map(([rate, base]) => ({
    rateBasisPoints: rate,
    base,
    vat: spec.vatPerRate?.[rate] ?? vatOf(base, rate),
  }));
  const net = vatBreakdown.reduce((s, b) => s + b.base, 0);
  const vat = vatBreakdown.reduce((s, b) => s + b.vat, 0);
  const c = spec.confidence ?? 1;
  const s: NonNullable<DocumentSpec['supplier']> = spec.supplier ?? supplierParty();
  return {
    source: spec.source ?? 'ubl',
    documentType: field(spec.documentType ?? 'invoice'),
    supplier: {
      ...(s.name ? { name: field(s.name, c) } : {}),
      ...(s.vatNumber ? { vatNumber: field(s.vatNumber, c) } : {}),
      ...(s.iban ? { iban: field(s.iban, c) } : {}),
      ...(s.companyNumber ? { companyNumber: field(s.companyNumber, c) } : {}),
      ...(s.countryCode ? { countryCode: field(s.countryCode, c) } : {}),
    },
    customer: {
      ...(spec.customer?.name ? { name: field(spec.customer.name, c) } : {}),
      ...(spec.customer?.vatNumber ? { vatNumber: field(spec.customer.vatNumber, c) } : {}),
    },
    invoiceNumber: field(spec.invoiceNumber ?? `INV-${newId().slice(-8)}`, c),
    invoiceDate: field(spec.invoiceDate ?? '2026-03-01', c),
    currency: field('EUR', c),
    totals: { net: field(net, c), vat: field(vat, c), gross: field(net + vat, c) },
    vatBreakdown,
    lines: spec.withoutLines
      ? []
      : lines.map((l) => ({
          description: l.description,
          quantity: '1',
          unitPrice: l.net,
          net: l.net,
          vatRateBasisPoints: l.rate ?? 2100,
        })),
    issues: [],
  };
}

/** The administration's own identifiers in these tests. */
export const own = { vatNumber: 'NL004495445B01', ibans: ['NL91ABNA0417164300'] };

/** What the pipeline passes for a document arriving through `source`. */
export function proposalInput(
  recognition: RecognitionResult,
  overrides: Partial<CreateProposalInput> & {
    documentId?: string;
    source?: CreateProposalInput['document']['source'];
  } = {},
): CreateProposalInput {
  const { documentId, source, ...rest } = overrides;
  return {
    document: {
      id: documentId ?? newId(),
      source: source ?? 'email',
      fileName: 'factuur.xml',
      receivedAt: '2026-03-02T08:00:00.000Z',
    },
    recognition,
    own,
    plan: 'samenwerken',
    ...rest,
  };
}
