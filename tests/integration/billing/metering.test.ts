import { beforeAll, describe, expect, it } from 'vitest';
import {
  closeMonth,
  dispatchPendingMail,
  listBillingEvents,
  meterKeys,
  readCounter,
  recordSubscriptionChange,
} from '#packages/billing';
import { createProposal, listUsage, ProposalsNotInPlanError } from '#packages/proposals';
import { queryAll } from '#packages/table';
import { proposalInput, recognised } from '../proposals/support.ts';
import { administration, type BillingTestDeps, billingDeps, propose } from './support.ts';

let deps: BillingTestDeps;

beforeAll(async () => {
  deps = await billingDeps('2026-03-02T08:00:00Z');
});

describe('metering: Samenwerken, 10 proposals a month included', () => {
  it('counts the 10th as included, charges the 11th €0.55 and tells the firm once, by event and e-mail', async () => {
    deps.time.set('2026-03-02T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken', effectiveFrom: '2026-01-01' });

    await propose(deps, tenant, adm, 10);
    const afterTenth = await listBillingEvents(deps.table, adm.firmId);
    await propose(deps, tenant, adm, 1);
    const afterEleventh = await listBillingEvents(deps.table, adm.firmId);
    await propose(deps, tenant, adm, 1);

    expect(afterTenth).toEqual([]);
    expect(afterEleventh).toEqual([
      expect.objectContaining({
        type: 'proposal-bundle-exceeded',
        administrationId: adm.id,
        period: '2026-03',
        included: 10,
        count: 11,
        overagePrice: 55,
      }),
    ]);
    expect(await listBillingEvents(deps.table, adm.firmId)).toHaveLength(1);
    expect(await readCounter(deps.table, adm.firmId, '2026-03', adm.id)).toBe(12);
    expect(await readCounter(deps.table, adm.firmId, '2026-Q1', adm.id)).toBe(12);

    deps.time.set('2026-04-01T03:00:00Z');
    const invoice = await closeMonth(deps, adm.firmId, '2026-03');
    const overage = invoice.lines.find((l) => l.kind === 'proposal-overage');
    expect(overage).toMatchObject({ quantity: 2, unitPrice: 55, amount: 110, period: '2026-03' });
    expect(invoice.lines.find((l) => l.kind === 'plan')).toMatchObject({ amount: 1050 });
    expect(invoice.total).toBe(1050 + 110);
    // The line's trace lists exactly the records it counted.
    const trace = overage?.trace;
    const records = await queryAll(deps.table, {
      pk: trace?.usageRecords.pk ?? '',
      skPrefix: trace?.usageRecords.skPrefix,
    });
    expect(trace?.counter).toEqual({ ...meterKeys.counter(adm.firmId, '2026-03', adm.id), count: 12 });
    expect(records).toHaveLength(12);
  });

  it('sends the outbox e-mail once to the firm owners and takes it off the pending index', async () => {
    deps.time.set('2026-03-10T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    await recordSubscriptionChange(deps, tenant, adm, { plan: 'samenwerken', effectiveFrom: '2026-03-01' });
    await propose(deps, tenant, adm, 11);
    const sent: { to: readonly string[]; subject: string }[] = [];
    const port = {
      recipients: async (firmId: string) => (firmId === adm.firmId ? ['eigenaar@kantoor.nl'] : []),
      send: async (mail: { to: readonly string[]; subject: string; text: string }) => {
        sent.push(mail);
      },
    };

    await dispatchPendingMail(deps.table, port, deps.clock, 1000);
    await dispatchPendingMail(deps.table, port, deps.clock, 1000);

    const mine = sent.filter((m) => m.to.includes('eigenaar@kantoor.nl'));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.subject).toContain(adm.id);
  });

  it('refuses a Standaard administration with PLAN_EXCLUDES_PROPOSALS and meters nothing', async () => {
    const { adm, tenant } = await administration(deps);

    const refused = createProposal(deps, tenant, adm, proposalInput(recognised(), { plan: 'standaard' }));

    await expect(refused).rejects.toBeInstanceOf(ProposalsNotInPlanError);
    expect(await readCounter(deps.table, adm.firmId, '2026-03', adm.id)).toBe(0);
  });

  it('meters a redelivered document once: one usage record, counters moved by one', async () => {
    deps.time.set('2026-03-20T08:00:00Z');
    const { adm, tenant } = await administration(deps);
    const input = proposalInput(recognised());

    await Promise.all([1, 2, 3].map(() => createProposal(deps, tenant, adm, input)));
    await createProposal(deps, tenant, adm, input);

    expect(
      (await listUsage(deps.table, adm.firmId, '2026-03')).filter((u) => u.administrationId === adm.id),
    ).toHaveLength(1);
    expect(await readCounter(deps.table, adm.firmId, '2026-03', adm.id)).toBe(1);
    expect(await readCounter(deps.table, adm.firmId, '2026-Q1', adm.id)).toBe(1);
  });
});
