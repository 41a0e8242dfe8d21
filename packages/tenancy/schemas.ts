import { z } from 'zod';
import {
  compactIdentifier,
  countries,
  type FieldIssue,
  isValidCompanyNumber,
  isValidIban,
  isValidPeppolParticipantId,
  isValidVatNumber,
} from '#packages/kernel';
import { addOns, plans } from './plans.js';

export const firmRoles = ['owner', 'accountant', 'assistant'] as const;
export type FirmRole = (typeof firmRoles)[number];

const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a valid id.');
const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Not a valid e-mail address.' }));
const peppolId = z
  .string()
  .trim()
  .refine(isValidPeppolParticipantId, 'Not a valid Peppol participant id (scheme:value with a known scheme).');

export const Firm = z
  .object({ id, name: z.string(), country: z.enum(countries), createdAt: z.iso.datetime() })
  .meta({ id: 'Firm' });
export type Firm = z.infer<typeof Firm>;

/** The administration's postal address; its country is the administration's. */
export const AdministrationAddress = z
  .object({
    street: z.string().trim().min(1).max(200),
    postalCode: z.string().trim().toUpperCase().min(1).max(20),
    city: z.string().trim().min(1).max(100),
  })
  .strict()
  .meta({ id: 'AdministrationAddress' });
export type AdministrationAddress = z.infer<typeof AdministrationAddress>;

export const Administration = z
  .object({
    id,
    firmId: id,
    legalName: z.string(),
    country: z.enum(countries),
    vatNumber: z.string().optional(),
    companyNumber: z.string().optional().describe('KvK number (NL) or enterprise number (BE).'),
    address: AdministrationAddress.optional().describe('Printed on its invoices; Dutch e-invoices need it (NL-R-002).'),
    iban: z
      .string()
      .optional()
      .describe('The account its customers pay into, on its invoices; Dutch e-invoices need it (NL-R-007).'),
    peppolParticipantIds: z.array(z.string()),
    plan: z.enum(plans),
    addOns: z.array(z.enum(addOns)),
    inboundEmailAddress: z.string().describe('Documents e-mailed here arrive in this administration.'),
    allowedSenders: z.array(z.string()).describe('When not empty, only these senders or @domains may e-mail in.'),
    autoAcceptThreshold: z
      .number()
      .optional()
      .describe(
        '"No hands": booking proposals at or above this confidence, with nothing to check, are accepted at once.',
      ),
    intakeReceipts: z
      .boolean()
      .optional()
      .describe('Whether senders of e-mailed documents get a receipt (default true).'),
    clientUserCount: z.number().int(),
    version: z.number().int().describe('Optimistic-lock version; send it back as If-Match.'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Administration' });
export type Administration = z.infer<typeof Administration>;

const administrationFields = {
  legalName: z.string().trim().min(1).max(200),
  vatNumber: z.string().trim().transform(compactIdentifier).optional(),
  companyNumber: z.string().trim().transform(compactIdentifier).optional(),
  address: AdministrationAddress,
  iban: z.string().trim().transform(compactIdentifier).refine(isValidIban, 'Not a valid IBAN.'),
  peppolParticipantIds: z.array(peppolId).max(10),
  plan: z.enum(plans),
  addOns: z.array(z.enum(addOns)).max(addOns.length),
  allowedSenders: z.array(z.string().trim().toLowerCase().min(3).max(254)).max(100),
  autoAcceptThreshold: z.number().min(0.5).max(1),
  intakeReceipts: z.boolean(),
};

/** Country-specific identifier checks (VAT check digit, KvK / enterprise number). */
export function identifierIssues(value: {
  country: (typeof countries)[number];
  vatNumber?: string | undefined;
  companyNumber?: string | undefined;
}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (value.vatNumber !== undefined && !isValidVatNumber(value.country, value.vatNumber)) {
    issues.push({ path: 'vatNumber', message: `Not a valid ${value.country} VAT number.` });
  }
  if (value.companyNumber !== undefined && !isValidCompanyNumber(value.country, value.companyNumber)) {
    const what = value.country === 'NL' ? 'KvK number (8 digits)' : 'Belgian enterprise number';
    issues.push({ path: 'companyNumber', message: `Not a valid ${what}.` });
  }
  return issues;
}

export const CreateAdministrationInput = z
  .object({
    country: z.enum(countries),
    ...administrationFields,
    address: administrationFields.address.optional(),
    iban: administrationFields.iban.optional(),
    peppolParticipantIds: administrationFields.peppolParticipantIds.default([]),
    addOns: administrationFields.addOns.default([]),
    allowedSenders: administrationFields.allowedSenders.default([]),
    autoAcceptThreshold: administrationFields.autoAcceptThreshold.optional(),
    intakeReceipts: administrationFields.intakeReceipts.default(true),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const issue of identifierIssues(value)) {
      ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
    }
  })
  .meta({ id: 'CreateAdministrationInput' });
export type CreateAdministrationInput = z.infer<typeof CreateAdministrationInput>;

export const UpdateAdministrationInput = z
  .object({
    legalName: administrationFields.legalName.optional(),
    vatNumber: administrationFields.vatNumber.nullable(),
    companyNumber: administrationFields.companyNumber.nullable(),
    address: administrationFields.address.nullable().optional(),
    iban: administrationFields.iban.nullable().optional(),
    peppolParticipantIds: administrationFields.peppolParticipantIds.optional(),
    plan: administrationFields.plan.optional(),
    addOns: administrationFields.addOns.optional(),
    allowedSenders: administrationFields.allowedSenders.optional(),
    /** `null` switches automatic acceptance off. */
    autoAcceptThreshold: administrationFields.autoAcceptThreshold.nullable().optional(),
    intakeReceipts: administrationFields.intakeReceipts.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change.')
  .meta({ id: 'UpdateAdministrationInput' });
export type UpdateAdministrationInput = z.infer<typeof UpdateAdministrationInput>;

export const User = z
  .object({
    id,
    firmId: id,
    firmName: z.string(),
    email: z.string(),
    name: z.string(),
    type: z.enum(['firm', 'client']),
    role: z.enum(firmRoles).optional().describe('Firm users only.'),
    status: z.enum(['active', 'disabled']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const CreateUserInput = z
  .discriminatedUnion('type', [
    z
      .object({ type: z.literal('firm'), email, name: z.string().trim().min(1).max(200), role: z.enum(firmRoles) })
      .strict(),
    z.object({ type: z.literal('client'), email, name: z.string().trim().min(1).max(200) }).strict(),
  ])
  .meta({ id: 'CreateUserInput' });
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const Membership = z
  .object({
    userId: id,
    administrationId: id,
    administrationName: z.string(),
    country: z.enum(countries),
    plan: z.enum(plans),
    grantedAt: z.iso.datetime(),
    grantedBy: z.string(),
  })
  .meta({ id: 'Membership' });
export type Membership = z.infer<typeof Membership>;

export const Me = z
  .object({ user: User, memberships: z.array(Membership).describe('Administrations a client user can reach.') })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;
