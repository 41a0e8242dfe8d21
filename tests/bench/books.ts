import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#infra/local/aws-names.ts';
import { ensureTable, startDynamoDb } from '#infra/local/dynamodb.ts';
import { systemClock, type TenantContext, vatOf } from '#packages/kernel';
import {
  type BooksOf,
  computeVatReturn,
  type LedgerDeps,
  listAccounts,
  postEntry,
  setUpBooks,
  trialBalance,
  vatCodeTotals,
} from '#packages/ledger';

import { type Figure, percentile } from '../helpers/figures.ts';

const TOTAL = Number(process.env.BOOKS_BENCH_ENTRIES ?? 100_000);
const CHECKPOINTS = [10_000, TOTAL].filter((n, i, all) => n <= TOTAL && all.indexOf(n) === i);
/** One writer per journal: numbers are gapless per journal, so a journal takes its postings one at a time. */
const WRITERS = 4;

/** Posts sales and purchases spread over the year and four journals, the way a busy administration fills its books. */
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
    await ensureTable(client, 'books-bench');
    let writeUnits = 0;
    let writes = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        if (context.commandName === 'TransactWriteItemsCommand') input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        if (context.commandName === 'TransactWriteItemsCommand') {
          writes++;
          const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity[] }).ConsumedCapacity ?? [];
          for (const c of consumed) writeUnits += c.CapacityUnits ?? 0;
        }
        return result;
      },
      { step: 'initialize', name: 'capacity' },
    );
    const deps: LedgerDeps = {
      table: { doc: DynamoDBDocumentClient.from(client), name: 'books-bench' },
      clock: systemClock,
    };
    const tenant: TenantContext = { userId: 'bench', firmId: 'bench-firm', userType: 'firm' };
    const adm: BooksOf = { firmId: 'bench-firm', id: 'bench-adm', country: 'NL' };
    await setUpBooks(deps, tenant, adm);
    const accounts = await listAccounts(deps, adm);
    const role = (r: string) => accounts.find((a) => a.role === r)?.code as string;
    const revenue = accounts.filter((a) => a.category === 'revenue' && !a.role).map((a) => a.code);
    const costs = accounts.filter((a) => a.category === 'expense' && !a.role).map((a) => a.code);

    const entry = (i: number) => {
      const month = String((i % 12) + 1).padStart(2, '0');
      const date = `2026-${month}-${String((i % 28) + 1).padStart(2, '0')}`;
      const base = 1_000 + ((i * 7919) % 250_000);
      switch (i % WRITERS) {
        case 0: {
          const [code, rate] = Math.floor(i / WRITERS) % 2 === 0 ? ['NL-V21', 2100] : ['NL-V9', 900];
          const vat = vatOf(base, rate as number);
          return {
            journalCode: 'VRK',
            date,
            description: `Verkoop ${i}`,
            lines: [
              { accountCode: role('receivables'), amount: base + vat },
              {
                accountCode: revenue[i % revenue.length] as string,
                amount: -base,
                vat: { code: code as string, part: 'base' as const },
              },
              { accountCode: role('vat-payable'), amount: -vat, vat: { code: code as string, part: 'vat' as const } },
            ],
          };
        }
        case 1: {
          const vat = vatOf(base, 2100);
          return {
            journalCode: 'INK',
            date,
            description: `Inkoop ${i}`,
            lines: [
              {
                accountCode: costs[i % costs.length] as string,
                amount: base,
                vat: { code: 'NL-I21', part: 'base' as const },
              },
              { accountCode: role('vat-receivable'), amount: vat, vat: { code: 'NL-I21', part: 'vat' as const } },
              { accountCode: role('payables'), amount: -(base + vat) },
            ],
          };
        }
        default:
          return {
            journalCode: i % WRITERS === 2 ? 'BNK' : 'MEM',
            date,
            description: `Bank ${i}`,
            lines: [
              { accountCode: role('bank'), amount: base },
              { accountCode: role('receivables'), amount: -base },
            ],
          };
      }
    };

    let posted = 0;
    const started = performance.now();
    for (const checkpoint of CHECKPOINTS) {
      const from = posted;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          const first = from + ((w - (from % WRITERS) + WRITERS) % WRITERS);
          for (let i = first; i < checkpoint; i += WRITERS) await postEntry(deps, tenant, adm, entry(i));
        }),
      );
      posted = checkpoint;
      const seconds = (performance.now() - t0) / 1000;
      figures.push({
        name: `posting rate, entries ${from + 1}..${checkpoint}`,
        value: (checkpoint - from) / seconds,
        unit: 'entries/s',
      });

      const tb: number[] = [];
      const vr: number[] = [];
      for (let r = 0; r < 5; r++) {
        let t = performance.now();
        const balance = await trialBalance(deps, adm, '2026-12');
        tb.push(performance.now() - t);
        if (balance.totals.difference !== 0) throw new Error('trial balance does not balance');
        t = performance.now();
        computeVatReturn('NL', await vatCodeTotals(deps, adm, '2026-10', '2026-12'));
        vr.push(performance.now() - t);
      }
      tb.sort((a, b) => a - b);
      vr.sort((a, b) => a - b);
      figures.push({
        name: `trial balance at ${checkpoint} entries (median of 5)`,
        value: percentile(tb, 50),
        unit: 'ms',
        target: '< 1000',
      });
      figures.push({
        name: `VAT return Q4 at ${checkpoint} entries (median of 5)`,
        value: percentile(vr, 50),
        unit: 'ms',
        target: '< 1000',
      });
    }
    figures.push({ name: 'total posting time', value: (performance.now() - started) / 1000, unit: 's' });
    figures.push({ name: 'consumed capacity per posting', value: writeUnits / writes, unit: 'WCU' });
  } finally {
    client.destroy();
    await dynamo.stop();
  }
  return figures;
}
