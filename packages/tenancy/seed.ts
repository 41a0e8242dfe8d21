import type { TenantContext } from '#packages/kernel';
import type { Administration, User } from './schemas.js';
import type { TenancyDeps } from './services.js';

/** The demo data `npm start` seeds on a fresh store; ids are readable so docs can use them. */
export const demo = {
  firm: { id: 'demo-kantoor', name: 'Demo Kantoor Accountants', country: 'NL' as const },
  otherFirm: { id: 'ander-kantoor', name: 'Ander Kantoor', country: 'BE' as const },
  users: {
    owner: { id: 'demo-owner', email: 'eigenaar@demo-kantoor.nl', name: 'Eva Eigenaar', role: 'owner' as const },
    accountant: {
      id: 'demo-accountant',
      email: 'accountant@demo-kantoor.nl',
      name: 'Anna de Vries',
      role: 'accountant' as const,
    },
    client: { id: 'demo-client', email: 'klant@bakkerij-jansen.nl', name: 'Jan Jansen' },
    otherAccountant: {
      id: 'other-accountant',
      email: 'accountant@ander-kantoor.be',
      name: 'Luc Peeters',
      role: 'accountant' as const,
    },
  },
  administrations: [
    {
      id: 'adm-standaard-nl',
      legalName: 'Kapsalon Knip B.V.',
      country: 'NL' as const,
      vatNumber: 'NL004495445B01',
      companyNumber: '17090117',
      address: { street: 'Oudegracht 12', postalCode: '3511 AP', city: 'Utrecht' },
      iban: 'NL91ABNA0417164300',
      plan: 'standaard' as const,
    },
    {
      id: 'adm-samenwerken-be',
      legalName: 'Bakkerij Jansen BV',
      country: 'BE' as const,
      vatNumber: 'BE0403170701',
      companyNumber: '0403170701',
      address: { street: 'Grote Markt 3', postalCode: '9000', city: 'Gent' },
      iban: 'BE68539007547034',
      plan: 'samenwerken' as const,
    },
    {
      id: 'adm-uitgebreid-nl',
      legalName: 'Jansen Installatietechniek B.V.',
      country: 'NL' as const,
      vatNumber: 'NL123456782B90',
      companyNumber: '27312152',
      address: { street: 'Industrieweg 48', postalCode: '2712 LB', city: 'Zoetermeer' },
      iban: 'NL20INGB0001234567',
      plan: 'samenwerken-uitgebreid' as const,
    },
  ],
  otherAdministration: {
    id: 'adm-ander-kantoor',
    legalName: 'Brouwerij Peeters BV',
    country: 'BE' as const,
    vatNumber: 'BE0202239951',
    companyNumber: '0202239951',
    plan: 'samenwerken' as const,
  },
} as const;

/**
 * Seeds the demo firm (one administration of each plan, NL and BE, a firm owner and
 * accountant, a client user with access to the Samenwerken administrations) and a second
 * firm to show that tenants cannot see each other. Does nothing when the demo firm exists.
 */
export async function seedDemo(deps: TenancyDeps): Promise<{ seeded: boolean }> {
  if (await deps.repo.getFirm(demo.firm.id)) return { seeded: false };
  const now = deps.clock();
  const at = now.toISOString();
  for (const firm of [demo.firm, demo.otherFirm]) await deps.repo.createFirm({ ...firm, createdAt: at });

  const firmUser = (
    u: { id: string; email: string; name: string; role: User['role'] },
    firm: typeof demo.firm | typeof demo.otherFirm,
  ): User => ({
    id: u.id,
    firmId: firm.id,
    firmName: firm.name,
    email: u.email,
    name: u.name,
    type: 'firm',
    role: u.role,
    status: 'active',
    createdAt: at,
  });
  await deps.repo.createUser(undefined, firmUser(demo.users.owner, demo.firm), now);
  await deps.repo.createUser(undefined, firmUser(demo.users.accountant, demo.firm), now);
  await deps.repo.createUser(undefined, firmUser(demo.users.otherAccountant, demo.otherFirm), now);
  await deps.repo.createUser(
    undefined,
    {
      ...demo.users.client,
      firmId: demo.firm.id,
      firmName: demo.firm.name,
      type: 'client',
      status: 'active',
      createdAt: at,
    },
    now,
  );

  const actor = (firmId: string, userId: string): TenantContext => ({ firmId, userId, userType: 'firm' });
  const create = async (
    firmId: string,
    userId: string,
    a: (typeof demo.administrations)[number] | typeof demo.otherAdministration,
  ) => {
    const administration: Administration = {
      ...a,
      firmId,
      peppolParticipantIds: [],
      addOns: [],
      inboundEmailAddress: `${a.id}@${deps.inboundEmailDomain}`,
      allowedSenders: [],
      clientUserCount: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    await deps.repo.createAdministration(actor(firmId, userId), administration, now);
    return administration;
  };
  const created = [];
  for (const a of demo.administrations) created.push(await create(demo.firm.id, demo.users.accountant.id, a));
  await create(demo.otherFirm.id, demo.users.otherAccountant.id, demo.otherAdministration);

  for (const administration of created.filter((a) => a.plan !== 'standaard')) {
    await deps.repo.grantMembership(
      actor(demo.firm.id, demo.users.accountant.id),
      administration,
      {
        userId: demo.users.client.id,
        administrationId: administration.id,
        administrationName: administration.legalName,
        country: administration.country,
        plan: administration.plan,
        grantedAt: at,
        grantedBy: demo.users.accountant.id,
      },
      now,
    );
  }
  return { seeded: true };
}
