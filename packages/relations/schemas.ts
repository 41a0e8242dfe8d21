import { z } from 'zod';
import {
  compactIdentifier,
  type FieldIssue,
  isValidCompanyNumber,
  isValidIban,
  isValidVatNumber,
} from '#packages/kernel';

export const relationRoles = ['customer', 'supplier'] as const;
export type RelationRole = (typeof relationRoles)[number];

export const relationStatuses = ['active', 'archived'] as const;
export type RelationStatus = (typeof relationStatuses)[number];

/**
 * VAT number formats after the country prefix (EU member states, Northern Ireland, and the
 * neighbours invoices most often come from). NL and BE are also checked with their check digits.
 */
const vatFormats: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
  GB: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
  CH: /^E\d{9}(MWST|TVA|IVA)?$/,
  NO: /^\d{9}(MVA)?$/,
};

/** True when `vatNumber` (compact, with its country prefix) has the format of its country. */
export function isPlausibleVatNumber(vatNumber: string): boolean {
  const compact = compactIdentifier(vatNumber);
  const prefix = compact.slice(0, 2);
  if (prefix === 'NL' || prefix === 'BE') return isValidVatNumber(prefix, compact);
  return vatFormats[prefix]?.test(compact.slice(2)) ?? false;
}

/** The company number as stored and looked up: compact, a Belgian one without its `BE`. */
export function normaliseCompanyNumber(country: string, value: string): string {
  const compact = compactIdentifier(value);
  return country === 'BE' ? compact.replace(/^BE/, '') : compact;
}

/** Lower-case, without accents or punctuation, single spaces: the sort and search key. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .slice(0, 100);
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** ISO 3166-1 alpha-2 (upper case), known to the runtime's ICU data. */
const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(
    (c) => /^[A-Z]{2}$/.test(c) && c !== 'ZZ' && regionNames.of(c) !== undefined,
    'Not an ISO 3166 country code.',
  );

const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a valid id.');

export const RelationAddress = z
  .object({
    street: z.string().trim().min(1).max(200).optional(),
    postalCode: z.string().trim().toUpperCase().min(1).max(20).optional(),
    city: z.string().trim().min(1).max(100).optional(),
    country: countryCode.describe('ISO 3166-1 alpha-2, e.g. NL or BE.'),
  })
  .strict()
  .meta({ id: 'RelationAddress' });
export type RelationAddress = z.infer<typeof RelationAddress>;

export const RelationContact = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ message: 'Not a valid e-mail address.' }))
      .optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()./-]{3,30}$/, 'Not a phone number.')
      .optional(),
    role: z.string().trim().min(1).max(100).optional().describe('What the contact does, e.g. "invoices".'),
  })
  .strict()
  .meta({ id: 'RelationContact' });
export type RelationContact = z.infer<typeof RelationContact>;

export const ExternalId = z
  .object({
    source: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'A source name of letters, digits, dots, dashes or underscores.'),
    id: z.string().trim().min(1).max(200),
  })
  .strict()
  .meta({ id: 'ExternalId' });
export type ExternalId = z.infer<typeof ExternalId>;

export const Relation = z
  .object({
    id,
    administrationId: id,
    number: z.number().int().positive().describe('Sequential per administration, without gaps.'),
    roles: z.array(z.enum(relationRoles)).min(1),
    name: z.string(),
    address: RelationAddress.optional(),
    vatNumber: z.string().optional(),
    companyNumber: z
      .string()
      .optional()
      .describe('KvK number (NL), enterprise number (BE) or a foreign register number.'),
    ibans: z.array(z.string()).describe('Electronic format, e.g. NL91ABNA0417164300.'),
    contacts: z.array(RelationContact),
    defaultGlAccount: z.string().optional(),
    defaultVatCode: z.string().optional(),
    paymentTermDays: z.number().int().optional(),
    externalIds: z.array(ExternalId),
    status: z.enum(relationStatuses),
    version: z.number().int().describe('Optimistic-lock version; send it back as If-Match.'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Relation' });
export type Relation = z.infer<typeof Relation>;

const fields = {
  roles: z.array(z.enum(relationRoles)).min(1).max(relationRoles.length),
  name: z.string().trim().min(1).max(200),
  address: RelationAddress,
  vatNumber: z.string().trim().transform(compactIdentifier),
  companyNumber: z.string().trim().transform(compactIdentifier),
  ibans: z.array(z.string().trim().transform(compactIdentifier).refine(isValidIban, 'Not a valid IBAN.')).max(10),
  contacts: z.array(RelationContact).max(20),
  defaultGlAccount: z.string().trim().min(1).max(20),
  defaultVatCode: z.string().trim().min(1).max(20),
  paymentTermDays: z.number().int().min(0).max(365),
  externalIds: z.array(ExternalId).max(10),
};

/** The parts of a relation a caller sets; what `relationIssues` checks. */
export interface RelationDetails {
  roles: readonly RelationRole[];
  address?: { country: string } | undefined;
  vatNumber?: string | undefined;
  companyNumber?: string | undefined;
  ibans: readonly string[];
  externalIds: readonly ExternalId[];
}

function firstDuplicate(values: readonly string[]): string | undefined {
  return values.find((v, i) => values.indexOf(v) !== i);
}

/**
 * Checks across fields: the VAT number of its country (check digits for NL and BE, the format
 * elsewhere), the company number of the address country, and no value listed twice.
 */
export function relationIssues(value: RelationDetails): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (firstDuplicate(value.roles) !== undefined) issues.push({ path: 'roles', message: 'A role is listed twice.' });
  if (value.vatNumber !== undefined && !isPlausibleVatNumber(value.vatNumber)) {
    const prefix = value.vatNumber.slice(0, 2);
    issues.push({
      path: 'vatNumber',
      message:
        prefix === 'NL' || prefix === 'BE'
          ? `Not a valid ${prefix} VAT number (check digits).`
          : 'Not a VAT number: a European country prefix and that country’s format, e.g. DE123456789.',
    });
  }
  if (value.companyNumber !== undefined) {
    const country = value.address?.country;
    if (country === undefined) {
      issues.push({ path: 'companyNumber', message: 'Give the address country so the company number can be checked.' });
    } else if (country === 'NL' || country === 'BE') {
      if (!isValidCompanyNumber(country, value.companyNumber)) {
        const what = country === 'NL' ? 'KvK number (8 digits)' : 'Belgian enterprise number';
        issues.push({ path: 'companyNumber', message: `Not a valid ${what}.` });
      }
    } else if (!/^[0-9A-Z]{2,20}$/.test(compactIdentifier(value.companyNumber))) {
      issues.push({ path: 'companyNumber', message: 'Not a company register number (2 to 20 letters or digits).' });
    }
  }
  const iban = firstDuplicate(value.ibans);
  if (iban !== undefined) issues.push({ path: 'ibans', message: `${iban} is listed twice.` });
  const external = firstDuplicate(value.externalIds.map((e) => `${e.source}#${e.id}`));
  if (external !== undefined) {
    issues.push({ path: 'externalIds', message: `${external.replace('#', ' ')} is listed twice.` });
  }
  return issues;
}

function addIssues(value: RelationDetails, ctx: z.RefinementCtx): void {
  for (const issue of relationIssues(value)) {
    ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  }
}

export const CreateRelationInput = z
  .object({
    roles: fields.roles,
    name: fields.name,
    address: fields.address.optional(),
    vatNumber: fields.vatNumber.optional(),
    companyNumber: fields.companyNumber.optional(),
    ibans: fields.ibans.default([]),
    contacts: fields.contacts.default([]),
    defaultGlAccount: fields.defaultGlAccount.optional(),
    defaultVatCode: fields.defaultVatCode.optional(),
    paymentTermDays: fields.paymentTermDays.optional(),
    externalIds: fields.externalIds.default([]),
  })
  .strict()
  .superRefine(addIssues)
  .meta({ id: 'CreateRelationInput' });
export type CreateRelationInput = z.infer<typeof CreateRelationInput>;

/**
 * What an import or sync sends for one external record. Fields it leaves out keep their
 * value; lists it sends replace the stored list (its own external id is always kept).
 */
export const UpsertRelationInput = z
  .object({
    roles: fields.roles,
    name: fields.name,
    address: fields.address.optional(),
    vatNumber: fields.vatNumber.optional(),
    companyNumber: fields.companyNumber.optional(),
    ibans: fields.ibans.optional(),
    contacts: fields.contacts.optional(),
    defaultGlAccount: fields.defaultGlAccount.optional(),
    defaultVatCode: fields.defaultVatCode.optional(),
    paymentTermDays: fields.paymentTermDays.optional(),
    externalIds: fields.externalIds.optional(),
  })
  .strict()
  .superRefine((value, ctx) =>
    addIssues({ ...value, ibans: value.ibans ?? [], externalIds: value.externalIds ?? [] }, ctx),
  )
  .meta({ id: 'UpsertRelationInput' });
export type UpsertRelationInput = z.infer<typeof UpsertRelationInput>;

/** A partial change; `null` clears an optional field. Cross-field checks run on the result. */
export const UpdateRelationInput = z
  .object({
    roles: fields.roles.optional(),
    name: fields.name.optional(),
    address: fields.address.nullable().optional(),
    vatNumber: fields.vatNumber.nullable().optional(),
    companyNumber: fields.companyNumber.nullable().optional(),
    ibans: fields.ibans.optional(),
    contacts: fields.contacts.optional(),
    defaultGlAccount: fields.defaultGlAccount.nullable().optional(),
    defaultVatCode: fields.defaultVatCode.nullable().optional(),
    paymentTermDays: fields.paymentTermDays.nullable().optional(),
    externalIds: fields.externalIds.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change.')
  .meta({ id: 'UpdateRelationInput' });
export type UpdateRelationInput = z.infer<typeof UpdateRelationInput>;

export const RelationListQuery = z
  .object({
    role: z.enum(relationRoles).optional().describe('Only customers or only suppliers; both when absent.'),
    status: z.enum(relationStatuses).default('active'),
    name: z.string().trim().max(100).optional().describe('Names starting with this (case and accents ignored).'),
    cursor: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict()
  .meta({ id: 'RelationListQuery' });
export type RelationListQuery = z.infer<typeof RelationListQuery>;
