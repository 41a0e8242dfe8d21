import { compactIdentifier, isValidCompanyNumber, isValidIban, type TenantContext } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import type { RecognitionResult } from '#packages/recognition';
import {
  findRelationByCompanyNumber,
  findRelationByIban,
  findRelationByVatNumber,
  isPlausibleVatNumber,
  listRelations,
  normaliseCompanyNumber,
  normaliseName,
  type Relation,
  type RelationRole,
  type RelationsDeps,
} from '#packages/relations';
import type { MatchKind, ProposalIssue, ProposalRelation, ProposalSide, ProposedRelation } from './model.js';
import { canonicalName } from './text.js';

type Field = { value: string; confidence: number };

/** The other party of a document as read: the supplier of a purchase, the customer of a sale. */
export interface Counterparty {
  readonly name?: Field | undefined;
  readonly vatNumber?: Field | undefined;
  readonly companyNumber?: Field | undefined;
  readonly iban?: Field | undefined;
  readonly countryCode?: Field | undefined;
}

/** The administration's own identifiers. */
export interface OwnIdentifiers {
  readonly vatNumber?: string | undefined;
  readonly companyNumber?: string | undefined;
  readonly ibans: readonly string[];
}

const compact = (value: string | undefined) => (value === undefined ? undefined : compactIdentifier(value));

/**
 * A document whose seller is the administration itself (its VAT number, one of its IBANs or
 * its company number) is a sales document; anything else is a purchase.
 */
export function sideOf(recognition: RecognitionResult, own: OwnIdentifiers): ProposalSide {
  const seller = recognition.supplier;
  const vat = compact(seller.vatNumber?.value);
  const iban = compact(seller.iban?.value);
  const company = compact(seller.companyNumber?.value)?.replace(/^BE/, '');
  const ownVat = compact(own.vatNumber);
  const ownCompany = compact(own.companyNumber)?.replace(/^BE/, '');
  const ownIbans = own.ibans.map(compactIdentifier);
  const isOwn =
    (vat !== undefined && vat === ownVat) ||
    (iban !== undefined && ownIbans.includes(iban)) ||
    (company !== undefined && company === ownCompany);
  return isOwn ? 'sales' : 'purchase';
}

export function counterpartyOf(recognition: RecognitionResult, side: ProposalSide): Counterparty {
  return side === 'purchase' ? recognition.supplier : recognition.customer;
}

const roleOf = (side: ProposalSide): RelationRole => (side === 'sales' ? 'customer' : 'supplier');

/** `EL` is Greece's VAT prefix; everything else is its ISO code. */
const countryOfVat = (vat: string) => {
  const prefix = vat.slice(0, 2);
  if (!/^[A-Z]{2}$/.test(prefix)) return undefined;
  return prefix === 'EL' ? 'GR' : prefix;
};

/**
 * The relation the document proposes, from what was read: identifiers compact and checked
 * (an invalid VAT number, IBAN or company number is left out, with an issue), the country
 * from the address or the VAT prefix.
 */
export function proposedRelationOf(
  party: Counterparty,
  fallbackCountry: string,
): { proposed?: ProposedRelation; issues: ProposalIssue[] } {
  const issues: ProposalIssue[] = [];
  const note = (field: string, message: string) =>
    issues.push({ field: `relation.proposedRelation.${field}`, message, source: 'resolution', blocking: false });
  const vatRaw = compact(party.vatNumber?.value);
  const vatNumber = vatRaw && isPlausibleVatNumber(vatRaw) ? vatRaw : undefined;
  if (vatRaw && !vatNumber) note('vatNumber', `The VAT number ${vatRaw} on the document is not valid; it is not used.`);
  const ibanRaw = compact(party.iban?.value);
  const iban = ibanRaw && isValidIban(ibanRaw) ? ibanRaw : undefined;
  if (ibanRaw && !iban) note('iban', `The IBAN ${ibanRaw} on the document is not valid; it is not used.`);
  const countryRaw = party.countryCode?.value.trim().toUpperCase();
  const country =
    countryRaw && /^[A-Z]{2}$/.test(countryRaw) ? countryRaw : vatNumber ? countryOfVat(vatNumber) : undefined;
  let companyNumber: string | undefined;
  const companyRaw = party.companyNumber?.value;
  if (companyRaw) {
    const c = country ?? fallbackCountry;
    const normalised = normaliseCompanyNumber(c, companyRaw);
    const valid = c === 'NL' || c === 'BE' ? isValidCompanyNumber(c, normalised) : /^[0-9A-Z]{2,20}$/.test(normalised);
    if (valid) companyNumber = normalised;
    else note('companyNumber', `The company number ${companyRaw} on the document is not valid; it is not used.`);
  }
  const name = party.name?.value.trim().slice(0, 200);
  if (!name && !vatNumber && !iban && !companyNumber) return { issues };
  return {
    proposed: {
      name: name || vatNumber || iban || companyNumber || '',
      ...(vatNumber ? { vatNumber } : {}),
      ...(companyNumber ? { companyNumber } : {}),
      ...(iban ? { iban } : {}),
      ...(country ? { country } : companyNumber ? { country: fallbackCountry } : {}),
    },
    issues,
  };
}

/** Active relations whose name is the same once normalised (legal forms and punctuation aside). One Query per 100. */
export async function findRelationsByName(
  deps: RelationsDeps,
  tenant: TenantContext,
  administrationId: string,
  name: string,
): Promise<Relation[]> {
  const wanted = canonicalName(name);
  const first = normaliseName(name).split(' ')[0];
  if (!wanted || !first) return [];
  const found: Relation[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const result = await listRelations(deps, tenant, administrationId, { name: first, limit: 100, cursor });
    found.push(...result.items.filter((r) => canonicalName(r.name) === wanted));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return found;
}

/** How sure a match is: an identifier as sure as it was read, a name less so, a new relation not at all. */
const matchConfidence = (kind: MatchKind, field: Field | undefined) =>
  kind === 'new' ? 0.5 : kind === 'name' ? 0.8 * (field?.confidence ?? 1) : (field?.confidence ?? 1);

export interface Resolution {
  readonly relation: ProposalRelation;
  /** The relation found, when one was. */
  readonly found?: Relation | undefined;
  readonly issues: ProposalIssue[];
}

/**
 * Finds the document's counterparty among the administration's active relations: by VAT
 * number, then IBAN, then KvK / enterprise number, then exact normalised name; otherwise
 * proposes a new relation from what was read. Every step is a GetItem pair or one Query.
 */
export async function resolveRelation(
  deps: RelationsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  side: ProposalSide,
  party: Counterparty,
): Promise<Resolution> {
  const { proposed, issues } = proposedRelationOf(party, adm.country);
  const found = await findByIdentifiers(deps, tenant, adm, side, proposed, party, issues);
  if (found) {
    return {
      relation: {
        relationId: found.relation.id,
        relationName: found.relation.name,
        matchedBy: found.by,
        confidence: matchConfidence(found.by, found.field),
        ...(proposed ? { proposedRelation: proposed } : {}),
      },
      found: found.relation,
      issues,
    };
  }
  return {
    relation: {
      matchedBy: 'new',
      confidence: matchConfidence('new', undefined),
      ...(proposed ? { proposedRelation: proposed } : {}),
    },
    issues,
  };
}

/** The relation holding one of the proposed relation's identifiers, or its name; `undefined` when none does. */
export async function findByIdentifiers(
  deps: RelationsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  side: ProposalSide,
  proposed: ProposedRelation | undefined,
  party: Counterparty = {},
  issues: ProposalIssue[] = [],
): Promise<{ relation: Relation; by: MatchKind; field?: Field | undefined } | undefined> {
  if (!proposed) return undefined;
  if (proposed.vatNumber) {
    const r = await findRelationByVatNumber(deps, tenant, adm.id, proposed.vatNumber);
    if (r) return { relation: r, by: 'vatNumber', field: party.vatNumber };
  }
  if (proposed.iban) {
    const r = await findRelationByIban(deps, tenant, adm.id, proposed.iban);
    if (r) return { relation: r, by: 'iban', field: party.iban };
  }
  if (proposed.companyNumber) {
    const r = await findRelationByCompanyNumber(
      deps,
      tenant,
      adm.id,
      proposed.country ?? adm.country,
      proposed.companyNumber,
    );
    if (r) return { relation: r, by: 'companyNumber', field: party.companyNumber };
  }
  if (proposed.name) {
    const named = await findRelationsByName(deps, tenant, adm.id, proposed.name);
    const role = roleOf(side);
    const ranked = named.sort(
      (a, b) => Number(b.roles.includes(role)) - Number(a.roles.includes(role)) || a.number - b.number,
    );
    const best = ranked[0];
    if (best) {
      if (ranked.length > 1) {
        issues.push({
          field: 'relation',
          message: `${ranked.length} relations are called ${proposed.name}; relation ${best.number} was chosen.`,
          source: 'resolution',
          blocking: false,
        });
      }
      return { relation: best, by: 'name', field: party.name };
    }
  }
  return undefined;
}
