import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#infra/local/aws-names.ts';
import { ensureTable, startDynamoDb } from '#infra/local/dynamodb.ts';
import {
  type BillingDeps,
  closeMonth,
  counterItems,
  firmCockpit,
  meterWrites,
  readPeriodCounters,
  type SubscriptionChange,
  subscriptionKeys,
  usageKeys,
} from '#packages/billing';
import { ConflictError, newId, type TenantContext } from '#packages/kernel';
import { type BooksOf, setUpBooks } from '#packages/ledger';
import { type CreateProposalInput, createProposal } from '#packages/proposals';
import { batchPut, type Item, type Table, transactWrite } from '#packages/table';
import { type Figure, percentile } from '../helpers/figures.ts';

const FIRMS = Number(process.env.BILLING_BENCH_FIRMS ?? 100);
const ADMINISTRATIONS_PER_FIRM = Number(process.env.BILLING_BENCH_ADMINISTRATIONS ?? 100);
const METERED = Number(process.env.BILLING_BENCH_RECORDS ?? 5_000);
/** Administrations the metered records spread over: their counters are what concurrent writers contend on. */
const METERED_ADMINISTRATIONS = Number(process.env.BILLING_BENCH_METER_ADMINISTRATIONS ?? 200);
const PROPOSALS = Number(process.env.BILLING_BENCH_PROPOSALS ?? 300);
const CONCURRENCY = 16;
/** As the state machine's Map state. */
const CLOSE_CONCURRENCY = 10;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

const field = <T>(value: T) => ({ value, confidence: 1 });

/** A small recognised purchase invoice of supplier `n`, as an engine returns it. */
function proposalInput(n: number, plan: CreateProposalInput['plan']): CreateProposalInput {
  return {
    document: { id: newId(), source: 'email', fileName: 'factuur.xml', receivedAt: '2026-03-16T09:00:00.000Z' },
    recognition: {
      source: 'ubl',
      documentType: field('invoice'),
      supplier: { name: field(`Leverancier ${n} B.V.`) },
      customer: {},
      invoiceNumber: field(`INV-${n}`),
      invoiceDate: field('2026-03-10'),
      currency: field('EUR'),
      totals: { net: field(10_000), vat: field(2_100), gross: field(12_100) },
      vatBreakdown: [{ rateBasisPoints: 2100, base: 10_000, vat: 2_100 }],
      lines: [{ description: 'Diensten', quantity: '1', unitPrice: 10_000, net: 10_000, vatRateBasisPoints: 2100 }],
      issues: [],
    },
    own: { vatNumber: 'NL004495445B01', ibans: [] },
    plan,
  };
}

/** Runs `work` over `items` with `n` at a time. */
async function pool<T>(items: readonly T[], n: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

/** A plausible subscription and year of usage for administration `i`. */
function administrationOf(firmId: string, i: number) {
  const administrationId = `adm-${String(i).padStart(5, '0')}`;
  const kind = i % 10;
  const plan: SubscriptionChange['plan'] =
    kind < 4 ? 'samenwerken' : kind < 7 ? 'samenwerken-uitgebreid' : kind < 9 ? 'standaard' : 'none';
  const change: SubscriptionChange = {
    firmId,
    administrationId,
    plan,
    addOns: plan === 'samenwerken' || plan === 'samenwerken-uitgebreid' ? (i % 3 === 0 ? ['sales-invoices'] : []) : [],
    clientUsers: plan === 'samenwerken' || plan === 'samenwerken-uitgebreid' ? 1 + (i % 4) : 0,
    ...(i % 5 === 0 ? { annualAccounts: { type: 'samenwerken' as const, clientUsers: 1 } } : {}),
    edition: 'plus-professional',
    effectiveFrom: '2026-01-01',
    recordedAt: '2025-12-20T09:00:00.000Z',
    recordedBy: 'bench',
  };
  const perMonth: Record<string, number> = {};
  if (plan === 'samenwerken' || plan === 'samenwerken-uitgebreid') {
    const base = plan === 'samenwerken' ? 4 + (i % 14) : 100 + ((i * 37) % 140);
    for (const [m, month] of MONTHS.entries()) perMonth[month] = base + ((i + m * 7) % 9);
  }
  return { change, perMonth };
}

export async function run(): Promise<Figure[]> {
  const dynamo = await startDynamoDb({ port: 0, dir: null });
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const figures: Figure[] = [];
  try {
    await dynamo.ready(client);
    await ensureTable(client, 'billing-bench');
    const table: Table = {
      doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
      name: 'billing-bench',
    };
    figures.push(...(await metering(table)));
    figures.push(...(await proposals(table)));
    figures.push(...(await close(table)));
  } finally {
    client.destroy();
    await dynamo.stop();
  }
  return figures;
}

/** The metering transaction alone: a usage record and its two counters, with a redelivery of every tenth. */
async function metering(table: Table): Promise<Figure[]> {
  const firmId = 'bench-metering';
  const records = Array.from({ length: METERED }, (_, i) => ({
    adm: `adm-${i % METERED_ADMINISTRATIONS}`,
    id: newId(),
  }));
  const at = '2026-03-15T10:00:00.000Z';
  const write = async (r: { adm: string; id: string }) => {
    try {
      await transactWrite(
        table,
        [
          {
            Put: {
              Item: {
                ...usageKeys.proposal(firmId, '2026-03', r.adm, r.id),
                firmId,
                administrationId: r.adm,
                kind: 'booking-proposal',
                proposalId: r.id,
                documentId: r.id,
                at,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...meterWrites(firmId, r.adm, at),
        ],
        () => new ConflictError('METERED', 'Metered already.'),
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      if (error.code === 'CONCURRENT_UPDATE') await write(r);
    }
  };
  const deliveries = [...records, ...records.filter((_, i) => i % 10 === 0)];
  const t0 = performance.now();
  await pool(deliveries, CONCURRENCY, write);
  const seconds = (performance.now() - t0) / 1000;
  const counted = [...(await readPeriodCounters(table, firmId, '2026-03')).values()].reduce((s, n) => s + n, 0);
  if (counted !== METERED) throw new Error(`counters say ${counted}, expected ${METERED}`);
  return [
    {
      name: `usage records metered (record + month and quarter counters, ${CONCURRENCY} writers, ${METERED_ADMINISTRATIONS} administrations, 10 % redelivered)`,
      value: METERED / seconds,
      unit: 'records/s',
    },
  ];
}

/** Booking proposals end to end through createProposal, metering included. */
async function proposals(table: Table): Promise<Figure[]> {
  const deps = { table, clock: () => new Date('2026-03-16T10:00:00Z'), newId };
  const firmId = 'bench-proposals';
  const tenant: TenantContext = { userId: 'bench', firmId, userType: 'firm' };
  const adms: BooksOf[] = Array.from({ length: 8 }, (_, i) => ({ firmId, id: `adm-p${i}`, country: 'NL' }));
  for (const adm of adms) await setUpBooks(deps, tenant, adm);
  const inputs = Array.from({ length: PROPOSALS }, (_, i) => ({
    adm: adms[i % adms.length] as BooksOf,
    input: proposalInput(i, i % 2 ? 'samenwerken' : 'samenwerken-uitgebreid'),
  }));
  const t0 = performance.now();
  await pool(inputs, 8, ({ adm, input }) => createProposal(deps, tenant, adm, input));
  const seconds = (performance.now() - t0) / 1000;
  return [
    {
      name: 'booking proposals created and metered end to end (8 workers)',
      value: PROPOSALS / seconds,
      unit: 'proposals/s',
    },
  ];
}

/** The monthly close over FIRMS × ADMINISTRATIONS_PER_FIRM administrations with a year of counters. */
async function close(table: Table): Promise<Figure[]> {
  const firms = Array.from({ length: FIRMS }, (_, f) => `bench-firm-${String(f).padStart(3, '0')}`);
  const items: Item[] = [];
  for (const firmId of firms) {
    for (let i = 0; i < ADMINISTRATIONS_PER_FIRM; i++) {
      const { change, perMonth } = administrationOf(firmId, i);
      items.push({
        ...subscriptionKeys.change(firmId, change.administrationId, change.effectiveFrom, change.recordedAt),
        ...change,
      });
      items.push(...counterItems(firmId, change.administrationId, perMonth));
    }
  }
  const t0 = performance.now();
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 500) batches.push(items.slice(i, i + 500));
  await pool(batches, 8, (b) => batchPut(table, b));
  const seeded = (performance.now() - t0) / 1000;

  const deps: BillingDeps = { table, clock: () => new Date('2027-01-01T02:00:00Z') };
  const closeAll = async (month: string) => {
    const perFirm: number[] = [];
    let lines = 0;
    const t = performance.now();
    await pool(firms, CLOSE_CONCURRENCY, async (firmId) => {
      const s = performance.now();
      const invoice = await closeMonth(deps, firmId, month);
      perFirm.push(performance.now() - s);
      lines += invoice.lines.length;
    });
    perFirm.sort((a, b) => a - b);
    return { seconds: (performance.now() - t) / 1000, p50: percentile(perFirm, 50), max: perFirm.at(-1) ?? 0, lines };
  };
  const november = await closeAll('2026-11');
  const december = await closeAll('2026-12');
  const rerun = await closeAll('2026-12');
  const c0 = performance.now();
  await firmCockpit(deps, firms[0] as string);
  const cockpitMs = performance.now() - c0;
  const total = FIRMS * ADMINISTRATIONS_PER_FIRM;
  return [
    { name: `set-up: ${items.length} subscription and counter items (not timed below)`, value: seeded, unit: 's' },
    {
      name: `monthly close 2026-11, ${total} administrations in ${FIRMS} firms (first close)`,
      value: november.seconds,
      unit: 's',
      target: '< 60',
    },
    {
      name: `monthly close 2026-12, ${total} administrations (with the previous invoice: corrections checked)`,
      value: december.seconds,
      unit: 's',
      target: '< 60',
    },
    { name: 'invoice lines written in the 2026-12 close', value: december.lines, unit: 'lines' },
    { name: `one firm's close, median (${ADMINISTRATIONS_PER_FIRM} administrations)`, value: december.p50, unit: 'ms' },
    { name: "one firm's close, slowest", value: december.max, unit: 'ms' },
    { name: 'rerun of the 2026-12 close (returns the issued invoices)', value: rerun.seconds, unit: 's' },
    {
      name: `cockpit of one firm (${ADMINISTRATIONS_PER_FIRM} administrations, 12 months)`,
      value: cockpitMs,
      unit: 'ms',
    },
  ];
}
