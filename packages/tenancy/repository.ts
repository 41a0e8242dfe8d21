import { ConflictError, type Page, type TenantContext } from '#packages/kernel';
import {
  auditPut,
  batchGet,
  getItem,
  type Item,
  queryPage,
  stripKeys,
  type Table,
  type TransactWrite,
  transactWrite,
} from '#packages/table';
import { keys } from './keys.js';
import type { Administration, Firm, Membership, User } from './schemas.js';

/** Where an inbound address or Peppol id routes to. */
export interface RouteTarget {
  readonly firmId: string;
  readonly administrationId: string;
}

const versionConflict = () =>
  new ConflictError('VERSION_CONFLICT', 'The administration was changed by someone else; read it again and retry.');

function administrationItem(a: Administration): Item {
  return {
    ...keys.administration(a.firmId, a.id),
    gsi1pk: keys.administrationsByPlan(a.firmId, a.plan),
    gsi1sk: `ADM#${a.id}`,
    ...a,
  };
}

function membershipItem(firmId: string, m: Membership): Item {
  return {
    ...keys.membership(firmId, m.userId, m.administrationId),
    gsi1pk: keys.membersIndex(firmId, m.administrationId),
    gsi1sk: `USER#${m.userId}`,
    ...m,
  };
}

/** Moves the administration's client-user count, guarded by (and bumping) its version. */
const countClientUsers = (administration: Administration, delta: 1 | -1): TransactWrite => ({
  Update: {
    Key: keys.administration(administration.firmId, administration.id),
    UpdateExpression: 'SET clientUserCount = clientUserCount + :delta, #version = #version + :one',
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':delta': delta, ':one': 1, ':expected': administration.version },
  },
});

const guardPut = (key: { pk: string; sk: string }, target: Record<string, unknown>): TransactWrite => ({
  Put: { Item: { ...key, ...target }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** One function per access pattern; see the access-pattern table in the README. */
export function tenancyRepository(table: Table) {
  return {
    async getFirm(firmId: string): Promise<Firm | undefined> {
      const item = await getItem<Item>(table, keys.firm(firmId));
      return item && stripKeys<Firm>(item);
    },

    async listFirms(cursor?: string): Promise<Page<Firm>> {
      const page = await queryPage<Item>(table, {
        index: 'gsi1',
        pk: keys.firmsIndex,
        cursor,
        cursorScope: keys.firmsIndex,
        limit: 100,
      });
      return { ...page, items: page.items.map((i) => stripKeys<Firm>(i)) };
    },

    async createFirm(firm: Firm): Promise<void> {
      await transactWrite(
        table,
        [guardPut(keys.firm(firm.id), { gsi1pk: keys.firmsIndex, gsi1sk: `FIRM#${firm.id}`, ...firm })],
        () => new ConflictError('FIRM_EXISTS', `Firm ${firm.id} already exists.`),
      );
    },

    async getAdministration(firmId: string, administrationId: string): Promise<Administration | undefined> {
      const item = await getItem<Item>(table, keys.administration(firmId, administrationId));
      return item && stripKeys<Administration>(item);
    },

    /** The administration, only if `userId` holds a membership of it: one BatchGetItem. */
    async getAdministrationAsMember(
      firmId: string,
      userId: string,
      administrationId: string,
    ): Promise<Administration | undefined> {
      const items = await batchGet<Item>(table, [
        keys.membership(firmId, userId, administrationId),
        keys.administration(firmId, administrationId),
      ]);
      const membership = items.find((i) => i.sk.includes('#MEMBER#'));
      const administration = items.find((i) => i.sk.startsWith('ADM#'));
      return membership && administration ? stripKeys<Administration>(administration) : undefined;
    },

    /** Several administrations of one firm by id, in one BatchGetItem per 100, sorted by name. */
    async getAdministrations(firmId: string, ids: readonly string[]): Promise<Administration[]> {
      const found: Administration[] = [];
      for (let i = 0; i < ids.length; i += 100) {
        const items = await batchGet<Item>(
          table,
          ids.slice(i, i + 100).map((id) => keys.administration(firmId, id)),
        );
        found.push(...items.map((item) => stripKeys<Administration>(item)));
      }
      return found.sort((a, b) => a.legalName.localeCompare(b.legalName));
    },

    async listAdministrations(firmId: string, cursor?: string, limit?: number): Promise<Page<Administration>> {
      const pk = `FIRM#${firmId}`;
      const page = await queryPage<Item>(table, {
        pk,
        skPrefix: keys.administrationsPrefix,
        cursor,
        limit,
        cursorScope: `${pk}#ADM`,
      });
      return { ...page, items: page.items.map((i) => stripKeys<Administration>(i)) };
    },

    async createAdministration(tenant: TenantContext, a: Administration, at: Date): Promise<void> {
      const writes: TransactWrite[] = [
        { Put: { Item: administrationItem(a), ConditionExpression: 'attribute_not_exists(pk)' } },
        guardPut(keys.inboxAddress(a.inboundEmailAddress), { firmId: a.firmId, administrationId: a.id }),
        ...a.peppolParticipantIds.map((p) =>
          guardPut(keys.peppolParticipant(p), { firmId: a.firmId, administrationId: a.id }),
        ),
        auditPut(tenant, at, {
          action: 'administration.created',
          entityType: 'Administration',
          entityId: a.id,
          administrationId: a.id,
          after: a,
        }),
      ];
      await transactWrite(table, writes, (i) =>
        i === 0
          ? new ConflictError('ADMINISTRATION_EXISTS', `Administration ${a.id} already exists.`)
          : i === 1
            ? new ConflictError('INBOX_TAKEN', 'The inbound e-mail address is already in use.')
            : new ConflictError(
                'PEPPOL_ID_TAKEN',
                `Peppol participant id ${a.peppolParticipantIds[i - 2]} is registered to another administration.`,
              ),
      );
    },

    /**
     * Replaces the administration if it is still at `before.version`, moving Peppol routing
     * guards and refreshing the copies held on memberships, all in one transaction.
     */
    async updateAdministration(
      tenant: TenantContext,
      before: Administration,
      after: Administration,
      members: readonly Membership[],
      at: Date,
    ): Promise<void> {
      const added = after.peppolParticipantIds.filter((p) => !before.peppolParticipantIds.includes(p));
      const removed = before.peppolParticipantIds.filter((p) => !after.peppolParticipantIds.includes(p));
      const writes: TransactWrite[] = [
        {
          Put: {
            Item: administrationItem(after),
            ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': before.version },
          },
        },
        ...added.map((p) => guardPut(keys.peppolParticipant(p), { firmId: after.firmId, administrationId: after.id })),
        ...removed.map((p): TransactWrite => ({ Delete: { Key: keys.peppolParticipant(p) } })),
        ...members.map(
          (m): TransactWrite => ({
            Put: {
              Item: membershipItem(after.firmId, {
                ...m,
                administrationName: after.legalName,
                plan: after.plan,
              }),
            },
          }),
        ),
        auditPut(tenant, at, {
          action: 'administration.updated',
          entityType: 'Administration',
          entityId: after.id,
          administrationId: after.id,
          before,
          after,
        }),
      ];
      await transactWrite(table, writes, (i) =>
        i === 0
          ? versionConflict()
          : new ConflictError(
              'PEPPOL_ID_TAKEN',
              `Peppol participant id ${added[i - 1]} is registered to another administration.`,
            ),
      );
    },

    async getUser(firmId: string, userId: string): Promise<User | undefined> {
      const item = await getItem<Item>(table, keys.user(firmId, userId));
      return item && stripKeys<User>(item);
    },

    /** The user's profile and memberships: one Query on the user's key prefix. */
    async getUserWithMemberships(firmId: string, userId: string): Promise<{ user?: User; memberships: Membership[] }> {
      const page = await queryPage<Item>(table, {
        pk: `FIRM#${firmId}`,
        skPrefix: keys.userPrefix(userId),
        limit: 1000,
        cursorScope: 'me',
      });
      const user = page.items.find((i) => i.sk.endsWith('#PROFILE'));
      const memberships = page.items.filter((i) => i.sk.includes('#MEMBER#')).map((i) => stripKeys<Membership>(i));
      return user ? { user: stripKeys<User>(user), memberships } : { memberships };
    },

    async listUsers(firmId: string, cursor?: string, limit?: number): Promise<Page<User>> {
      const pk = keys.usersIndex(firmId);
      const page = await queryPage<Item>(table, { index: 'gsi1', pk, cursor, limit, cursorScope: pk });
      return { ...page, items: page.items.map((i) => stripKeys<User>(i)) };
    },

    /** Sign-in lookup by e-mail address (system scope). */
    async findUserByEmail(email: string): Promise<{ firmId: string; userId: string } | undefined> {
      const item = await getItem<Item & { firmId: string; userId: string }>(table, keys.email(email));
      return item && { firmId: item.firmId, userId: item.userId };
    },

    async createUser(tenant: TenantContext | undefined, user: User, at: Date): Promise<void> {
      const writes: TransactWrite[] = [
        guardPut(keys.email(user.email), { firmId: user.firmId, userId: user.id }),
        {
          Put: {
            Item: {
              ...keys.user(user.firmId, user.id),
              gsi1pk: keys.usersIndex(user.firmId),
              gsi1sk: `${user.type}#${user.email}`,
              ...user,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ];
      if (tenant) {
        writes.push(
          auditPut(tenant, at, { action: 'user.created', entityType: 'User', entityId: user.id, after: user }),
        );
      }
      await transactWrite(table, writes, (i) =>
        i === 0
          ? new ConflictError('EMAIL_TAKEN', `A user with e-mail ${user.email} already exists.`)
          : new ConflictError('USER_EXISTS', `User ${user.id} already exists.`),
      );
    },

    async listMembershipsOfAdministration(firmId: string, administrationId: string): Promise<Membership[]> {
      const pk = keys.membersIndex(firmId, administrationId);
      const page = await queryPage<Item>(table, { index: 'gsi1', pk, limit: 1000, cursorScope: pk });
      return page.items.map((i) => stripKeys<Membership>(i));
    },

    /** Adds the membership and counts it on the administration, guarded by its version. */
    async grantMembership(tenant: TenantContext, administration: Administration, m: Membership, at: Date) {
      await transactWrite(
        table,
        [
          {
            Put: { Item: membershipItem(administration.firmId, m), ConditionExpression: 'attribute_not_exists(pk)' },
          },
          countClientUsers(administration, 1),
          auditPut(tenant, at, {
            action: 'membership.granted',
            entityType: 'Membership',
            entityId: `${m.userId}:${m.administrationId}`,
            administrationId: m.administrationId,
            after: m,
          }),
        ],
        (i) =>
          i === 0
            ? new ConflictError('MEMBERSHIP_EXISTS', 'The user already has access to this administration.')
            : versionConflict(),
      );
    },

    async revokeMembership(tenant: TenantContext, administration: Administration, m: Membership, at: Date) {
      await transactWrite(
        table,
        [
          {
            Delete: {
              Key: keys.membership(administration.firmId, m.userId, m.administrationId),
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
          countClientUsers(administration, -1),
          auditPut(tenant, at, {
            action: 'membership.revoked',
            entityType: 'Membership',
            entityId: `${m.userId}:${m.administrationId}`,
            administrationId: m.administrationId,
            before: m,
          }),
        ],
        (i) =>
          i === 0
            ? new ConflictError('MEMBERSHIP_GONE', 'The user no longer has access to this administration.')
            : versionConflict(),
      );
    },

    async getMembership(firmId: string, userId: string, administrationId: string): Promise<Membership | undefined> {
      const item = await getItem<Item>(table, keys.membership(firmId, userId, administrationId));
      return item && stripKeys<Membership>(item);
    },

    /** Which administration an inbound e-mail address belongs to (routing, system scope). */
    async routeInboundAddress(address: string): Promise<RouteTarget | undefined> {
      const item = await getItem<Item & RouteTarget>(table, keys.inboxAddress(address));
      return item && { firmId: item.firmId, administrationId: item.administrationId };
    },

    /** Which administration a Peppol participant id belongs to (routing, system scope). */
    async routePeppolParticipant(participantId: string): Promise<RouteTarget | undefined> {
      const item = await getItem<Item & RouteTarget>(table, keys.peppolParticipant(participantId));
      return item && { firmId: item.firmId, administrationId: item.administrationId };
    },
  };
}

export type TenancyRepository = ReturnType<typeof tenancyRepository>;
