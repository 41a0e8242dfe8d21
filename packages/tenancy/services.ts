import {
  type Clock,
  ConflictError,
  ForbiddenError,
  type Page,
  PlanRestrictionError,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import { type AuditEntry, listAdministrationAudit, type Table } from '#packages/table';
import { type AddOn, planFeatures, planNames } from './plans.js';
import type { TenancyRepository } from './repository.js';
import {
  type Administration,
  type CreateAdministrationInput,
  type CreateUserInput,
  type FirmRole,
  identifierIssues,
  type Me,
  type Membership,
  type UpdateAdministrationInput,
  type User,
} from './schemas.js';

/** Creates the identity (Cognito user, or the local dev issuer's record) and returns its id. */
export interface IdentityDirectory {
  createUser(input: { email: string; name: string; firmId: string; userType: 'firm' | 'client' }): Promise<{
    userId: string;
  }>;
}

export interface TenancyDeps {
  readonly repo: TenancyRepository;
  readonly table: Table;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly directory: IdentityDirectory;
  /** Domain of per-administration inbound addresses, e.g. `in.example.com`. */
  readonly inboundEmailDomain: string;
  /** Random suffix for inbound addresses: unguessable, so addresses cannot be enumerated. */
  readonly randomSuffix: () => string;
}

const noAccess = (what: string) => new ForbiddenError(`You do not have access to ${what}.`);

/** The calling firm user's profile, if their role is one of `roles`. */
async function requireFirmRole(deps: TenancyDeps, tenant: TenantContext, roles: readonly FirmRole[]): Promise<User> {
  if (tenant.userType !== 'firm') throw new ForbiddenError('Only firm users may do this.');
  const user = await deps.repo.getUser(tenant.firmId, tenant.userId);
  if (user?.status !== 'active') throw new ForbiddenError('Your user is not active in this firm.');
  if (!user.role || !roles.includes(user.role)) {
    throw new ForbiddenError(`This needs one of the roles ${roles.join(', ')}.`);
  }
  return user;
}

function requireFirmUser(tenant: TenantContext): void {
  if (tenant.userType !== 'firm') throw new ForbiddenError('Only firm users may do this.');
}

/** The calling user with the administrations they can reach (one Query). */
export async function getMe(deps: TenancyDeps, tenant: TenantContext): Promise<Me> {
  const { user, memberships } = await deps.repo.getUserWithMemberships(tenant.firmId, tenant.userId);
  if (user?.status !== 'active') throw new ForbiddenError('Your user is not known or not active in this firm.');
  return { user, memberships };
}

/**
 * Firm users see every administration of their firm (one Query); client users see those
 * they are a member of (their memberships, then the administrations in one BatchGetItem).
 */
export async function listAdministrations(
  deps: TenancyDeps,
  tenant: TenantContext,
  page: { cursor?: string; limit?: number },
): Promise<Page<Administration>> {
  if (tenant.userType === 'firm') return deps.repo.listAdministrations(tenant.firmId, page.cursor, page.limit);
  const { memberships } = await deps.repo.getUserWithMemberships(tenant.firmId, tenant.userId);
  const ids = memberships.map((m) => m.administrationId);
  return { items: await deps.repo.getAdministrations(tenant.firmId, ids) };
}

/** One administration; 403 when it is not in the caller's reach (existing or not). */
export async function getAdministration(
  deps: TenancyDeps,
  tenant: TenantContext,
  administrationId: string,
): Promise<Administration> {
  const found =
    tenant.userType === 'firm'
      ? await deps.repo.getAdministration(tenant.firmId, administrationId)
      : await deps.repo.getAdministrationAsMember(tenant.firmId, tenant.userId, administrationId);
  if (!found) throw noAccess(`administration ${administrationId}`);
  return found;
}

function slug(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30)
    .replace(/-+$/g, '');
  return base === '' ? 'administratie' : base;
}

function checkPlan(plan: Administration['plan'], addOns: readonly string[], clientUserCount: number): void {
  const features = planFeatures[plan];
  if (addOns.length > 0 && !features.addOns) {
    throw new PlanRestrictionError(
      `Add-ons need the Samenwerken or Samenwerken Uitgebreid plan, not ${planNames[plan]}.`,
    );
  }
  if (clientUserCount > 0 && !features.clientUsers) {
    throw new PlanRestrictionError(
      `${planNames[plan]} has no client users; revoke the ${clientUserCount} client user(s) first.`,
    );
  }
}

function uniqueValues(path: string, values: readonly string[]): void {
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup !== undefined) throw new ValidationError([{ path, message: `${dup} is listed twice.` }]);
}

export async function createAdministration(
  deps: TenancyDeps,
  tenant: TenantContext,
  input: CreateAdministrationInput,
): Promise<Administration> {
  await requireFirmRole(deps, tenant, ['owner', 'accountant']);
  uniqueValues('peppolParticipantIds', input.peppolParticipantIds);
  uniqueValues('addOns', input.addOns);
  checkPlan(input.plan, input.addOns, 0);
  const now = deps.clock().toISOString();
  const administration: Administration = {
    id: deps.newId(),
    firmId: tenant.firmId,
    legalName: input.legalName,
    country: input.country,
    ...(input.vatNumber !== undefined ? { vatNumber: input.vatNumber } : {}),
    ...(input.companyNumber !== undefined ? { companyNumber: input.companyNumber } : {}),
    ...(input.address !== undefined ? { address: input.address } : {}),
    ...(input.iban !== undefined ? { iban: input.iban } : {}),
    peppolParticipantIds: input.peppolParticipantIds,
    plan: input.plan,
    addOns: input.addOns,
    inboundEmailAddress: `${slug(input.legalName)}-${deps.randomSuffix()}@${deps.inboundEmailDomain}`,
    allowedSenders: input.allowedSenders,
    ...(input.autoAcceptThreshold !== undefined ? { autoAcceptThreshold: input.autoAcceptThreshold } : {}),
    intakeReceipts: input.intakeReceipts,
    clientUserCount: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await deps.repo.createAdministration(tenant, administration, deps.clock());
  return administration;
}

/**
 * Changes details, plan and add-ons. `expectedVersion` (from If-Match) makes a stale edit a
 * conflict; without it the version read here guards the write.
 */
export async function updateAdministration(
  deps: TenancyDeps,
  tenant: TenantContext,
  administrationId: string,
  input: UpdateAdministrationInput,
  expectedVersion?: number,
): Promise<Administration> {
  const actor = await requireFirmRole(deps, tenant, ['owner', 'accountant', 'assistant']);
  const before = await deps.repo.getAdministration(tenant.firmId, administrationId);
  if (!before) throw noAccess(`administration ${administrationId}`);
  if (expectedVersion !== undefined && expectedVersion !== before.version) {
    throw new ConflictError(
      'VERSION_CONFLICT',
      `The administration is at version ${before.version}, not ${expectedVersion}; read it again and retry.`,
    );
  }
  if ((input.plan !== undefined || input.addOns !== undefined) && actor.role === 'assistant') {
    throw new ForbiddenError('Only an owner or accountant may change the plan or add-ons.');
  }
  const { vatNumber, companyNumber, address, iban, autoAcceptThreshold, ...rest } = input;
  const after: Administration = {
    ...before,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    version: before.version + 1,
    updatedAt: deps.clock().toISOString(),
  };
  for (const [field, value] of [
    ['vatNumber', vatNumber],
    ['companyNumber', companyNumber],
  ] as const) {
    if (value === null) delete after[field];
    else if (value !== undefined) after[field] = value;
  }
  if (address === null) delete after.address;
  else if (address !== undefined) after.address = address;
  if (iban === null) delete after.iban;
  else if (iban !== undefined) after.iban = iban;
  if (autoAcceptThreshold === null) delete after.autoAcceptThreshold;
  else if (autoAcceptThreshold !== undefined) after.autoAcceptThreshold = autoAcceptThreshold;
  const issues = identifierIssues(after);
  if (issues.length > 0) throw new ValidationError(issues);
  uniqueValues('peppolParticipantIds', after.peppolParticipantIds);
  uniqueValues('addOns', after.addOns);
  checkPlan(after.plan, after.addOns, after.clientUserCount);
  const nameOrPlanChanged = after.legalName !== before.legalName || after.plan !== before.plan;
  const members = nameOrPlanChanged
    ? await deps.repo.listMembershipsOfAdministration(tenant.firmId, administrationId)
    : [];
  await deps.repo.updateAdministration(tenant, before, after, members, deps.clock());
  return after;
}

/** Owners create firm users; owners and accountants create client users. */
export async function createUser(deps: TenancyDeps, tenant: TenantContext, input: CreateUserInput): Promise<User> {
  const actor = await requireFirmRole(deps, tenant, ['owner', 'accountant']);
  if (input.type === 'firm' && actor.role !== 'owner') throw new ForbiddenError('Only an owner may add firm users.');
  if (await deps.repo.findUserByEmail(input.email)) {
    throw new ConflictError('EMAIL_TAKEN', `A user with e-mail ${input.email} already exists.`);
  }
  const { userId } = await deps.directory.createUser({
    email: input.email,
    name: input.name,
    firmId: tenant.firmId,
    userType: input.type,
  });
  const user: User = {
    id: userId,
    firmId: tenant.firmId,
    firmName: actor.firmName,
    email: input.email,
    name: input.name,
    type: input.type,
    ...(input.type === 'firm' ? { role: input.role } : {}),
    status: 'active',
    createdAt: deps.clock().toISOString(),
  };
  await deps.repo.createUser(tenant, user, deps.clock());
  return user;
}

export async function listUsers(
  deps: TenancyDeps,
  tenant: TenantContext,
  page: { cursor?: string; limit?: number },
): Promise<Page<User>> {
  requireFirmUser(tenant);
  return deps.repo.listUsers(tenant.firmId, page.cursor, page.limit);
}

/** A firm user reads any user of the firm; a client user only themself. */
export async function getUser(deps: TenancyDeps, tenant: TenantContext, userId: string): Promise<User> {
  if (tenant.userType === 'client' && userId !== tenant.userId) throw noAccess(`user ${userId}`);
  const user = await deps.repo.getUser(tenant.firmId, userId);
  if (!user) throw noAccess(`user ${userId}`);
  return user;
}

export async function listMemberships(
  deps: TenancyDeps,
  tenant: TenantContext,
  administrationId: string,
): Promise<Membership[]> {
  requireFirmUser(tenant);
  await getAdministration(deps, tenant, administrationId);
  return deps.repo.listMembershipsOfAdministration(tenant.firmId, administrationId);
}

/**
 * Gives a client user access to an administration. Idempotent: granting an existing
 * membership returns it unchanged. The plan must allow client users.
 */
export async function grantMembership(
  deps: TenancyDeps,
  tenant: TenantContext,
  administrationId: string,
  userId: string,
): Promise<{ membership: Membership; created: boolean }> {
  await requireFirmRole(deps, tenant, ['owner', 'accountant']);
  const administration = await deps.repo.getAdministration(tenant.firmId, administrationId);
  if (!administration) throw noAccess(`administration ${administrationId}`);
  const user = await deps.repo.getUser(tenant.firmId, userId);
  if (!user) throw noAccess(`user ${userId}`);
  if (user.type !== 'client') {
    throw new ValidationError([{ path: 'userId', message: 'Firm users reach every administration already.' }]);
  }
  const existing = await deps.repo.getMembership(tenant.firmId, userId, administrationId);
  if (existing) return { membership: existing, created: false };
  if (!planFeatures[administration.plan].clientUsers) {
    throw new PlanRestrictionError(
      `${planNames[administration.plan]} has no client users; move the administration to Samenwerken first.`,
    );
  }
  const membership: Membership = {
    userId,
    administrationId,
    administrationName: administration.legalName,
    country: administration.country,
    plan: administration.plan,
    grantedAt: deps.clock().toISOString(),
    grantedBy: tenant.userId,
  };
  await deps.repo.grantMembership(tenant, administration, membership, deps.clock());
  return { membership, created: true };
}

export async function revokeMembership(
  deps: TenancyDeps,
  tenant: TenantContext,
  administrationId: string,
  userId: string,
): Promise<void> {
  await requireFirmRole(deps, tenant, ['owner', 'accountant']);
  const administration = await deps.repo.getAdministration(tenant.firmId, administrationId);
  if (!administration) throw noAccess(`administration ${administrationId}`);
  const membership = await deps.repo.getMembership(tenant.firmId, userId, administrationId);
  if (!membership) throw noAccess(`membership of user ${userId}`);
  await deps.repo.revokeMembership(tenant, administration, membership, deps.clock());
}

/**
 * Newest first. Firm users only: the trail names staff and shows before/after values.
 * Every administration's trail starts with its creation, so an empty first page means the
 * administration is not in this firm: 403 without a second read.
 */
export async function listAdministrationAuditTrail(
  deps: TenancyDeps,
  tenant: TenantContext,
  administrationId: string,
  page: { cursor?: string; limit?: number },
): Promise<Page<AuditEntry>> {
  requireFirmUser(tenant);
  const trail = await listAdministrationAudit(deps.table, tenant.firmId, administrationId, page.cursor, page.limit);
  if (page.cursor === undefined && trail.items.length === 0) throw noAccess(`administration ${administrationId}`);
  return trail;
}

/**
 * Client users use an add-on's features (sales invoices, hours & invoices, CRM) only when
 * their administration has the add-on; firm users keep the books and always may.
 */
export function requireAddOnForClient(tenant: TenantContext, administration: Administration, addOn: AddOn): void {
  if (tenant.userType === 'client' && !administration.addOns.includes(addOn)) {
    throw new PlanRestrictionError(`This needs the ${addOn} add-on for ${administration.legalName}.`);
  }
}
