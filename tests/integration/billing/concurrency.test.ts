import { beforeAll, describe, expect, it } from 'vitest';
import { readPeriodCounters } from '#packages/billing';
import { newId } from '#packages/kernel';
import { type CreateProposalInput, createProposal, listUsage } from '#packages/proposals';
import { proposalInput, recognised } from '../proposals/support.ts';
import { administration, type BillingTestDeps, billingDeps } from './support.ts';

let deps: BillingTestDeps;

beforeAll(async () => {
  deps = await billingDeps('2026-03-02T08:00:00Z');
});

const PROPOSALS = 2000;
const ADMINISTRATIONS = 40;
const WORKERS = 12;

describe('metering under concurrency', () => {
  it(`gives exactly ${PROPOSALS} usage records and matching counters for ${PROPOSALS} proposals by ${WORKERS} workers, a third delivered again`, async () => {
    const firmId = `firm-${newId()}`;
    const adms = await Promise.all(Array.from({ length: ADMINISTRATIONS }, () => administration(deps, firmId)));
    // A handful of suppliers per administration, so proposals learn and claim like in real life.
    const deliveries: { adm: number; input: CreateProposalInput }[] = Array.from({ length: PROPOSALS }, (_, i) => ({
      adm: i % ADMINISTRATIONS,
      input: proposalInput(recognised(), { plan: i % 2 === 0 ? 'samenwerken' : 'samenwerken-uitgebreid' }),
    }));
    // A random third arrives again: later (a queue redelivery) or at the same time (two consumers).
    const queue = [...deliveries];
    for (const d of deliveries) {
      if (Math.random() >= 1 / 3) continue;
      // Half of them next to the first delivery (two workers at once), half anywhere (a later redelivery).
      const at = Math.random() < 0.5 ? queue.indexOf(d) + 1 : Math.floor(Math.random() * queue.length);
      queue.splice(at, 0, d);
    }
    const redelivered = queue.length - deliveries.length;
    let next = 0;
    let created = 0;
    const worker = async () => {
      while (next < queue.length) {
        const d = queue[next++];
        if (!d) break;
        const target = adms[d.adm];
        if (!target) throw new Error('no administration');
        const r = await createProposal(deps, target.tenant, target.adm, d.input);
        if (r.created) created++;
      }
    };

    await Promise.all(Array.from({ length: WORKERS }, worker));

    const usage = (await listUsage(deps.table, firmId, '2026-03')).filter((u) => u.administrationId !== '');
    const month = await readPeriodCounters(deps.table, firmId, '2026-03');
    const quarter = await readPeriodCounters(deps.table, firmId, '2026-Q1');
    const perAdm = new Map<string, number>();
    for (const u of usage) perAdm.set(u.administrationId, (perAdm.get(u.administrationId) ?? 0) + 1);
    expect(redelivered).toBeGreaterThan(PROPOSALS / 4);
    expect(created).toBe(PROPOSALS);
    expect(usage).toHaveLength(PROPOSALS);
    expect(new Set(usage.map((u) => u.proposalId)).size).toBe(PROPOSALS);
    expect(month).toEqual(perAdm);
    expect(quarter).toEqual(perAdm);
    expect([...month.values()].reduce((s, n) => s + n, 0)).toBe(PROPOSALS);
  }, 120_000);
});
