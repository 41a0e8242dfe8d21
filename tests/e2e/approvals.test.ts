import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApi, startLocalApi } from '#infra/local/api-server.ts';
import { executionArn } from '#infra/local/aws-names.ts';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import type { OutboxMessage } from '#infra/local/outbox.ts';
import type { LocalTwin } from '#infra/local/twin.ts';
import { routes } from '#infra/wiring.ts';
import { demo, grantMembership, type TenancyDeps } from '#packages/tenancy';
import { startSeededTwin } from '../helpers/twin.ts';

/**
 * Approvals on the local stack: every task runs the `approval-task` state machine of the wiring
 * in the Step Functions twin (decision by task token, reminder and deadline by Wait states whose
 * times come from the input), e-mail lands in the SES outbox.
 */

let twin: LocalTwin;
let tenancy: TenancyDeps;
let api: LocalApi;
let issuer: Awaited<ReturnType<typeof devIssuer>>;
const tokens = new Map<string, string>();
const nl = '/administrations/adm-uitgebreid-nl';
const be = '/administrations/adm-samenwerken-be';

type Who = 'accountant' | 'client' | 'director' | 'bookkeeper';
const people: Record<Who, { id: string; email: string; type: 'firm' | 'client' }> = {
  accountant: { id: demo.users.accountant.id, email: demo.users.accountant.email, type: 'firm' },
  client: { id: demo.users.client.id, email: demo.users.client.email, type: 'client' },
  director: { id: '', email: 'directeur@jansen-installatie.nl', type: 'client' },
  bookkeeper: { id: '', email: 'boekhouding@bakkerij-jansen.be', type: 'client' },
};

async function tokenOf(who: Who): Promise<string> {
  const p = people[who];
  const cached = tokens.get(who);
  if (cached) return cached;
  const token = await issuer.sign({ userId: p.id, email: p.email, firmId: demo.firm.id, userType: p.type });
  tokens.set(who, token);
  return token;
}

async function call<T = any>(
  method: string,
  path: string,
  options: { as?: Who; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(options.as ? { authorization: `Bearer ${await tokenOf(options.as)}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Polls the outbox until a message matches (the workflow sends asynchronously). */
async function mailWhere(match: (m: OutboxMessage) => boolean, timeoutMs = 15_000): Promise<OutboxMessage> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await twin.outbox.list()).find(match);
    if (found) return found;
    if (Date.now() > until) throw new Error('No such message in the outbox');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const linkToken = (m: OutboxMessage) => /\/approval-links\/([A-Za-z0-9_-]{43})/.exec(m.text ?? '')?.[1] ?? '';
const execution = (taskId: string) => executionArn('approval-task', taskId);

async function createClient(who: 'director' | 'bookkeeper', administration: string, name: string) {
  const created = await call('POST', '/users', {
    as: 'accountant',
    body: { type: 'client', email: people[who].email, name },
  });
  expect(created.status).toBe(201);
  people[who].id = created.body.id;
  // Granted through the tenancy service (the route adds billing terms, which are not under test here).
  const accountant = { firmId: demo.firm.id, userId: demo.users.accountant.id, userType: 'firm' as const };
  await grantMembership(tenancy, accountant, administration, created.body.id);
}

beforeAll(async () => {
  ({ twin, tenancy } = await startSeededTwin({
    queueVisibilityTimeoutSeconds: 30,
    env: { PUBLIC_API_URL: 'https://portaal.demo-kantoor.test' },
  }));
  issuer = await devIssuer('urn:samenwerken:e2e-approvals', null);
  api = await startLocalApi({ routes, invoke: twin.invoke, issuer, port: 0 });
  await createClient('director', 'adm-uitgebreid-nl', 'Dirk Directeur');
  await createClient('bookkeeper', 'adm-samenwerken-be', 'Bea Boekhouding');
}, 120_000);

afterAll(async () => {
  await api?.close();
  await twin?.stop();
});

describe('purchase invoice over EUR 5 000 through two steps', () => {
  let invoiceId = '';
  let openItemId = '';

  it('defines the flow and refuses one that overlaps it', async () => {
    const settings = await call('PUT', `${nl}/approval-settings`, {
      as: 'accountant',
      body: { approverLimits: { [people.client.id]: '5000.00' } },
    });
    expect(settings.status).toBe(200);
    const flow = await call('POST', `${nl}/approval-flows`, {
      as: 'accountant',
      body: {
        name: 'Inkoopfacturen',
        steps: [
          { name: 'Budgethouder', approver: { kind: 'user', userId: people.client.id } },
          // Only for amounts over 10 000 by itself; reached below that by escalation.
          {
            name: 'Directie',
            condition: { minAmount: '10000.00' },
            approver: { kind: 'user', userId: people.director.id },
          },
        ],
      },
    });
    expect(flow.status).toBe(201);
    const overlapping = await call('POST', `${nl}/approval-flows`, {
      as: 'accountant',
      body: { name: 'Grote facturen', appliesTo: { minAmount: '1000.00' }, steps: flow.body.steps.slice(0, 1) },
    });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.errors[0].detail).toContain('Inkoopfacturen');
    expect((await call('POST', `${nl}/approval-flows`, { as: 'client', body: { name: 'X', steps: [] } })).status).toBe(
      400,
    );
  });

  it('blocks payment until two approvers have approved, through a rejection and a resubmission', async () => {
    const supplier = await call('POST', `${nl}/relations`, {
      as: 'accountant',
      body: { roles: ['supplier'], name: 'Technische Unie B.V.', ibans: ['NL39RABO0300065264'] },
    });
    const invoice = await call('POST', `${nl}/invoices`, {
      as: 'accountant',
      body: {
        side: 'purchase',
        relationId: supplier.body.id,
        invoiceNumber: 'TU-2026-5501',
        invoiceDate: '2026-11-10',
        lines: [
          { description: 'Warmtepompen', quantity: '50', unitPrice: '100.00', vatCode: 'NL-I21', glAccount: '4200' },
        ],
      },
    });
    expect(invoice.status).toBe(201);
    invoiceId = invoice.body.id;
    openItemId = invoice.body.openItemId;
    expect(invoice.body.totals.gross).toBe('6050.00');

    // The flow takes the invoice as it is booked: its approval starts with it.
    const submitted = { body: { approval: invoice.body.approval, task: invoice.body.approvalTask } };
    const twice = await call('POST', `${nl}/invoices/${invoiceId}/approval`, { as: 'accountant' });
    expect(twice.status).toBe(409);
    expect(submitted.body.approval.plan).toMatchObject([
      { name: 'Budgethouder', approver: people.client.id, limit: '5000.00', escalated: false },
      { name: 'Directie', approver: people.director.id, escalated: true },
    ]);
    const pay = () =>
      call('POST', `${nl}/open-items/${openItemId}/payments`, {
        as: 'accountant',
        body: { date: '2026-11-20', amount: '6050.00' },
      });
    expect((await pay()).body.code).toBe('PAYMENT_BLOCKED');

    // Step 1: in the budget holder's inbox, not decidable by the director.
    const first = submitted.body.task;
    const inbox = await call('GET', '/approval-inbox', { as: 'client' });
    expect(inbox.body.items.map((i: { taskId: string }) => i.taskId)).toContain(first.id);
    expect(inbox.body.counts['purchase-invoice']).toBeGreaterThanOrEqual(1);
    await twin.stateMachines.waitForTask(execution(first.id), 10_000);
    const byDirector = await call('POST', `${nl}/approval-tasks/${first.id}/decisions`, {
      as: 'director',
      body: { decision: 'approve' },
    });
    expect(byDirector.status).toBe(403);
    const approved = await call('POST', `${nl}/approval-tasks/${first.id}/decisions`, {
      as: 'client',
      body: { decision: 'approve' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.next.assignees).toEqual([people.director.id]);
    expect((await twin.stateMachines.waitForExecution(execution(first.id), 10_000)).status).toBe('SUCCEEDED');
    expect((await pay()).status).toBe(409);

    // Step 2: the director rejects with a reason; payment stays blocked.
    const second = approved.body.next;
    await twin.stateMachines.waitForTask(execution(second.id), 10_000);
    const rejected = await call('POST', `${nl}/approval-tasks/${second.id}/decisions`, {
      as: 'director',
      body: { decision: 'reject', comment: 'Offerte was 4 800 euro; graag creditnota.' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.decision.after).toEqual({ task: 'rejected', subject: 'rejected' });
    expect((await pay()).status).toBe(409);

    // Resubmitted: a new round, both steps again.
    const again = await call('POST', `${nl}/invoices/${invoiceId}/approval`, { as: 'accountant' });
    expect(again.status).toBe(201);
    // A double click: two identical approvals at once record one decision.
    const task1 = again.body.task;
    const clicks = await Promise.all([
      call('POST', `${nl}/approval-tasks/${task1.id}/decisions`, { as: 'client', body: { decision: 'approve' } }),
      call('POST', `${nl}/approval-tasks/${task1.id}/decisions`, { as: 'client', body: { decision: 'approve' } }),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    expect(clicks.map((c) => c.body.replayed).sort()).toEqual([false, true]);
    const task2 = clicks.find((c) => !c.body.replayed)!.body.next;
    const final = await call('POST', `${nl}/approval-tasks/${task2.id}/decisions`, {
      as: 'director',
      body: { decision: 'approve', comment: 'Akkoord na creditnota-afspraak.' },
    });
    expect(final.status).toBe(200);
    expect(final.body.decision.after.subject).toBe('approved');
    expect((await twin.stateMachines.waitForExecution(execution(task2.id), 10_000)).status).toBe('SUCCEEDED');

    const paid = await pay();
    expect(paid.status).toBe(201);
  });

  it('keeps a question on the open task and moves a delegated task to the delegate’s inbox', async () => {
    const supplier = await call('POST', `${nl}/relations`, {
      as: 'accountant',
      body: { roles: ['supplier'], name: 'Kantoorhuis B.V.' },
    });
    const invoice = await call('POST', `${nl}/invoices`, {
      as: 'accountant',
      body: {
        side: 'purchase',
        relationId: supplier.body.id,
        invoiceNumber: 'KH-77',
        invoiceDate: '2026-11-12',
        lines: [
          { description: 'Bureaustoelen', quantity: '4', unitPrice: '250.00', vatCode: 'NL-I21', glAccount: '4200' },
        ],
      },
    });
    const submitted = { body: { approval: invoice.body.approval, task: invoice.body.approvalTask } };
    expect(submitted.body.task).toBeDefined();
    // Within the budget holder's limit: one step, no escalation.
    expect(submitted.body.approval.plan).toHaveLength(1);
    const task = submitted.body.task;
    const directorBefore = (await call('GET', '/approval-inbox', { as: 'director' })).body.counts['purchase-invoice'];

    const question = await call('POST', `${nl}/approval-tasks/${task.id}/decisions`, {
      as: 'client',
      body: { decision: 'question', comment: 'Waren dit niet drie stoelen?' },
    });
    expect(question.status).toBe(200);
    expect(question.body.task).toMatchObject({ status: 'open', questions: [{ text: 'Waren dit niet drie stoelen?' }] });

    const delegated = await call('POST', `${nl}/approval-tasks/${task.id}/decisions`, {
      as: 'client',
      body: { decision: 'delegate', delegateTo: people.director.id },
    });
    expect(delegated.status).toBe(200);
    const clientInbox = await call('GET', '/approval-inbox', { as: 'client' });
    expect(clientInbox.body.items.map((i: { taskId: string }) => i.taskId)).not.toContain(task.id);
    const directorInbox = await call('GET', '/approval-inbox', { as: 'director' });
    expect(directorInbox.body.items.map((i: { taskId: string }) => i.taskId)).toContain(task.id);
    expect(directorInbox.body.counts['purchase-invoice']).toBe(directorBefore + 1);
    expect(
      (await call('POST', `${nl}/approval-tasks/${task.id}/decisions`, { as: 'client', body: { decision: 'approve' } }))
        .status,
    ).toBe(403);
    const approved = await call('POST', `${nl}/approval-tasks/${task.id}/decisions`, {
      as: 'director',
      body: { decision: 'approve' },
    });
    expect(approved.status).toBe(200);
    expect((await call('GET', '/approval-inbox', { as: 'director' })).body.counts['purchase-invoice']).toBe(
      directorBefore,
    );
    expect((await twin.stateMachines.waitForExecution(execution(task.id), 10_000)).status).toBe('SUCCEEDED');
  });

  it('ends by itself a workflow whose task was decided before it waited, sending nothing', async () => {
    const history = await call('GET', `${nl}/approval-history/purchase-invoice/${invoiceId}`, { as: 'accountant' });
    const closed = history.body.items.find((h: { kind: string }) => h.kind === 'reject');
    const mailsBefore = (await twin.outbox.list()).length;
    const past = new Date(Date.now() - 1000).toISOString();
    const run = twin.stateMachines.start(
      'approval-task',
      JSON.stringify({
        firmId: demo.firm.id,
        administrationId: 'adm-uitgebreid-nl',
        taskId: closed.taskId,
        remindAt: past,
        deadlineAt: past,
      }),
      `late-${closed.taskId}`,
    );
    expect((await twin.stateMachines.waitForExecution(run.executionArn, 10_000)).status).toBe('SUCCEEDED');
    expect((await twin.outbox.list()).length).toBe(mailsBefore);
  });

  it('keeps the history: who, when, from which session, before and after', async () => {
    const history = await call('GET', `${nl}/approval-history/purchase-invoice/${invoiceId}`, { as: 'accountant' });
    expect(history.status).toBe(200);
    const kinds = history.body.items.map((h: { kind: string }) => h.kind);
    expect(kinds.filter((k: string) => k !== 'reminder-sent')).toEqual([
      'started',
      'approve',
      'reject',
      'started',
      'approve',
      'approve',
    ]);
    const rejection = history.body.items.find((h: { kind: string }) => h.kind === 'reject');
    expect(rejection).toMatchObject({
      by: { userId: people.director.id, userType: 'client' },
      comment: 'Offerte was 4 800 euro; graag creditnota.',
      before: { task: 'open', subject: 'pending' },
      after: { task: 'rejected', subject: 'rejected' },
    });
    expect(rejection.session.requestId).toMatch(/.+/);
    expect(rejection.session.tokenId).toMatch(/.+/);
  });

  it('lets no client user act on another administration’s task', async () => {
    const submittedTasks = await call('GET', '/approval-inbox', { as: 'client' });
    expect(submittedTasks.status).toBe(200);
    // The bookkeeper is a member of the BE administration only.
    const any = await call('POST', `${nl}/approval-flows`, { as: 'accountant', body: { name: 'x', steps: [] } });
    expect(any.status).toBe(400);
    const history = await call('GET', `${nl}/approval-history/purchase-invoice/${invoiceId}`, { as: 'accountant' });
    const taskId = history.body.items[1].taskId as string;
    expect(
      (
        await call('POST', `${nl}/approval-tasks/${taskId}/decisions`, {
          as: 'bookkeeper',
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(403);
    // Through an administration they do reach, the task is not there.
    expect(
      (
        await call('POST', `${be}/approval-tasks/${taskId}/decisions`, {
          as: 'bookkeeper',
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('VAT return approved by the client', () => {
  it('reminds before the deadline, and of two clients deciding at once one wins and one gets 409', async () => {
    expect(
      (await call('PUT', `${be}/approval-settings`, { as: 'accountant', body: { reminderLeadSeconds: 3 } })).status,
    ).toBe(200);
    expect((await call('PUT', `${be}/vat-returns/2026-Q3`, { as: 'accountant' })).status).toBe(201);
    const started = Date.now();
    const deadline = new Date(started + 7_000).toISOString();
    const requested = await call('POST', `${be}/vat-returns/2026-Q3/approval-request`, {
      as: 'accountant',
      body: { deadline },
    });
    expect(requested.status).toBe(201);
    const task = requested.body.task;
    expect(task.assignees.sort()).toEqual([people.client.id, people.bookkeeper.id].sort());
    expect((await call('GET', `${be}/vat-returns/2026-Q3`, { as: 'client' })).body.status).toBe('sent');

    const notice = await mailWhere(
      (m) => m.subject.includes('Btw-aangifte 2026-Q3') && !m.subject.startsWith('Herinnering'),
    );
    expect([...notice.to].sort()).toEqual([people.client.email, people.bookkeeper.email].sort());
    expect(notice.text).toContain('Demo Kantoor Accountants');
    const reminder = await mailWhere(
      (m) => m.subject === 'Herinnering van Demo Kantoor Accountants: Btw-aangifte 2026-Q3',
    );
    // Due 3 s before the 7 s deadline: not before 4 s after the request.
    expect(reminder.sentAt.getTime()).toBeGreaterThanOrEqual(started + 3_500);
    expect(reminder.text).toContain('Btw-aangifte 2026-Q3');

    const [a, b] = await Promise.all([
      call('POST', `${be}/approval-tasks/${task.id}/decisions`, { as: 'client', body: { decision: 'approve' } }),
      call('POST', `${be}/approval-tasks/${task.id}/decisions`, {
        as: 'bookkeeper',
        body: { decision: 'reject', comment: 'Omzet Q3 klopt niet.' },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'approved' : 'rejected';
    expect((await call('GET', `${be}/vat-returns/2026-Q3`, { as: 'client' })).body.status).toBe(winner);
    expect((await twin.stateMachines.waitForExecution(execution(task.id), 10_000)).status).toBe('SUCCEEDED');
  });
});

describe('annual accounts', () => {
  const pdf = Buffer.from('%PDF-1.4\n% Jaarrekening 2025\n').toString('base64');

  it('opens a one-time link once (410 after), approves it in that session, and refuses guessed tokens', async () => {
    const shared = await call('POST', `${be}/annual-accounts`, {
      as: 'accountant',
      body: {
        year: 2025,
        pdf,
        figures: { revenue: '412000.00', result: '38250.00', equity: '120400.00' },
        deadline: new Date(Date.now() + 120_000).toISOString(),
      },
    });
    expect(shared.status).toBe(201);
    expect(shared.body.clientType).toBe('link');
    const mail = await mailWhere((m) => m.subject.includes('jaarrekening staat klaar') && m.text!.includes('2025'));
    const token = linkToken(mail);
    expect(token).toHaveLength(43);

    const opened = await call('POST', `/approval-links/${token}/session`);
    expect(opened.status).toBe(200);
    expect(opened.body.annualAccounts.figures.result).toBe('38250.00');
    const file = await fetch(opened.body.pdfUrl);
    expect((await file.text()).startsWith('%PDF-1.4')).toBe(true);
    expect((await call('POST', `/approval-links/${token}/session`)).status).toBe(410);

    const guessed = randomBytes(32).toString('base64url');
    expect((await call('POST', `/approval-links/${guessed}/session`)).status).toBe(404);
    expect((await call('POST', '/approval-links/niet-een-token/session')).status).toBe(400);
    expect(
      (
        await call('POST', `/approval-links/${token}/decision`, {
          body: { session: randomBytes(32).toString('base64url'), decision: 'approve' },
        })
      ).status,
    ).toBe(403);

    const decided = await call('POST', `/approval-links/${token}/decision`, {
      body: { session: opened.body.session.token, decision: 'approve' },
    });
    expect(decided.status).toBe(200);
    expect(decided.body.decision.by.userType).toBe('link');
    expect((await call('POST', `/approval-links/${token}/session`)).status).toBe(410);
    expect(
      (
        await call('POST', `/approval-links/${token}/decision`, {
          body: { session: opened.body.session.token, decision: 'approve' },
        })
      ).status,
    ).toBe(410);
  });

  it('answers 410 after the link expires, and tells the firm the deadline passed', async () => {
    const started = Date.now();
    const shared = await call('POST', `${be}/annual-accounts`, {
      as: 'accountant',
      body: { year: 2024, pdf, figures: { result: '1.00' }, deadline: new Date(started + 4_000).toISOString() },
    });
    expect(shared.status).toBe(201);
    const mail = await mailWhere((m) => m.subject.includes('jaarrekening staat klaar') && m.text!.includes('2024'));
    const notice = await mailWhere((m) => m.subject.startsWith('Deadline verstreken: Jaarrekening 2024'));
    expect(notice.sentAt.getTime()).toBeGreaterThanOrEqual(started + 3_500);
    expect(notice.to).toEqual([demo.users.accountant.email]);
    const expired = await call('POST', `/approval-links/${linkToken(mail)}/session`);
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('LINK_EXPIRED');
  });

  it('shows Samenwerken Uitgebreid reports in the portal, with history after approval', async () => {
    const shared = await call('POST', `${nl}/annual-accounts`, {
      as: 'accountant',
      body: { year: 2025, pdf, figures: { result: '99000.00' } },
    });
    expect(shared.status).toBe(201);
    expect(shared.body.clientType).toBe('portal');
    const list = await call('GET', `${nl}/annual-accounts`, { as: 'client' });
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(shared.body.id);
    const decided = await call('POST', `${nl}/approval-tasks/${shared.body.taskId}/decisions`, {
      as: 'client',
      body: { decision: 'approve' },
    });
    expect(decided.status).toBe(200);
    const view = await call('GET', `${nl}/annual-accounts/${shared.body.id}`, { as: 'client' });
    expect(view.status).toBe(200);
    expect(view.body.annualAccounts.status).toBe('approved');
    // The Samenwerken type has no portal for its client users.
    expect((await call('GET', `${be}/annual-accounts`, { as: 'client' })).status).toBe(403);
    // Standaard: no client approvals at all.
    expect(
      (
        await call('POST', '/administrations/adm-standaard-nl/annual-accounts', {
          as: 'accountant',
          body: { year: 2025, pdf, figures: {} },
        })
      ).body.code,
    ).toBe('PLAN_RESTRICTION');
  });
});
