import type { Key } from '#packages/table';

/**
 * Key builders for tenancy items. Tenant data lives under `FIRM#<firmId>`; `SYS#` items are
 * lookups the system needs before a tenant is known (routing an e-mail or Peppol message,
 * signing in by e-mail) and are never reachable through the API by key.
 */
export const keys = {
  firm: (firmId: string): Key => ({ pk: `FIRM#${firmId}`, sk: 'FIRM' }),
  firmsIndex: 'SYS#FIRMS',
  administration: (firmId: string, administrationId: string): Key => ({
    pk: `FIRM#${firmId}`,
    sk: `ADM#${administrationId}`,
  }),
  administrationsPrefix: 'ADM#',
  administrationsByPlan: (firmId: string, plan: string) => `FIRM#${firmId}#PLAN#${plan}`,
  user: (firmId: string, userId: string): Key => ({ pk: `FIRM#${firmId}`, sk: `USER#${userId}#PROFILE` }),
  userPrefix: (userId: string) => `USER#${userId}#`,
  usersIndex: (firmId: string) => `FIRM#${firmId}#USERS`,
  membership: (firmId: string, userId: string, administrationId: string): Key => ({
    pk: `FIRM#${firmId}`,
    sk: `USER#${userId}#MEMBER#${administrationId}`,
  }),
  membershipsOfUserPrefix: (userId: string) => `USER#${userId}#MEMBER#`,
  membersIndex: (firmId: string, administrationId: string) => `FIRM#${firmId}#ADM#${administrationId}#MEMBERS`,
  inboxAddress: (address: string): Key => ({ pk: `SYS#INBOX#${address.toLowerCase()}`, sk: 'INBOX' }),
  peppolParticipant: (participantId: string): Key => ({
    pk: `SYS#PEPPOL#${participantId.toLowerCase()}`,
    sk: 'PEPPOL',
  }),
  email: (email: string): Key => ({ pk: `SYS#EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' }),
};
