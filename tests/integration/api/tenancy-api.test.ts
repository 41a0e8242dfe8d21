import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#infra/wiring.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

let t: TestApi;
const accountant = 'accountant@demo-kantoor.nl';
const owner = 'eigenaar@demo-kantoor.nl';
const client = 'klant@bakkerij-jansen.nl';
const otherFirm = 'accountant@ander-kantoor.be';

beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t?.close();
});

const newAdministration = (overrides: Record<string, unknown> = {}) => ({
  country: 'NL',
  legalName: 'Fietsenmaker De Spaak',
  vatNumber: 'NL004495445B01',
  companyNumber: '17090117',
  plan: 'samenwerken',
  ...overrides,
});

describe('GET /me', () => {
  it('returns the firm user without memberships', async () => {
    const res = await t.call('GET', '/me', { as: accountant });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      email: accountant,
      type: 'firm',
      role: 'accountant',
      firmId: 'demo-kantoor',
    });
    expect(res.body.memberships).toEqual([]);
  });

  it('returns the client user with the administrations they can reach', async () => {
    const res = await t.call('GET', '/me', { as: client });
    expect(res.status).toBe(200);
    expect(res.body.memberships.map((m: { administrationId: string }) => m.administrationId).sort()).toEqual([
      'adm-samenwerken-be',
      'adm-uitgebreid-nl',
    ]);
  });

  it('answers 401 without a token and with a token from another issuer, as API Gateway does', async () => {
    expect((await t.call('GET', '/me')).status).toBe(401);
    const forged = await (await import('#infra/local/dev-issuer.ts')).devIssuer('urn:samenwerken:test-issuer', null);
    const token = await forged.sign({
      userId: 'demo-accountant',
      email: accountant,
      firmId: 'demo-kantoor',
      userType: 'firm',
    });
    expect((await t.call('GET', '/me', { token })).status).toBe(401);
  });
});

describe('GET /administrations', () => {
  it('lists every administration of the firm for a firm user, one of each plan', async () => {
    const res = await t.call('GET', '/administrations', { as: accountant });
    expect(res.status).toBe(200);
    const plans = res.body.items.map((a: { plan: string }) => a.plan);
    expect(plans).toEqual(expect.arrayContaining(['standaard', 'samenwerken', 'samenwerken-uitgebreid']));
    expect(res.body.items.every((a: { firmId: string }) => a.firmId === 'demo-kantoor')).toBe(true);
  });

  it('lists only the memberships of a client user', async () => {
    const res = await t.call('GET', '/administrations', { as: client });
    expect(res.body.items.map((a: { id: string }) => a.id).sort()).toEqual(['adm-samenwerken-be', 'adm-uitgebreid-nl']);
  });

  it('pages with an opaque cursor and refuses a cursor from another list', async () => {
    const first = await t.call('GET', '/administrations?limit=1', { as: accountant });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.call('GET', `/administrations?limit=1&cursor=${first.body.nextCursor}`, { as: accountant });
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    const foreign = await t.call('GET', `/administrations?cursor=${first.body.nextCursor}`, { as: otherFirm });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0]).toMatchObject({ location: 'query', pointer: '/cursor' });
  });
});

describe('POST /administrations', () => {
  it('creates an administration with its own inbound e-mail address and an audit entry', async () => {
    const res = await t.call('POST', '/administrations', { as: accountant, body: newAdministration() });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/administrations/${res.body.id}`);
    expect(res.body).toMatchObject({ firmId: 'demo-kantoor', version: 1, clientUserCount: 0 });
    expect(res.body.inboundEmailAddress).toMatch(/^fietsenmaker-de-spaak-[a-z2-7]{10}@in\.test$/);
    const audit = await t.call('GET', `/administrations/${res.body.id}/audit`, { as: accountant });
    expect(audit.body.items[0]).toMatchObject({
      action: 'administration.created',
      actor: { userId: 'demo-accountant' },
    });
  });

  it('answers problem+json with field pointers for invalid input', async () => {
    const res = await t.call('POST', '/administrations', {
      as: accountant,
      body: newAdministration({ vatNumber: 'NL004495446B01', country: 'XX' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/country');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await t.call('POST', '/administrations', { as: accountant, body: '{not json' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('replays the first response for a repeated Idempotency-Key and refuses the key with another body', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await t.call('POST', '/administrations', { as: accountant, body: newAdministration(), headers });
    const again = await t.call('POST', '/administrations', { as: accountant, body: newAdministration(), headers });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const other = await t.call('POST', '/administrations', {
      as: accountant,
      body: newAdministration({ legalName: 'Iets Anders' }),
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps the same Idempotency-Key on two different operations apart', async () => {
    const headers = { 'idempotency-key': `shared-${Date.now()}` };
    const administration = await t.call('POST', '/administrations', { as: owner, body: newAdministration(), headers });
    const user = await t.call('POST', '/users', {
      as: owner,
      body: { type: 'client', email: `sleutel-${Date.now()}@voorbeeld.nl`, name: 'Sleutel' },
      headers,
    });
    expect(administration.status).toBe(201);
    expect(user.status).toBe(201);
    expect(user.body.email).toMatch(/^sleutel-/);
  });

  it('refuses add-ons on a Standaard administration with a plan restriction', async () => {
    const res = await t.call('POST', '/administrations', {
      as: accountant,
      body: newAdministration({ plan: 'standaard', addOns: ['sales-invoices'] }),
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('PLAN_RESTRICTION');
  });

  it('refuses a client user', async () => {
    const res = await t.call('POST', '/administrations', { as: client, body: newAdministration() });
    expect(res.status).toBe(403);
  });

  it('refuses a Peppol participant id registered to another administration with 409', async () => {
    const body = newAdministration({ peppolParticipantIds: ['0106:12345678'] });
    expect((await t.call('POST', '/administrations', { as: accountant, body })).status).toBe(201);
    const dup = await t.call('POST', '/administrations', { as: otherFirm, body });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('PEPPOL_ID_TAKEN');
  });
});

describe('PATCH /administrations/{administrationId}', () => {
  it('changes the plan, bumps the version and records before and after', async () => {
    const created = await t.call('POST', '/administrations', {
      as: accountant,
      body: newAdministration({ plan: 'standaard' }),
    });
    const res = await t.call('PATCH', `/administrations/${created.body.id}`, {
      as: accountant,
      body: { plan: 'samenwerken-uitgebreid', addOns: ['crm'] },
      headers: { 'if-match': '"1"' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ plan: 'samenwerken-uitgebreid', addOns: ['crm'], version: 2 });
    expect(res.headers.get('etag')).toBe('"2"');
    const audit = await t.call('GET', `/administrations/${created.body.id}/audit`, { as: accountant });
    expect(audit.body.items[0]).toMatchObject({
      action: 'administration.updated',
      before: { plan: 'standaard', version: 1 },
      after: { plan: 'samenwerken-uitgebreid', version: 2 },
    });
  });

  it('answers 409 for a stale If-Match', async () => {
    const created = await t.call('POST', '/administrations', { as: accountant, body: newAdministration() });
    await t.call('PATCH', `/administrations/${created.body.id}`, { as: accountant, body: { legalName: 'Eerst' } });
    const stale = await t.call('PATCH', `/administrations/${created.body.id}`, {
      as: accountant,
      body: { legalName: 'Daarna' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
  });

  it('lets exactly one of two concurrent edits of the same version win; the other gets 409', async () => {
    const created = await t.call('POST', '/administrations', { as: accountant, body: newAdministration() });
    const edits = await Promise.all(
      ['A', 'B', 'C'].map((name) =>
        t.call('PATCH', `/administrations/${created.body.id}`, { as: accountant, body: { legalName: `Naam ${name}` } }),
      ),
    );
    const statuses = edits.map((e) => e.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const final = await t.call('GET', `/administrations/${created.body.id}`, { as: accountant });
    expect(final.body.version).toBe(1 + statuses.filter((s) => s === 200).length);
  });

  it('refuses a plan change by an assistant', async () => {
    const created = await t.call('POST', '/users', {
      as: owner,
      body: { type: 'firm', email: `assistent-${Date.now()}@demo-kantoor.nl`, name: 'Assistent', role: 'assistant' },
    });
    expect(created.status).toBe(201);
    const res = await t.call('PATCH', '/administrations/adm-standaard-nl', {
      as: created.body.email,
      body: { plan: 'samenwerken' },
    });
    expect(res.status).toBe(403);
  });

  it('refuses to move an administration with client users to Standaard', async () => {
    const res = await t.call('PATCH', '/administrations/adm-samenwerken-be', {
      as: accountant,
      body: { plan: 'standaard' },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('PLAN_RESTRICTION');
  });
});

describe('users and memberships', () => {
  it('lets an accountant add a client user and give access; the client then sees the administration', async () => {
    const email = `klant-${Date.now()}@voorbeeld.nl`;
    const user = await t.call('POST', '/users', {
      as: accountant,
      body: { type: 'client', email, name: 'Kees Klant' },
    });
    expect(user.status).toBe(201);
    expect((await t.call('GET', '/administrations/adm-uitgebreid-nl', { as: email })).status).toBe(403);
    const granted = await t.call('PUT', `/administrations/adm-uitgebreid-nl/memberships/${user.body.id}`, {
      as: accountant,
    });
    expect(granted.status).toBe(201);
    const again = await t.call('PUT', `/administrations/adm-uitgebreid-nl/memberships/${user.body.id}`, {
      as: accountant,
    });
    expect(again.status).toBe(200);
    expect((await t.call('GET', '/administrations/adm-uitgebreid-nl', { as: email })).status).toBe(200);
    const members = await t.call('GET', '/administrations/adm-uitgebreid-nl/memberships', { as: accountant });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toContain(user.body.id);
    expect(
      (await t.call('DELETE', `/administrations/adm-uitgebreid-nl/memberships/${user.body.id}`, { as: accountant }))
        .status,
    ).toBe(204);
    expect((await t.call('GET', '/administrations/adm-uitgebreid-nl', { as: email })).status).toBe(403);
  });

  it('refuses client access to a Standaard administration', async () => {
    const res = await t.call('PUT', '/administrations/adm-standaard-nl/memberships/demo-client', { as: accountant });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('PLAN_RESTRICTION');
  });

  it('refuses a second user with the same e-mail address', async () => {
    const res = await t.call('POST', '/users', { as: owner, body: { type: 'client', email: client, name: 'Dubbel' } });
    expect(res.status).toBe(409);
  });

  it('lets only an owner add firm users', async () => {
    const res = await t.call('POST', '/users', {
      as: accountant,
      body: { type: 'firm', email: `nieuw-${Date.now()}@demo-kantoor.nl`, name: 'Nieuw', role: 'owner' },
    });
    expect(res.status).toBe(403);
  });

  it('shows a client user only themself', async () => {
    expect((await t.call('GET', '/users/demo-client', { as: client })).status).toBe(200);
    expect((await t.call('GET', '/users/demo-accountant', { as: client })).status).toBe(403);
    expect((await t.call('GET', '/users', { as: client })).status).toBe(403);
  });
});

describe('tenant isolation', () => {
  const samples: Record<string, string> = {
    administrationId: 'adm-samenwerken-be',
    userId: 'demo-client',
    code: '400000',
    entryId: 'VKP-2026-1',
    period: '2026-01',
    report: 'trial-balance',
    relationId: '1',
    source: 'crm',
    externalId: 'klant-42',
    returnId: '2026-Q1',
    documentId: '0123456789abcdef0123456789',
    proposalId: '0123456789abcdef0123456789',
    invoiceId: '01JQ0000000000000000000001',
    openItemId: '01JQ0000000000000000000001',
    quoteId: '01JQ0000000000000000000002',
    timeEntryId: '01JQ0000000000000000000003',
    batchId: '01JQ0000000000000000000004',
    connectionId: '01JQ0000000000000000000004',
    iban: 'BE68539007547034',
    lineId: '0123456789abcdef0123456789',
    importId: '01JQ0000000000000000000005',
    loanId: 'hypotheek-1',
    // Approvals.
    flowId: '01JQ0000000000000000000004',
    taskId: '01JQ0000000000000000000005',
    annualAccountsId: '01JQ0000000000000000000006',
    subjectKind: 'vat-return',
    subjectId: '2026-Q1',
    failureId: '0123abcd-0000-4000-8000-000000000001',
  };
  const line = { description: 'Vreemd', quantity: '1', unitPrice: '1.00', vatCode: 'BE-V21' };
  /** Valid bodies, so a refusal proves the tenant check rather than input validation. */
  const bodies: Record<string, unknown> = {
    'PATCH /administrations/{administrationId}': { legalName: 'Overgenomen' },
    'POST /administrations/{administrationId}/accounts': { code: '999999', name: 'Vreemd', category: 'expense' },
    'PATCH /administrations/{administrationId}/accounts/{code}': { name: 'Overgenomen' },
    'POST /administrations/{administrationId}/entries': {
      journalCode: 'DIV',
      date: '2026-01-05',
      description: 'Vreemd',
      lines: [
        { accountCode: '550000', amount: '1.00' },
        { accountCode: '700000', amount: '-1.00' },
      ],
    },
    'POST /administrations/{administrationId}/entries/{entryId}/reversal': {},
    'PUT /administrations/{administrationId}/periods/{period}': { status: 'closed' },
    'POST /administrations/{administrationId}/relations': { roles: ['customer'], name: 'Vreemd BV' },
    'PUT /administrations/{administrationId}/relations/by-external-id/{source}/{externalId}': {
      roles: ['customer'],
      name: 'Vreemd BV',
    },
    'PATCH /administrations/{administrationId}/relations/{relationId}': { name: 'Overgenomen' },
    'PUT /administrations/{administrationId}/relations/{relationId}/status': { status: 'archived' },
    'POST /administrations/{administrationId}/vat-returns/{returnId}/transitions': { action: 'approve' },
    'POST /administrations/{administrationId}/uploads': { fileName: 'f.pdf', contentType: 'application/pdf', size: 10 },
    'PATCH /administrations/{administrationId}/proposals/{proposalId}': { header: { invoiceNumber: 'X-1' } },
    'POST /administrations/{administrationId}/proposals/{proposalId}/rejection': { reason: 'Niet van ons' },
    'PUT /administrations/{administrationId}/bank-accounts/{iban}': { name: 'Vreemd', glAccount: '550000' },
    'POST /administrations/{administrationId}/bank-statements': { fileName: 'a.xml', content: 'PERvY3VtZW50Lz4=' },
    'PUT /administrations/{administrationId}/bank-lines/{lineId}/booking': {
      lines: [{ glAccount: '657000', amount: '-1.00' }],
    },
    'POST /administrations/{administrationId}/bank-lines/{lineId}/suggestion-rejection': {},
    'POST /administrations/{administrationId}/bank-lines/{lineId}/request/messages': { text: 'Vreemd' },
    'PUT /administrations/{administrationId}/bank-settings': { autoBookThreshold: 0.97 },
    'PUT /administrations/{administrationId}/loans/{loanId}': {
      label: 'Vreemd',
      counterpartyName: 'Bank',
      principalAccount: '173000',
      interestAccount: '650000',
      terms: {
        principal: '1000.00',
        annualRateBasisPoints: 400,
        periods: 12,
        firstDueDate: '2026-01-31',
        method: 'annuity',
      },
    },
    'POST /administrations/{administrationId}/proposals/{proposalId}/peppol-responses': {
      status: 'UQ',
      reasons: [{ code: 'PRI', text: 'Prijs wijkt af van de offerte.' }],
    },
    'POST /administrations/{administrationId}/upload-batches': {
      files: [{ fileName: 'f.pdf', contentType: 'application/pdf', size: 10 }],
    },
    'POST /administrations/{administrationId}/invoices': {
      side: 'sales',
      relationId: '1',
      invoiceDate: '2026-01-05',
      lines: [line],
    },
    'POST /administrations/{administrationId}/open-items/{openItemId}/payments': { date: '2026-01-20', amount: '1.21' },
    'POST /administrations/{administrationId}/open-items/{openItemId}/reminders': { date: '2026-03-01' },
    'POST /administrations/{administrationId}/open-items/{openItemId}/settlements': {
      invoiceItemId: '01JQ0000000000000000000009',
      date: '2026-01-20',
    },
    'POST /administrations/{administrationId}/quotes': { relationId: '1', date: '2026-01-05', lines: [line] },
    'PUT /administrations/{administrationId}/quotes/{quoteId}/status': { status: 'sent' },
    'POST /administrations/{administrationId}/quotes/{quoteId}/conversion': { invoiceDate: '2026-01-10' },
    'PUT /administrations/{administrationId}/cost-centres/{code}': { name: 'Overgenomen project' },
    'POST /administrations/{administrationId}/time-entries': {
      date: '2026-01-05',
      customerId: '1',
      minutes: 60,
      description: 'Vreemd werk',
      type: 'direct',
    },
    'POST /administrations/{administrationId}/subscription-changes': {
      plan: 'samenwerken',
      effectiveFrom: '2026-01-01',
    },
    'POST /administrations/{administrationId}/bank-connections': { ibans: ['NL91ABNA0417164300'] },
    'POST /administrations/{administrationId}/payment-batches': {
      requestedExecutionDate: '2026-02-01',
      items: [{ openItemId: '01JQ0000000000000000000001' }],
    },
    'PATCH /administrations/{administrationId}/payment-batches/{batchId}': { requestedExecutionDate: '2026-02-02' },
    'POST /administrations/{administrationId}/hours-invoices': {
      customerId: '1',
      from: '2026-01-01',
      to: '2026-01-31',
      include: 'direct',
      vatCode: 'BE-V21',
      invoiceDate: '2026-02-01',
    },
  };
  // Approvals: valid bodies, so the refusal is the tenant check.
  const approvalFlow = {
    name: 'Vreemde flow',
    steps: [{ name: 'Stap', approver: { kind: 'user', userId: 'demo-accountant' } }],
  };
  Object.assign(bodies, {
    'POST /administrations/{administrationId}/approval-flows': approvalFlow,
    'PUT /administrations/{administrationId}/approval-flows/{flowId}': approvalFlow,
    'PUT /administrations/{administrationId}/approval-settings': {},
    'POST /administrations/{administrationId}/vat-returns/{returnId}/approval-request': {},
    'POST /administrations/{administrationId}/annual-accounts': {
      year: 2025,
      pdf: Buffer.from('%PDF-1.4 vreemd').toString('base64'),
      figures: { revenue: '1.00' },
    },
    'POST /administrations/{administrationId}/approval-tasks/{taskId}/decisions': { decision: 'approve' },
  });
  const queries: Record<string, string> = {
    'GET /administrations/{administrationId}/entries': '?period=2026-01',
    'GET /administrations/{administrationId}/peppol-findings': '?sender=0208:0123456749&instanceId=foreign-1',
    'GET /administrations/{administrationId}/reports/{report}': '?to=2026-12',
    'GET /administrations/{administrationId}/invoices': '?side=purchase&from=2026-01-01&to=2026-12-31',
    'GET /administrations/{administrationId}/open-items': '?side=payable&dueTo=2026-12-31',
    'GET /administrations/{administrationId}/relations/{relationId}/open-items': '?status=all',
    'GET /administrations/{administrationId}/ageing': '?side=receivable&asOf=2026-12-31',
    'GET /administrations/{administrationId}/cost-centres/{code}/purchases': '?from=2026-01-01&to=2026-12-31',
    'GET /administrations/{administrationId}/time-entries':
      '?customerId=1&status=unbilled&from=2026-01-01&to=2026-12-31',
    'GET /administrations/{administrationId}/hours-report': '?from=2026-01-01&to=2026-12-31&customerId=1',
  };
  const withParams = routes.filter((r) => r.auth === 'jwt' && r.path.includes('{'));

  it.each(withParams.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s answers 403 to another firm and changes nothing',
    async (key, route) => {
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => samples[name] ?? 'x') + (queries[key] ?? '');
      const res = await t.call(route.method, path, { as: otherFirm, body: bodies[key] });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    },
  );

  it.each(withParams.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s answers 403 to a client user of the same firm who is not a member',
    async (key, route) => {
      const path =
        route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === 'administrationId'
            ? 'adm-standaard-nl'
            : name === 'userId'
              ? 'demo-accountant'
              : (samples[name] ?? 'x'),
        ) + (queries[key] ?? '');
      const res = await t.call(route.method, path, { as: client, body: bodies[key] });
      expect(res.status).toBe(403);
    },
  );

  it('lists without parameters never include another firm', async () => {
    const administrations = await t.call('GET', '/administrations', { as: otherFirm });
    expect(administrations.body.items.map((a: { firmId: string }) => a.firmId)).not.toContain('demo-kantoor');
    const users = await t.call('GET', '/users', { as: otherFirm });
    expect(users.body.items.map((u: { firmId: string }) => u.firmId)).not.toContain('demo-kantoor');
    const me = await t.call('GET', '/me', { as: otherFirm });
    expect(me.body.user.firmId).toBe('ander-kantoor');
    // Billing: the firm comes from the token only.
    const cockpit = await t.call('GET', '/billing/cockpit', { as: otherFirm });
    expect(cockpit.body.firmId).toBe('ander-kantoor');
    expect(cockpit.body.advice.map((a: { administrationId: string }) => a.administrationId)).not.toContain(
      'adm-samenwerken-be',
    );
    const invoices = await t.call('GET', '/billing/invoices', { as: otherFirm });
    expect(invoices.body.items.map((i: { firmId: string }) => i.firmId)).not.toContain('demo-kantoor');
    const events = await t.call('GET', '/billing/events', { as: otherFirm });
    expect(events.body.items.map((e: { firmId: string }) => e.firmId)).not.toContain('demo-kantoor');
    expect((await t.call('GET', '/billing/cockpit', { as: client })).status).toBe(403);
  });

  it("approval inbox and texts come from the token's firm and user only", async () => {
    const inbox = await t.call('GET', '/approval-inbox', { as: otherFirm });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((i: { administrationId: string }) => i.administrationId)).not.toContain(
      'adm-samenwerken-be',
    );
    expect((await t.call('GET', '/approval-texts', { as: client })).status).toBe(403);
    expect((await t.call('PUT', '/approval-texts', { as: client, body: { taskSubject: 'Overgenomen' } })).status).toBe(
      403,
    );
  });

  it('covers every authorised route of the wiring', () => {
    const covered = new Set([
      ...withParams.map((r) => `${r.method} ${r.path}`),
      'GET /administrations',
      'GET /users',
      'GET /me',
      'POST /administrations',
      'POST /users',
      'GET /billing/invoices',
      'GET /billing/catalogue',
      'GET /billing/cockpit',
      'GET /billing/events',
      // Approvals: keyed by the token's firm and user only (see the test below).
      'GET /approval-inbox',
      'GET /approval-texts',
      'PUT /approval-texts',
    ]);
    const all = routes.filter((r) => r.auth === 'jwt').map((r) => `${r.method} ${r.path}`);
    expect(all.filter((r) => !covered.has(r))).toEqual([]);
  });
});

describe('API description', () => {
  it('serves an OpenAPI 3.1 document describing every authorised route, without a token', async () => {
    const res = await t.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const r of routes.filter((x) => x.auth === 'jwt')) {
      expect(res.body.paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
    }
    expect(res.body.components.schemas.Administration).toBeDefined();
  });

  it('serves a human-readable docs page', async () => {
    const res = await t.call('GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.body).toContain('/administrations/{administrationId}');
  });
});
